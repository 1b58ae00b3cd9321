import { jobDuration, jobsHandled } from './metrics.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { Logger } from '../../common/logger.js';
import type { ZeebeGrpcClient } from '../../common/zeebe.js';
import type { WorkerDefinition } from './define-worker.js';
import { commandForThrown, describeSchemaErrors, type BrokerCommand } from './outcomes.js';

/** The part of an activated job the runner uses. */

/** How long one activation request waits for jobs before it returns empty. */
const LONG_POLL_MS = 5_000;
interface ActivatedJob {
  key: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  retries: number;
  variables: unknown;
}

interface CompiledWorker {
  def: WorkerDefinition<unknown, unknown>;
  validateInput: ValidateFunction;
  validateOutput: ValidateFunction;
  fetchVariables: string[];
}

export interface RunnerOptions {
  workerName: string;
  /** Wait before asking the broker again after a failed activation (broker down). */
  backlogPollMs: number;
  log: Logger;
}

function topLevelProperties(schema: object): string[] {
  const props = (schema as { properties?: Record<string, unknown> }).properties;
  return props ? Object.keys(props) : [];
}

/** Decides what to tell the broker about one job. Pure apart from the handler call. */
export async function decide(
  w: CompiledWorker,
  job: ActivatedJob,
  log: Logger,
): Promise<BrokerCommand> {
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

export class WorkerRunner {
  private readonly compiled: CompiledWorker[];
  private stopped = false;
  private loops: Promise<void>[] = [];
  private brokerUnreachable = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly zeebe: ZeebeGrpcClient,
    definitions: WorkerDefinition<any, any>[], // eslint-disable-line @typescript-eslint/no-explicit-any
    private readonly options: RunnerOptions,
  ) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    this.compiled = definitions.map((def) => ({
      def,
      validateInput: ajv.compile(def.inputSchema),
      validateOutput: ajv.compile(def.outputSchema),
      fetchVariables: topLevelProperties(def.inputSchema),
    }));
  }

  /**
   * One long-polling loop per job type. (Job streaming was used before; under load a stream
   * could stay open on the broker's side while delivering nothing, and the jobs pushed into
   * it waited for their timeout again and again. Long polling has no such state: every
   * request either activates jobs or returns after the poll timeout.)
   */
  async start(): Promise<void> {
    this.loops = this.compiled.map((w) => this.pollLoop(w));
  }

  private async pollLoop(w: CompiledWorker): Promise<void> {
    while (!this.stopped) {
      try {
        const jobs = await this.zeebe.activateJobs({
          type: w.def.type,
          worker: this.options.workerName,
          timeout: w.def.timeoutMs,
          maxJobsToActivate: 32,
          requestTimeout: LONG_POLL_MS,
          fetchVariable: w.fetchVariables,
        });
        if (this.brokerUnreachable) {
          this.brokerUnreachable = false;
          this.options.log.info('broker reachable again');
        }
        if (this.stopped) {
          // Activated while stopping: hand them straight back, unchanged, to another worker.
          for (const job of jobs)
            await this.zeebe
              .failJob({
                jobKey: job.key,
                retries: job.retries,
                retryBackOff: 0,
                errorMessage: 'worker stopping; job handed back',
              })
              .catch(() => undefined);
          return;
        }
        for (const job of jobs) void this.track(this.handle(w, job as ActivatedJob));
      } catch (err) {
        if (this.stopped) return;
        this.brokerUnreachable = true;
        this.options.log.warn('job activation failed, retrying', {
          jobType: w.def.type,
          error: (err as Error).message,
        });
        await new Promise((r) => setTimeout(r, this.options.backlogPollMs));
      }
    }
  }

  private track(p: Promise<void>): Promise<void> {
    this.inFlight.add(p);
    return p.finally(() => this.inFlight.delete(p));
  }

  private async handle(w: CompiledWorker, job: ActivatedJob): Promise<void> {
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
    try {
      switch (cmd.command) {
        case 'complete':
          await this.zeebe.completeJob({ jobKey: job.key, variables: cmd.variables as never });
          log.info('job completed', { ms: Date.now() - started });
          break;
        case 'throwError':
          await this.zeebe.throwError({
            jobKey: job.key,
            errorCode: cmd.errorCode,
            errorMessage: cmd.errorMessage,
            variables: cmd.variables as never,
          });
          log.info('job ended with BPMN error', {
            errorCode: cmd.errorCode,
            ms: Date.now() - started,
          });
          break;
        case 'fail':
          await this.zeebe.failJob({
            jobKey: job.key,
            retries: cmd.retries,
            errorMessage: cmd.errorMessage,
            retryBackOff: cmd.retryBackOffMs,
          });
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
      // The broker did not take the command (job gone, timed out, broker down). The job
      // times out and is delivered again; the idempotency key keeps side effects single.
      log.warn('could not report job outcome to the broker', {
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
   * Stops taking jobs: waits for the open activation requests (at most one long poll) and
   * for the jobs in hand. Close the client after this.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.loops);
    await Promise.allSettled([...this.inFlight]);
  }
}
