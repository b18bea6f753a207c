// A request for public information that wants its answer on paper (answerChannel `post`), entered by
// a clerk from a letter, through every layer: triage, a department's part, the lawyer's review of
// the masks, the head's approval, the signature, then the clerk who prints the signed letter and
// posts it (Civil Code Art. 255 p.2: posted before midnight of the last day is in time). The
// requester gave no e-mail: nothing is e-mailed, the tracking view shows the posting.
import { expect } from 'chai';
import { createDb, type Db } from '../../../lib/db.ts';
import { trackingCodeHash } from '../../../lib/cases/tracking-code.ts';
import { ApiSession, testStack } from '../../support/stack.ts';
import { complete, deadline, ended, fields, taskOf } from '../../support/workflow.ts';

interface Track {
  status: string;
  statusText: string;
  timeline: Array<{ status: string; statusText: string; note: string | null }>;
  result: Record<string, unknown> | null;
}

const kyivDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T12:00:00Z`) + days * 86400000).toISOString().slice(0, 10);

describe('a paper answer to a request for public information (Law 2939-VI, answerChannel post)', function () {
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

  async function submit(body: Record<string, unknown>, session: ApiSession, path: string): Promise<{ code: string; id: string; receivedAt: string }> {
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

  it('takes a posted request to the clerk who prints and posts the signed answer by the term, and e-mails nobody', async () => {
    const { code, id, receivedAt } = await submit({
      channel: 'post', requesterName: 'Ганна Левченко', postalAddress: '01001, м. Київ, вул. Хрещатик, 10, кв. 5', answerChannel: 'post',
      description: 'Прошу надати копію рішення про встановлення тарифів на вивезення побутових відходів на 2026 рік.',
    }, clerk, '/api/v1/info-requests/on-behalf');
    expect(await db('info_requests').where({ id }).first('email', 'answer_channel')).to.deep.equal({ email: null, answer_channel: 'post' });

    const triage = await taskOf(id, 'triage-info-request');
    expect((await complete(info, triage.id, { infoDecision: 'assign', infoDepartments: { '03': true } })).status).to.equal(204);
    const prepare = await taskOf(id, 'prepare-info-answer');
    expect((await complete(executor, prepare.id, { branchAnswerText: 'Рішення виконавчого органу від 12.03.2026 № 345 про тарифи додається.' })).status).to.equal(204);

    const review = await taskOf(id, 'review-info-answer-masks');
    const answers = await lawyer.request<Array<{ answerId: string; round: number }>>('GET', `/api/v1/info-answers?requestId=${id}`);
    expect(answers.status, JSON.stringify(answers.body)).to.equal(200);
    const answerId = answers.body[0]!.answerId;
    expect((await lawyer.request('PATCH', `/api/v1/info-answers/${answerId}/masks`, { done: true })).status).to.equal(200);
    // Before the posting task exists, the letter is not the clerk's to see.
    expect((await clerk.request('GET', `/api/v1/info-answers/${answerId}/pdf`)).status).to.equal(403);
    expect((await complete(lawyer, review.id, { masksReviewed: true })).status).to.equal(204);
    const approve = await taskOf(id, 'approve-info-answer');
    expect((await complete(head, approve.id, { approval: 'approve', infoResult: 'given' })).status).to.equal(204);

    // Signed and published; the answer is given only when the letter is posted.
    const post = await taskOf(id, 'post-info-answer');
    // The moment of the signature, as stored with it (the worker's record, not the engine's clock):
    // the posting form checks the day posted against it.
    const signedAt = await testStack().engine.client.request<{ value: unknown }>('GET', `/process-instance/${post.processInstanceId}/variables/infoAnswerSignedAt`);
    const signature = await db('info_answer_pdfs').where({ answer_id: answerId, variant: 'recipient' }).first('signed_at');
    expect(signedAt.value, 'infoAnswerSignedAt is the stored signature\'s moment').to.equal((signature.signed_at as Date).toISOString());
    const five = await deadline('public-info', receivedAt);
    expect(new Date(post.due!).getTime(), 'posted within the term (Art. 20 p.1, Civil Code Art. 255)').to.equal(new Date(five.dueDateTime).getTime());
    expect((await testStack().engine.client.taskIdentityLinks(post.id)).find((l) => l.type === 'candidate')?.groupId).to.equal('clerks');
    let view = await track(code);
    expect(view.status).to.equal('under-consideration');
    expect(view.result).to.equal(null);
    const listed = await clerk.request<Array<{ answerId: string; round: number }>>('GET', `/api/v1/info-answers?requestId=${id}`);
    expect(listed.body.map((a) => a.answerId)).to.deep.equal([answerId]);

    // The clerk prints the signed letter: theirs while the task is offered to their group, logged as an export.
    const pdf = await clerk.request('GET', `/api/v1/info-answers/${answerId}/pdf`);
    expect(pdf.status).to.equal(200);
    expect(pdf.headers.get('content-type')).to.equal('application/pdf');
    expect((await executor.request('GET', `/api/v1/info-answers/${answerId}/pdf`)).status).to.equal(403);
    const clerkId = (await db('staff_users').where({ username: 'clerk' }).first('id')).id as number;
    expect(await db('audit_log').where({ action: 'info-answer.letter-exported', entity_id: answerId, actor: `user:${clerkId}` }).count({ n: '*' })).to.deep.equal([{ n: '1' }]);

    // The form: a day posted, not in the future nor before the signature; an Ukrposhta number if any.
    const today = kyivDay(new Date());
    expect(await fields(clerk, post.id, {})).to.include('variables.answerPostedOn');
    expect(await fields(clerk, post.id, { answerPostedOn: shiftDay(today, 1) })).to.deep.equal(['variables.answerPostedOn']);
    expect(await fields(clerk, post.id, { answerPostedOn: shiftDay(today, -1) }), 'signed today').to.deep.equal(['variables.answerPostedOn']);
    expect(await fields(clerk, post.id, { answerPostedOn: today, postTrackingNumber: 'RR12345678UA-X' })).to.deep.equal(['variables.postTrackingNumber']);
    expect(await fields(clerk, post.id, { answerPostedOn: today, postTrackingNumber: '12345' })).to.deep.equal(['variables.postTrackingNumber']);
    expect((await complete(clerk, post.id, { answerPostedOn: today, postTrackingNumber: '0500 1123 45678' })).status).to.equal(204);

    expect(await ended(id)).to.have.members(['branch-end', 'preparation-end', 'info-answered']);
    view = await track(code);
    expect(view.status).to.equal('answered');
    expect(view.statusText).to.equal('Надано відповідь');
    const [y, m, d] = today.split('-');
    expect(view.timeline.map((e) => e.note)).to.include(`Відповідь надіслано поштою ${d}.${m}.${y}, поштове відправлення № 0500112345678`);
    expect(view.timeline.map((e) => e.statusText)).to.deep.equal(['Отримано', 'Зареєстровано', 'На розгляді', 'Надано відповідь', 'Надано відповідь']);
    expect(view.result).to.deep.include({ kind: 'given' });
    expect(String(view.result!.howToGet)).to.include('поштою');
    expect(String(view.result!.answerUrl)).to.match(/\/verify\/[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(view), 'no personal data in the view').to.not.include('Левченко').and.not.include('Хрещатик');
    const engine = testStack().engine.client;
    const postedBy = await engine.request<Array<{ value: unknown }>>('GET', `/history/variable-instance?processInstanceId=${post.processInstanceId}&variableName=answerPostedBy`);
    expect(postedBy.map((v) => v.value), 'the clerk, from the session').to.deep.equal([clerkId]);

    // The task is done: the letter is no longer the clerk's. And no e-mail went anywhere.
    expect((await clerk.request('GET', `/api/v1/info-answers/${answerId}/pdf`)).status).to.equal(403);
    expect(await db('outbox_messages').where('event_key', 'like', `info-request:${id}:%`).count({ n: '*' })).to.deep.equal([{ n: '0' }]);
  });
});
