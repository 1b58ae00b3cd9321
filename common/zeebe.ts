import { Camunda8, Zeebe } from '@camunda8/sdk';

export type ZeebeGrpcClient = Zeebe.ZeebeGrpcClient;

/**
 * A gRPC client for the self-managed broker (no OAuth; plaintext on loopback, TLS in
 * deployment via CAMUNDA_SECURE_CONNECTION). Keys (process instance, job, element
 * instance) stay strings end to end.
 */
export function createZeebeClient(
  address: string,
  /**
   * How often a call is retried while the broker is unreachable: forever by default (workers,
   * projector-side tools); a request path (the gateway) bounds it so callers get a 503 with
   * Retry-After within seconds instead of a request that hangs until the broker is back.
   */
  options: { maxRetries?: number } = {},
): ZeebeGrpcClient {
  const c8 = new Camunda8({
    ZEEBE_GRPC_ADDRESS: address,
    ZEEBE_ADDRESS: address,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_OAUTH_DISABLED: true,
    CAMUNDA_SECURE_CONNECTION: process.env.CAMUNDA_SECURE_CONNECTION === 'true',
    // The retry settings are read from here only (flat keys are ignored: the client then
    // retries for ever, a start included — found by the broker-kill load test).
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: process.env.ZEEBE_CLIENT_LOG_LEVEL ?? 'NONE',
      ...(options.maxRetries !== undefined
        ? {
            ZEEBE_GRPC_CLIENT_MAX_RETRIES: options.maxRetries,
            ZEEBE_GRPC_CLIENT_MAX_RETRY_TIMEOUT_SECONDS: 2,
            ZEEBE_GRPC_CLIENT_RETRY: options.maxRetries > 0,
          }
        : {}),
    },
  });
  return c8.getZeebeGrpcApiClient();
}

/** What the platform does with user tasks in the engine (Zeebe user tasks, over REST). */
export interface UserTaskEngine {
  /** Completes the task; false when the engine no longer has it (already completed or cancelled). */
  complete(userTaskKey: string, variables: Record<string, unknown>): Promise<boolean>;
  /**
   * Assigns the task. `claim`: only if nobody has it ('taken' otherwise); not a claim: any
   * current assignee is replaced. 'gone' when the engine no longer has the task.
   */
  assign(userTaskKey: string, assignee: string, claim: boolean): Promise<'done' | 'taken' | 'gone'>;
  /** Removes the assignee; false when the engine no longer has the task. */
  unassign(userTaskKey: string): Promise<boolean>;
}

const statusOf = (err: unknown) =>
  (err as { response?: { statusCode?: number } }).response?.statusCode;

export function createUserTaskEngine(restUrl: string): UserTaskEngine {
  const rest = new Camunda8({
    ZEEBE_REST_ADDRESS: restUrl,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_OAUTH_DISABLED: true,
  }).getZeebeRestClient();
  return {
    async complete(userTaskKey, variables) {
      try {
        await rest.completeUserTask({ userTaskKey, variables });
        return true;
      } catch (err) {
        const status = statusOf(err);
        if (status === 404 || status === 409) return false;
        throw err;
      }
    },
    async assign(userTaskKey, assignee, claim) {
      try {
        await rest.assignTask({
          userTaskKey,
          assignee,
          allowOverride: !claim,
          action: claim ? 'claim' : 'assign',
        });
        return 'done';
      } catch (err) {
        if (statusOf(err) === 409) return 'taken';
        if (statusOf(err) === 404) return 'gone';
        throw err;
      }
    },
    async unassign(userTaskKey) {
      try {
        await rest.removeAssignee({ userTaskKey });
        return true;
      } catch (err) {
        if (statusOf(err) === 404) return false;
        throw err;
      }
    },
  };
}
