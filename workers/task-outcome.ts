// What a topic handler is, the three ways it can end, and the one adapter that reports the end to
// the engine. Handlers are plain functions (variables in, variables out) and never see the
// external-task client; only this adapter calls the TaskService.
//
//   returns variables      -> complete(task, variables)
//   throws BusinessError   -> handleBpmnError(code): a business outcome the diagram routes
//   throws ContractError   -> handleFailure(retries 0): bad variables, retrying cannot help, so an
//                             incident at once with a message that says what is wrong
//   throws anything else   -> handleFailure(retries - 1, exponential backoff): a technical failure
//                             (database, network); an incident when the retries run out
import { Ajv, type ValidateFunction } from 'ajv';
import { Variables, type HandleFailureOptions, type TaskRef } from 'camunda-external-task-client-js';
import type { Logger } from 'pino';
import type { VariableSchema } from '../lib/manifest.ts';
import type { RuntimeConfig } from '../lib/config.ts';
import type { Db } from '../lib/db.ts';
import type { FileStore } from '../lib/file-store.ts';

/** A business outcome the diagram handles with an error boundary event (a code its domain's manifest declares). */
export class BusinessError extends Error {
  override name = 'BusinessError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The task's variables break the topic's contract: missing, malformed, or pointing at nothing. */
export class ContractError extends Error {
  override name = 'ContractError';
}

export type VariableValues = Record<string, unknown>;

export interface HandlerContext {
  /** Already bound to topic, taskId and businessKey. */
  log: Logger;
  /** Where the task stands: a stable key for effects that must happen once per activity (an e-mail). */
  task?: { id: string; processInstanceId: string; activityId: string; businessKey: string | null };
  /**
   * Renews the task's lock for `ms` from now (the client's taskService.extendLock). A handler that
   * may outlast `lockDurationMs` (OCR of a long scan) calls it, or the engine hands the task to
   * another worker while the first is still at it.
   */
  extendLock?: (ms: number) => Promise<void>;
  /** The lock a fetched task starts with. */
  lockDurationMs?: number;
}

export type TopicHandler = (input: Readonly<VariableValues>, context?: HandlerContext) => Promise<VariableValues>;

/** The configuration handlers use (lib/config.ts), passed in by the runner, never read from the environment. */
export type WorkerConfig = Pick<RuntimeConfig, 'dataDir' | 'filesDir' | 'api' | 'cases' | 'ocr'>;

/** What every handler factory may ask for; passed in by the runner, never imported. */
export interface WorkerDeps {
  db: Db;
  config: WorkerConfig;
  log: Logger;
  now: () => Date;
  /** The content-addressed store of scans, for topics that read a document's file. */
  files?: FileStore;
}

/** One module per topic (workers/topics/<domain>/*), listed once in its domain's workers/topics/<domain>/index.ts. */
export interface TopicModule {
  /** 'slow' for topics whose tasks take long (OCR): they get slots of their own (config.workers.slowParallel). */
  readonly lane?: 'slow';
  readonly topic: string;
  readonly reads: VariableSchema;
  readonly writes: VariableSchema;
  createHandler(deps: WorkerDeps): TopicHandler;
}

export interface RetryPolicy {
  /** Attempts in all, as configured; the engine's count starts here (task.retries is null at first). */
  retries: number;
  /** Wait after the first failure; it doubles after each further one. */
  retryBaseMs: number;
  /** Ceiling of the wait. */
  maxRetryTimeoutMs?: number;
}

/** The part of the client's TaskService the adapter uses, so tests can pass a recording fake. */
export interface OutcomeTaskService {
  complete(task: TaskRef, variables?: Variables): Promise<void>;
  handleFailure(task: TaskRef, options: HandleFailureOptions): Promise<void>;
  handleBpmnError(task: TaskRef, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
}

export interface OutcomeTask {
  id: string;
  retries: number | null;
}

export type TaskOutcome =
  | { kind: 'completed'; variables: VariableValues }
  | { kind: 'bpmn-error'; code: string }
  | { kind: 'incident'; reason: 'contract' | 'retries-exhausted'; message: string }
  | { kind: 'retry'; retries: number; retryTimeout: number; message: string };

const DEFAULT_MAX_RETRY_TIMEOUT_MS = 15 * 60 * 1000;
// The engine stores the first 666 characters of errorMessage; details take the rest.
const MAX_MESSAGE = 600;

/** The failure's retries and wait: one fewer retry, and twice the previous wait. */
export function nextRetry(task: OutcomeTask, policy: RetryPolicy): { retries: number; retryTimeout: number } {
  const retries = Math.max(0, (task.retries ?? policy.retries) - 1);
  const failures = Math.max(1, policy.retries - retries);
  const ceiling = policy.maxRetryTimeoutMs ?? DEFAULT_MAX_RETRY_TIMEOUT_MS;
  const retryTimeout = Math.min(ceiling, policy.retryBaseMs * 2 ** (failures - 1));
  return { retries, retryTimeout };
}

/**
 * Runs `execute` and reports how it ended. Never throws: when the engine refuses the report (lock
 * expired, engine down), the task is fetched again after its lock expires and the handler, being
 * idempotent, gives the same answer; the client's `*:error` events log the refusal.
 */
export async function settleTask(params: {
  task: OutcomeTask;
  taskService: OutcomeTaskService;
  policy: RetryPolicy;
  log: Logger;
  execute: () => Promise<VariableValues>;
}): Promise<TaskOutcome> {
  const { task, taskService, policy, log } = params;
  let outcome: TaskOutcome;
  try {
    const variables = await params.execute();
    outcome = { kind: 'completed', variables };
    if (await report(() => taskService.complete(task, new Variables().setAll(variables)))) log.info('task completed');
    return outcome;
  } catch (error) {
    if (error instanceof BusinessError) {
      outcome = { kind: 'bpmn-error', code: error.code };
      log.info({ code: error.code }, 'task ended with a business outcome');
      await report(() => taskService.handleBpmnError(task, error.code, clip(error.message)));
      return outcome;
    }
    const message = clip(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    const errorDetails = error instanceof Error ? error.stack ?? message : message;
    if (error instanceof ContractError) {
      outcome = { kind: 'incident', reason: 'contract', message };
      log.error({ error: summary(error) }, 'contract violated, incident raised');
      // retryTimeout is meaningless with no retries left, but the client sends whatever it is given.
      await report(() => taskService.handleFailure(task, { errorMessage: message, errorDetails, retries: 0, retryTimeout: 0 }));
      return outcome;
    }
    const { retries, retryTimeout } = nextRetry(task, policy);
    outcome = retries === 0
      ? { kind: 'incident', reason: 'retries-exhausted', message }
      : { kind: 'retry', retries, retryTimeout, message };
    log[retries === 0 ? 'error' : 'warn']({ error: summary(error), retries, retryTimeout }, retries === 0
      ? 'task failed, no retries left, incident raised'
      : 'task failed, will be retried');
    await report(() => taskService.handleFailure(task, { errorMessage: message, errorDetails, retries, retryTimeout }));
    return outcome;
  }
}

async function report(call: () => Promise<void>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch {
    // Logged by the client's `<call>:error` event; see settleTask.
    return false;
  }
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

/**
 * What of an error goes into the log: never the whole object, because the client's HTTP errors
 * carry the request options, Authorization header included.
 */
export function summary(error: unknown): { type: string; message: string; status?: number } {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const status = (error as { httpStatusCode?: unknown }).httpStatusCode;
  return typeof status === 'number'
    ? { type: error.name, message: error.message, status }
    : { type: error.name, message: error.message };
}

/**
 * A checker of plain variables against a contract schema (a domain's manifest). A mismatch is a
 * ContractError naming the topic, the direction and what is wrong (never the values: they may be
 * personal data).
 */
export function variablesValidator(topic: string, direction: 'reads' | 'writes', schema: VariableSchema): (values: Readonly<VariableValues>) => void {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  const validate: ValidateFunction = ajv.compile(schema as object);
  return (values) => {
    if (validate(values)) return;
    const problems = ajv.errorsText(validate.errors, { dataVar: direction === 'reads' ? 'input' : 'output' });
    throw new ContractError(`${topic} ${direction === 'reads' ? 'got' : 'produced'} variables that break its contract: ${problems}`);
  };
}

/**
 * Renews the task's lock at a third of its length until the returned function is called, for a
 * handler that may outlast the lock (OCR of a long scan, signing a PDF of many pages). A failed
 * renewal is only logged: the engine may then hand the task out again, which the handler's own
 * idempotency must make harmless.
 */
export function keepLocked(context: HandlerContext | undefined): () => void {
  const { extendLock, lockDurationMs } = context ?? {};
  if (!extendLock || !lockDurationMs) return () => undefined;
  const timer = setInterval(() => {
    extendLock(lockDurationMs).catch((error: Error) => context?.log.warn({ error: error.message }, 'could not extend the lock'));
  }, Math.max(1000, Math.floor(lockDurationMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}
