// The claims of a process known dead come back at once, and never at the price of a second e-mail
// or a second process start: run against the live test stack, whose API and workers processes sweep
// for dead processes (lib/supervision/reaper.ts) and whose dispatcher sends to the stack's mail sink.
// The dead or stalled processes here are records this test writes, holding claims it sets up.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { createDb, type Db } from '../../../lib/db.ts';
import { createMailDispatcher, messageIdFor, type MailTransport } from '../../../lib/notifications/dispatcher.ts';
import { enqueueMessage } from '../../../lib/notifications/index.ts';
import { findOutboxMessage, lockOutboxClaim, type OutboxMessage } from '../../../lib/notifications/repository.ts';
import { insertProcessLink, lockProcessLinkClaim, markProcessLinkStarted } from '../../../lib/process-start/repository.ts';
import { eventually, testStack } from '../../support/stack.ts';

const silent = { info() {}, warn() {}, error() {}, debug() {} };
const ELSEWHERE = 'elsewhere.invalid';

/** A pid that surely belonged to a process of this host that has ended. */
async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await once(p, 'exit');
  return p.pid!;
}

describe('supervision: claims of processes known dead', function () {
  this.timeout(60000);
  let db: Db;
  const fakes: string[] = [];
  const keys: string[] = [];
  const processKey = `test-supervision-${randomBytes(4).toString('hex')}`;
  const from = () => testStack().runtimeEnv.HROMADA_MAIL_FROM!;
  const mailFor = async (key: string) => (await testStack().mailbox()).filter((m) => m.messageId === messageIdFor(key, from()));

  /** A workers process record: on `host` with `pid`, its heartbeat `silentSeconds` old. */
  async function processRecord(host: string, pid: number, silentSeconds: number): Promise<string> {
    const id = `workers:${host}:${pid}:${randomBytes(3).toString('hex')}`;
    await db.raw(`INSERT INTO runtime_processes (id, role, pid, host, started_at, beat_at)
                  VALUES (?, 'workers', ?, ?, now() - interval '1 hour', now() - make_interval(secs => ?))`, [id, pid, host, silentSeconds]);
    fakes.push(id);
    return id;
  }

  /** An e-mail queued and, in the same transaction, claimed by `holder` (attempt 1, the 5-minute lease). */
  async function claimedMessage(holder: string): Promise<OutboxMessage> {
    const id = randomUUID();
    const key = `appeal:${id}:registered`;
    keys.push(key);
    await db.transaction(async (trx) => {
      await enqueueMessage(trx, { eventKey: key, to: `citizen-${id.slice(0, 8)}@example.org`, template: 'appeal-registered', params: { trackingCode: 'K7Q-2M4', registrationIndex: 'Ш-17', dueOn: '2026-12-11' } });
      await trx('outbox_messages').where({ event_key: key }).update({ claimed_by: holder, attempts: 1, next_attempt_at: trx.raw(`now() + interval '300 seconds'`) });
    });
    return (await findOutboxMessage(db, key))!;
  }

  /** A process start claimed by `holder` for the starter's 60 s lease (a key no starter starts). */
  async function claimedStart(holder: string): Promise<{ id: number; leaseToken: string }> {
    const id = await insertProcessLink(db, { businessKey: randomUUID(), processKey, variables: {} });
    const { rows: [row] } = await db.raw(`UPDATE process_links SET claimed_by = ?, lease_until = now() + interval '60 seconds' WHERE id = ? RETURNING lease_until::text AS token`, [holder, id]);
    return { id, leaseToken: row.token };
  }

  before(() => { db = createDb(testStack().database.appUrl, 4); });
  after(async () => {
    await db('process_links').where({ process_key: processKey }).delete();
    await db('runtime_processes').whereIn('id', fakes).delete();
    await db.destroy();
  });

  for (const [why, host, silent, pid] of [
    ['pid is gone on this host', os.hostname(), 0, deadPid],
    ['heartbeat is stale (another host)', ELSEWHERE, 3600, async () => 4242],
  ] as const) {
    it(`releases at once the e-mails and process starts of a process whose ${why}; the e-mail goes out once`, async () => {
      const holder = await processRecord(host, await pid(), silent);
      const message = await claimedMessage(holder);
      const start = await claimedStart(holder);
      const t0 = Date.now();

      const sent = await eventually('the e-mail sent by a live dispatcher', async () => {
        const row = await findOutboxMessage(db, message.eventKey);
        return row?.state === 'sent' ? row : undefined;
      }, 20000);
      const seconds = (Date.now() - t0) / 1000;
      console.log(`      (released and sent ${seconds.toFixed(1)} s after the claim; its lease had 300 s to run)`);
      expect(seconds, 'well before the 5-minute lease').to.be.below(15);
      expect(sent.attempts, 'the dead holder\'s attempt counts').to.equal(2);
      expect(sent.claimedBy).to.match(/^workers:/).and.not.equal(holder);
      expect(await mailFor(message.eventKey)).to.have.length(1);

      const link = await db('process_links').where({ id: start.id }).first();
      expect(link).to.include({ state: 'pending', claimed_by: null, lease_until: null });
      const record = await db('runtime_processes').where({ id: holder }).first();
      expect(record.dead_at, 'the process is recorded as dead').to.not.equal(null);
    });
  }

  it('does not release an e-mail its holder is sending (alive but taken for dead): the holder marks it and nobody sends it again', async () => {
    const holder = await processRecord(ELSEWHERE, 4243, 3600);
    const message = await claimedMessage(holder);
    let resume: (() => void) | undefined;
    const calls: string[] = [];
    const transport: MailTransport = {
      async sendMail(m) {
        calls.push(String(m.messageId));
        await new Promise<void>((r) => { resume = r; });
        return { messageId: String(m.messageId) };
      },
    };
    const slow = createMailDispatcher({ db, transport, from: from(), log: silent, owner: holder });
    const sending = slow.sendClaimed(message);
    try {
      await eventually('the slow holder to be sending', async () => (calls.length === 1 ? true : undefined));
      await eventually('the holder taken for dead', async () => ((await db('runtime_processes').where({ id: holder }).first()).dead_at ? true : undefined), 20000);
      // Two more sweeps of the reapers (every 2 s): the locked row is skipped each time.
      await new Promise((r) => setTimeout(r, 4500));
      expect(await findOutboxMessage(db, message.eventKey)).to.include({ state: 'pending', claimedBy: holder, attempts: 1 });
    } finally {
      resume?.();
    }
    expect(await sending).to.equal(true);
    expect(await findOutboxMessage(db, message.eventKey)).to.include({ state: 'sent', claimedBy: holder, attempts: 1 });
    await new Promise((r) => setTimeout(r, 3000));
    expect(calls).to.have.length(1);
    expect(await mailFor(message.eventKey), 'the stack\'s dispatcher never sent it').to.have.length(0);
  });

  it('a holder that stalled before sending finds its released claim gone and sends nothing; the e-mail goes out once', async () => {
    const holder = await processRecord(ELSEWHERE, 4244, 3600);
    const message = await claimedMessage(holder);
    await eventually('the claim released', async () => ((await findOutboxMessage(db, message.eventKey))?.claimedBy !== holder ? true : undefined), 20000);

    const calls: string[] = [];
    const transport: MailTransport = { async sendMail(m) { calls.push(String(m.messageId)); return {}; } };
    const stalled = createMailDispatcher({ db, transport, from: from(), log: silent, owner: holder });
    expect(await stalled.sendClaimed(message), 'its claim is not current any more').to.equal(false);
    expect(calls).to.deep.equal([]);

    await eventually('the e-mail sent by the stack', async () => ((await findOutboxMessage(db, message.eventKey))?.state === 'sent' ? true : undefined), 20000);
    expect(await mailFor(message.eventKey)).to.have.length(1);
  });

  it('a holder waits for a lock held an instant by someone else (a concurrent claim), not for a whole send', async () => {
    const holder = await processRecord(ELSEWHERE, 4246, 0);
    const message = await claimedMessage(holder);
    const claim = { claimedBy: holder, attempt: 1 };
    /** Another connection holds the row's lock for `ms`. */
    const holdLock = async (ms: number) => {
      let locked!: () => void;
      const taken = new Promise<void>((r) => { locked = r; });
      const done = db.transaction(async (trx) => {
        await trx.raw('SELECT id FROM outbox_messages WHERE id = ? FOR UPDATE', [message.id]);
        locked();
        await new Promise((r) => setTimeout(r, ms));
      });
      await taken;
      return { done };
    };

    const brief = await holdLock(300);
    const t0 = Date.now();
    await db.transaction(async (trx) => {
      expect(await lockOutboxClaim(trx, message.id, claim), 'its claim, once the instant is over').to.equal(true);
      expect(Date.now() - t0).to.be.at.least(200);
    });
    await brief.done;

    const long = await holdLock(4000);
    await db.transaction(async (trx) => {
      expect(await lockOutboxClaim(trx, message.id, claim), 'someone else is sending it: not this claim').to.equal(false);
      // The transaction stays usable after the wait ran out.
      expect((await trx.raw('select 1 as one')).rows).to.deep.equal([{ one: 1 }]);
    });
    await long.done;
    await db('outbox_messages').where({ id: message.id }).update({ state: 'failed' });
  });

  it('does not release a process start in progress; a released one cannot be started by its old holder', async () => {
    const holder = await processRecord(ELSEWHERE, 4245, 3600);
    const busy = await claimedStart(holder);
    const stalled = await claimedStart(holder);
    const claim = (token: string) => ({ claimedBy: holder, leaseToken: token });
    await db.transaction(async (trx) => {
      expect(await lockProcessLinkClaim(trx, busy.id, claim(busy.leaseToken)), 'the holder locks its claim').to.equal(true);
      await eventually('the stalled one released', async () => ((await db('process_links').where({ id: stalled.id }).first()).claimed_by === null ? true : undefined), 20000);
      await new Promise((r) => setTimeout(r, 2500));
      expect(await db('process_links').where({ id: busy.id }).first(), 'locked: skipped by every sweep').to.include({ claimed_by: holder });
      await markProcessLinkStarted(trx, busy.id, 'pi-test', claim(busy.leaseToken));
    });
    expect(await db('process_links').where({ id: busy.id }).first()).to.include({ state: 'started', process_instance_id: 'pi-test', claimed_by: holder });
    await db.transaction(async (trx) => {
      expect(await lockProcessLinkClaim(trx, stalled.id, claim(stalled.leaseToken)), 'a released claim is gone').to.equal(false);
    });
  });
});
