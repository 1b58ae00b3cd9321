import { jobDuration, jobsHandled } from './metrics.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { Logger } from '../../common/logger.js';
import type { WorkerDefinition } from './define-worker.js';
import { commandForThrown, describeSchemaErrors, type EngineCommand } from './outcomes.js';
import {
  BasicAuthInterceptor,
  Client,
  Variables,
  type Task,
  type TaskService,
} from 'camunda-external-task-client-js';
import { toTypedValue, type EngineConfig } from '../../common/engine.js';
import { reportWithRetry } from './report-outcome.js';

/** How long one fetch-and-lock request waits for tasks before it returns empty (long poll). */
const LONG_POLL_MS = 5_000;

/** The part of a locked external task the handler contract uses. */
export interface ActivatedJob {
  key: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  retries: number;
  variables: unknown;
}

export interface CompiledWorker {
  def: WorkerDefinition<unknown, unknown>;
  validateInput: ValidateFunction;
  validateOutput: ValidateFunction;
  fetchVariables: string[];
}

export interface RunnerOptions {
  workerName: string;
  /** Wait before asking the engine again after a failed fetch (engine down). */
  backlogPollMs: number;
  /** Tasks one fetch may lock, across all topics (the official client's `maxTasks`). */
  maxTasks?: number;
  log: Logger;
}

function topLevelProperties(schema: object): string[] {
  const props = (schema as { properties?: Record<string, unknown> }).properties;
  return props ? Object.keys(props) : [];
}

/** Compiles the workers' schemas as the runner checks them (formats included). */
export function compileWorkers(
  definitions: WorkerDefinition<any, any>[], // eslint-disable-line @typescript-eslint/no-explicit-any
): CompiledWorker[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return definitions.map((def) => ({
    def,
    validateInput: ajv.compile(def.inputSchema),
    validateOutput: ajv.compile(def.outputSchema),
    fetchVariables: topLevelProperties(def.inputSchema),
  }));
}

/** Decides what to tell the engine about one external task. Pure apart from the handler call. */
export async function decide(
  w: CompiledWorker,
  job: ActivatedJob,
  log: Logger,
): Promise<EngineCommand> {
  const variables = job.variables as Record<string, unknown>;
  if (!w.validateInput(variables)) {
    return {
      command: 'fail',
      retries: 0,
      retryBackOffMs: 0,
      errorMessage: `bad input for ${w.def.type}: ${describeSchemaErrors(w.validateInput.errors)}`,
    };
  }
  const ctx = {
    jobKey: job.key,
    processInstanceKey: job.processInstanceKey,
    elementInstanceKey: job.elementInstanceKey,
    elementId: job.elementId,
    bpmnProcessId: job.bpmnProcessId,
    retries: job.retries,
    // The same external task keeps its activity instance across retries and re-fetches.
    idempotencyKey: `${job.processInstanceKey}:${job.elementInstanceKey}`,
    log,
  };
  try {
    const outcome = await w.def.handler(variables, ctx);
    if (outcome.kind === 'bpmnError') {
      return {
        command: 'throwError',
        errorCode: outcome.errorCode,
        errorMessage: outcome.message,
        variables: outcome.variables ?? {},
      };
    }
    const out = outcome.variables as Record<string, unknown>;
    if (!w.validateOutput(out)) {
      return {
        command: 'fail',
        retries: 0,
        retryBackOffMs: 0,
        errorMessage: `worker ${w.def.type} produced invalid output: ${describeSchemaErrors(w.validateOutput.errors)}`,
      };
    }
    return { command: 'complete', variables: out };
  } catch (err) {
    return commandForThrown(err, job.retries, w.def.retries);
  }
}

/**
 * Runs the workers on the official external-task client (camunda-external-task-client-js):
 * one client long-polls `fetchAndLock` for every topic at once; each locked task goes
 * through `decide` and its outcome back to the engine: complete, BPMN error, or failure with
 * the remaining retries and back-off (retries 0: the engine raises an incident).
 */
export class WorkerRunner {
  private readonly compiled: CompiledWorker[];
  private readonly client: Client;
  private stopped = false;
  private engineUnreachable = false;
  /** A fetch-and-lock request is open (set on poll:start, cleared by its answer). */
  private polling = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    engine: EngineConfig,
    definitions: WorkerDefinition<any, any>[], // eslint-disable-line @typescript-eslint/no-explicit-any
    private readonly options: RunnerOptions,
  ) {
    this.compiled = compileWorkers(definitions);
    this.client = new Client({
      baseUrl: engine.restUrl,
      workerId: options.workerName,
      maxTasks: options.maxTasks ?? 32,
      maxParallelExecutions: options.maxTasks ?? 32,
      asyncResponseTimeout: LONG_POLL_MS,
      // Pause between fetches (an empty long poll already waited; a full house re-checks).
      interval: 50,
      autoPoll: false,
      interceptors: [
        new BasicAuthInterceptor({ username: engine.user, password: engine.password }),
      ],
    });
    this.client.on('poll:start', () => (this.polling = true));
    this.client.on('poll:success', () => {
      this.polling = false;
      if (this.engineUnreachable) {
        this.engineUnreachable = false;
        this.options.log.info('engine reachable again');
      }
    });
    this.client.on('poll:error', (err: unknown) => {
      this.polling = false;
      if (this.stopped) return;
      if (!this.engineUnreachable)
        this.options.log.warn('fetching tasks failed, retrying', {
          error: (err as Error)?.message ?? String(err),
        });
      this.engineUnreachable = true;
      // The client would poll again after `interval` (0): wait instead while the engine is away.
      this.client.stop();
      setTimeout(() => {
        if (!this.stopped) this.client.start();
      }, this.options.backlogPollMs).unref();
    });
  }

  async start(): Promise<void> {
    for (const w of this.compiled)
      this.client.subscribe(
        w.def.type,
        { lockDuration: w.def.timeoutMs, variables: w.fetchVariables },
        ({ task, taskService }) => this.track(this.handle(w, task, taskService)),
      );
    this.client.start();
  }

  private track(p: Promise<void>): Promise<void> {
    this.inFlight.add(p);
    return p.finally(() => this.inFlight.delete(p));
  }

  private async handle(w: CompiledWorker, task: Task, taskService: TaskService): Promise<void> {
    if (this.stopped) {
      // Locked while stopping: hand it straight back, unchanged, to another worker.
      await taskService.unlock(task).catch(() => undefined);
      return;
    }
    const job: ActivatedJob = {
      key: task.id,
      processInstanceKey: task.processInstanceId,
      elementInstanceKey: task.activityInstanceId,
      elementId: task.activityId,
      bpmnProcessId: task.processDefinitionKey,
      // The engine has no retries on a task that never failed: the worker's budget applies.
      retries: task.retries ?? w.def.retries,
      variables: task.variables.getAll(),
    };
    const log = this.options.log.child({
      jobType: w.def.type,
      jobKey: job.key,
      processInstanceKey: job.processInstanceKey,
      elementId: job.elementId,
    });
    const started = Date.now();
    const cmd = await decide(w, job, log);
    const outcome =
      cmd.command === 'complete'
        ? 'completed'
        : cmd.command === 'throwError'
          ? 'bpmn_error'
          : cmd.retries > 0
            ? 'retry'
            : 'incident';
    // A concurrent timer or message on the instance can refuse the report for a moment.
    const report = <T>(send: () => Promise<T>) =>
      reportWithRetry(send, (err, attempt) =>
        log.info('engine refused the task outcome for now, sending it again', {
          command: cmd.command,
          attempt,
          error: (err as Error).message,
        }),
      );
    try {
      switch (cmd.command) {
        case 'complete':
          await report(() => taskService.complete(task, variablesOf(cmd.variables)));
          log.info('job completed', { ms: Date.now() - started });
          break;
        case 'throwError':
          await report(() =>
            taskService.handleBpmnError(
              task,
              cmd.errorCode,
              cmd.errorMessage,
              variablesOf(cmd.variables),
            ),
          );
          log.info('job ended with BPMN error', {
            errorCode: cmd.errorCode,
            ms: Date.now() - started,
          });
          break;
        case 'fail':
          await report(() =>
            taskService.handleFailure(task, {
              errorMessage: cmd.errorMessage.slice(0, 3900),
              retries: cmd.retries,
              retryTimeout: cmd.retryBackOffMs,
            }),
          );
          log.log(
            cmd.retries > 0 ? 'warn' : 'error',
            cmd.retries > 0 ? 'job failed, will retry' : 'job failed, incident raised',
            {
              retries: cmd.retries,
              retryBackOffMs: cmd.retryBackOffMs,
              error: cmd.errorMessage,
            },
          );
          break;
      }
    } catch (err) {
      // The engine did not take the outcome even after passing refusals were retried (lock
      // lost, task gone, engine down). The lock expires and the task is fetched again; the
      // idempotency key keeps side effects single.
      log.warn('could not report the task outcome to the engine', {
        command: cmd.command,
        error: (err as Error).message,
      });
      jobsHandled.inc({ type: w.def.type, outcome: 'not_reported' });
      return;
    }
    jobsHandled.inc({ type: w.def.type, outcome });
    jobDuration.observe({ type: w.def.type }, (Date.now() - started) / 1000);
  }

  /**
   * Stops taking tasks: waits for the open fetch (at most one long poll) and for the tasks
   * in hand.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.client.stop();
    const deadline = Date.now() + LONG_POLL_MS + 2_000;
    while (this.polling && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.allSettled([...this.inFlight]);
  }
}

/** Our output variables as the client sends them (objects as Json, whole numbers as Long). */
function variablesOf(values: Record<string, unknown>): Variables {
  const variables = new Variables();
  for (const [name, value] of Object.entries(values)) {
    const typed = toTypedValue(value);
    // The client serialises Json itself (JSON.stringify of a non-string).
    variables.setTyped(name, typed.type === 'Json' ? { ...typed, value } : typed);
  }
  return variables;
}
