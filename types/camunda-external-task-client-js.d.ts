// A local declaration of the part of camunda-external-task-client-js 3.1.0 that Hromada uses, written
// from its sources (lib/Client.js, TaskService.js, Variables.js, BasicAuthInterceptor.js). The
// @types package describes an older API and is deliberately not installed. Where the library
// accepts more than we should ever send, the declaration is stricter on purpose: handleFailure
// requires `retries` and `retryTimeout`, because without them the engine raises an incident at once.

declare module 'camunda-external-task-client-js' {
  import { EventEmitter } from 'node:events';

  /** Options of one `got` request, as seen and returned by an interceptor. */
  export interface RequestConfig {
    method?: string;
    headers?: Record<string, string>;
    json?: unknown;
    [option: string]: unknown;
  }
  export type Interceptor = (config: RequestConfig) => RequestConfig;

  export interface ClientOptions {
    /** The engine's REST root, e.g. http://127.0.0.1:8089/engine-rest. */
    baseUrl: string;
    /** The library's default is shared by every client; always give a unique one. */
    workerId?: string;
    /** Tasks fetched per poll (default 10), further capped by the free parallel slots. */
    maxTasks?: number;
    maxParallelExecutions?: number;
    /** Pause between polls in ms (default 300). */
    interval?: number;
    /** Default lock duration of subscriptions in ms (default 50000). */
    lockDuration?: number;
    /** Start polling in the constructor (default true). */
    autoPoll?: boolean;
    /** Long polling: the engine holds fetchAndLock open up to this many ms until a task appears. */
    asyncResponseTimeout?: number;
    usePriority?: boolean;
    interceptors?: Interceptor | Interceptor[];
    use?: ((client: Client) => void) | Array<(client: Client) => void>;
  }

  export interface SubscribeOptions {
    lockDuration?: number;
    /** Only these variables are fetched; all of them when omitted. */
    variables?: string[];
    businessKey?: string;
    processDefinitionKey?: string;
    processDefinitionKeyIn?: string[];
    processDefinitionVersionTag?: string;
    localVariables?: boolean;
    includeExtensionProperties?: boolean;
  }

  export interface TypedValue {
    value: unknown;
    type: string;
    valueInfo?: Record<string, unknown>;
  }

  export class Variables {
    constructor(initialVariables?: Record<string, TypedValue>, options?: { readOnly?: boolean });
    get(name: string): unknown;
    getTyped(name: string): TypedValue | null;
    getAll(): Record<string, unknown>;
    getAllTyped(): Record<string, TypedValue>;
    /** What complete()/handleBpmnError() send: the variables set since construction. */
    getDirtyVariables(): Record<string, TypedValue>;
    /** Missing on the read-only variables of a fetched task. */
    set(name: string, value: unknown): this;
    setTyped(name: string, typedValue: TypedValue): this;
    setAll(values: Record<string, unknown>): this;
  }

  /** A locked external task as fetchAndLock returns it, with its variables wrapped. */
  export interface Task {
    id: string;
    topicName: string;
    workerId: string;
    /** Null until the first handleFailure; then what the worker set. */
    retries: number | null;
    errorMessage: string | null;
    businessKey: string | null;
    processInstanceId: string;
    processDefinitionId: string;
    processDefinitionKey: string;
    activityId: string;
    activityInstanceId: string;
    executionId: string;
    lockExpirationTime: string;
    priority: number;
    variables: Variables;
  }

  /** A task or its id; the service only sends the id. */
  export type TaskRef = Pick<Task, 'id'> | string;

  export interface HandleFailureOptions {
    /** Shown in Cockpit's incident list; the engine keeps the first 666 characters. */
    errorMessage: string;
    errorDetails?: string;
    /** Retries left; 0 raises an incident. */
    retries: number;
    /** Ms before the task can be fetched again. */
    retryTimeout: number;
  }

  export class TaskService {
    complete(task: TaskRef, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: TaskRef, options: HandleFailureOptions): Promise<void>;
    handleBpmnError(task: TaskRef, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    extendLock(task: TaskRef, newDuration: number): Promise<void>;
  }

  export type TaskHandler = (args: { task: Task; taskService: TaskService }) => Promise<void> | void;

  export interface TopicSubscription extends SubscribeOptions {
    handler: TaskHandler;
    unsubscribe(): void;
  }

  type TaskCall = 'complete' | 'handleFailure' | 'handleBpmnError' | 'extendLock' | 'lock' | 'unlock';

  export class Client extends EventEmitter {
    constructor(options: ClientOptions);
    subscribe(topic: string, options: SubscribeOptions, handler: TaskHandler): TopicSubscription;
    subscribe(topic: string, handler: TaskHandler): TopicSubscription;
    start(): void;
    /** Stops scheduling polls; a long poll in flight still returns and its tasks still run. */
    stop(): void;

    on(event: 'subscribe', listener: (topic: string, subscription: TopicSubscription) => void): this;
    on(event: 'unsubscribe' | 'poll:start' | 'poll:stop', listener: () => void): this;
    on(event: 'poll:success', listener: (tasks: Task[]) => void): this;
    on(event: 'poll:error', listener: (error: unknown) => void): this;
    on(event: 'handler:success', listener: (task: Task) => void): this;
    on(event: 'handler:error', listener: (error: unknown) => void): this;
    on(event: `${TaskCall}:success`, listener: (task: TaskRef) => void): this;
    on(event: `${TaskCall}:error`, listener: (task: TaskRef, error: unknown) => void): this;
  }

  /** `new` returns the interceptor function itself, not an instance (see BasicAuthInterceptor.js). */
  export const BasicAuthInterceptor: new (options: { username: string; password: string }) => Interceptor;
}
