// SQL of the supervision tables (runtime_processes, runtime_heartbeats, launcher_children). Every
// time is the database's own (now()), and every age is computed by the database: processes on other
// machines with other clocks are compared on one clock.
import type { Queryable } from '../db.ts';
import type { ProcessIdentity, ProcessRole } from './identity.ts';

export type HeartbeatComponent = 'poll' | 'mail' | 'process-start';

export interface ProcessRow {
  id: string;
  role: ProcessRole;
  pid: number;
  host: string;
  startedAt: string;
  beatAt: string;
  /** Seconds since its last heartbeat, by the database's clock. */
  ageSeconds: number;
}

export interface BeatRow {
  processId: string;
  component: HeartbeatComponent;
  topic: string;
  beatAt: string;
  ageSeconds: number;
}

export type ChildState = 'running' | 'restarting' | 'stopped';

export interface ChildRow {
  launcherId: string;
  name: string;
  state: ChildState;
  pid: number | null;
  restarts: number;
  lastExit: string | null;
  lastExitAt: string | null;
}

/** A note of a component: it did its work `ageMs` ago (measured on the process's own monotonic clock). */
export interface BeatNote {
  component: HeartbeatComponent;
  topic: string;
  ageMs: number;
}

const iso = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString();

export async function registerProcess(q: Queryable, who: ProcessIdentity): Promise<void> {
  await q.raw(`
    INSERT INTO runtime_processes (id, role, pid, host) VALUES (?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET beat_at = now(), stopped_at = NULL, dead_at = NULL`, [who.id, who.role, who.pid, who.host]);
}

/**
 * The heartbeat: the process's row and its components' notes, in one transaction. Says whether
 * another process had taken this one for dead meanwhile (the beat clears that), and re-creates a
 * row that was cleaned up.
 */
export async function beatProcess(q: Queryable, who: ProcessIdentity, notes: readonly BeatNote[]): Promise<{ wasTakenForDead: boolean }> {
  return q.transaction(async (trx) => {
    // `old` is read before the update: it still holds dead_at as it was.
    const { rows } = await trx.raw(`
      UPDATE runtime_processes p SET beat_at = now(), dead_at = NULL
        FROM runtime_processes old
       WHERE p.id = ? AND old.id = p.id
      RETURNING old.dead_at`, [who.id]);
    if (rows.length === 0) await registerProcess(trx, who);
    if (notes.length > 0) {
      const values = notes.map(() => `(?, ?, ?, now() - make_interval(secs => ?))`).join(', ');
      await trx.raw(`
        INSERT INTO runtime_heartbeats (process_id, component, topic, beat_at) VALUES ${values}
        ON CONFLICT (process_id, component, topic) DO UPDATE SET beat_at = GREATEST(runtime_heartbeats.beat_at, excluded.beat_at)`,
      notes.flatMap((n) => [who.id, n.component, n.topic, n.ageMs / 1000]));
    }
    return { wasTakenForDead: rows.length > 0 && rows[0].dead_at !== null };
  });
}

export async function markProcessStopped(q: Queryable, id: string): Promise<void> {
  await q('runtime_processes').where({ id }).update({ stopped_at: q.fn.now() });
}

/** Takes for dead every running process (but `except`) whose heartbeat is older than `staleSeconds`. */
export async function markStaleProcessesDead(q: Queryable, staleSeconds: number, except: string): Promise<ProcessRow[]> {
  const { rows } = await q.raw(`
    UPDATE runtime_processes SET dead_at = now()
     WHERE stopped_at IS NULL AND dead_at IS NULL AND id <> ? AND beat_at < now() - make_interval(secs => ?)
    RETURNING *, extract(epoch FROM now() - beat_at)::float8 AS age_seconds`, [except, staleSeconds]);
  return rows.map(processFromRow);
}

/** Takes this process for dead (its pid is gone); false when another process was faster. */
export async function markProcessDead(q: Queryable, id: string): Promise<boolean> {
  const n = await q('runtime_processes').where({ id }).whereNull('dead_at').whereNull('stopped_at').update({ dead_at: q.fn.now() });
  return n > 0;
}

/** The processes neither stopped nor taken for dead, with the age of their heartbeat. */
export async function runningProcesses(q: Queryable): Promise<ProcessRow[]> {
  const { rows } = await q.raw(`
    SELECT *, extract(epoch FROM now() - beat_at)::float8 AS age_seconds
      FROM runtime_processes WHERE stopped_at IS NULL AND dead_at IS NULL ORDER BY role, started_at`);
  return rows.map(processFromRow);
}

/** Processes stopped or taken for dead that still hold claims on either outbox. */
export async function goneHoldersWithClaims(q: Queryable): Promise<string[]> {
  const { rows } = await q.raw(`
    SELECT p.id FROM runtime_processes p
     WHERE (p.dead_at IS NOT NULL OR p.stopped_at IS NOT NULL)
       AND (EXISTS (SELECT 1 FROM outbox_messages o WHERE o.state = 'pending' AND o.claimed_by = p.id)
         OR EXISTS (SELECT 1 FROM process_links l WHERE l.state = 'pending' AND l.claimed_by = p.id))`);
  return rows.map((r: { id: string }) => r.id);
}

/** Forgets processes that ended long ago (their launcher rows and heartbeats go with them). */
export async function deleteEndedProcesses(q: Queryable, olderThanSeconds: number): Promise<number> {
  return q('runtime_processes')
    .whereRaw('coalesce(stopped_at, dead_at) < now() - make_interval(secs => ?)', [olderThanSeconds])
    .delete();
}

export async function upsertLauncherChild(q: Queryable, launcherId: string, child: Omit<ChildRow, 'launcherId' | 'lastExitAt'> & { exitedNow?: boolean }): Promise<void> {
  await q.raw(`
    INSERT INTO launcher_children (launcher_id, name, state, pid, restarts, last_exit, last_exit_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END, now())
    ON CONFLICT (launcher_id, name) DO UPDATE SET
      state = excluded.state, pid = excluded.pid, restarts = excluded.restarts, last_exit = excluded.last_exit,
      last_exit_at = coalesce(excluded.last_exit_at, launcher_children.last_exit_at), updated_at = now()`,
  [launcherId, child.name, child.state, child.pid, child.restarts, child.lastExit, child.exitedNow === true]);
}

/** What /health reads: the running processes, their components' heartbeats, their launchers' children. */
export async function supervisionSnapshot(q: Queryable): Promise<{ processes: ProcessRow[]; beats: BeatRow[]; children: ChildRow[] }> {
  const processes = await runningProcesses(q);
  const ids = processes.map((p) => p.id);
  if (ids.length === 0) return { processes, beats: [], children: [] };
  const { rows: beats } = await q.raw(`
    SELECT process_id, component, topic, beat_at, extract(epoch FROM now() - beat_at)::float8 AS age_seconds
      FROM runtime_heartbeats WHERE process_id = ANY(?::text[])`, [ids]);
  const { rows: children } = await q.raw(`SELECT * FROM launcher_children WHERE launcher_id = ANY(?::text[]) ORDER BY name`, [ids]);
  return {
    processes,
    beats: beats.map((r: Record<string, unknown>) => ({
      processId: r.process_id as string, component: r.component as HeartbeatComponent, topic: r.topic as string,
      beatAt: iso(r.beat_at), ageSeconds: Number(r.age_seconds),
    })),
    children: children.map((r: Record<string, unknown>) => ({
      launcherId: r.launcher_id as string, name: r.name as string, state: r.state as ChildState, pid: (r.pid as number | null) ?? null,
      restarts: r.restarts as number, lastExit: (r.last_exit as string | null) ?? null, lastExitAt: r.last_exit_at ? iso(r.last_exit_at) : null,
    })),
  };
}

function processFromRow(r: Record<string, unknown>): ProcessRow {
  return {
    id: r.id as string, role: r.role as ProcessRole, pid: r.pid as number, host: r.host as string,
    startedAt: iso(r.started_at), beatAt: iso(r.beat_at), ageSeconds: Number(r.age_seconds),
  };
}
