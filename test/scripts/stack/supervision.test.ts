// The supervised stack, for real: the test stack's workers and API processes are killed with -9.
// The launcher (this very process: the test harness started the stack) must restart them and say
// so; /health must go degraded (503, naming the workers) and come back; every e-mail of a burst must
// arrive exactly once, the ones the killed process had claimed well before their five-minute lease.
import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../../lib/db.ts';
import { enqueueMessage } from '../../../lib/notifications/index.ts';
import { insertProcessLink } from '../../../lib/process-start/repository.ts';
import { eventually, testConfig, testStack } from '../../support/stack.ts';

/**
 * A workers process that ended (killed or stopped) may leave its last long poll open on the engine,
 * which would lock a task created meanwhile for a worker that is gone: let it run out, so that no
 * later test finds its task held (as in test/integration/notify.test.ts).
 */
async function settleLongPoll(endedAt: number): Promise<void> {
  const wait = endedAt + testConfig().workers.asyncResponseTimeoutMs + 1000 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

interface HealthSample { at: number; status: number | 'down'; body: any }

/** Polls /health every 100 ms until stopped: what a monitor would have seen. */
function watchHealth(url: string): { samples: HealthSample[]; stop(): Promise<void> } {
  const samples: HealthSample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = Date.now();
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
        samples.push({ at, status: res.status, body: await res.json() });
      } catch {
        samples.push({ at, status: 'down', body: undefined });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return { samples, async stop() { stopped = true; await loop; } };
}

async function health(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/health`);
  return { status: res.status, body: await res.json() };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe('launcher: a supervised stack (kill -9 of the workers and of the API)', function () {
  this.timeout(180000);
  let db: Db;
  const processKey = `test-supervised-${randomBytes(4).toString('hex')}`;
  const child = (name: 'api' | 'workers') => testStack().children().find((c) => c.name === name);
  const liveRecord = async (role: string, pid: number | undefined) =>
    db('runtime_processes').where({ role, pid }).whereNull('stopped_at').whereNull('dead_at').first();

  before(async () => {
    db = createDb(testStack().database.appUrl, 4);
    // Start from a healthy stack: every topic polled, the dispatcher and the starter running.
    await eventually('the stack healthy', async () => ((await health(testStack().apiUrl)).status === 200 ? true : undefined), 90000);
  });
  after(async () => {
    testStack().smtpSink?.release();
    await db('process_links').where({ process_key: processKey }).delete();
    await db.destroy();
  });

  it('reports the processes behind the API on /health: workers polling every topic, the dispatcher, the starter, the launcher', async () => {
    const { status, body } = await health(testStack().apiUrl);
    expect(status).to.equal(200);
    expect(body).to.include({ status: 'ok' });
    expect(body.database).to.deep.equal({ ok: true });
    expect(body.reasons).to.deep.equal([]);
    const workersPid = child('workers')!.pid;
    expect(body.workers.processes.map((p: { pid: number }) => p.pid)).to.include(workersPid);
    expect(body.workers.topics.length).to.be.greaterThan(5);
    expect(body.workers.topics.every((t: { ok: boolean }) => t.ok)).to.equal(true);
    expect(body.mail.ok).to.equal(true);
    expect(body.processStarter.ok).to.equal(true);
    expect(body.launcher.children.map((c: { name: string; state: string }) => [c.name, c.state]))
      .to.deep.include.members([['api', 'running'], ['workers', 'running']]);
  });

  it('restarts the workers killed during a burst of e-mails and says so; /health goes 503 and back; each e-mail arrives once, the dead one\'s claims within seconds', async () => {
    const stack = testStack();
    const sink = stack.smtpSink;
    if (!sink) throw new Error('this test needs the stack\'s mail sink (HROMADA_SMTP_URL must not be set)');
    const run = randomBytes(4).toString('hex');
    const N = 24;
    const to = (i: number) => `burst-${run}-${i}@example.org`;
    const before = child('workers')!;
    const deadRecord = await liveRecord('workers', before.pid);
    expect(deadRecord, 'the workers process has its record').to.not.equal(undefined);

    // The dispatcher's sends stop at RCPT TO, before any of a message is sent: the kill then finds
    // the process with claimed e-mails none of which has reached the server.
    sink.hold((recipient) => recipient.startsWith(`burst-${run}-`));
    await db.transaction(async (trx) => {
      for (let i = 0; i < N; i++) {
        await enqueueMessage(trx, { eventKey: `burst:${run}:${i}`, to: to(i), template: 'appeal-registered', params: { trackingCode: 'K7Q-2M4', registrationIndex: `Ш-${i}`, dueOn: '2026-12-11' } });
      }
    });
    await eventually('the dispatcher in the middle of its sends', async () => (sink.held() >= 4 ? true : undefined), 20000);
    const claimed = await db('outbox_messages').where({ claimed_by: deadRecord.id, state: 'pending' }).whereLike('event_key', `burst:${run}:%`).pluck('event_key');
    expect(claimed, 'e-mails the process holds when it dies').to.have.length(4);

    const watcher = watchHealth(stack.apiUrl);
    const t0 = Date.now();
    process.kill(before.pid!, 'SIGKILL');
    await eventually('the launcher to notice', async () => (stack.said().some((l) => l.startsWith('the workers (workers/main.ts) ended (signal SIGKILL)')) ? true : undefined), 10000);
    sink.release();

    const mine = async () => (await stack.mailbox()).filter((m) => m.to.startsWith(`burst-${run}-`));
    await eventually('every e-mail of the burst delivered', async () => ((await mine()).length >= N ? true : undefined), 120000);
    const delivered = sink.messages().filter((m) => m.to.startsWith(`burst-${run}-`));
    const claimedMails = delivered.filter((m) => claimed.some((k) => m.to === to(Number(k.split(':')[2]))));
    const claimedDoneMs = Math.max(...claimedMails.map((m) => m.receivedAt.getTime())) - t0;
    const allDoneMs = Math.max(...delivered.map((m) => m.receivedAt.getTime())) - t0;
    await eventually('/health ok again', async () => ((await health(stack.apiUrl)).status === 200 ? true : undefined), 60000);
    const healthyMs = Date.now() - t0;
    await watcher.stop();
    if (process.env.HROMADA_TEST_DEBUG_HEALTH) {
      let last = '';
      for (const s of watcher.samples) {
        const line = `${s.status} ${JSON.stringify(s.body?.reasons)}`;
        if (line !== last) console.log(`        ${seconds(s.at - t0)} ${line}`);
        last = line;
      }
    }
    const restarted = child('workers')!;
    console.log(`      (workers killed with 4 e-mails claimed: restarted pid ${restarted.pid}; those 4 delivered ${seconds(claimedDoneMs)} after the kill, `
      + `all ${N} after ${seconds(allDoneMs)}; /health ok again after ${seconds(healthyMs)})`);

    // Restarted, and said so.
    expect(restarted.pid).to.not.equal(before.pid);
    expect(restarted.restarts).to.equal(before.restarts + 1);
    const lines = stack.said();
    expect(lines.some((l) => new RegExp(`^the workers \\(workers/main\\.ts\\) ended \\(signal SIGKILL\\) after [\\d.]+ s: restarting it in 1\\.0 s \\(restart ${restarted.restarts};`).test(l)), lines.join('\n')).to.equal(true);
    expect(lines).to.include(`the workers (workers/main.ts) restarted (pid ${restarted.pid}, restart ${restarted.restarts})`);

    // Exactly once each, the dead process's claims well before their lease.
    expect(delivered.map((m) => m.to).sort()).to.deep.equal(Array.from({ length: N }, (_, i) => to(i)).sort());
    expect(claimedMails).to.have.length(4);
    expect(claimedDoneMs, 'the claimed e-mails go out long before the 5-minute lease').to.be.below(60000);
    const rows = await db('outbox_messages').whereLike('event_key', `burst:${run}:%`);
    expect(rows.every((r) => r.state === 'sent')).to.equal(true);
    const newRecord = await liveRecord('workers', restarted.pid);
    for (const r of rows.filter((x) => claimed.includes(x.event_key))) {
      expect(r, r.event_key).to.include({ attempts: 2, claimed_by: newRecord.id });
    }
    expect((await db('runtime_processes').where({ id: deadRecord.id }).first()).dead_at, 'the killed process is recorded dead').to.not.equal(null);

    // What a monitor saw: 503 naming the workers after the kill, then 200.
    const degraded = watcher.samples.filter((s) => s.status === 503);
    expect(degraded.length, 'a 503 after the kill').to.be.greaterThan(0);
    const first = degraded[0]!;
    expect(first.body.status).to.equal('degraded');
    expect(first.body.workers.ok).to.equal(false);
    expect(first.body.reasons.some((r: string) => /workers/.test(r)), JSON.stringify(first.body.reasons)).to.equal(true);
    // (Back to 200: the wait for "/health ok again" above.)
    console.log(`      (/health: first 503 ${seconds(first.at - t0)} after the kill, ${degraded.length} degraded samples of ${watcher.samples.length})`);
    const { body } = await health(stack.apiUrl);
    expect(body.launcher.children.find((c: { name: string }) => c.name === 'workers')).to.include({ state: 'running', restarts: restarted.restarts, lastExit: 'signal SIGKILL', pid: restarted.pid });
    await settleLongPoll(t0);
  });

  it('restarts the API killed with -9 and says so; /health is ok again; its claimed process starts are released', async () => {
    const stack = testStack();
    const before = child('api')!;
    const record = await liveRecord('api', before.pid);
    expect(record).to.not.equal(undefined);
    // A process start the API holds when it dies (a key no starter starts, so the release is what shows).
    const linkId = await insertProcessLink(db, { businessKey: randomUUID(), processKey, variables: {} });
    await db('process_links').where({ id: linkId }).update({ claimed_by: record.id, lease_until: db.raw(`now() + interval '60 seconds'`) });

    const t0 = Date.now();
    process.kill(before.pid!, 'SIGKILL');
    await eventually('the launcher to notice', async () => (stack.said().some((l) => l.startsWith('the API (api/main.ts) ended (signal SIGKILL)')) ? true : undefined), 10000);
    await eventually('the claimed start released', async () => ((await db('process_links').where({ id: linkId }).first()).claimed_by === null ? true : undefined), 30000);
    const releasedMs = Date.now() - t0;
    await eventually('/health ok again', async () => ((await health(stack.apiUrl).catch(() => ({ status: 0 }))).status === 200 ? true : undefined), 90000);
    const healthyMs = Date.now() - t0;
    const restarted = child('api')!;
    console.log(`      (API killed: restarted pid ${restarted.pid}; its claimed process start released ${seconds(releasedMs)} after the kill, /health ok after ${seconds(healthyMs)})`);

    expect(restarted.pid).to.not.equal(before.pid);
    expect(restarted.restarts).to.equal(before.restarts + 1);
    expect(stack.said()).to.include(`the API (api/main.ts) restarted (pid ${restarted.pid}, restart ${restarted.restarts})`);
    expect(releasedMs).to.be.below(60000);
    expect(await db('process_links').where({ id: linkId }).first()).to.include({ state: 'pending', lease_until: null });
    const { body } = await health(stack.apiUrl);
    expect(body.status).to.equal('ok');
    expect(body.launcher.children.find((c: { name: string }) => c.name === 'api')).to.include({ state: 'running', restarts: restarted.restarts, lastExit: 'signal SIGKILL' });
    // The restarted API serves as before.
    const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'clerk', password: 'demo' }) });
    expect(login.status).to.equal(200);
  });

  it('does not restart the workers stopped on purpose, and starts them again on request', async () => {
    const stack = testStack();
    const before = child('workers')!;
    const saidBefore = stack.said().length;
    await stack.stopWorkers();
    const stoppedAt = Date.now();
    await new Promise((r) => setTimeout(r, 2500));
    expect(child('workers'), 'stopped and not restarted').to.equal(undefined);
    expect(stack.said().slice(saidBefore).filter((l) => l.includes('workers'))).to.deep.equal([]);
    const stopped = await db('runtime_processes').where({ role: 'workers', pid: before.pid }).orderBy('started_at', 'desc').first();
    expect(stopped.stopped_at, 'recorded as stopped cleanly').to.not.equal(null);
    const { status, body } = await health(stack.apiUrl);
    expect(status).to.equal(503);
    expect(body.workers.ok).to.equal(false);
    expect(body.launcher.children.find((c: { name: string }) => c.name === 'workers')).to.include({ state: 'stopped' });
    await stack.startWorkers();
    await eventually('/health ok again', async () => ((await health(stack.apiUrl)).status === 200 ? true : undefined), 60000);
    await settleLongPoll(stoppedAt);
  });
});
