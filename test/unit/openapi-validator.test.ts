import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { createLogger } from '../../common/logger.js';
import { OpenApiValidation, type ResponseValidation } from '../../gateway/openapi/validator.js';
import { problemHandler } from '../../gateway/problem.js';

/**
 * The validation (express-openapi-validator with the project's rules) on a tiny document:
 * requests are checked and refused as the project's problems, and so are responses.
 */
const log = createLogger('test');
log.silent = true;

const problem = { content: { 'application/problem+json': { schema: { type: 'object' } } } };
const doc = {
  openapi: '3.1.0',
  info: { title: 'test', version: '1' },
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'get-thing',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^[0-9]+$' },
          },
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 500 },
          },
          { name: 'overdue', in: 'query', schema: { type: 'boolean' } },
        ],
        responses: {
          '200': {
            description: 'the thing',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id'],
                  properties: { id: { type: 'string' } },
                },
              },
            },
          },
          '400': { description: 'bad', ...problem },
        },
      },
      post: {
        operationId: 'post-thing',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^[0-9]+$' },
          },
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: true,
            schema: { type: 'string', minLength: 8 },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['name'],
                properties: { name: { type: 'string', minLength: 1 } },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'the thing',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id'],
                  properties: { id: { type: 'string' } },
                },
              },
            },
          },
          '400': { description: 'bad', ...problem },
          '404': { description: 'unknown', ...problem },
        },
      },
    },
    '/things/special': {
      post: {
        operationId: 'post-special',
        responses: { '204': { description: 'none' } },
      },
    },
    '/files': {
      post: {
        operationId: 'post-file',
        requestBody: {
          required: true,
          content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
        },
        responses: { '204': { description: 'stored' }, '415': { description: 'no', ...problem } },
      },
    },
  },
};

function app(answer: (req: express.Request) => unknown, mode: ResponseValidation = 'strict') {
  const validation = new OpenApiValidation(doc as never, log, mode);
  const a = express();
  a.use(express.json());
  a.use(express.raw({ type: 'application/pdf' }));
  a.use(...validation.middleware());
  a.post('/things/special', (_req, res) => void res.status(204).end());
  a.post('/files', (_req, res) => void res.status(204).end());
  a.get('/things/:id', (req, res) => void res.json(answer(req)));
  a.post('/things/:id', (req, res) => void res.json(answer(req)));
  a.get('/undocumented', (_req, res) => void res.json({ any: 'thing' }));
  a.use(problemHandler(log));
  return { a, validation };
}
const fields = (res: request.Response) =>
  (res.body.errors as { field: string }[]).map((e) => e.field);

describe('OpenAPI validation (express-openapi-validator, the project rules)', () => {
  it('passes a request and a response that match', async () => {
    const { a, validation } = app((req) => ({ id: req.params.id }));
    const res = await request(a)
      .post('/things/42')
      .set('idempotency-key', 'key-12345')
      .send({ name: 'x' });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ id: '42' });
    expect(validation.violations).to.equal(0);
  });

  it('answers 400 naming the body fields and the missing header as the document spells it', async () => {
    const { a } = app((req) => ({ id: req.params.id }));
    const res = await request(a).post('/things/42').send({ name: '', extra: 1 });
    expect(res.status).to.equal(400);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(fields(res)).to.include.members(['header:Idempotency-Key', '/name', '/extra']);
    expect(res.body.errors).to.deep.include({ field: '/extra', reason: 'is not a known field' });
    expect(res.body.errors).to.deep.include({
      field: 'header:Idempotency-Key',
      reason: 'is required',
    });
  });

  it('answers 400 naming only a path parameter that does not match its pattern', async () => {
    const { a } = app((req) => ({ id: req.params.id }));
    // The body is wrong too, but the path is what the caller got wrong first.
    const res = await request(a).post('/things/abc').send({ extra: 1 });
    expect(res.status).to.equal(400);
    expect(fields(res)).to.deep.equal(['path:id']);
    expect(res.body.errors[0].reason).to.match(/^must match pattern/);
    // A HEAD is checked as the GET it is answered by.
    expect((await request(a).head('/things/abc')).status).to.equal(400);
  });

  it('hands query numbers and booleans to the route as numbers and booleans, in range only', async () => {
    const { a } = app((req) => ({ id: JSON.stringify(req.query) }));
    const ok = await request(a).get('/things/1?limit=500&overdue=true');
    expect(ok.status).to.equal(200);
    expect(JSON.parse(ok.body.id)).to.deep.equal({ limit: 500, overdue: true });
    for (const bad of ['limit=0', 'limit=501', 'limit=ten', 'limit=1.5']) {
      const res = await request(a).get(`/things/1?${bad}`);
      expect(res.status, bad).to.equal(400);
      expect(fields(res), bad).to.deep.equal(['query:limit']);
    }
    expect(fields(await request(a).get('/things/1?overdue=yes'))).to.deep.equal(['query:overdue']);
  });

  it('prefers the literal path over the parameter, and leaves undocumented paths to the routes', async () => {
    const { a } = app((req) => ({ id: req.params.id }));
    expect((await request(a).post('/things/special')).status).to.equal(204);
    expect((await request(a).get('/undocumented')).body).to.deep.equal({ any: 'thing' });
    expect((await request(a).get('/nothing/here')).status).to.equal(404);
  });

  it('answers a JSON operation without JSON 400, a file of another type 415', async () => {
    const { a } = app((req) => ({ id: req.params.id }));
    const text = await request(a)
      .post('/things/42')
      .set('idempotency-key', 'key-12345')
      .set('content-type', 'text/plain')
      .send('name=x');
    expect(text.status).to.equal(400);
    expect(text.body.errors).to.deep.equal([{ field: '/', reason: 'a JSON body is required' }]);
    const png = await request(a).post('/files').set('content-type', 'image/png').send('x');
    expect(png.status).to.equal(415);
    expect(fields(png)).to.deep.equal(['header:Content-Type']);
    const pdf = await request(a)
      .post('/files')
      .set('content-type', 'application/pdf')
      .send('%PDF-');
    expect(pdf.status).to.equal(204);
  });

  it('turns a response that breaks the document into a logged 500 (strict)', async () => {
    const { a, validation } = app(() => ({ name: 'no id' }));
    const res = await request(a)
      .post('/things/42')
      .set('idempotency-key', 'key-12345')
      .send({ name: 'x' });
    expect(res.status).to.equal(500);
    expect(res.body.type).to.match(/response-contract-violation$/);
    expect(validation.violations).to.equal(1);
  });

  it('turns an undocumented status into a logged 500 (strict)', async () => {
    const validation = new OpenApiValidation(doc as never, log, 'strict');
    const teapot = express();
    teapot.use(...validation.middleware());
    teapot.get('/things/:id', (_req, r) => void r.status(418).json({ id: '1' }));
    const res = await request(teapot).get('/things/1');
    expect(res.status).to.equal(500);
    expect(res.body.type).to.match(/response-contract-violation$/);
    expect(validation.violations).to.equal(1);
  });

  it('only logs and counts a broken response with `log`, and checks none with `off`', async () => {
    const logged = app(() => ({ name: 'no id' }), 'log');
    const res = await request(logged.a).get('/things/1');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ name: 'no id' });
    expect(logged.validation.violations).to.equal(1);
    const off = app(() => ({ name: 'no id' }), 'off');
    expect((await request(off.a).get('/things/1')).status).to.equal(200);
    expect(off.validation.violations).to.equal(0);
    // Requests are checked all the same.
    expect((await request(off.a).get('/things/x')).status).to.equal(400);
  });
});
