// Hands back the work of processes known dead without waiting for its lease. Runs in every API and
// workers process: it takes for dead a process whose heartbeat is stale (the database's clock) or,
// on this host, whose pid no longer exists; then it releases the pending outbox e-mails and process
// starts those processes (and any stopped one) still hold, so a killed worker's e-mails go out within
// seconds instead of after the dispatcher's five-minute lease.
//
// Releasing is safe even when the judgement is wrong (a process alive but stalled, a pid check across
// a shared host name): a row whose send or start is in progress is locked by its holder's transaction
// and skipped, and a holder finds a released claim gone before it begins (lockOutboxClaim,
// lockProcessLinkClaim). Several reapers at once are harmless: marking is conditional, release skips locks.
import type { Logger } from 'pino';
import type { Db } from '../db.ts';
import { releaseOutboxClaimsOf } from '../notifications/repository.ts';
import { releaseProcessLinkClaimsOf } from '../process-start/repository.ts';
import { pidAlive as defaultPidAlive } from './identity.ts';
import { deleteEndedProcesses, goneHoldersWithClaims, markProcessDead, markStaleProcessesDead, runningProcesses } from './repository.ts';

type ReaperLog = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface ReaperOptions {
  db: Db;
  /** This process's id: never taken for dead by itself. */
  self: string;
  host: string;
  log: ReaperLog;
  intervalMs: number;
  processStaleMs: number;
  pidAlive?: (pid: number) => boolean;
  /** Called after claims were released: kick the local dispatcher and starter. */
  onReleased?: (released: { outbox: number; processLinks: number }) => void;
}

export interface ReapResult {
  /** Processes this sweep took for dead, and why. */
  dead: Array<{ id: string; reason: 'heartbeat stale' | 'pid gone' }>;
  outbox: number;
  processLinks: number;
}

export interface Reaper {
  start(): void;
  stop(): Promise<void>;
  runOnce(): Promise<ReapResult>;
}

// Records of processes that ended are kept a day for a person to look at, far beyond any lease.
const KEEP_ENDED_SECONDS = 24 * 3600;
const CLEANUP_EVERY_MS = 10 * 60 * 1000;

export function createReaper(options: ReaperOptions): Reaper {
  const { db, self, host, log } = options;
  const pidAlive = options.pidAlive ?? defaultPidAlive;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<ReapResult> | undefined;
  let lastCleanup = 0;

  async function sweep(): Promise<ReapResult> {
    const dead: ReapResult['dead'] = [];
    for (const p of await markStaleProcessesDead(db, options.processStaleMs / 1000, self)) {
      dead.push({ id: p.id, reason: 'heartbeat stale' });
      log.warn({ process: p.id, role: p.role, pid: p.pid, host: p.host, silentSeconds: Math.round(p.ageSeconds) }, 'process taken for dead: heartbeat stale');
    }
    for (const p of await runningProcesses(db)) {
      if (p.id === self || p.host !== host || pidAlive(p.pid)) continue;
      if (await markProcessDead(db, p.id)) {
        dead.push({ id: p.id, reason: 'pid gone' });
        log.warn({ process: p.id, role: p.role, pid: p.pid, host: p.host }, 'process taken for dead: its pid is gone');
      }
    }
    // Every sweep, not only for the processes just found: a row locked at the moment of death (the
    // database had not yet seen the connection drop) is released by the next sweep.
    const holders = await goneHoldersWithClaims(db);
    const outbox = await releaseOutboxClaimsOf(db, holders);
    const processLinks = await releaseProcessLinkClaimsOf(db, holders);
    if (outbox + processLinks > 0) {
      log.warn({ holders, outbox, processLinks }, 'released the claims of processes known dead');
      options.onReleased?.({ outbox, processLinks });
    }
    if (Date.now() - lastCleanup > CLEANUP_EVERY_MS) {
      lastCleanup = Date.now();
      await deleteEndedProcesses(db, KEEP_ENDED_SECONDS);
    }
    return { dead, outbox, processLinks };
  }

  function runOnce(): Promise<ReapResult> {
    running ??= sweep().finally(() => { running = undefined; });
    return running;
  }

  return {
    start() {
      if (timer) return;
      timer = setInterval(() => {
        runOnce().catch((error: Error) => log.error({ error: error.message }, 'supervision sweep failed'));
      }, options.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
    runOnce,
  };
}
