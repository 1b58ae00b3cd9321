/**
 * The part of camunda-external-task-client-js 3.x (Apache-2.0) that the workers use. The
 * package ships no types; @types/camunda-external-task-client-js describes an older 1.x API.
 */
declare module 'camunda-external-task-client-js' {
  export interface TypedValue {
    value: unknown;
    type: string;
    valueInfo?: Record<string, unknown>;
  }
  export class Variables {
    getAll(): Record<string, unknown>;
    getAllTyped(): Record<string, TypedValue>;
    set(name: string, value: unknown): this;
    setTyped(name: string, value: TypedValue): this;
  }
  export interface Task {
    id: string;
    topicName: string;
    workerId: string;
    activityId: string;
    activityInstanceId: string;
    processInstanceId: string;
    processDefinitionId: string;
    processDefinitionKey: string;
    businessKey: string | null;
    retries: number | null;
    errorMessage: string | null;
    lockExpirationTime: string;
    variables: Variables;
  }
  export interface TaskService {
    complete(task: Task, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(
      task: Task,
      options: {
        errorMessage?: string;
        errorDetails?: string;
        retries?: number;
        retryTimeout?: number;
      },
    ): Promise<void>;
    handleBpmnError(
      task: Task,
      errorCode: string,
      errorMessage?: string,
      variables?: Variables,
    ): Promise<void>;
    unlock(task: Task): Promise<void>;
  }
  export interface SubscribeOptions {
    lockDuration?: number;
    variables?: string[];
    localVariables?: boolean;
  }
  export interface ClientOptions {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    maxParallelExecutions?: number;
    interval?: number;
    lockDuration?: number;
    autoPoll?: boolean;
    asyncResponseTimeout?: number;
    usePriority?: boolean;
    interceptors?: ((config: Record<string, unknown>) => Record<string, unknown>)[];
    use?: ((client: Client) => void)[];
  }
  export class Client {
    constructor(options: ClientOptions);
    start(): void;
    stop(): void;
    subscribe(
      topic: string,
      options: SubscribeOptions,
      handler: (args: { task: Task; taskService: TaskService }) => Promise<void>,
    ): { unsubscribe(): void };
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
  /** Its constructor returns the interceptor function itself. */
  export const BasicAuthInterceptor: new (options: {
    username: string;
    password: string;
  }) => (config: Record<string, unknown>) => Record<string, unknown>;
}
