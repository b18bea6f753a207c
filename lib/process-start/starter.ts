// Turns pending rows of the process-start outbox (process_links) into process instances.
// A document is accepted while the engine is down and its process starts once the engine is back;
// the business-key check before each start makes a crash between "started" and "marked" harmless.
// Each start runs in a transaction holding the row's lock from the claim check to the mark, so a
// claim released while its holder still works (lib/supervision/reaper.ts: a holder taken for dead)
// can never lead to two starts at once; the same reasoning as for e-mails, lib/notifications/dispatcher.ts.
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Db } from '../db.ts';
import { EngineUnavailableError, type EngineClient } from '../engine-client.ts';
import { claimOf, claimPendingProcessLink, lockProcessLinkClaim, markProcessLinkStarted, releaseProcessLink, unclaimProcessLink, type ProcessLink } from './repository.ts';

export const PROCESS_START_LEASE_SECONDS = 60;
/** Starts in flight at once by default; each holds a database connection while it works. */
export const PROCESS_START_CONCURRENCY = 4;

type StarterEngine = Pick<EngineClient, 'findInstancesByBusinessKey' | 'startProcess'>;
type StarterLog = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

export interface ProcessStarterOptions {
  db: Db;
  engine: StarterEngine;
  log: StarterLog;
  /** Period of the sweep that picks up what kicks missed (engine back, other nodes' leftovers). */
  intervalMs?: number;
  /** Starts in flight at once; each engine start is a few round trips, so a burst of uploads
   *  would queue behind one loop. Rows are claimed with SKIP LOCKED, so loops never collide. */
  concurrency?: number;
  /** Only these process keys; all when omitted. */
  processKeys?: readonly string[];
  /** Who claims the rows (claimed_by): the process's id in runtime_processes; `<host>:<pid>` without one. */
  owner?: string;
  /** Called after each pass: the heartbeat of the starter (lib/supervision). */
  onPass?: () => void;
}

export interface ProcessStarter {
  /** Ask for a pass soon; cheap, coalesces with a pass already running. */
  kick(): void;
  start(): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
  /** One full pass; resolves with the number of processes started (for tests and scripts). */
  runOnce(): Promise<number>;
}

/** Backoff for an engine that answers but refuses (e.g. the diagram is not deployed yet). */
function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 5 * 2 ** Math.min(attempts, 6));
}

export function createProcessStarter(options: ProcessStarterOptions): ProcessStarter {
  const { db, engine, log } = options;
  const intervalMs = options.intervalMs ?? 5000;
  const owner = options.owner ?? `${hostname()}:${process.pid}`;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;

  /** Starts (or links) the row's process; false when the claim was taken over before it began. */
  function startOne(link: ProcessLink): Promise<boolean> {
    const claim = claimOf(link);
    return db.transaction(async (trx) => {
      if (!await lockProcessLinkClaim(trx, link.id, claim)) {
        log.info({ businessKey: link.businessKey, processKey: link.processKey }, 'process-start claim taken over meanwhile: not started by this process');
        return false;
      }
      const existing = await engine.findInstancesByBusinessKey(link.processKey, link.businessKey);
      let instanceId = existing[0]?.id;
      if (instanceId) {
        log.info({ businessKey: link.businessKey, processKey: link.processKey, processInstanceId: instanceId }, 'process already running, linking it');
      } else {
        const started = await engine.startProcess(link.processKey, link.businessKey, link.variables);
        instanceId = started.id;
        log.info({ businessKey: link.businessKey, processKey: link.processKey, processInstanceId: instanceId }, 'process started');
      }
      await markProcessLinkStarted(trx, link.id, instanceId, claim);
      return true;
    });
  }

  async function pass(shared: { engineDown: boolean }): Promise<number> {
    let started = 0;
    while (!stopped && !shared.engineDown) {
      const link = await claimPendingProcessLink(db, PROCESS_START_LEASE_SECONDS, owner, options.processKeys);
      if (!link) break;
      // Another loop found the engine down while this claim waited for a connection: not an attempt.
      if (shared.engineDown) {
        await unclaimProcessLink(db, link.id, claimOf(link));
        break;
      }
      try {
        if (await startOne(link)) started += 1;
      } catch (err) {
        const message = (err as Error).message;
        if (err instanceof EngineUnavailableError) {
          // Every other row would fail the same way: give this one back and wait for the next sweep.
          // The flag goes up before the release, so the other loops of this pass do not claim it again.
          shared.engineDown = true;
          await releaseProcessLink(db, link.id, claimOf(link), message, 0);
          log.warn({ businessKey: link.businessKey, processKey: link.processKey, attempts: link.attempts + 1 }, 'engine unavailable, process start postponed');
          break;
        }
        await releaseProcessLink(db, link.id, claimOf(link), message, retryDelaySeconds(link.attempts));
        log.error({ err, businessKey: link.businessKey, processKey: link.processKey, attempts: link.attempts + 1 }, 'process start failed, will retry');
      }
    }
    return started;
  }

  function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          const shared = { engineDown: false };
          const counts = await Promise.all(Array.from({ length: options.concurrency ?? PROCESS_START_CONCURRENCY }, () => pass(shared)));
          total += counts.reduce((a, b) => a + b, 0);
          options.onPass?.();
        } while (again && !stopped);
      } catch (err) {
        log.error({ err }, 'process starter pass failed');
      } finally {
        running = undefined;
      }
      return total;
    })();
    return running;
  }

  return {
    kick() {
      if (stopped && !timer) return;
      void runOnce();
    },
    start() {
      stopped = false;
      if (timer) return;
      timer = setInterval(() => void runOnce(), intervalMs);
      timer.unref();
      void runOnce();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
    runOnce,
  };
}
