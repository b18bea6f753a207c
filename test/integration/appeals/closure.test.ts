// Citizens' appeals from the heads' consideration to closure, through every layer and as people
// work: the citizen posts through the API, the head and the executor log in, claim and complete
// their tasks through the API; the engine, the workers (record-appeal-outcome, legal-deadline,
// sign-appeal-answer), the outbox and the SMTP sink do the rest. At every step the citizen's
// tracking view and mailbox are checked: one e-mail per event, none twice, and only the first one
// carries the tracking code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { addDays } from '../../../lib/calendar/index.ts';
import { createDb, type Db } from '../../../lib/db.ts';
import type { EngineTask } from '../../../lib/engine-client.ts';
import { verifyAnswerXml } from '../../../lib/appeals/answer-signing.ts';
import { trackingCodeHash } from '../../../lib/cases/tracking-code.ts';
import { ApiSession, eventually, testStack } from '../../support/stack.ts';

interface Track {
  status: string;
  statusText: string;
  registrationIndex: string | null;
  department: { code: string; name: string } | null;
  dueDate: string | null;
  dueDateTime: string | null;
  dueExplanation: Record<string, unknown> | null;
  timeline: Array<{ status: string; statusText: string; department: { code: string } | null; note: string | null }>;
  result: Record<string, unknown> | null;
}

interface Problem {
  status: number;
  type: string;
  errors?: Array<{ field: string; message_uk: string }>;
}

let counter = 0;
function author(overrides: Record<string, unknown> = {}) {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  return {
    type: 'application',
    surname: 'Левченко',
    name: 'Оксана',
    address: `м. Київ, вул. Велика Васильківська, ${counter}`,
    email: `closure-${tag}@example.com`,
    text: 'Прошу встановити лавки у сквері біля будинку.',
    consent: true,
    ...overrides,
  } as Record<string, unknown> & { email: string };
}

describe('citizens\' appeals: consideration, forwarding, extension, answer, closure (Law 393/96-ВР)', function () {
  this.timeout(180000);
  let db: Db;
  let citizen: ApiSession;
  let head: ApiSession;
  let executor: ApiSession;

  before(async () => {
    db = createDb(testStack().database.appUrl, 2);
    citizen = new ApiSession();
    head = await ApiSession.login('head');
    executor = await ApiSession.login('executor');
  });
  after(async () => db.destroy());

  async function submit(body: Record<string, unknown>): Promise<{ code: string; id: string; receivedAt: string }> {
    const res = await citizen.request<{ trackingCode: string; receivedAt: string }>('POST', '/api/v1/appeals', body);
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const row = await db('appeals').where({ tracking_code_hash: trackingCodeHash(res.body.trackingCode) }).first('id');
    return { code: res.body.trackingCode, id: row.id as string, receivedAt: res.body.receivedAt };
  }

  async function taskOf(id: string, key: string, exclude: string[] = []): Promise<EngineTask> {
    return eventually(`task ${key}`, async () => {
      const tasks = await testStack().engine.client.queryTasks({ processInstanceBusinessKey: id, taskDefinitionKey: key, active: true });
      return tasks.find((t) => !exclude.includes(t.id));
    });
  }

  async function complete(session: ApiSession, taskId: string, variables: Record<string, unknown>) {
    const claimed = await session.request('POST', `/api/v1/tasks/${taskId}/claim`);
    expect(claimed.status, JSON.stringify(claimed.body)).to.equal(200);
    return session.request<Problem>('POST', `/api/v1/tasks/${taskId}/complete`, { variables });
  }

  async function track(code: string): Promise<Track> {
    const res = await citizen.request<Track>('GET', `/api/v1/track/${code}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body;
  }

  async function status(id: string, expected: string): Promise<void> {
    await eventually(`appeal status ${expected}`, async () => {
      const row = await db('appeals').where({ id }).first('status');
      return row?.status === expected ? true : undefined;
    });
  }

  async function ended(id: string): Promise<string[]> {
    const engine = testStack().engine.client;
    return eventually('the process to end', async () => {
      const [instance] = await engine.request<Array<{ id: string; state: string }>>('GET', `/history/process-instance?processInstanceBusinessKey=${id}`);
      if (instance?.state !== 'COMPLETED') return undefined;
      const ends = await engine.request<Array<{ activityId: string }>>('GET', `/history/activity-instance?processInstanceId=${instance.id}&activityType=noneEndEvent`);
      const terminates = await engine.request<Array<{ activityId: string }>>('GET', `/history/activity-instance?processInstanceId=${instance.id}&activityType=terminateEndEvent`);
      return [...ends, ...terminates].map((a) => a.activityId);
    });
  }

  /**
   * The author's mailbox once every queued e-mail of the appeal is sent: exactly one message per
   * outbox row (no event sent twice), in the order they were queued.
   */
  async function mailbox(id: string, email: string, count: number) {
    const rows = await eventually(`${count} e-mails of the appeal sent`, async () => {
      const all = await db('outbox_messages').where('event_key', 'like', `appeal:${id}:%`).orderBy('id').select('event_key', 'state', 'template', 'message_id');
      return all.length === count && all.every((r) => r.state === 'sent') ? all : undefined;
    }, 60000);
    const received = await eventually(`${count} messages in the sink`, async () => {
      const got = (await testStack().mailbox()).filter((m) => m.to.includes(email));
      return got.length >= count ? got : undefined;
    });
    expect(received, 'one e-mail per event, none twice').to.have.length(count);
    expect(new Set(received.map((m) => m.messageId)).size).to.equal(count);
    // The dispatcher sends due messages side by side, so the sink may get them in another order:
    // each message is matched to its outbox row by its Message-ID, and listed in the rows' order.
    const bare = (messageId: string) => messageId.replace(/^<|>$/g, '');
    const messages = rows.map((row) => {
      const message = received.find((m) => bare(m.messageId) === bare(row.message_id as string));
      expect(message, `the sink got the e-mail of ${row.event_key as string}`).to.not.equal(undefined);
      return message!;
    });
    return { rows: rows as Array<{ event_key: string; template: string }>, messages };
  }

  function onlyFirstCarriesCode(messages: Array<{ subject: string; text: string }>, code: string): void {
    const carrying = messages.filter((m) => m.subject.includes(code) || m.text.includes(code));
    expect(carrying, 'the tracking code is e-mailed once, in the receipt').to.have.length(1);
    expect(carrying[0]!.subject).to.match(/отримано/);
  }

  it('forwards a complaint to the competent body, never to the body complained about (Art. 7), and tells the author', async () => {
    const body = author({ type: 'complaint', text: 'Скарга на відмову районного управління соцзахисту у перерахунку пенсії.' });
    const { code, id } = await submit(body);
    const consider = await taskOf(id, 'consider-appeal');

    const unnamed = await complete(head, consider.id, { decision: 'forward', forwardTo: 'Головне управління Пенсійного фонду України в м. Києві' });
    expect(unnamed.status).to.equal(400);
    expect(unnamed.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(unnamed.body.errors?.map((e) => e.field)).to.include('variables.complainedBody');

    const toAccused = await complete(head, consider.id, {
      decision: 'forward', complainedBody: 'Управління соціального захисту населення', forwardTo: ' управління  соціального захисту населення ',
    });
    expect(toAccused.status).to.equal(400);
    expect(toAccused.body.errors?.map((e) => e.field)).to.deep.equal(['variables.forwardTo']);
    expect(toAccused.body.errors?.[0]?.message_uk).to.match(/ст\. 7/);

    const noBody = await complete(head, consider.id, { decision: 'forward' });
    expect(noBody.status).to.equal(400);
    expect(noBody.body.errors?.map((e) => e.field)).to.include('variables.forwardTo');

    const forwarded = await complete(head, consider.id, {
      decision: 'forward', complainedBody: 'Управління соціального захисту населення', forwardTo: 'Головне управління Пенсійного фонду України в м. Києві',
    });
    expect(forwarded.status, JSON.stringify(forwarded.body)).to.equal(204);
    expect(await ended(id)).to.deep.equal(['appeal-forwarded']);

    const view = await track(code);
    expect(view.status).to.equal('forwarded');
    expect(view.statusText).to.equal('Переслано за належністю');
    expect(view.timeline.map((e) => e.statusText)).to.deep.equal(['Отримано', 'Зареєстровано', 'На розгляді', 'Переслано за належністю']);
    expect(view.timeline.at(-1)!.note).to.include('Головне управління Пенсійного фонду України в м. Києві').and.include('ст. 7');
    expect(view.result).to.deep.include({ kind: 'forwarded', bodyName: 'Головне управління Пенсійного фонду України в м. Києві' });

    const { rows, messages } = await mailbox(id, body.email, 3);
    expect(rows.map((r) => r.template)).to.deep.equal(['appeal-received', 'appeal-registered', 'forwarded']);
    expect(messages.at(-1)!.text).to.include('Головне управління Пенсійного фонду України в м. Києві').and.include('/track');
    onlyFirstCarriesCode(messages, code);

    // Fastify logs every request's URL; the code in /track/<code> must not reach the log.
    const apiLog = readFileSync(path.join(testStack().profile.dataDir, 'logs', 'api.log'), 'utf8');
    expect(apiLog).to.include('/api/v1/track/[redacted]');
    expect(apiLog).to.not.include(code);
  });

  it('considers an appeal in 15 days, returns the draft once, approves, signs with the head\'s certificate and closes it', async () => {
    const body = author();
    const { code, id, receivedAt } = await submit(body);
    const consider = await taskOf(id, 'consider-appeal');
    expect((await complete(head, consider.id, { decision: 'consider', executorsDepartment: '99' })).body.errors?.map((e) => e.field))
      .to.deep.equal(['variables.executorsDepartment']);
    expect((await complete(head, consider.id, { decision: 'consider', executorsDepartment: '03', shortTerm: true })).status).to.equal(204);

    // Under consideration in the executing department, on the 15-day term (Art. 20).
    const prepare = await taskOf(id, 'prepare-appeal-answer');
    const short = await citizen.request<{ due: string; dueDateTime: string }>('GET', `/api/v1/deadlines?regime=appeal-short&received=${encodeURIComponent(receivedAt)}`);
    let view = await track(code);
    expect(view.status).to.equal('under-consideration');
    expect(view.department).to.deep.equal({ code: '03', name: 'Відділ виконання' });
    expect(view.dueDate).to.equal(short.body.due);
    expect(view.timeline.at(-1)!.note).to.include('Відділ виконання');
    expect(new Date(prepare.due!).getTime()).to.equal(new Date(short.body.dueDateTime).getTime());
    // The reminder and the escalation are timers the engine accepted: one before the due instant, one at it.
    const timers = await testStack().engine.client.request<Array<{ dueDate: string }>>('GET', `/job?processInstanceId=${prepare.processInstanceId}&timers=true`);
    const dues = timers.map((t) => new Date(t.dueDate).getTime()).sort((x, y) => x - y);
    expect(dues).to.have.length(2);
    expect(dues[1]).to.equal(new Date(short.body.dueDateTime).getTime());
    expect(dues[0]).to.be.below(dues[1]!);
    let mail = await mailbox(id, body.email, 3);
    expect(mail.rows.map((r) => r.template)).to.deep.equal(['appeal-received', 'appeal-registered', 'appeal-under-consideration']);
    expect(mail.messages.at(-1)!.text).to.include('Відділ виконання');

    // The executor's draft; the head returns it once (a counted loop), then approves the second.
    const incomplete = await complete(executor, prepare.id, { answerResult: 'satisfied' });
    expect(incomplete.status).to.equal(400);
    expect(incomplete.body.errors?.map((e) => e.field)).to.include('variables.answerText');
    expect((await complete(executor, prepare.id, { answerText: 'Лавки буде встановлено.', answerResult: 'satisfied' })).status).to.equal(204);
    const approve1 = await taskOf(id, 'approve-appeal-answer');
    expect((await complete(head, approve1.id, { approval: 'return' })).body.errors?.map((e) => e.field)).to.include('variables.approvalComment');
    expect((await complete(head, approve1.id, { approval: 'return', approvalComment: 'Зазначте строк і кількість лавок.' })).status).to.equal(204);
    const prepare2 = await taskOf(id, 'prepare-appeal-answer', [prepare.id]);
    const answerText = 'Шість лавок буде встановлено у сквері до 20 грудня 2026 року.';
    expect((await complete(executor, prepare2.id, { answerText, answerResult: 'satisfied' })).status).to.equal(204);
    const approve2 = await taskOf(id, 'approve-appeal-answer', [approve1.id]);
    // The signer is the session's user: a client's "approvedBy" is not a form field.
    expect((await complete(head, approve2.id, { approval: 'approve', approvedBy: 1 })).body.errors?.map((e) => e.field)).to.include('variables.approvedBy');
    expect((await complete(head, approve2.id, { approval: 'approve' })).status).to.equal(204);

    expect(await ended(id)).to.deep.equal(['appeal-closed']);
    const variables = await testStack().engine.client.request<Array<{ name: string; value: unknown }>>('GET', `/history/variable-instance?processInstanceId=${prepare.processInstanceId}&variableName=answerReturns`);
    expect(variables[0]?.value).to.equal(1);

    view = await track(code);
    expect(view.status).to.equal('answered');
    expect(view.statusText).to.equal('Надано відповідь');
    expect(view.result).to.deep.include({ kind: 'satisfied', answer: answerText });
    expect(view.timeline.map((e) => e.statusText)).to.deep.equal(['Отримано', 'Зареєстровано', 'На розгляді', 'На розгляді', 'Надано відповідь']);
    expect(JSON.stringify(view), 'no staff names on the citizen\'s page').to.not.include('Коваленко');

    // Signed by the approving head's personal certificate, verifiable against our CA.
    const answer = await db('appeal_answers').where({ appeal_id: id }).first();
    const headId = (await db('staff_users').where({ username: 'head' }).first('id')).id;
    expect(answer.signer_user_id).to.equal(headId);
    const ca = await citizen.request<string>('GET', '/api/v1/signing/ca.pem');
    const verified = verifyAnswerXml(answer.signed_xml, ca.body);
    expect(verified.valid, JSON.stringify(verified.problems)).to.equal(true);
    expect(verified.certificate?.commonName).to.equal('Андрій Коваленко');
    expect(verifyAnswerXml(answer.signed_xml.replace('Шість', 'Сім'), ca.body).valid, 'a changed answer fails').to.equal(false);

    mail = await mailbox(id, body.email, 4);
    expect(mail.rows.map((r) => r.template)).to.deep.equal(['appeal-received', 'appeal-registered', 'appeal-under-consideration', 'answer-ready']);
    expect(mail.messages.at(-1)!.subject).to.match(/Надано відповідь/);
    onlyFirstCarriesCode(mail.messages, code);
  });

  it('extends the term up to 45 days from receipt and refuses more (Art. 20), telling the author; a refusal states its ground', async () => {
    const body = author();
    const { code, id, receivedAt } = await submit(body);
    expect((await complete(head, (await taskOf(id, 'consider-appeal')).id, { decision: 'consider', executorsDepartment: '03' })).status).to.equal(204);
    const prepare = await taskOf(id, 'prepare-appeal-answer');
    expect((await complete(executor, prepare.id, { requestExtension: true })).body.errors?.map((e) => e.field)).to.include('variables.extensionReason');
    expect((await complete(executor, prepare.id, { requestExtension: true, extensionReason: 'Потрібне обстеження скверу комісією' })).status).to.equal(204);

    const extend = await taskOf(id, 'extend-appeal-term');
    const max = await citizen.request<{ due: string; dueDateTime: string }>('GET', `/api/v1/deadlines?regime=appeal-max&received=${encodeURIComponent(receivedAt)}`);
    const reason = 'Потрібне обстеження скверу комісією';
    const tooLate = await complete(head, extend.id, { extend: true, newDueDate: addDays(max.body.due, 1), extensionReason: reason });
    expect(tooLate.status).to.equal(400);
    expect(tooLate.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(tooLate.body.errors?.map((e) => e.field)).to.deep.equal(['variables.newDueDate']);
    expect(tooLate.body.errors?.[0]?.message_uk).to.include('сорока п’яти днів');
    const notLater = await complete(head, extend.id, { extend: true, newDueDate: addDays(receivedAt.slice(0, 10), 2), extensionReason: reason });
    expect(notLater.body.errors?.map((e) => e.field)).to.deep.equal(['variables.newDueDate']);
    expect((await complete(head, extend.id, { extend: true, newDueDate: max.body.due, extensionReason: reason })).status).to.equal(204);

    const prepare2 = await taskOf(id, 'prepare-appeal-answer', [prepare.id]);
    await status(id, 'term-extended');
    let view = await track(code);
    expect(view.statusText).to.equal('Строк продовжено');
    expect(view.dueDate).to.equal(max.body.due);
    // The extension is a term of its own, explained as lib/calendar explains every term.
    expect(view.dueDateTime).to.equal(max.body.dueDateTime);
    expect(view.dueExplanation).to.deep.include({ regime: 'appeal-extended', lastDay: max.body.due, decided: { to: max.body.due, limit: max.body.due } });
    expect(view.dueExplanation).to.include.keys('received', 'counted', 'start', 'daysCounted', 'skipped', 'martialLaw');
    expect(view.timeline.at(-1)!.note).to.include(reason);
    expect(prepare2.due!.slice(0, 10)).to.equal(max.body.due);
    let mail = await mailbox(id, body.email, 4);
    expect(mail.rows.map((r) => r.template)).to.deep.equal(['appeal-received', 'appeal-registered', 'appeal-under-consideration', 'term-extended']);
    const [y, m, d] = max.body.due.split('-');
    expect(mail.messages.at(-1)!.text).to.include(`${d}.${m}.${y}`).and.include(reason);

    // A refusal: its ground and how to appeal it reach the citizen.
    const ground = 'Сквер не належить до комунальної власності громади';
    expect((await complete(executor, prepare2.id, { answerText: 'Встановлення лавок неможливе.', answerResult: 'refused' })).body.errors?.map((e) => e.field))
      .to.include('variables.refusalGround');
    expect((await complete(executor, prepare2.id, { answerText: 'Встановлення лавок неможливе.', answerResult: 'refused', refusalGround: ground })).status).to.equal(204);
    expect((await complete(head, (await taskOf(id, 'approve-appeal-answer')).id, { approval: 'approve' })).status).to.equal(204);
    expect(await ended(id)).to.deep.equal(['appeal-closed']);
    view = await track(code);
    expect(view.statusText).to.equal('Відмовлено');
    expect(view.result).to.deep.include({ kind: 'refused', ground });
    expect(view.result?.howToAppeal).to.match(/суду/);
    mail = await mailbox(id, body.email, 5);
    expect(mail.rows.at(-1)!.template).to.equal('appeal-refused');
    expect(mail.messages.at(-1)!.text).to.include(ground).and.include('оскаржити');
    onlyFirstCarriesCode(mail.messages, code);
  });

  it('lists an Art. 22 priority appeal first in the heads\' tasks', async () => {
    const ordinary = await submit(author({ surname: 'Гнатюк' }));
    const priority = await submit(author({ surname: 'Ярема', priorityCategory: 'war-veteran' }));
    const [a, b] = [await taskOf(ordinary.id, 'consider-appeal'), await taskOf(priority.id, 'consider-appeal')];
    const list = await head.request<Array<{ id: string }>>('GET', '/api/v1/tasks');
    expect(list.status).to.equal(200);
    const ids = list.body.map((t) => t.id);
    expect(ids).to.include.members([a.id, b.id]);
    expect(ids.indexOf(b.id), 'the priority appeal, though newer, comes first').to.be.below(ids.indexOf(a.id));
  });
});
