// What /health says about the processes behind the API: the workers (last poll per topic), the mail
// dispatcher, the process starter, and the launcher's restarts. Pure: it judges a snapshot read by
// supervisionSnapshot(); only the live processes count (heartbeat fresh, and on this host, pid alive).
import type { SupervisionSettings } from '../config.ts';
import type { Db } from '../db.ts';
import { pidAlive as defaultPidAlive } from './identity.ts';
import { supervisionSnapshot, type BeatRow, type ChildRow, type ChildState, type ProcessRow } from './repository.ts';

export interface ProcessSummary {
  id: string;
  pid: number;
  host: string;
  startedAt: string;
  lastBeatAt: string;
}

export interface PassReport {
  ok: boolean;
  /** The latest pass of any live process; null when none ran one. */
  lastPassAt: string | null;
  ageSeconds: number | null;
}

export interface SupervisionReport {
  ok: boolean;
  /** What is wrong, one line each, for the person the monitor wakes up. Ids and names only. */
  reasons: string[];
  workers: {
    ok: boolean;
    processes: ProcessSummary[];
    topics: Array<{ topic: string; lastPollAt: string | null; ageSeconds: number | null; ok: boolean }>;
  };
  mail: PassReport;
  processStarter: PassReport;
  /** The children of the live launcher(s); null when no launcher is known (processes started by hand). */
  launcher: null | {
    ok: boolean;
    children: Array<{ name: string; state: ChildState; pid: number | null; restarts: number; lastExit: string | null; lastExitAt: string | null }>;
  };
}

export interface Snapshot {
  processes: ProcessRow[];
  beats: BeatRow[];
  children: ChildRow[];
}

export interface Expectations {
  /** Every topic some worker must poll. */
  topics: readonly string[];
  settings: Pick<SupervisionSettings, 'processStaleMs' | 'pollStaleMs' | 'passStaleMs'>;
  /** Whether a process record is of a live process (fresh heartbeat and, on this host, a live pid). */
  isAlive: (p: ProcessRow) => boolean;
}

const round = (seconds: number) => Math.round(seconds * 10) / 10;

function latest(beats: BeatRow[]): BeatRow | undefined {
  return beats.reduce<BeatRow | undefined>((best, b) => (!best || b.ageSeconds < best.ageSeconds ? b : best), undefined);
}

export function assessSupervision(snapshot: Snapshot, expected: Expectations): SupervisionReport {
  const reasons: string[] = [];
  const live = snapshot.processes.filter(expected.isAlive);
  const liveIds = new Set(live.map((p) => p.id));
  const beats = snapshot.beats.filter((b) => liveIds.has(b.processId));
  const summary = (p: ProcessRow): ProcessSummary => ({ id: p.id, pid: p.pid, host: p.host, startedAt: p.startedAt, lastBeatAt: p.beatAt });

  const workerProcesses = live.filter((p) => p.role === 'workers');
  const pollStale = expected.settings.pollStaleMs / 1000;
  const topics = expected.topics.map((topic) => {
    const last = latest(beats.filter((b) => b.component === 'poll' && b.topic === topic));
    return { topic, lastPollAt: last?.beatAt ?? null, ageSeconds: last ? round(last.ageSeconds) : null, ok: last !== undefined && last.ageSeconds <= pollStale };
  });
  if (workerProcesses.length === 0) reasons.push('workers: no live workers process');
  const unpolled = topics.filter((t) => !t.ok);
  if (workerProcesses.length > 0 && unpolled.length > 0) {
    reasons.push(`workers: no poll within ${pollStale} s of ${unpolled.length} topic(s): ${unpolled.map((t) => t.topic).join(', ')}`);
  }

  const pass = (component: 'mail' | 'process-start', what: string): PassReport => {
    const last = latest(beats.filter((b) => b.component === component));
    const ok = last !== undefined && last.ageSeconds <= expected.settings.passStaleMs / 1000;
    if (!ok) reasons.push(last ? `${what}: last pass ${Math.round(last.ageSeconds)} s ago` : `${what}: not running in any live process`);
    return { ok, lastPassAt: last?.beatAt ?? null, ageSeconds: last ? round(last.ageSeconds) : null };
  };
  const mail = pass('mail', 'mail dispatcher');
  const processStarter = pass('process-start', 'process starter');

  let launcher: SupervisionReport['launcher'] = null;
  const launchers = live.filter((p) => p.role === 'launcher').map((p) => p.id);
  if (launchers.length > 0) {
    const children = snapshot.children.filter((c) => launchers.includes(c.launcherId))
      .map(({ name, state, pid, restarts, lastExit, lastExitAt }) => ({ name, state, pid, restarts, lastExit, lastExitAt }));
    for (const c of children.filter((c) => c.state === 'restarting')) {
      reasons.push(`launcher: ${c.name} ${c.lastExit ? `ended (${c.lastExit})` : 'ended'} and is being restarted (restart ${c.restarts})`);
    }
    launcher = { ok: children.every((c) => c.state !== 'restarting'), children };
  }

  const workersOk = workerProcesses.length > 0 && unpolled.length === 0
    && !(launcher?.children.some((c) => c.name === 'workers' && c.state === 'restarting'));
  return {
    ok: reasons.length === 0,
    reasons,
    workers: { ok: workersOk, processes: workerProcesses.map(summary), topics },
    mail,
    processStarter,
    launcher,
  };
}

/** Reads and judges, for the health route of a process on `host`. */
export function createSupervisionReader(options: {
  db: Db;
  host: string;
  topics: readonly string[];
  settings: Expectations['settings'];
  pidAlive?: (pid: number) => boolean;
}): () => Promise<SupervisionReport> {
  const pidAlive = options.pidAlive ?? defaultPidAlive;
  const isAlive = (p: ProcessRow) => p.ageSeconds <= options.settings.processStaleMs / 1000 && (p.host !== options.host || pidAlive(p.pid));
  return async () => assessSupervision(await supervisionSnapshot(options.db), { topics: options.topics, settings: options.settings, isAlive });
}
