import { expect } from 'chai';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createLogger } from '../../common/logger.js';
import {
  bpmnError,
  complete,
  defineWorker,
  type SchemaType,
  type WorkerDefinition,
} from '../../workers/framework/define-worker.js';
import { BadDataError, TransientError } from '../../workers/framework/errors.js';
import { backoffMs, commandForThrown } from '../../workers/framework/outcomes.js';
import { decide } from '../../workers/framework/runner.js';

/** The one place that maps handler results to engine commands, tested without an engine. */
const log = createLogger('test');
log.silent = true;
const ajv = new Ajv2020({ strict: false });

const inputSchema = {
  type: 'object',
  required: ['n'],
  properties: { n: { type: 'number' } },
} as const;
const outputSchema = {
  type: 'object',
  required: ['doubled'],
  properties: { doubled: { type: 'number' } },
} as const;

function compiled(
  handler: WorkerDefinition<
    SchemaType<typeof inputSchema>,
    SchemaType<typeof outputSchema>
  >['handler'],
) {
  const def = defineWorker({
    type: 'test.double',
    description: 'doubles n',
    inputSchema,
    outputSchema,
    timeoutMs: 1000,
    retries: 3,
    handler,
  });
  return {
    def: def as never,
    validateInput: ajv.compile(def.inputSchema),
    validateOutput: ajv.compile(def.outputSchema),
    fetchVariables: ['n'],
  };
}

const job = (variables: unknown, retries = 3) => ({
  key: '1',
  processInstanceKey: '2',
  elementInstanceKey: '3',
  elementId: 'T',
  bpmnProcessId: 'p',
  retries,
  variables,
});

describe('worker framework: outcomes', () => {
  it('completes with the handler output and passes a stable idempotency key', async () => {
    let key = '';
    const cmd = await decide(
      compiled(
        async (input, ctx) => ((key = ctx.idempotencyKey), complete({ doubled: input.n * 2 })),
      ),
      job({ n: 21 }),
      log,
    );
    expect(cmd).to.deep.equal({ command: 'complete', variables: { doubled: 42 } });
    expect(key).to.equal('2:3');
  });

  it('raises an incident at once (retries 0) for input that does not match the schema', async () => {
    let called = false;
    const cmd = await decide(
      compiled(async () => ((called = true), complete({ doubled: 0 }))),
      job({ n: 'x' }),
      log,
    );
    expect(called).to.equal(false);
    expect(cmd).to.include({ command: 'fail', retries: 0 });
    expect((cmd as { errorMessage: string }).errorMessage).to.match(/\/n must be number/);
  });

  it('raises an incident when the handler produces output that breaks its own contract', async () => {
    const cmd = await decide(
      compiled(async () => complete({ doubled: 'no' as unknown as number })),
      job({ n: 1 }),
      log,
    );
    expect(cmd).to.include({ command: 'fail', retries: 0 });
  });

  it('throws a BPMN error for a business outcome', async () => {
    const cmd = await decide(
      compiled(async () => bpmnError('ZUSTIMMUNG_REFUSED', 'refused')),
      job({ n: 1 }),
      log,
    );
    expect(cmd).to.deep.equal({
      command: 'throwError',
      errorCode: 'ZUSTIMMUNG_REFUSED',
      errorMessage: 'refused',
      variables: {},
    });
  });

  it('retries transient failures with growing back-off, then leaves an incident', async () => {
    const failing = compiled(async () => {
      throw new TransientError('BA down');
    });
    expect(await decide(failing, job({ n: 1 }, 3), log)).to.deep.equal({
      command: 'fail',
      retries: 2,
      retryBackOffMs: backoffMs(0),
      errorMessage: 'BA down',
    });
    expect(await decide(failing, job({ n: 1 }, 2), log)).to.include({
      retries: 1,
      retryBackOffMs: backoffMs(1),
    });
    expect(await decide(failing, job({ n: 1 }, 1), log)).to.include({
      retries: 0,
      retryBackOffMs: 0,
    });
    expect(backoffMs(1)).to.be.greaterThan(backoffMs(0));
    expect(backoffMs(50)).to.equal(5 * 60_000);
  });

  it('honours a partner Retry-After and treats bad data as final', () => {
    expect(commandForThrown(new TransientError('busy', 7000), 5, 5)).to.include({
      retries: 4,
      retryBackOffMs: 7000,
    });
    expect(commandForThrown(new BadDataError('rejected'), 5, 5)).to.include({ retries: 0 });
    expect(commandForThrown(new Error('bug'), 5, 5)).to.include({ retries: 4 });
  });
});

describe('worker framework: schema builders', () => {
  it('closedObject requires every listed property and rejects any other', async () => {
    const { closedObject, nonEmptyString } = await import('../../workers/framework/schemas.js');
    const validate = ajv.compile(closedObject({ a: nonEmptyString, b: { type: 'number' } }));
    expect(validate({ a: 'x', b: 1 })).to.equal(true);
    expect(validate({ a: 'x' })).to.equal(false);
    expect(validate({ a: '', b: 1 })).to.equal(false);
    expect(validate({ a: 'x', b: 1, c: true })).to.equal(false);
  });
});
