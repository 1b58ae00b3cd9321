import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { Logger } from '../../common/logger.js';
import type { ZeebeGrpcClient } from '../../common/zeebe.js';
import type { WorkerDefinition } from './define-worker.js';
import { commandForThrown, describeSchemaErrors, type BrokerCommand } from './outcomes.js';

/** The part of an activated job the runner uses (streamed and polled jobs alike). */
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
  /**
   * Job streaming only delivers jobs that become activatable while the stream is open;
   * jobs created earlier (e.g. while workers were down) are picked up by this poll.
   */
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
  private pollTimer: NodeJS.Timeout | undefined;
  private stopped = false;
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

  async start(): Promise<void> {
    await this.openStreams();
    await this.pollBacklog();
    this.schedulePoll();
  }

  /**
   * Cancels the SDK's job streams ourselves. @camunda8/sdk 8.6's own close() removes every
   * listener and then cancels, so the stream's CANCELLED status arrives as an 'error' event
   * nobody listens to and the process crashes. Here an error listener stays attached.
   */
  private cancelStreams(): void {
    type GrpcStream = {
      removeAllListeners(e?: string): void;
      on(e: string, f: () => void): void;
      cancel(): void;
    };
    const sdk = this.zeebe as unknown as { streamWorker?: { streams?: GrpcStream[] } };
    for (const stream of sdk.streamWorker?.streams?.splice(0) ?? []) {
      stream.removeAllListeners();
      stream.on('error', () => undefined);
      stream.cancel();
    }
  }

  private async openStreams(): Promise<void> {
    this.cancelStreams();
    for (const w of this.compiled) {
      await this.zeebe.streamJobs({
        type: w.def.type,
        worker: this.options.workerName,
        timeout: w.def.timeoutMs,
        fetchVariables: w.fetchVariables,
        tenantIds: [],
        taskHandler: async (job) => {
          await this.track(this.handle(w, job as unknown as ActivatedJob));
          // The runner has already sent the command; tell the SDK not to send another.
          return 'JOB_ACTION_ACKNOWLEDGEMENT' as never;
        },
      });
    }
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.pollTimer = setTimeout(() => {
      void this.pollBacklog().finally(() => this.schedulePoll());
    }, this.options.backlogPollMs);
  }

  private async pollBacklog(): Promise<void> {
    for (const w of this.compiled) {
      if (this.stopped) return;
      try {
        if (this.brokerUnreachable) {
          // A stream does not survive a broker restart: open new ones once it is back.
          await this.openStreams();
          this.brokerUnreachable = false;
          this.options.log.info('broker reachable again, job streams reopened');
        }
        const jobs = await this.zeebe.activateJobs({
          type: w.def.type,
          worker: this.options.workerName,
          timeout: w.def.timeoutMs,
          maxJobsToActivate: 32,
          requestTimeout: -1,
          fetchVariable: w.fetchVariables,
        });
        for (const job of jobs) void this.track(this.handle(w, job as ActivatedJob));
      } catch (err) {
        this.brokerUnreachable = true;
        this.options.log.warn('backlog poll failed', {
          jobType: w.def.type,
          error: (err as Error).message,
        });
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
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.cancelStreams();
    await Promise.allSettled([...this.inFlight]);
  }
}
