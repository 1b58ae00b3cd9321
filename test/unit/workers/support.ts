import { expect } from 'chai';
import { createLogger } from '../../../common/logger.js';
import type {
  JobContext,
  JobOutcome,
  WorkerDefinition,
} from '../../../workers/framework/define-worker.js';
import { BadDataError, PartnerRefusal, TransientError } from '../../../workers/framework/errors.js';
import {
  backoffMs,
  describeSchemaErrors,
  type EngineCommand,
} from '../../../workers/framework/outcomes.js';
import { compileWorkers, decide, type CompiledWorker } from '../../../workers/framework/runner.js';

/**
 * What every worker handler test shares: the task it runs as, its schemas compiled as the
 * runner compiles them, a recorder for hand-written fakes, and the partner failures an adapter
 * throws (`callPartner` turns a network error, a timeout, 5xx and 429 into TransientError).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorker = WorkerDefinition<any, any>;

const log = createLogger('worker-unit-test');
log.silent = true;

/** The external task every test runs as (an ActivatedJob without variables and retries). */
const TASK = {
  key: 'task-1',
  processInstanceKey: 'pi-4711',
  elementInstanceKey: 'act-0815',
  elementId: 'Task_UnderTest',
  bpmnProcessId: 'unit-test',
};
/** The runner derives the idempotency key from the task's process and activity instances. */
export const IDEMPOTENCY_KEY = `${TASK.processInstanceKey}:${TASK.elementInstanceKey}`;

/** The context the runner gives a handler (see runner.ts `decide`). */
function jobContext(retries = 5): JobContext {
  const { key, ...task } = TASK;
  return { ...task, jobKey: key, retries, idempotencyKey: IDEMPOTENCY_KEY, log };
}

/** Calls the handler directly, as the runner would with this input. */
export function handle<In, Out>(def: WorkerDefinition<In, Out>, input: In) {
  return def.handler(input, jobContext(def.retries));
}

/** The variables of a `complete` outcome; fails the test for any other outcome. */
function completedWith<Out>(outcome: JobOutcome<Out>): Out {
  expect(outcome.kind, JSON.stringify(outcome)).to.equal('complete');
  return (outcome as { variables: Out }).variables;
}

const compiledOnce = new WeakMap<AnyWorker, CompiledWorker>();

/** The worker's schemas compiled as the runner compiles them, once per definition. */
function compiled(def: AnyWorker): CompiledWorker {
  let w = compiledOnce.get(def);
  if (!w) compiledOnce.set(def, (w = compileWorkers([def])[0]!));
  return w;
}

/**
 * What the runner tells the engine for this task: input checked, handler called, output
 * checked, result mapped (`decide`). `retries` is what the engine has left on the task; a task
 * that never failed has the worker's budget.
 */
export function engineCommand(
  def: AnyWorker,
  variables: unknown,
  retries = def.retries,
): Promise<EngineCommand> {
  return decide(compiled(def), { ...TASK, retries, variables }, log);
}

/** Asserts the value passes the worker's input or output schema, naming what does not. */
export function expectSchemaValid(def: AnyWorker, which: 'input' | 'output', value: unknown) {
  const { validateInput, validateOutput } = compiled(def);
  const validate = which === 'input' ? validateInput : validateOutput;
  const valid = validate(value);
  expect(valid, `${def.type} ${which}: ${describeSchemaErrors(validate.errors)}`).to.equal(true);
}

/** The same, for a value the schema must reject. */
export function expectSchemaInvalid(def: AnyWorker, which: 'input' | 'output', value: unknown) {
  const { validateInput, validateOutput } = compiled(def);
  const validate = which === 'input' ? validateInput : validateOutput;
  expect(validate(value), `${def.type} ${which} accepted ${JSON.stringify(value)}`).to.equal(false);
}

/**
 * Success as the runner sees it: the input passes the input schema, the handler completes,
 * its variables pass the output schema, and the runner completes the task with variables of
 * the same names. The handler runs twice (directly, then through the runner), so a fake records
 * two calls.
 * Returns the variables for the test to check.
 */
export async function expectCompletes<In, Out>(
  def: WorkerDefinition<In, Out>,
  input: In,
): Promise<Out> {
  expectSchemaValid(def, 'input', input);
  const out = completedWith(await handle(def, structuredClone(input)));
  expectSchemaValid(def, 'output', out);
  // Through the runner too (a second run: a time the handler stamps may differ).
  const cmd = await engineCommand(def, structuredClone(input));
  expect(cmd.command, JSON.stringify(cmd)).to.equal('complete');
  const variables = (cmd as { variables: Record<string, unknown> }).variables;
  expect(variables).to.have.all.keys(Object.keys(out as object));
  return out;
}

/**
 * A first attempt and a last retry of the same task: both pass the task's idempotency key
 * unchanged (`keyOf` picks it from a recorded call).
 */
export async function expectSameKeyOnEveryAttempt(
  def: AnyWorker,
  input: unknown,
  calls: Call[],
  keyOf: (call: Call) => unknown,
) {
  const before = calls.length;
  await engineCommand(def, input, def.retries);
  await engineCommand(def, input, 1);
  expect(calls.slice(before).map(keyOf)).to.deep.equal([IDEMPOTENCY_KEY, IDEMPOTENCY_KEY]);
}

/** The error a promise rejects with; fails the test if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    const value = await promise;
    expect.fail(`expected a rejection, got ${JSON.stringify(value)}`);
  } catch (err) {
    if ((err as Error).name === 'AssertionError') throw err;
    return err;
  }
}

export interface Call {
  method: string;
  args: unknown[];
}

/**
 * Wraps a hand-written fake (typed as the adapter or store interface; `overrides` replace some
 * of its methods) so every call is recorded with its arguments, in order.
 */
export function recording<A extends object>(
  fake: A,
  overrides: Partial<A> = {},
): { fake: A; calls: Call[] } {
  const calls: Call[] = [];
  const wrapped = Object.fromEntries(
    Object.entries({ ...fake, ...overrides }).map(([method, fn]) => [
      method,
      (...args: unknown[]) => {
        calls.push({ method, args: structuredClone(args) });
        return (fn as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as A;
  return { fake: wrapped, calls };
}

/** The partner failures an HTTP adapter throws (see adapters/http.ts `callPartner`). */
export const PARTNER_FAILURES: { name: string; error: () => Error; backOffMs?: number }[] = [
  {
    name: 'network error',
    error: () => new TransientError('POST http://partner/x failed: fetch failed'),
  },
  { name: 'timeout', error: () => new TransientError('POST http://partner/x failed: aborted') },
  { name: '503', error: () => new TransientError('POST http://partner/x answered 503') },
  {
    name: '429 with Retry-After: 30',
    error: () => new TransientError('POST http://partner/x answered 429', 30_000),
    backOffMs: 30_000,
  },
];

/**
 * What a store on PostgreSQL throws when the database is away: `pg` errors, no TransientError.
 * The runner treats any unexpected error as transient, so these are retried as well.
 */
export const STORE_FAILURES: typeof PARTNER_FAILURES = [
  {
    name: 'connection refused',
    error: () =>
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
  },
  { name: 'connection lost', error: () => new Error('Connection terminated unexpectedly') },
  {
    name: 'server shutting down',
    error: () =>
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      }),
  },
];

/**
 * Each partner failure in turn: `worker` builds the worker with `failing` in place of the
 * partner call. The handler lets the adapter's error through unchanged, and the runner fails
 * the task with one retry less and back-off (a partner's Retry-After wins), then raises an
 * incident (retries 0) when the last attempt fails too.
 */
export async function expectPartnerFailuresRetried(
  input: unknown,
  worker: (failing: () => Promise<never>) => AnyWorker,
  failures = PARTNER_FAILURES,
) {
  for (const failure of failures) {
    const error = failure.error();
    const def = worker(async () => {
      throw error;
    });
    const what = `${def.type}, ${failure.name}`;
    expect(await rejectionOf(def.handler(input, jobContext(def.retries))), what).to.equal(error);
    expect(await engineCommand(def, input), what).to.deep.equal({
      command: 'fail',
      retries: def.retries - 1,
      retryBackOffMs: failure.backOffMs ?? backoffMs(0),
      errorMessage: error.message,
    });
    expect(await engineCommand(def, input, 1), what).to.deep.include({
      command: 'fail',
      retries: 0,
      retryBackOffMs: 0,
    });
  }
}

/** A partner method the test does not expect to be called. */
async function notCalled(): Promise<never> {
  throw new Error('this partner call was not expected');
}

/**
 * The tests every worker that calls a partner has, for the adapter method it calls:
 * - it declares exactly `bpmnErrorCodes`; a partner refusal it does not turn into one of
 *   them, or data the partner rejects (4xx), is no modelled outcome: an incident at once;
 * - partner failures are retried with back-off, then an incident;
 * - every attempt passes the task's idempotency key unchanged (argument `keyArg`).
 */
export function partnerCallTests<A extends object>(spec: {
  worker: (adapter: A) => AnyWorker;
  /** The fake adapter's answers when all goes well. */
  adapter: A;
  method: keyof A & string;
  keyArg: number;
  input: () => unknown;
  bpmnErrorCodes: string[];
}) {
  const failingWith = (failing: () => Promise<never>) =>
    spec.worker(
      Object.fromEntries(
        Object.keys(spec.adapter).map((m) => [m, m === spec.method ? failing : notCalled]),
      ) as A,
    );

  it(`business: declares ${spec.bpmnErrorCodes.join(', ') || 'no BPMN error'}; another refusal or rejected data is an incident at once`, async () => {
    expect(spec.worker(spec.adapter).bpmnErrorCodes ?? []).to.deep.equal(spec.bpmnErrorCodes);
    for (const error of [
      new PartnerRefusal('POST http://partner/x answered 409 NOT_MODELLED', 'NOT_MODELLED', {}),
      new BadDataError('POST http://partner/x answered 400: missing field'),
    ]) {
      const cmd = await expectIncidentAtOnce(
        failingWith(() => Promise.reject(error)),
        spec.input(),
      );
      expect(cmd.errorMessage).to.contain(error.message);
    }
  });

  it('partner failure: retried with back-off, an incident when the retries run out', () =>
    expectPartnerFailuresRetried(spec.input(), failingWith));

  it('idempotency: every attempt passes the task key unchanged to the partner', async () => {
    const { fake, calls } = recording(spec.adapter);
    await expectSameKeyOnEveryAttempt(spec.worker(fake), spec.input(), calls, (c) => {
      expect(c.method).to.equal(spec.method);
      return c.args[spec.keyArg];
    });
  });
}

/** No modelled outcome: an incident at once, without retries. */
export async function expectIncidentAtOnce(def: AnyWorker, input: unknown) {
  const cmd = await engineCommand(def, input);
  expect(cmd).to.deep.include({ command: 'fail', retries: 0, retryBackOffMs: 0 });
  return cmd as Extract<EngineCommand, { command: 'fail' }>;
}

/** The applicant of processes/ba-approval/examples/application.json. */
export const APPLICANT = {
  givenName: 'Priya',
  familyName: 'Sharma',
  dateOfBirth: '1994-03-12',
  nationality: 'IND',
};
