// The only place that talks to the external-task client: one Client per lane of a process (the
// quick topics, and the slow ones such as OCR, each with its own parallel slots, so a burst of long
// scans never makes a registration or an e-mail wait for a slot), every topic module subscribed on
// its lane, each fetched task handed to its handler through settleTask.
import { BasicAuthInterceptor, Client, type Task, type TaskRef } from 'camunda-external-task-client-js';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import type { RuntimeConfig } from '../lib/config.ts';
import type { Db } from '../lib/db.ts';
import type { FileStore } from '../lib/file-store.ts';
import { settleTask, summary, variablesValidator, type TopicModule } from './task-outcome.ts';

export interface RunnerOptions {
  config: Pick<RuntimeConfig, 'engine' | 'workers' | 'dataDir' | 'filesDir' | 'api' | 'cases' | 'ocr'>;
  db: Db;
  log: Logger;
  topics: readonly TopicModule[];
  now?: () => Date;
  files?: FileStore;
  /**
   * Called after each completed poll with every subscribed topic (one fetch-and-lock asks for all of
   * them): the heartbeat of the topics (lib/supervision). Not after a failed poll, nor when every
   * slot is busy and no poll is made.
   */
  onPoll?: (topics: readonly string[]) => void;
}

export interface Runner {
  readonly workerId: string;
  /** Stops fetching, lets the last long poll return, and waits for every task in flight to be reported. */
  stop(): Promise<void>;
}

// After the engine fails to answer a poll, wait this long before the next, doubling up to the ceiling:
// the client itself would poll a dead engine every 300 ms and fill the log.
const POLL_BACKOFF_BASE_MS = 1000;
const POLL_BACKOFF_MAX_MS = 30000;

export function startRunner(options: RunnerOptions): Runner {
  // The client's default workerId is the same for every process; the engine could then not tell
  // whose lock a task is under, and one worker could complete another's task. Both lanes of a
  // process are the same worker.
  const workerId = `${os.hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const slow = options.topics.filter((t) => t.lane === 'slow');
  const quick = options.topics.filter((t) => t.lane !== 'slow');
  const lanes = [
    startLane(options, workerId, 'quick', quick, options.config.workers.maxParallel),
    ...(slow.length > 0 ? [startLane(options, workerId, 'slow', slow, options.config.workers.slowParallel)] : []),
  ];
  let stopping: Promise<void> | undefined;
  return {
    workerId,
    stop() {
      stopping ??= Promise.all(lanes.map((lane) => lane.stop())).then(() => undefined);
      return stopping;
    },
  };
}

function startLane(
  { config, db, log, now = () => new Date(), files, onPoll }: RunnerOptions,
  workerId: string, lane: 'quick' | 'slow', topics: readonly TopicModule[], maxParallel: number,
): { stop(): Promise<void> } {
  const { retries, retryBaseMs, lockDurationMs, asyncResponseTimeoutMs } = config.workers;
  const runnerLog = log.child({ workerId, lane });
  const policy = { retries, retryBaseMs };

  const client = new Client({
    baseUrl: config.engine.baseUrl,
    workerId,
    maxTasks: maxParallel,
    maxParallelExecutions: maxParallel,
    // The pause between two fetches. Long polling already waits for work while there is none, so
    // this only limits throughput under load (the client's 300 ms default capped us near 12 tasks/s).
    interval: config.workers.pollIntervalMs,
    asyncResponseTimeout: asyncResponseTimeoutMs,
    lockDuration: lockDurationMs,
    interceptors: new BasicAuthInterceptor({ username: config.engine.user, password: config.engine.password }),
    autoPoll: false,
  });

  const inFlight = new Set<Promise<unknown>>();
  const topicNames = topics.map((t) => t.topic);
  let stopping: Promise<void> | undefined;

  // --- the long poll in flight, so stop() can wait for the tasks it may still bring ---
  let pollDone: { promise: Promise<void>; resolve: () => void } | undefined;
  client.on('poll:start', () => {
    // The client emits poll:start even when it skips the request because every parallel slot is
    // busy; it then never emits success or error, so only a real request is awaited.
    if (topics.length > 0 && inFlight.size < maxParallel) pollDone = deferred();
  });
  let pollFailures = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  client.on('poll:success', (tasks) => {
    if (pollFailures > 0) runnerLog.info({ failures: pollFailures }, 'engine reachable again');
    pollFailures = 0;
    pollDone?.resolve();
    onPoll?.(topicNames);
    if (tasks.length > 0) runnerLog.debug({ tasks: tasks.length }, 'fetched tasks');
  });
  client.on('poll:error', (error) => {
    pollDone?.resolve();
    pollFailures += 1;
    const delay = Math.min(POLL_BACKOFF_MAX_MS, POLL_BACKOFF_BASE_MS * 2 ** (pollFailures - 1));
    // The first failure and then one line per backoff step at most, not one every 300 ms.
    runnerLog[pollFailures === 1 ? 'warn' : 'debug']({ error: summary(error), failures: pollFailures, retryInMs: delay }, 'polling the engine failed');
    if (stopping) return;
    // Emitted before the client schedules its next poll; stopping now cancels that one.
    client.stop();
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (!stopping) client.start();
    }, delay);
  });

  // --- reports the engine refused (lock expired, engine down); the task comes back after its lock ---
  for (const call of ['complete', 'handleFailure', 'handleBpmnError', 'extendLock'] as const) {
    client.on(`${call}:error`, (task: TaskRef, error: unknown) => {
      runnerLog.error({ ...taskFields(task), error: summary(error) }, `engine refused ${call}`);
    });
  }
  client.on('handler:error', (error) => {
    // settleTask never throws, so this is a bug in the runner itself.
    runnerLog.error({ error: summary(error) }, 'task handler threw');
  });
  client.on('subscribe', (topic) => runnerLog.info({ topic }, 'subscribed'));

  for (const module of topics) {
    const { topic } = module;
    const handler = module.createHandler({ db, config, log: runnerLog.child({ topic }), now, files });
    const checkOutput = variablesValidator(topic, 'writes', module.writes);
    client.subscribe(
      topic,
      // Only what the topic reads: fetching every process variable costs the engine and the
      // network on each task, and would hand the worker data it has no business seeing.
      { variables: Object.keys(module.reads.properties), lockDuration: lockDurationMs },
      ({ task, taskService }) => {
        const taskLog = runnerLog.child({ topic, taskId: task.id, businessKey: task.businessKey });
        const done = settleTask({
          task,
          taskService,
          policy,
          log: taskLog,
          execute: async () => {
            const output = await handler(task.variables.getAll(), {
              log: taskLog,
              task: { id: task.id, processInstanceId: task.processInstanceId, activityId: task.activityId, businessKey: task.businessKey ?? null },
              extendLock: (ms) => taskService.extendLock(task, ms),
              lockDurationMs,
            });
            checkOutput(output);
            return output;
          },
        });
        inFlight.add(done);
        void done.finally(() => inFlight.delete(done));
        return done.then(() => undefined);
      },
    );
  }

  client.start();
  runnerLog.info({ topics: topics.map((t) => t.topic), maxParallel }, 'worker started');

  return {
    stop() {
      stopping ??= (async () => {
        client.stop();
        if (restartTimer) clearTimeout(restartTimer);
        // A long poll already sent may still lock tasks for this worker: wait for its answer and run
        // what it brings, or those tasks would sit locked for a worker that is gone until their lock
        // expires. The long poll (10 s by default) is kept below the launcher's 20 s grace for that.
        if (pollDone) await withTimeout(pollDone.promise, asyncResponseTimeoutMs + 1000);
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        runnerLog.info('worker stopped');
      })();
      return stopping;
    },
  };
}

function taskFields(task: TaskRef): Record<string, unknown> {
  if (typeof task === 'string') return { taskId: task };
  const full = task as Partial<Task>;
  return { topic: full.topicName, taskId: full.id, businessKey: full.businessKey };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

async function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((r) => { timer = setTimeout(r, ms); })]);
  clearTimeout(timer);
}
