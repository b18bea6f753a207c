// The launcher's supervision of one child, on real processes (small node scripts) and a fast backoff:
// what it restarts, what it says, and what it must never restart.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startChild } from '../../../scripts/stack/children.ts';
import { supervise, type Supervised, type SupervisedEvent } from '../../../scripts/stack/supervisor.ts';

const fast = { initialMs: 100, maxMs: 400, resetAfterMs: 60000 };

async function until(what: string, check: () => boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const alive = (pid: number | undefined) => {
  if (pid === undefined) return false;
  try { process.kill(pid, 0); return true; } catch { return false; }
};

describe('launcher: supervision of a child', function () {
  this.timeout(30000);
  let dir: string;
  let said: string[];
  let events: SupervisedEvent[];
  let spawned: number;
  let mayRestart: boolean;
  const running: Supervised[] = [];

  /** A child running `script`; `arm` as the stack does once its start-up succeeded. */
  function child(script: string, arm = true): Supervised {
    const s = supervise({
      name: 'probe', label: 'the probe', say: (line) => said.push(line), backoff: fast, mayRestart: () => mayRestart,
      onEvent: (e) => events.push(e),
      spawn: () => {
        spawned += 1;
        return startChild('probe', process.execPath, ['-e', script], { cwd: dir, env: process.env, logFile: path.join(dir, 'probe.log') });
      },
    });
    running.push(s);
    if (arm) s.arm();
    return s;
  }

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hromada-supervisor-'));
    said = [];
    events = [];
    spawned = 0;
    mayRestart = true;
  });
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop(2000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts a child that ends by itself, says which, how and the restart count, and backs off', async () => {
    const s = child('setTimeout(() => process.exit(3), 50)');
    await until('three restarts', () => s.restarts() >= 3);
    expect(said[0]).to.match(/^the probe ended \(code 3\) after [\d.]+ s: restarting it in 0\.1 s \(restart 1; its log: .*probe\.log\)$/);
    expect(said.filter((l) => l.includes('restarting it in'))).to.have.length.of.at.least(3);
    const waits = said.filter((l) => l.includes('restarting it in')).slice(0, 3).map((l) => /in ([\d.]+) s/.exec(l)![1]);
    expect(waits, 'the wait doubles').to.deep.equal(['0.1', '0.2', '0.4']);
    expect(said.some((l) => /^the probe restarted \(pid \d+, restart 1\)$/.test(l))).to.equal(true);
    expect(events.slice(0, 3).map((e) => [e.state, e.restarts, e.lastExit ?? null, e.exited]))
      .to.deep.equal([['running', 0, null, false], ['restarting', 1, 'code 3', true], ['running', 1, 'code 3', false]]);
  });

  it('names the signal of a child killed with -9, and the new one runs', async () => {
    const s = child('setInterval(() => {}, 1000)');
    await until('the child to run', () => alive(s.pid()));
    const first = s.pid()!;
    process.kill(first, 'SIGKILL');
    await until('the restart', () => s.restarts() === 1 && s.pid() !== first && alive(s.pid()));
    expect(said[0]).to.match(/^the probe ended \(signal SIGKILL\) after/);
    expect(spawned).to.equal(2);
  });

  it('never restarts a child it stops itself', async () => {
    const s = child('setInterval(() => {}, 1000)');
    await until('the child to run', () => alive(s.pid()));
    const pid = s.pid();
    await s.stop(2000);
    await new Promise((r) => setTimeout(r, 500));
    expect(alive(pid)).to.equal(false);
    expect(spawned).to.equal(1);
    expect(said).to.deep.equal([]);
    expect(events.map((e) => e.state)).to.deep.equal(['running', 'stopped']);
  });

  it('cancels a pending restart when it is stopped during the backoff', async () => {
    const s = supervise({
      name: 'probe', label: 'the probe', say: (line) => said.push(line), mayRestart: () => true,
      backoff: { initialMs: 1500, maxMs: 1500, resetAfterMs: 60000 },
      spawn: () => { spawned += 1; return startChild('probe', process.execPath, ['-e', 'process.exit(1)'], { cwd: dir, env: process.env, logFile: path.join(dir, 'probe.log') }); },
    });
    running.push(s);
    s.arm();
    await until('the exit', () => s.restarts() === 1);
    await s.stop();
    await new Promise((r) => setTimeout(r, 2000));
    expect(spawned, 'no restart after the stop').to.equal(1);
  });

  it('restarts nothing once the stack is stopping', async () => {
    const s = child('setInterval(() => {}, 1000)');
    await until('the child to run', () => alive(s.pid()));
    mayRestart = false;
    process.kill(s.pid()!, 'SIGKILL');
    await until('the launcher to notice', () => said.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(said).to.deep.equal(['the probe ended (signal SIGKILL) while the stack is stopping: not restarted']);
    expect(spawned).to.equal(1);
  });

  it('leaves a child that fails during its start-up to whoever waits for it (not armed: no restart)', async () => {
    const s = child('process.exit(2)', false);
    await until('the exit', () => s.exited() !== undefined);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.exited()).to.match(/^exited \(2\)/);
    expect(spawned).to.equal(1);
    expect(said).to.deep.equal([]);
  });
});
