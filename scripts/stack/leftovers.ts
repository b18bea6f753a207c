// The launcher's children run in their own process groups (so Ctrl-C reaches only the launcher,
// which stops them in order). If the launcher itself is killed hard, they would outlive it and hold
// their ports; the next run of the same profile reads this record and stops them first.
import { readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';

interface Entry { name: string; pid: number; command: string }

function commandOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return undefined;
  }
}

export class RunRecord {
  private entries: Entry[] = [];
  constructor(private readonly file: string) {}

  add(name: string, pid: number | undefined): void {
    if (pid === undefined) return;
    this.entries.push({ name, pid, command: commandOf(pid) ?? '' });
    writeFileSync(this.file, JSON.stringify(this.entries));
  }

  clear(): void {
    this.entries = [];
    rmSync(this.file, { force: true });
  }

  async stopLeftovers(say: (line: string) => void): Promise<void> {
    if (!existsSync(this.file)) return;
    const stale = (JSON.parse(readFileSync(this.file, 'utf8')) as Entry[])
      // Only a process still running the same command: the pid may have been reused since.
      .filter((e) => e.command !== '' && commandOf(e.pid) === e.command);
    for (const e of stale) {
      say(`stopping ${e.name} (pid ${e.pid}) left running by an earlier run`);
      process.kill(e.pid, e.name === 'postgres' ? 'SIGINT' : 'SIGTERM');
    }
    const deadline = Date.now() + 30000;
    while (stale.some((e) => commandOf(e.pid) !== undefined) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    for (const e of stale) if (commandOf(e.pid) !== undefined) process.kill(e.pid, 'SIGKILL');
    rmSync(this.file, { force: true });
  }
}
