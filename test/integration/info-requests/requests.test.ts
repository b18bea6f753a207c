// Requests for public information (Law 2939-VI) through every layer, as people work: the requester
// posts through the API, the public-information officer, the executors, the lawyer and the head log
// in, claim and complete their tasks through /api/v1/tasks; the engine, the workers, the outbox and
// the SMTP sink do the rest. In every branch the legal clock is the one the law sets (checked
// against /api/v1/deadlines), the requester's tracking view shows the step, and the mailbox holds
// exactly one e-mail per event.
import { expect } from 'chai';
import { createDb, type Db } from '../../../lib/db.ts';
import { createStaffUser } from '../../../lib/staff/repository.ts';
import type { EngineTask } from '../../../lib/engine-client.ts';
import { trackingCodeHash } from '../../../lib/cases/tracking-code.ts';
import { notAScan, samplePdf } from '../../support/files.ts';
import { ApiSession, eventually, testStack } from '../../support/stack.ts';
import { complete, deadline, ended, fields, taskOf, type Problem } from '../../support/workflow.ts';
import { pdfsig, pdftotext, removeDir, scratchDir } from '../../lib/answer-pdf/fixtures.ts';

interface Track {
  kind?: string;
  status: string;
  statusText: string;
  registrationIndex: string | null;
  department: { code: string; name: string } | null;
  dueDate: string | null;
  dueDateTime: string | null;
  dueExplanation: { regime?: string; decided?: { to: string } } | null;
  urgent: boolean;
  extension: { to: string; reason: string; article: string; notifiedAt: string | null } | null;
  forwarding: { holder: string; article: string } | null;
  deferral: { to: string; reason: string; article: string } | null;
  refusal: { ground: string; article: string; groundText: string; reason: string | null; howToAppeal: string } | null;
  fee: { pages: number; amountKopecks: number; rateKopecks: number; paidAt: string | null } | null;
  branches: Array<{ department: { code: string }; round: number; status: string }>;
  timeline: Array<{ status: string; statusText: string; note: string | null }>;
  result: Record<string, unknown> | null;
}

let counter = 0;
function requester(overrides: Record<string, unknown> = {}) {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  return {
    requesterName: 'Олег Гончаренко',
    email: `info-${tag}@example.com`,
    answerChannel: 'email',
    description: 'Прошу надати копію рішення про встановлення тарифів на вивезення побутових відходів на 2026 рік.',
    consent: true,
    ...overrides,
  } as Record<string, unknown> & { email: string };
}

describe('requests for public information (Law 2939-VI)', function () {
  this.timeout(240000);
  let db: Db;
  let citizen: ApiSession;
  let info: ApiSession;
  let executor: ApiSession;
  let lawyer: ApiSession;
  let head: ApiSession;
  let clerk: ApiSession;

  before(async () => {
    db = createDb(testStack().database.appUrl, 2);
    citizen = new ApiSession();
    info = await ApiSession.login('info');
    executor = await ApiSession.login('executor');
    lawyer = await ApiSession.login('lawyer');
    head = await ApiSession.login('head');
    clerk = await ApiSession.login('clerk');
  });
  after(async () => db.destroy());

  async function submit(body: Record<string, unknown>, session = citizen, path = '/api/v1/info-requests'): Promise<{ code: string; id: string; receivedAt: string }> {
    const res = await session.request<{ trackingCode: string; receivedAt: string }>('POST', path, body);
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const row = await db('info_requests').where({ tracking_code_hash: trackingCodeHash(res.body.trackingCode) }).first('id');
    return { code: res.body.trackingCode, id: row.id as string, receivedAt: res.body.receivedAt };
  }

  async function track(code: string): Promise<Track> {
    const res = await citizen.request<Track>('GET', `/api/v1/track/${code}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body;
  }

  async function status(id: string, expected: string): Promise<void> {
    await eventually(`request status ${expected}`, async () => {
      const row = await db('info_requests').where({ id }).first('status');
      return row?.status === expected ? true : undefined;
    }, 60000);
  }

  /** The requester's mailbox once every queued e-mail of the request is sent: one message per event. */
  async function mailbox(id: string, email: string, count: number) {
    const rows = await eventually(`${count} e-mails of the request sent`, async () => {
      const all = await db('outbox_messages').where('event_key', 'like', `info-request:${id}:%`).orderBy('id').select('event_key', 'state', 'template', 'message_id');
      return all.length === count && all.every((r) => r.state === 'sent') ? all : undefined;
    }, 60000);
    const received = await eventually(`${count} messages in the sink`, async () => {
      const got = (await testStack().mailbox()).filter((m) => m.to.includes(email));
      return got.length >= count ? got : undefined;
    });
    expect(received, 'one e-mail per event, none twice').to.have.length(count);
    // In the events' order: the dispatcher sends in parallel, so the sink's own order may differ.
    const bracketless = (messageId: string) => messageId.replace(/^<|>$/g, '');
    const messages = (rows as Array<{ message_id: string }>).map((row) => {
      const message = received.find((m) => bracketless(m.messageId) === bracketless(row.message_id));
      expect(message, `the e-mail ${row.message_id} in the sink`).to.not.equal(undefined);
      return message!;
    });
    return { templates: (rows as Array<{ template: string }>).map((r) => r.template), messages };
  }

  describe('intake', () => {
    it('refuses bad input with problem+json naming the field', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [requester({ urgent: true }), 'urgencyJustification'],
        [requester({ email: undefined, answerChannel: 'email', postalAddress: 'м. Київ, вул. Хрещатик, 36' }), 'email'],
        [requester({ answerChannel: 'post' }), 'postalAddress'],
        [requester({ email: undefined, answerChannel: 'portal' }), 'email'],
        [requester({ description: '   ' }), 'description'],
        [requester({ answerChannel: 'fax' }), 'answerChannel'],
        [requester({ consent: undefined }), 'consent'],
      ];
      for (const [body, field] of cases) {
        const res = await citizen.request<Problem>('POST', '/api/v1/info-requests', body);
        expect(res.status, `${field}: ${JSON.stringify(res.body)}`).to.equal(400);
        expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
        expect(res.body.errors?.map((e) => e.field), JSON.stringify(res.body)).to.include(field);
      }
      // Other channels are a clerk's: anonymous callers are refused, and the on-behalf route takes no portal requests.
      expect((await citizen.request('POST', '/api/v1/info-requests', requester({ channel: 'post' }))).status).to.equal(401);
      expect((await citizen.request('POST', '/api/v1/info-requests/on-behalf', requester({ channel: 'post' }))).status).to.equal(401);
      const portal = await clerk.request<Problem>('POST', '/api/v1/info-requests/on-behalf', requester());
      expect(portal.status).to.equal(400);
      expect(portal.body.errors?.map((e) => e.field)).to.deep.equal(['channel']);
      expect((await executor.request('POST', '/api/v1/info-requests/on-behalf', requester({ channel: 'post' }))).status).to.equal(403);
    });

    it('takes attached files with the request, and refuses a file of the wrong type or a bad request naming the part', async () => {
      const form = (json: unknown, files: Array<[Buffer, string]>) => {
        const f = new FormData();
        f.append('request', JSON.stringify(json));
        for (const [bytes, name] of files) f.append('files', new Blob([new Uint8Array(bytes)]), name);
        return f;
      };
      const before = Number((await db('info_requests').count({ n: '*' }))[0]!.n);
      const wrongType = await citizen.request<Problem>('POST', '/api/v1/info-requests/with-attachments', form(requester(), [[samplePdf('Копія відповіді'), 'a.pdf'], [notAScan(), 'b.pdf']]));
      expect(wrongType.status).to.equal(415);
      expect(wrongType.body.errors?.map((e) => e.field)).to.deep.equal(['files[1]']);
      const unjustified = await citizen.request<Problem>('POST', '/api/v1/info-requests/with-attachments', form(requester({ urgent: true }), [[samplePdf('Копія'), 'a.pdf']]));
      expect(unjustified.status).to.equal(400);
      expect(unjustified.body.errors?.map((e) => e.field)).to.include('request.urgencyJustification');
      expect(Number((await db('info_requests').count({ n: '*' }))[0]!.n), 'nothing stored').to.equal(before);

      const ok = await citizen.request<{ trackingCode: string }>('POST', '/api/v1/info-requests/with-attachments', form(requester(), [[samplePdf('Копія попередньої відповіді'), 'відповідь.pdf']]));
      expect(ok.status, JSON.stringify(ok.body)).to.equal(202);
      const row = await db('info_requests').where({ tracking_code_hash: trackingCodeHash(ok.body.trackingCode) }).first('id');
      const files = await db('info_request_attachments').where({ request_id: row.id }).select('position', 'type', 'display_name');
      expect(files).to.deep.equal([{ position: 0, type: 'application/pdf', display_name: 'відповідь.pdf' }]);
      await taskOf(row.id, 'triage-info-request');
    });

    it('registers an oral request a clerk entered without the Art. 19 p.5 content, and refuses it in writing (Art. 22 p.1 item 4)', async () => {
      const { code, id } = await submit({ channel: 'oral', answerChannel: 'portal', description: 'Скільки коштував ремонт дороги?' }, clerk, '/api/v1/info-requests/on-behalf');
      expect(await ended(id)).to.deep.equal(['info-refused-incomplete']);
      const view = await track(code);
      expect(view.kind).to.equal('info-request');
      expect(view.registrationIndex).to.match(/^ЗІ-\d+$/);
      expect(view.statusText).to.equal('Відмовлено');
      expect(view.refusal).to.deep.include({ ground: 'incomplete', article: 'ст. 22 ч. 1 п. 4' });
      expect(view.refusal!.howToAppeal).to.include('стаття 23');
      expect(view.timeline.map((e) => e.statusText)).to.deep.equal(['Отримано', 'Зареєстровано', 'Відмовлено']);
      expect(view.result).to.deep.include({ kind: 'refused' });
    });
  });

  it('answers in 5 working days: a department drafts, the lawyer reviews the masks, the head approves, the answer is signed, published and e-mailed', async () => {
    const body = requester();
    const { code, id, receivedAt } = await submit(body);
    const triage = await taskOf(id, 'triage-info-request');
    const five = await deadline('public-info', receivedAt);
    let view = await track(code);
    expect(view.status).to.equal('registered');
    expect(view.registrationIndex).to.match(/^ЗІ-\d+$/);
    expect(view.dueDate).to.equal(five.due);
    expect(view.dueDateTime).to.equal(five.dueDateTime);
    expect(view.dueExplanation?.regime).to.equal('public-info');
    expect(new Date(triage.due!).getTime(), 'the unit decides within the term').to.equal(new Date(five.dueDateTime).getTime());

    expect((await fetch(`${testStack().apiUrl}/api/v1/track/${code}/answer.pdf`)).status, 'no letter before the answer').to.equal(404);

    // The server refuses what the law does not allow, naming the field.
    expect(await fields(info, triage.id, { infoDecision: 'refuse', refusalReason: 'немає' })).to.include('variables.refusalGround');
    expect(await fields(info, triage.id, { infoDecision: 'refuse', refusalGround: 'dislike', refusalReason: 'немає' })).to.include('variables.refusalGround');
    expect(await fields(info, triage.id, { infoDecision: 'assign', infoDepartments: { '03': true }, chargeCopies: true, copyPages: 10 })).to.deep.equal(['variables.copyPages']);
    expect(await fields(info, triage.id, { infoDecision: 'assign', infoDepartments: { '03': true }, extend: true })).to.include('variables.extensionReason');
    expect(await fields(info, triage.id, { infoDecision: 'assign', infoDepartments: { '99': true } })).to.deep.equal(['variables.infoDepartments.99']);
    expect((await complete(info, triage.id, { infoDecision: 'assign', infoDepartments: { '03': true } })).status).to.equal(204);

    const prepare = await taskOf(id, 'prepare-info-answer');
    view = await track(code);
    expect(view.statusText).to.equal('На розгляді');
    expect(view.branches).to.deep.equal([{ department: { code: '03', name: 'Відділ виконання' }, round: 1, status: 'assigned' }]);
    // Reminder one working day before and the escalation at the end of the due day: timers the engine accepted.
    const timers = await testStack().engine.client.request<Array<{ dueDate: string }>>('GET', `/job?processInstanceId=${prepare.processInstanceId}&timers=true`);
    const dues = timers.map((t) => new Date(t.dueDate).getTime()).sort((a, b) => a - b);
    expect(dues).to.have.length(2);
    expect(dues[1]).to.equal(new Date(five.dueDateTime).getTime());
    expect(dues[0]).to.be.below(dues[1]!);

    expect(await fields(executor, prepare.id, {})).to.include('variables.branchAnswerText');
    const answerText = 'Рішення виконавчого органу від 12.03.2026 № 345 про тарифи додається. Довідки за телефоном заявника +380 67 123 45 67 не надаються.';
    expect((await complete(executor, prepare.id, { branchAnswerText: answerText })).status).to.equal(204);

    // The lawyer closes the task without finishing the review: signing refuses, the task comes back.
    const review1 = await taskOf(id, 'review-info-answer-masks');
    expect(await fields(lawyer, review1.id, { masksReviewed: false })).to.include('variables.masksReviewed');
    expect((await complete(lawyer, review1.id, { masksReviewed: true })).status).to.equal(204);
    const approve1 = await taskOf(id, 'approve-info-answer');
    expect(await fields(head, approve1.id, { approval: 'approve' })).to.include('variables.infoResult');
    expect((await complete(head, approve1.id, { approval: 'approve', infoResult: 'given' })).status).to.equal(204);
    const review2 = await taskOf(id, 'review-info-answer-masks', [review1.id]);

    // Now the real review through the answers API, then the approval and the signature.
    const answers = await lawyer.request<Array<{ answerId: string; round: number }>>('GET', `/api/v1/info-answers?requestId=${id}`);
    expect(answers.status, JSON.stringify(answers.body)).to.equal(200);
    const answerId = answers.body[0]!.answerId;
    const preview = await lawyer.request<{ masks: unknown[] }>('GET', `/api/v1/info-answers/${answerId}/preview`);
    expect(preview.status).to.equal(200);
    expect(preview.body.masks.length, 'the phone number is proposed for masking').to.be.greaterThan(0);
    const reviewed = await lawyer.request<{ reviewed: boolean }>('PATCH', `/api/v1/info-answers/${answerId}/masks`, { done: true });
    expect(reviewed.status, JSON.stringify(reviewed.body)).to.equal(200);
    expect((await complete(lawyer, review2.id, { masksReviewed: true })).status).to.equal(204);
    const approve2 = await taskOf(id, 'approve-info-answer', [approve1.id]);
    expect((await complete(head, approve2.id, { approval: 'approve', infoResult: 'given' })).status).to.equal(204);

    expect(await ended(id)).to.have.members(['branch-end', 'preparation-end', 'info-answered']);
    view = await track(code);
    expect(view.status).to.equal('answered');
    expect(view.statusText).to.equal('Надано відповідь');
    expect(view.result).to.deep.include({ kind: 'given' });
    expect(String(view.result!.answerUrl)).to.match(/\/verify\/[A-Za-z0-9_-]{22}$/);
    expect(view.branches.map((b) => b.status)).to.deep.equal(['drafted']);
    expect(JSON.stringify(view), 'no personal data or staff names in the view').to.not.include('Гончаренко').and.not.include('Шевчук').and.not.include('+380 67');

    const signed = await db('info_answer_pdfs').where({ answer_id: answerId, variant: 'recipient' }).first('signer_user_id', 'masked_text');
    const headId = (await db('staff_users').where({ username: 'head' }).first('id')).id;
    expect(signed.signer_user_id, 'signed with the approving head\'s certificate').to.equal(headId);
    expect(signed.masked_text).to.not.include('123 45 67');
    expect(await db('info_register').where({ answer_id: answerId }).first('result')).to.deep.equal({ result: 'provided' });

    // The requester gets the signed letter on the site by the tracking code; anyone finds the masked
    // copy in the public register; pdfsig verifies both, and neither holds the masked phone number.
    const dir = await scratchDir();
    try {
      const letter = await fetch(`${testStack().apiUrl}/api/v1/track/${code}/answer.pdf`);
      expect(letter.status).to.equal(200);
      expect(letter.headers.get('content-type')).to.equal('application/pdf');
      const letterPdf = Buffer.from(await letter.arrayBuffer());
      expect(await pdfsig(dir, letterPdf)).to.include('Signature is Valid');
      const letterText = await pdftotext(dir, letterPdf);
      expect(letterText).to.include(view.registrationIndex!).and.include('Гончаренко').and.not.include('123 45 67');

      const found = await citizen.request<{ items: Array<{ id: string; requestIndex: string; excerpt: string }> }>('GET', `/api/v1/register?q=${encodeURIComponent(view.registrationIndex!)}`);
      expect(found.status).to.equal(200);
      const entry = found.body.items.find((i) => i.requestIndex === view.registrationIndex);
      expect(entry, 'the answer is in the public register').to.not.equal(undefined);
      const shown = await citizen.request<{ text: string }>('GET', `/api/v1/register/${entry!.id}`);
      expect(shown.body.text).to.include('[приховано').and.not.include('123 45 67');
      expect(JSON.stringify(shown.body)).to.not.include('Гончаренко');
      const copy = Buffer.from(await (await fetch(`${testStack().apiUrl}/api/v1/register/${entry!.id}/pdf`)).arrayBuffer());
      expect(await pdfsig(dir, copy)).to.include('Signature is Valid');
      const copyText = await pdftotext(dir, copy);
      expect(copyText).to.not.include('123 45 67').and.not.include('Гончаренко');
    } finally {
      await removeDir(dir);
    }

    const mail = await mailbox(id, body.email, 3);
    expect(mail.templates).to.deep.equal(['info-request-received', 'info-request-registered', 'info-answer-ready']);
    expect(mail.messages.at(-1)!.text).to.include('/verify/');
    expect(mail.messages.filter((m) => m.text.includes(code)), 'the tracking code is e-mailed once').to.have.length(1);
  });

  it('gives a justified urgent request 48 hours (Art. 20 p.2) and refuses restricted information with its ground and how to appeal (Art. 22, 23)', async () => {
    const body = requester({ urgent: true, urgencyJustification: 'Аварія на тепломережі біля мого будинку: потрібні дані про стан довкілля.' });
    const { code, id, receivedAt } = await submit(body);
    const triage = await taskOf(id, 'triage-info-request');
    const urgent = await deadline('public-info-urgent', receivedAt);
    let view = await track(code);
    expect(view.urgent).to.equal(true);
    expect(view.dueDate).to.equal(urgent.due.slice(0, 10));
    expect(view.dueExplanation?.regime).to.equal('public-info-urgent');
    expect(new Date(triage.due!).getTime()).to.equal(new Date(urgent.dueDateTime).getTime());
    expect(await fields(info, triage.id, { infoDecision: 'assign', infoDepartments: { '03': true }, extend: true, extensionReason: 'Великий обсяг' })).to.deep.equal(['variables.extend']);

    const reason = 'Інформація містить відомості, що становлять службову інформацію; шкода від розголошення переважає суспільний інтерес.';
    expect((await complete(info, triage.id, { infoDecision: 'refuse', refusalGround: 'restricted', refusalReason: reason })).status).to.equal(204);
    expect(await ended(id)).to.deep.equal(['info-refused']);
    view = await track(code);
    expect(view.statusText).to.equal('Відмовлено');
    expect(view.refusal).to.deep.include({ ground: 'restricted', article: 'ст. 22 ч. 1 п. 2', reason });
    const mail = await mailbox(id, body.email, 3);
    expect(mail.templates).to.deep.equal(['info-request-received', 'info-request-registered', 'info-refused']);
    expect(mail.messages.at(-1)!.text).to.include(reason).and.include('стаття 23');
    expect(mail.messages[1]!.text).to.include('48 годин');
  });

  it('extends the term to 20 working days from receipt with a reasoned notice (Art. 20 p.4), in two departments at once', async () => {
    const body = requester();
    const { code, id, receivedAt } = await submit(body);
    const triage = await taskOf(id, 'triage-info-request');
    const reason = 'Запит стосується великого обсягу даних: договори за 2020–2026 роки.';
    expect((await complete(info, triage.id, { infoDecision: 'assign', infoDepartments: { '03': true, '04': true }, extend: true, extensionReason: reason })).status).to.equal(204);
    const twenty = await deadline('public-info-extended', receivedAt);
    const first = await taskOf(id, 'prepare-info-answer');
    const second = await taskOf(id, 'prepare-info-answer', [first.id]);
    expect(new Date(first.due!).getTime()).to.equal(new Date(twenty.dueDateTime).getTime());
    await status(id, 'under-consideration');
    const view = await track(code);
    expect(view.dueDate).to.equal(twenty.due);
    expect(view.extension).to.deep.include({ to: twenty.due, reason, article: 'ст. 20 ч. 4' });
    expect(view.extension!.notifiedAt).to.be.a('string');
    expect(view.timeline.map((e) => e.statusText)).to.deep.equal(['Отримано', 'Зареєстровано', 'Строк продовжено', 'На розгляді']);
    expect(view.branches.map((b) => b.department.code).sort()).to.deep.equal(['03', '04']);
    // Each department's task goes to its own group.
    const groups = await Promise.all([first, second].map((t) => testStack().engine.client.taskIdentityLinks(t.id)));
    const groupsOf = (task: EngineTask, all: typeof groups) => all[task === first ? 0 : 1]!.find((l) => l.type === 'candidate')?.groupId;
    expect(groups.map((links) => links.find((l) => l.type === 'candidate')?.groupId).sort()).to.deep.equal(['analysts', 'executors']);
    const mail = await mailbox(id, body.email, 3);
    expect(mail.templates).to.deep.equal(['info-request-received', 'info-request-registered', 'info-term-extended']);
    const [y, m, d] = twenty.due.split('-');
    expect(mail.messages.at(-1)!.text).to.include(`${d}.${m}.${y}`).and.include(reason);

    // The branches draft side by side; neither overwrites the other's part.
    const analyst = await ApiSession.login('analyst');
    const [mine, theirs] = groupsOf(first, groups) === 'executors' ? [first, second] : [second, first];
    expect((await complete(executor, mine.id, { branchAnswerText: 'Договори відділу виконання: 14 шт.' })).status).to.equal(204);
    expect((await complete(analyst, theirs.id, { branchAnswerText: 'Договори відділу організації процесів: 3 шт.' })).status).to.equal(204);
    await taskOf(id, 'review-info-answer-masks');
    const drafts = await db('info_request_branches as b').join('departments as d', 'd.id', 'b.department_id')
      .where({ 'b.request_id': id }).orderBy('d.code').select('d.code', 'b.draft_text', 'b.status');
    expect(drafts).to.deep.equal([
      { code: '03', draft_text: 'Договори відділу виконання: 14 шт.', status: 'drafted' },
      { code: '04', draft_text: 'Договори відділу організації процесів: 3 шт.', status: 'drafted' },
    ]);
    const answer = await db('info_answers').where({ request_id: id, round: 1 }).first('text');
    expect(answer.text).to.include('Відділ виконання:\nДоговори відділу виконання').and.include('Відділ організації процесів:\nДоговори відділу організації процесів');
  });

  it('forwards a request whose information another holder has, telling the requester (Art. 22 p.3)', async () => {
    const body = requester();
    const { code, id } = await submit(body);
    const triage = await taskOf(id, 'triage-info-request');
    expect(await fields(info, triage.id, { infoDecision: 'forward' })).to.include('variables.forwardTo');
    const holder = 'Департамент транспортної інфраструктури виконавчого органу Київської міської ради';
    expect((await complete(info, triage.id, { infoDecision: 'forward', forwardTo: holder })).status).to.equal(204);
    expect(await ended(id)).to.deep.equal(['info-forwarded']);
    const view = await track(code);
    expect(view.statusText).to.equal('Переслано за належністю');
    expect(view.forwarding).to.deep.equal({ holder, article: 'ст. 22 ч. 3' });
    expect(view.result).to.deep.include({ kind: 'forwarded' });
    const mail = await mailbox(id, body.email, 3);
    expect(mail.templates).to.deep.equal(['info-request-received', 'info-request-registered', 'info-forwarded']);
    expect(mail.messages.at(-1)!.text).to.include(holder);
  });

  it('defers for force majeure with a new term and the appeal route (Art. 22 p.6-7)', async () => {
    const body = requester();
    const { code, id, receivedAt } = await submit(body);
    const triage = await taskOf(id, 'triage-info-request');
    expect(await fields(info, triage.id, { infoDecision: 'defer', deferredTo: receivedAt.slice(0, 10), deferralReason: 'Обстріл' })).to.deep.equal(['variables.deferredTo']);
    const twenty = await deadline('public-info-extended', receivedAt);
    const reason = 'Архів пошкоджено внаслідок ракетного удару; доступ до документів неможливий.';
    expect((await complete(info, triage.id, { infoDecision: 'defer', deferredTo: twenty.due, deferralReason: reason })).status).to.equal(204);
    expect(await ended(id)).to.deep.equal(['info-deferred']);
    const view = await track(code);
    expect(view.statusText).to.equal('Розгляд відстрочено');
    expect(view.deferral).to.deep.equal({ to: twenty.due, reason, article: 'ст. 22 ч. 6–7' });
    expect(view.dueDate).to.equal(twenty.due);
    // The new day is explained as the decision's, not by the five working days it replaced.
    expect(view.dueDateTime).to.equal(twenty.dueDateTime);
    expect(view.dueExplanation).to.deep.include({ regime: 'public-info-deferred', decided: { to: twenty.due } });
    expect((await db('info_requests').where({ id }).first('due_explanation')).due_explanation.explanation.regime, 'stored so').to.equal('public-info-deferred');
    expect(String(view.result!.howToAppeal)).to.include('стаття 23');
    const mail = await mailbox(id, body.email, 3);
    expect(mail.templates).to.deep.equal(['info-request-received', 'info-request-registered', 'info-deferred']);
  });

  it('charges for copies over 10 pages (Art. 21, CMU 740): the answer waits for payment, then the department works on it', async () => {
    const body = requester();
    const { code, id } = await submit(body);
    const triage = await taskOf(id, 'triage-info-request');
    expect((await complete(info, triage.id, { infoDecision: 'assign', infoDepartments: { '03': true }, chargeCopies: true, copyPages: 25 })).status).to.equal(204);
    const payment = await taskOf(id, 'confirm-info-payment');
    let view = await track(code);
    expect(view.statusText).to.equal('Очікує оплати');
    expect(view.fee).to.deep.include({ pages: 25, amountKopecks: 15 * 865, rateKopecks: 865, paidAt: null });
    expect(view.branches, 'no department works on it before the payment').to.deep.equal([]);
    let mail = await mailbox(id, body.email, 3);
    expect(mail.templates).to.deep.equal(['info-request-received', 'info-request-registered', 'info-fee']);
    expect(mail.messages.at(-1)!.text).to.include('129,75 грн').and.include('25 с.');

    expect((await complete(info, payment.id, { paid: true })).status).to.equal(204);
    await taskOf(id, 'prepare-info-answer');
    view = await track(code);
    expect(view.statusText).to.equal('На розгляді');
    expect(view.fee!.paidAt).to.be.a('string');
    expect(view.branches.map((b) => b.department.code)).to.deep.equal(['03']);
    expect(view.timeline.map((e) => e.statusText)).to.deep.equal(['Отримано', 'Зареєстровано', 'Очікує оплати', 'На розгляді', 'На розгляді']);
    mail = await mailbox(id, body.email, 3);
  });

  it('refuses when the copying cost is not paid (Art. 22 p.1 item 3)', async () => {
    const body = requester();
    const { code, id } = await submit(body);
    expect((await complete(info, (await taskOf(id, 'triage-info-request')).id, { infoDecision: 'assign', infoDepartments: { '03': true }, chargeCopies: true, copyPages: 12 })).status).to.equal(204);
    const payment = await taskOf(id, 'confirm-info-payment');
    expect(await fields(info, payment.id, {})).to.include('variables.paid');
    expect((await complete(info, payment.id, { paid: false })).status).to.equal(204);
    expect(await ended(id)).to.deep.equal(['info-refused-unpaid']);
    const view = await track(code);
    expect(view.refusal).to.deep.include({ ground: 'unpaid', article: 'ст. 22 ч. 1 п. 3' });
    expect(view.fee).to.deep.include({ pages: 12, amountKopecks: 2 * 865, paidAt: null });
    const mail = await mailbox(id, body.email, 4);
    expect(mail.templates).to.deep.equal(['info-request-received', 'info-request-registered', 'info-fee', 'info-refused']);
  });

  it('keeps public only the names of the officials acting in the answer; any other staff member\'s name is masked (Law 2297-VI Art. 5 p.2; Law 2939-VI Art. 6 p.7)', async () => {
    // A third party who shares a name with one of the body's staff: a private person in this answer.
    const namesake = 'Остап Вишневецький';
    await createStaffUser(db, { username: `namesake-${Date.now().toString(36)}`, password: 'namesake-password', fullName: namesake, departmentCode: '01', roles: ['clerk'] });
    const fullName = async (username: string) => (await db('staff_users').where({ username }).first('full_name')).full_name as string;
    const [drafter, officer, approver] = [await fullName('executor'), await fullName('info'), await fullName('head')];
    const text = `Відповідь підготувала ${drafter}, запит опрацювала ${officer}. До відділу звертався гр. ${namesake}. Рішення погоджував ${approver}.`;
    const { id } = await submit(requester());
    /** Whether a proposed mask of the round's answer covers `name` in its text, or touches it at all. */
    const masksOf = async (round: number) => {
      const answer: { id: string; text: string } = await eventually(`the answer of round ${round}`, async () =>
        db('info_answers').where({ request_id: id, round }).whereNotNull('masks_proposed_at').first('id', 'text'));
      const masks = await db('info_answer_masks').where({ answer_id: answer.id, target: 'text' }).select('text_start', 'text_end');
      const at = (name: string) => {
        const start = answer.text.indexOf(name);
        expect(start, name).to.be.at.least(0);
        return { start, end: start + name.length };
      };
      return {
        covers: (name: string) => { const r = at(name); return masks.some((m) => m.text_start <= r.start && m.text_end >= r.end); },
        touches: (name: string) => { const r = at(name); return masks.some((m) => m.text_start < r.end && m.text_end > r.start); },
      };
    };

    expect((await complete(info, (await taskOf(id, 'triage-info-request')).id, { infoDecision: 'assign', infoDepartments: { '03': true } })).status).to.equal(204);
    const prepare1 = await taskOf(id, 'prepare-info-answer');
    expect((await complete(executor, prepare1.id, { branchAnswerText: text })).status).to.equal(204);
    const review1 = await taskOf(id, 'review-info-answer-masks');
    const round1 = await masksOf(1);
    expect(round1.covers(namesake), 'a staff member not acting in the answer is masked').to.equal(true);
    expect(round1.touches(drafter), 'the executor who drafted it stays').to.equal(false);
    expect(round1.touches(officer), 'the information officer who handles it stays').to.equal(false);
    expect(round1.covers(approver), 'no head has acted in round 1 yet: the lawyer decides').to.equal(true);

    // The head returns the draft: in round 2 the head is known to the process, and stays public.
    expect((await complete(lawyer, review1.id, { masksReviewed: true })).status).to.equal(204);
    const approve1 = await taskOf(id, 'approve-info-answer');
    expect((await complete(head, approve1.id, { approval: 'return', approvalComment: 'Уточніть дату рішення' })).status).to.equal(204);
    const prepare2 = await taskOf(id, 'prepare-info-answer', [prepare1.id]);
    expect((await complete(executor, prepare2.id, { branchAnswerText: text })).status).to.equal(204);
    await taskOf(id, 'review-info-answer-masks', [review1.id]);
    const round2 = await masksOf(2);
    expect(round2.covers(namesake)).to.equal(true);
    expect(round2.touches(drafter)).to.equal(false);
    expect(round2.touches(officer)).to.equal(false);
    expect(round2.touches(approver), 'the head who returned it and will approve it stays').to.equal(false);
    const audit = await db('audit_log').where({ action: 'info-answer.masks-proposed' }).whereIn('entity_id',
      db('info_answers').where({ request_id: id }).select(db.raw('id::text'))).orderBy('id').pluck('details');
    const ids = async (...usernames: string[]) => (await db('staff_users').whereIn('username', usernames).orderBy('id').pluck('id')).join(',');
    expect(audit.map((d: { publicStaffIds?: string }) => d.publicStaffIds), 'who was kept public, by id')
      .to.deep.equal([await ids('executor', 'info'), await ids('executor', 'info', 'head')]);
  });

  it('reminds the unit one working day before the term and escalates to the heads when it passes, without stopping the work', async () => {
    const { id } = await submit(requester());
    expect((await complete(info, (await taskOf(id, 'triage-info-request')).id, { infoDecision: 'assign', infoDepartments: { '03': true } })).status).to.equal(204);
    const prepare = await taskOf(id, 'prepare-info-answer');
    const engine = testStack().engine.client;
    const variables = await engine.request<Record<string, { value: unknown }>>('GET', `/process-instance/${prepare.processInstanceId}/variables`);
    const job = async (activityId: string) => eventually(`timer ${activityId}`, async () =>
      (await engine.request<Array<{ id: string; dueDate: string }>>('GET', `/job?processInstanceId=${prepare.processInstanceId}&activityId=${activityId}`))[0]);
    const reminder = await job('info-reminder-timer');
    const overdue = await job('info-overdue-timer');
    expect(new Date(reminder.dueDate).getTime()).to.equal(new Date(variables.reminderDateTime!.value as string).getTime());
    expect(new Date(overdue.dueDate).getTime()).to.equal(new Date(variables.dueDateTime!.value as string).getTime());
    // What the job executor does when the instants come.
    await engine.request('POST', `/job/${reminder.id}/execute`);
    const remind = await taskOf(id, 'info-request-due-reminder');
    expect((await testStack().engine.client.taskIdentityLinks(remind.id)).find((l) => l.type === 'candidate')?.groupId).to.equal('info-unit');
    await engine.request('POST', `/job/${overdue.id}/execute`);
    const escalate = await taskOf(id, 'info-request-overdue');
    expect((await testStack().engine.client.taskIdentityLinks(escalate.id)).find((l) => l.type === 'candidate')?.groupId).to.equal('heads');
    const still = await testStack().engine.client.queryTasks({ processInstanceBusinessKey: id, taskDefinitionKey: 'prepare-info-answer', active: true });
    expect(still.map((t) => t.id), 'the department keeps working').to.deep.equal([prepare.id]);
    const tasks = await head.request<Array<{ id: string }>>('GET', '/api/v1/tasks');
    expect(tasks.body.map((t) => t.id)).to.include(escalate.id);
  });
});
