// Two runs on one machine must not take each other's processes for leftovers; a dead run's must go.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { RunRecord, recordFileFor, runningIn } from '../../../scripts/stack/leftovers.ts';
import { profile } from '../../../scripts/stack/profiles.ts';
import { settlePorts, startStack } from '../../../scripts/stack/stack.ts';

function sleeper(): ChildProcess {
  return spawn('sleep', ['120'], { stdio: 'ignore' });
}

function running(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \([^)]*\) Z/.test(stat); // a zombie has ended
  } catch {
    return false;
  }
}

/** The record another launcher (pid `launcher`) would have written for the given children. */
function writeRecord(dir: string, dataDir: string, launcher: number, children: Array<[string, number]>, throwaway = true): void {
  const idOf = (pid: number) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return { pid, started: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19], command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() };
  };
  writeFileSync(recordFileFor(dataDir, dir), JSON.stringify({
    launcher: idOf(launcher), dataDir, throwaway, keepData: false,
    entries: children.map(([name, pid]) => ({ name, ...idOf(pid) })),
  }));
}

describe('launcher: run records and ports', function () {
  this.timeout(40000);
  let dir: string;
  const spawned: ChildProcess[] = [];
  const start = () => { const p = sleeper(); spawned.push(p); return p; };

  beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'hromada-records-')); });
  afterEach(() => {
    for (const p of spawned.splice(0)) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves alone the children of another run whose launcher still runs', async () => {
    const launcher = start();
    const child = start();
    writeRecord(dir, '/tmp/hromada-test-other', launcher.pid!, [['engine', child.pid!]]);
    await new RunRecord(mkdtempSync(path.join(dir, 'data-')), { throwaway: true, keepData: false }, dir).claim(() => {});
    expect(running(child.pid), 'the other run keeps its engine').to.equal(true);
    expect(existsSync(recordFileFor('/tmp/hromada-test-other', dir)), 'and its record').to.equal(true);
  });

  it('stops what a dead throwaway run left and removes its data folder', async () => {
    const launcher = start();
    const child = start();
    const deadData = mkdtempSync(path.join(dir, 'dead-'));
    writeRecord(dir, deadData, launcher.pid!, [['api/main.ts', child.pid!]]);
    launcher.kill('SIGKILL');
    await new Promise((r) => launcher.once('exit', r));
    const said: string[] = [];
    await new RunRecord(mkdtempSync(path.join(dir, 'data-')), { throwaway: true, keepData: false }, dir).claim((l) => said.push(l));
    await new Promise((r) => setTimeout(r, 100));
    expect(running(child.pid), 'the orphan is stopped').to.equal(false);
    expect(existsSync(deadData), 'its throwaway data folder is gone').to.equal(false);
    expect(existsSync(recordFileFor(deadData, dir))).to.equal(false);
    expect(said.join('\n')).to.match(/stopping api\/main\.ts \(pid \d+\)/);
  });

  it('keeps the orphans of another checkout\'s npm start for that checkout to clean up', async () => {
    const launcher = start();
    const child = start();
    writeRecord(dir, '/srv/other-checkout/data', launcher.pid!, [['engine', child.pid!]], false);
    launcher.kill('SIGKILL');
    await new Promise((r) => launcher.once('exit', r));
    await new RunRecord(mkdtempSync(path.join(dir, 'data-')), { throwaway: true, keepData: false }, dir).claim(() => {});
    expect(running(child.pid)).to.equal(true);
  });

  it('stops the leftovers of its own data folder and refuses a data folder a live run uses', async () => {
    const data = mkdtempSync(path.join(dir, 'dev-'));
    const launcher = start();
    const child = start();
    writeRecord(dir, data, launcher.pid!, [['postgres', child.pid!]], false);
    let refused: Error | undefined;
    await new RunRecord(data, { throwaway: false, keepData: false }, dir).claim(() => {}).catch((e: Error) => { refused = e; });
    expect(refused?.message).to.match(/another run already uses .* \(launcher pid \d+\)/);
    expect(running(child.pid)).to.equal(true);

    launcher.kill('SIGKILL');
    await new Promise((r) => launcher.once('exit', r));
    await new RunRecord(data, { throwaway: false, keepData: false }, dir).claim(() => {});
    await new Promise((r) => setTimeout(r, 100));
    expect(running(child.pid), 'the dead npm start\'s PostgreSQL is stopped').to.equal(false);
    expect(existsSync(data), 'a persistent data folder stays').to.equal(true);
  });

  it('stops every child it started when a signal comes during start-up', async function () {
    this.timeout(120000);
    const controller = new AbortController();
    let dataDir: string | undefined;
    let recorded: Array<{ name: string; pid: number }> = [];
    const say = (line: string) => {
      dataDir ??= /data in (\S+)\/pg$/.exec(line)?.[1];
      // The engine's JVM is spawned right after this line and needs many seconds to be up:
      // abort while it is starting, before the launcher has put it among the things it stops in order.
      if (line.startsWith('engine: starting')) {
        setTimeout(() => {
          recorded = runningIn(recordFileFor(dataDir!));
          controller.abort();
        }, 1500);
      }
    };
    const failure = await startStack('test', say, { signal: controller.signal }).then(
      async (stack) => { await stack.stop(); return undefined; },
      (e: Error) => e.message,
    );
    expect(failure).to.match(/interrupted by a signal/);
    expect(recorded.map((r) => r.name), 'PostgreSQL and the engine were running when the signal came').to.have.members(['postgres', 'engine']);
    for (const r of recorded) expect(running(r.pid), `${r.name} (pid ${r.pid}) is stopped`).to.equal(false);
    expect(existsSync(dataDir!), 'the throwaway data folder is removed').to.equal(false);
  });

  describe('busy ports', () => {
    let blocker: net.Server;
    let busy: number;
    before(async () => {
      blocker = net.createServer();
      await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
      busy = (blocker.address() as net.AddressInfo).port;
    });
    after(() => new Promise((r) => blocker.close(r)));

    it('moves a throwaway run to a free port and says so', async () => {
      const p = profile('test', dir, {});
      rmSync(p.dataDir, { recursive: true, force: true });
      p.ports.api = busy;
      const said: string[] = [];
      await settlePorts(p, (l) => said.push(l));
      expect(p.ports.api).to.not.equal(busy);
      expect(said.join('\n')).to.include(`port ${busy} for the API is taken (another run?): using ${p.ports.api}`);
    });

    it('refuses a busy port of npm start or one set by a variable, naming the variable', async () => {
      const dev = profile('dev', dir, { HROMADA_DATA_DIR: path.join(dir, 'd') });
      dev.ports.engine = busy;
      const refused = await settlePorts(dev, () => {}).then(() => undefined, (e: Error) => e.message);
      expect(refused).to.equal(`port ${busy} for the engine is taken: is another run going? Stop it, or set HROMADA_ENGINE_PORT (see README, Configuration)`);

      const explicit = profile('test', dir, { HROMADA_TEST_PG_PORT: String(busy) });
      rmSync(explicit.dataDir, { recursive: true, force: true });
      const refusedToo = await settlePorts(explicit, () => {}).then(() => undefined, (e: Error) => e.message);
      expect(refusedToo).to.match(/HROMADA_TEST_PG_PORT/);
    });
  });
});
