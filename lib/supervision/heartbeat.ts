// The heartbeat of one process: its row in runtime_processes, refreshed from a timer, and the notes
// of its components (a worker's completed poll per topic, the mail dispatcher's and the process
// starter's passes) written with each beat. A component only notes in memory (a poll every 50 ms
// must not cost a write each); the beat writes the latest note of each, dated by the database's clock
// minus the note's age on this process's monotonic clock, so no machine's wall clock takes part.
import type { Db } from '../db.ts';
import { processIdentity, type ProcessIdentity, type ProcessRole } from './identity.ts';
import { beatProcess, markProcessStopped, registerProcess, type BeatNote, type HeartbeatComponent } from './repository.ts';

/** A pino logger fits; so does the launcher's line printer. */
export interface HeartbeatLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface Heartbeat {
  readonly identity: ProcessIdentity;
  /** The id its claims carry (claimed_by). */
  readonly id: string;
  /** Notes that a component has just done its work; written with the next beat. */
  note(component: HeartbeatComponent, topic?: string): void;
  /** Registers the process and beats from then on. Never throws: a database not reachable yet is retried by the beats. */
  start(): Promise<void>;
  /** One beat now (tests, and the last one on stop). */
  beat(): Promise<void>;
  /** Writes the last notes and marks the process stopped. */
  stop(): Promise<void>;
}

export interface HeartbeatOptions {
  db: Db;
  role: ProcessRole;
  log: HeartbeatLog;
  intervalMs: number;
  identity?: ProcessIdentity;
}

export function createHeartbeat({ db, role, log, intervalMs, identity = processIdentity(role) }: HeartbeatOptions): Heartbeat {
  // component + topic → performance.now() of the latest note
  let notes = new Map<string, { component: HeartbeatComponent; topic: string; at: number }>();
  let timer: NodeJS.Timeout | undefined;
  let beating: Promise<void> | undefined;
  let failing = false;

  async function writeBeat(): Promise<void> {
    const taken = notes;
    notes = new Map();
    const now = performance.now();
    const batch: BeatNote[] = [...taken.values()].map((n) => ({ component: n.component, topic: n.topic, ageMs: Math.max(0, now - n.at) }));
    try {
      const { wasTakenForDead } = await beatProcess(db, identity, batch);
      if (failing) log.info({ process: identity.id }, 'heartbeat written again');
      failing = false;
      if (wasTakenForDead) {
        // Safe, not silent: what it was sending stayed locked and is marked by it; what it had claimed
        // but not begun was handed to others, and this process finds that out before it sends.
        log.warn({ process: identity.id }, 'this process had been taken for dead (its heartbeat stalled); its unstarted claims were handed to others');
      }
    } catch (error) {
      // Keep the notes for the next beat, unless a newer one of the same component came meanwhile.
      for (const [key, note] of taken) if (!notes.has(key)) notes.set(key, note);
      if (!failing) log.warn({ process: identity.id, error: (error as Error).message }, 'heartbeat not written');
      failing = true;
    }
  }

  const beat = (): Promise<void> => beating ??= writeBeat().finally(() => { beating = undefined; });

  return {
    identity,
    id: identity.id,
    note(component, topic = '') {
      notes.set(`${component}\u0000${topic}`, { component, topic, at: performance.now() });
    },
    async start() {
      try {
        await registerProcess(db, identity);
      } catch (error) {
        log.warn({ process: identity.id, error: (error as Error).message }, 'process not registered yet; the heartbeat will retry');
        failing = true;
      }
      if (!timer) {
        timer = setInterval(() => void beat(), intervalMs);
        timer.unref();
      }
    },
    beat,
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await beating;
      await beat();
      await markProcessStopped(db, identity.id).catch((error: Error) => log.warn({ process: identity.id, error: error.message }, 'process not marked stopped'));
    },
  };
}
