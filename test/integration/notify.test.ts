// E-mail notifications through the real stack: the outbox in PostgreSQL, the dispatcher in the
// workers process, nodemailer speaking SMTP to the stack's mail sink, and a process on the real
// engine whose `notify` task queues the e-mail. What is checked is what the citizen would see:
// how many e-mails arrive, to whom, with what subject and text.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { notifyEventKeyExpression, Topics, Variables } from '../../lib/notifications/manifest.ts';
import { createDb, type Db } from '../../lib/db.ts';
import { messageIdFor } from '../../lib/notifications/dispatcher.ts';
import { enqueueMessage, type OutgoingMessage } from '../../lib/notifications/index.ts';
import { findOutboxMessage, type OutboxMessage } from '../../lib/notifications/repository.ts';
import { createHandler } from '../../workers/topics/notifications/notify.ts';
import { eventually, testConfig, testStack } from '../support/stack.ts';

function unique(): { id: string; to: string } {
  const id = randomUUID();
  return { id, to: `citizen-${id.slice(0, 8)}@example.org` };
}

function registered(eventKey: string, to: string): OutgoingMessage {
  return { eventKey, to, template: 'appeal-registered', params: { trackingCode: 'K7Q-2M4', registrationIndex: 'Ш-17', dueOn: '2026-12-11' } };
}

describe('e-mail notifications (outbox, dispatcher, SMTP sink)', function () {
  this.timeout(120000);
  let db: Db;
  let workersStopped = false;
  const from = () => testStack().runtimeEnv.HROMADA_MAIL_FROM!;
  const sink = () => {
    const s = testStack().smtpSink;
    if (!s) throw new Error('these tests need the stack’s mail sink (HROMADA_SMTP_URL must not be set)');
    return s;
  };
  const mailFor = async (eventKey: string) => (await testStack().mailbox()).filter((m) => m.messageId === messageIdFor(eventKey, from()));
  const sent = (eventKey: string) => eventually(`e-mail ${eventKey} sent`, async () => {
    const row = await findOutboxMessage(db, eventKey);
    return row?.state === 'sent' ? row : undefined;
  }, 60000);

  before(() => { db = createDb(testStack().database.appUrl, 4); });
  after(async () => {
    // A failed test may leave the workers stopped; the suites after this one need them.
    if (workersStopped) await testStack().startWorkers();
    await db.destroy();
  });

  it('queues one e-mail per event key: the second enqueue is a no-op and one message arrives', async function () {
    const { id, to } = unique();
    const key = `appeal:${id}:registered`;
    expect(await db.transaction((trx) => enqueueMessage(trx, registered(key, to)))).to.equal(true);
    expect(await db.transaction((trx) => enqueueMessage(trx, registered(key, to)))).to.equal(false);
    expect(await db('outbox_messages').where({ event_key: key }).count<{ count: string }[]>('* as count')).to.deep.equal([{ count: '1' }]);

    const row = await sent(key);
    expect(row.attempts).to.equal(1);
    expect(row.messageId).to.equal(messageIdFor(key, from()));
    const mails = await mailFor(key);
    expect(mails).to.have.length(1);
    expect(mails[0]!.to).to.equal(to);
    expect(mails[0]!.subject).to.equal('Звернення зареєстровано за № Ш-17');
    expect(mails[0]!.text).to.include('не пізніше 11.12.2026');
  });

  it('queues nothing when the transaction that changes the state rolls back', async function () {
    const { id, to } = unique();
    const key = `appeal:${id}:registered`;
    const failed = await db.transaction(async (trx) => {
      await enqueueMessage(trx, registered(key, to));
      throw new Error('the state change failed');
    }).catch((error: Error) => error);
    expect(failed).to.be.instanceOf(Error);
    expect(await findOutboxMessage(db, key)).to.equal(undefined);
  });

  it('retries with backoff when the SMTP server refuses the first attempt, and delivers once', async function () {
    const { id, to } = unique();
    const key = `appeal:${id}:registered`;
    sink().rejectNext(1, { responseCode: 451, recipient: to });
    await db.transaction((trx) => enqueueMessage(trx, registered(key, to)));

    const row = await sent(key);
    expect(row.attempts, 'one refused attempt, one accepted').to.equal(2);
    expect(row.lastError).to.equal(null);
    expect(await mailFor(key)).to.have.length(1);
  });

  it('marks a message failed at once on a permanent (5xx) refusal, and sends nothing', async function () {
    const { id, to } = unique();
    const key = `appeal:${id}:registered`;
    sink().rejectNext(1, { responseCode: 550, recipient: to });
    await db.transaction((trx) => enqueueMessage(trx, registered(key, to)));

    const row = await eventually('the message failed', async () => {
      const r = await findOutboxMessage(db, key);
      return r?.state === 'failed' ? r : undefined;
    });
    expect(row.attempts).to.equal(1);
    expect(row.lastError).to.include('550');
    expect(await mailFor(key)).to.have.length(0);
  });

  it('the notify handler queues once however often the task is retried, and refuses what could never be sent', async function () {
    const handler = createHandler({ db, config: testConfig(), log: pino({ level: 'silent' }), now: () => new Date() });
    const { id, to } = unique();
    const input = {
      [Variables.notifyTemplate]: 'forwarded',
      [Variables.notifyTo]: to,
      [Variables.notifyParams]: { trackingCode: 'K7Q-2M4', bodyName: 'Київська обласна державна адміністрація' },
      [Variables.notifyEventKey]: `${id}:notify-citizen`,
    };
    expect(await handler(input)).to.deep.equal({});
    expect(await handler(input)).to.deep.equal({});
    expect(await db('outbox_messages').where({ event_key: `${id}:notify-citizen` }).count<{ count: string }[]>('* as count')).to.deep.equal([{ count: '1' }]);

    await handler({ ...input, [Variables.notifyTemplate]: 'no-such-template', [Variables.notifyEventKey]: `${id}:other` })
      .then(() => expect.fail('an unknown template must be refused'), (error: Error) => {
        expect(error.name).to.equal('ContractError');
        expect(error.message).to.include('no-such-template');
      });
    await handler({ ...input, [Variables.notifyParams]: { trackingCode: 'K7Q-2M4' }, [Variables.notifyEventKey]: `${id}:third` })
      .then(() => expect.fail('missing parameters must be refused'), (error: Error) => {
        expect(error.name).to.equal('ContractError');
        expect(error.message).to.include('"bodyName" is required');
      });
    expect(await findOutboxMessage(db, `${id}:other`)).to.equal(undefined);
    // What an input mapping with a null activity id would produce: refused rather than shared by every task.
    await handler({ ...input, [Variables.notifyEventKey]: `${id}:` })
      .then(() => expect.fail('a key with an empty part must be refused'), (error: Error) => expect(error.name).to.equal('ContractError'));
  });

  it('a process with a notify task sends its e-mail once', async function () {
    const engine = testStack().engine.client;
    const processKey = 'notify-probe';
    const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                  id="notify-probe-definitions" targetNamespace="https://hromada.kyiv.ua/bpmn/test">
  <bpmn:process id="${processKey}" name="Перевірка сповіщення" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="notify-citizen" name="Повідомити заявника" camunda:type="external" camunda:topic="${Topics.notify}">
      <bpmn:extensionElements>
        <camunda:inputOutput>
          <camunda:inputParameter name="${Variables.notifyEventKey}">${notifyEventKeyExpression('notify-citizen')}</camunda:inputParameter>
        </camunda:inputOutput>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="notify-citizen" />
    <bpmn:sequenceFlow id="f2" sourceRef="notify-citizen" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
    await engine.deploy(processKey, [{ name: `${processKey}.bpmn`, content: bpmn }]);

    const { id, to } = unique();
    const started = await engine.startProcess(processKey, id, {
      [Variables.notifyTemplate]: 'answer-ready',
      [Variables.notifyTo]: to,
      [Variables.notifyParams]: { trackingCode: 'K7Q-2M4', trackingUrl: 'https://hromada.example/track/K7Q-2M4' },
    });
    await eventually('the process to finish', async () => {
      const [instance] = await engine.request<Array<{ state: string }>>('GET', `/history/process-instance?processInstanceId=${started.id}`);
      return instance?.state === 'COMPLETED' ? true : undefined;
    });

    const key = `${started.id}:notify-citizen`;
    const row: OutboxMessage = await sent(key);
    expect(row.recipient).to.equal(to);
    const mails = await mailFor(key);
    expect(mails).to.have.length(1);
    expect(mails[0]!.to).to.equal(to);
    expect(mails[0]!.subject).to.equal('Надано відповідь на ваше звернення (код K7Q-2M4)');
    expect(mails[0]!.text).to.include('https://hromada.example/track/K7Q-2M4');
  });

  it('keeps a message queued while the dispatcher is down and sends it once after the restart', async function () {
    const { id, to } = unique();
    const key = `appeal:${id}:registered`;
    const stoppedAt = Date.now();
    await testStack().stopWorkers();
    workersStopped = true;
    await db.transaction((trx) => enqueueMessage(trx, registered(key, to)));
    const queued = await findOutboxMessage(db, key);
    expect(queued?.state).to.equal('pending');
    expect(queued?.attempts).to.equal(0);
    expect(await mailFor(key)).to.have.length(0);

    await testStack().startWorkers();
    workersStopped = false;
    const row = await sent(key);
    expect(row.attempts).to.equal(1);
    expect(await mailFor(key)).to.have.length(1);

    // The stopped runner's last long poll stays open on the engine until its timeout and would lock
    // a task created meanwhile for a worker that no longer exists (for the whole lock duration).
    // Let it run out, so that no later test finds its task held by the dead worker.
    const settle = stoppedAt + testConfig().workers.asyncResponseTimeoutMs + 1000 - Date.now();
    if (settle > 0) await new Promise((r) => setTimeout(r, settle));
  });
});
