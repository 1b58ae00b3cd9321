import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { createLogger } from '../../common/logger.js';
import { OpenApiValidator } from '../../gateway/openapi/validator.js';
import { problemHandler } from '../../gateway/problem.js';

/** The validator on a tiny document: requests are checked, and so are responses. */
const log = createLogger('test');
log.silent = true;

const doc = {
  paths: {
    '/things/{id}': {
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
          '400': { content: { 'application/problem+json': { schema: { type: 'object' } } } },
          '404': { content: { 'application/problem+json': { schema: { type: 'object' } } } },
        },
      },
    },
    '/things/special': {
      post: { operationId: 'post-special', responses: { '204': { description: 'none' } } },
    },
  },
};

function app(answer: (id: string) => unknown) {
  const validator = new OpenApiValidator(doc as never, log, true);
  const a = express();
  a.use(express.json());
  a.use(validator.middleware());
  a.post('/things/special', (_req, res) => void res.status(204).end());
  a.post('/things/:id', (req, res) => void res.json(answer(String(req.params.id))));
  a.use(problemHandler(log));
  return { a, validator };
}

describe('OpenAPI validator', () => {
  it('passes a request and a response that match', async () => {
    const { a, validator } = app((id) => ({ id }));
    const res = await request(a)
      .post('/things/42')
      .set('idempotency-key', 'key-12345')
      .send({ name: 'x' });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ id: '42' });
    expect(validator.violations).to.equal(0);
  });

  it('answers 400 naming the body fields and the missing header', async () => {
    const { a } = app((id) => ({ id }));
    const res = await request(a).post('/things/42').send({ name: '', extra: 1 });
    expect(res.status).to.equal(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).to.include.members([
      'header:Idempotency-Key',
      '/name',
      '/extra',
    ]);
  });

  it('answers 400 naming a path parameter that does not match its pattern', async () => {
    const { a } = app((id) => ({ id }));
    const res = await request(a).post('/things/abc').set('idempotency-key', 'key-12345').send({
      name: 'x',
    });
    expect(res.status).to.equal(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['path:id']);
  });

  it('prefers the literal path over the parameter', async () => {
    const { a } = app((id) => ({ id }));
    expect((await request(a).post('/things/special')).status).to.equal(204);
  });

  it('turns a response that breaks the document into a logged 500', async () => {
    const { a, validator } = app(() => ({ name: 'no id' }));
    const res = await request(a)
      .post('/things/42')
      .set('idempotency-key', 'key-12345')
      .send({ name: 'x' });
    expect(res.status).to.equal(500);
    expect(res.body.type).to.match(/response-contract-violation$/);
    expect(validator.violations).to.equal(1);
  });
});
