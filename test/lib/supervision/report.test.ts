// What /health concludes from the heartbeats: pure judgement of a snapshot.
import { expect } from 'chai';
import type { BeatRow, ChildRow, ProcessRow } from '../../../lib/supervision/repository.ts';
import { assessSupervision, type Expectations, type Snapshot } from '../../../lib/supervision/report.ts';

const settings = { processStaleMs: 15000, pollStaleMs: 60000, passStaleMs: 60000 };
const at = '2026-11-28T10:00:00.000Z';

function proc(id: string, role: ProcessRow['role'], ageSeconds = 1): ProcessRow {
  return { id, role, pid: 100, host: 'h', startedAt: at, beatAt: at, ageSeconds };
}
function beat(processId: string, component: BeatRow['component'], ageSeconds: number, topic = ''): BeatRow {
  return { processId, component, topic, beatAt: at, ageSeconds };
}
function child(launcherId: string, name: string, state: ChildRow['state'], restarts = 0, lastExit: string | null = null): ChildRow {
  return { launcherId, name, state, pid: 7, restarts, lastExit, lastExitAt: lastExit ? at : null };
}

/** A healthy stack: one API, one workers process polling both topics, a launcher. */
function healthy(): Snapshot {
  return {
    processes: [proc('api-1', 'api'), proc('w-1', 'workers'), proc('l-1', 'launcher')],
    beats: [beat('w-1', 'poll', 2, 'a'), beat('w-1', 'poll', 2, 'b'), beat('w-1', 'mail', 0.5), beat('api-1', 'process-start', 3)],
    children: [child('l-1', 'api', 'running'), child('l-1', 'workers', 'running', 1, 'signal SIGKILL')],
  };
}

const expectations = (isAlive: Expectations['isAlive'] = (p) => p.ageSeconds <= 15): Expectations => ({ topics: ['a', 'b'], settings, isAlive });

describe('supervision: what /health concludes', () => {
  it('is ok when a live worker polled every topic, the dispatcher and the starter ran, and no child is restarting', () => {
    const report = assessSupervision(healthy(), expectations());
    expect(report.ok).to.equal(true);
    expect(report.reasons).to.deep.equal([]);
    expect(report.workers.ok).to.equal(true);
    expect(report.workers.processes.map((p) => p.id)).to.deep.equal(['w-1']);
    expect(report.workers.topics).to.deep.equal([
      { topic: 'a', lastPollAt: at, ageSeconds: 2, ok: true }, { topic: 'b', lastPollAt: at, ageSeconds: 2, ok: true },
    ]);
    expect(report.mail).to.deep.equal({ ok: true, lastPassAt: at, ageSeconds: 0.5 });
    expect(report.launcher).to.deep.equal({
      ok: true,
      children: [
        { name: 'api', state: 'running', pid: 7, restarts: 0, lastExit: null, lastExitAt: null },
        { name: 'workers', state: 'running', pid: 7, restarts: 1, lastExit: 'signal SIGKILL', lastExitAt: at },
      ],
    });
  });

  it('shows several worker processes side by side and takes the latest poll of any', () => {
    const s = healthy();
    s.processes.push(proc('w-2', 'workers'));
    s.beats = s.beats.filter((b) => !(b.processId === 'w-1' && b.topic === 'b'));
    s.beats.push(beat('w-2', 'poll', 1, 'a'), beat('w-2', 'poll', 1, 'b'), beat('w-1', 'poll', 70, 'b'));
    const report = assessSupervision(s, expectations());
    expect(report.workers.processes.map((p) => p.id)).to.deep.equal(['w-1', 'w-2']);
    expect(report.workers.topics.map((t) => t.ageSeconds)).to.deep.equal([1, 1]);
    expect(report.ok).to.equal(true);
  });

  it('is degraded, naming the workers, when the only workers process is dead (its polls no longer count)', () => {
    const report = assessSupervision(healthy(), expectations((p) => p.id !== 'w-1'));
    expect(report.ok).to.equal(false);
    expect(report.workers.ok).to.equal(false);
    expect(report.workers.processes).to.deep.equal([]);
    expect(report.workers.topics.every((t) => !t.ok && t.lastPollAt === null)).to.equal(true);
    expect(report.reasons).to.include('workers: no live workers process');
    expect(report.reasons).to.include('mail dispatcher: not running in any live process');
  });

  it('is degraded when a topic has not been polled within the threshold, naming it', () => {
    const s = healthy();
    s.beats = s.beats.map((b) => (b.topic === 'b' ? { ...b, ageSeconds: 61 } : b));
    const report = assessSupervision(s, expectations());
    expect(report.ok).to.equal(false);
    expect(report.workers.topics.find((t) => t.topic === 'b')).to.include({ ok: false, ageSeconds: 61 });
    expect(report.reasons).to.deep.equal(['workers: no poll within 60 s of 1 topic(s): b']);
  });

  it('is degraded while the launcher restarts a child, and says which and how it ended', () => {
    const s = healthy();
    s.children[1] = child('l-1', 'workers', 'restarting', 2, 'signal SIGKILL');
    const report = assessSupervision(s, expectations());
    expect(report.ok).to.equal(false);
    expect(report.workers.ok).to.equal(false);
    expect(report.launcher?.ok).to.equal(false);
    expect(report.reasons).to.deep.equal(['launcher: workers ended (signal SIGKILL) and is being restarted (restart 2)']);
  });

  it('reports no launcher when none is alive (processes started by hand), and ignores a dead one', () => {
    const s = healthy();
    s.children[1] = child('l-1', 'workers', 'restarting', 2);
    const report = assessSupervision(s, expectations((p) => p.role !== 'launcher'));
    expect(report.launcher).to.equal(null);
    expect(report.ok).to.equal(true);
  });

  it('is degraded when the mail dispatcher or the starter fell silent', () => {
    const s = healthy();
    s.beats = s.beats.map((b) => (b.component === 'mail' ? { ...b, ageSeconds: 90 } : b)).filter((b) => b.component !== 'process-start');
    const report = assessSupervision(s, expectations());
    expect(report.mail).to.deep.include({ ok: false, ageSeconds: 90 });
    expect(report.processStarter).to.deep.equal({ ok: false, lastPassAt: null, ageSeconds: null });
    expect(report.reasons).to.deep.equal(['mail dispatcher: last pass 90 s ago', 'process starter: not running in any live process']);
  });
});
