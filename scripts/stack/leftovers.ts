// The launcher's children run in their own process groups (so Ctrl-C reaches only the launcher,
// which stops them in order). If the launcher itself is killed hard, they would outlive it and hold
// their ports. Every run therefore keeps a record of what it started, keyed by its data folder (one
// record per run, not per profile or port, so two runs on one machine never take each other's
// processes for leftovers), with the launcher's own identity. A later run stops the children of a
// record whose launcher is dead: its own data folder's (an `npm start` killed with -9), and any
// throwaway run's (a killed `npm test`, whose temp folder nobody else will ever reuse). A record
// whose launcher still runs is never a leftover.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A process as it was when recorded: its pid may be reused later, its start time and command not. */
interface ProcessId { pid: number; started: string; command: string }
interface Entry extends ProcessId { name: string }
interface RecordFile { launcher: ProcessId; dataDir: string; throwaway: boolean; keepData: boolean; entries: Entry[] }

function commandOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat: the start time in clock ticks since boot (after the command in parentheses). */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function identify(pid: number): ProcessId | undefined {
  const command = commandOf(pid);
  const started = startTimeOf(pid);
  return command === undefined || started === undefined ? undefined : { pid, started, command };
}

/** The same process still runs (not a later one that got its pid). */
function alive(p: ProcessId): boolean {
  return p.command !== '' && startTimeOf(p.pid) === p.started && commandOf(p.pid) === p.command;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try { process.kill(pid, sig); } catch { /* gone meanwhile */ }
}

/** Stops recorded processes that still run, newest first (the API before the engine before PostgreSQL). */
async function stopAll(entries: Entry[], say: (line: string) => void, why: string): Promise<void> {
  const running = entries.filter(alive).reverse();
  for (const e of running) {
    say(`stopping ${e.name} (pid ${e.pid}) ${why}`);
    // PostgreSQL's fast shutdown is SIGINT; SIGTERM would wait for every client to leave.
    signal(e.pid, e.name === 'postgres' ? 'SIGINT' : 'SIGTERM');
  }
  const deadline = Date.now() + 30000;
  while (running.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  for (const e of running) if (alive(e)) signal(e.pid, 'SIGKILL');
}

export const runRecordDir = (): string => path.join(os.tmpdir(), 'hromada-runs');

/** Where the record of the run with this data folder is kept. */
export function recordFileFor(dataDir: string, dir = runRecordDir()): string {
  return path.join(dir, `${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16)}.json`);
}

/** The processes a record lists that still run (for tests and messages). */
export function runningIn(file: string): Array<{ name: string; pid: number }> {
  try {
    const content = JSON.parse(readFileSync(file, 'utf8')) as RecordFile;
    return content.entries.filter(alive).map(({ name, pid }) => ({ name, pid }));
  } catch {
    return [];
  }
}

export class RunRecord {
  readonly file: string;
  private readonly content: RecordFile;

  constructor(readonly dataDir: string, opts: { throwaway: boolean; keepData: boolean }, private readonly dir = runRecordDir()) {
    this.file = recordFileFor(dataDir, dir);
    const launcher = identify(process.pid) ?? { pid: process.pid, started: '', command: '' };
    this.content = { launcher, dataDir: path.resolve(dataDir), throwaway: opts.throwaway, keepData: opts.keepData, entries: [] };
  }

  add(name: string, pid: number | undefined): void {
    if (pid === undefined) return;
    const id = identify(pid);
    if (!id) return;
    this.content.entries.push({ name, ...id });
    this.write();
  }

  private write(): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(this.file, JSON.stringify(this.content));
  }

  /** Claims the record for this run, after stopping what dead runs left behind. */
  async claim(say: (line: string) => void): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    for (const name of readdirSync(this.dir).filter((n) => n.endsWith('.json'))) {
      const file = path.join(this.dir, name);
      let other: RecordFile;
      try {
        other = JSON.parse(readFileSync(file, 'utf8')) as RecordFile;
        if (!other.launcher || !Array.isArray(other.entries)) continue;
      } catch {
        continue; // being written by a live run, or not ours
      }
      const mine = file === this.file;
      if (alive(other.launcher)) {
        if (mine && other.launcher.pid !== process.pid) {
          throw new Error(`another run already uses ${other.dataDir} (launcher pid ${other.launcher.pid}): stop it first, or give this one another HROMADA_DATA_DIR`);
        }
        continue;
      }
      if (!mine && !other.throwaway) continue; // another checkout's `npm start`: its own next start cleans up
      await stopAll(other.entries, say, 'left running by an earlier run whose launcher is gone');
      if (other.throwaway && !other.keepData && !mine) rmSync(other.dataDir, { recursive: true, force: true });
      rmSync(file, { force: true });
    }
    this.write();
  }

  /** The safety net of a stop: whatever this run started and did not stop in order (a signal during start-up). */
  async stopRemaining(say: (line: string) => void): Promise<void> {
    await stopAll(this.content.entries, say, 'started by this run');
  }

  clear(): void {
    this.content.entries = [];
    rmSync(this.file, { force: true });
  }
}
