// Citizens' appeals through every layer: the public API, the engine, the workers (legal-deadline,
// register-appeal, check-appeal) and PostgreSQL. Waiting is done on the database, not by polling
// the rate-limited tracking route; the tracking route is then asked once.
import { expect } from 'chai';
import { createDb, type Db } from '../../../lib/db.ts';
import { trackingCodeHash } from '../../../lib/cases/tracking-code.ts';
import { ApiSession, eventually, testStack } from '../../support/stack.ts';
import { deadline, fields, taskOf } from '../../support/workflow.ts';

interface Track {
  status: string;
  statusText: string;
  registrationIndex: string | null;
  department: { code: string; name: string } | null;
  dueDate: string | null;
  dueDateTime: string | null;
  dueExplanation: Record<string, unknown> | null;
  timeline: Array<{ status: string; statusText: string; department: { code: string; name: string } | null; note: string | null }>;
  result: { kind: string; reasons: Array<{ code: string }> } | null;
}

interface Problem {
  status: number;
  errors?: Array<{ field: string }>;
}

const appeal = {
  type: 'application',
  surname: 'Петренко',
  name: 'Олена',
  patronymic: 'Іванівна',
  address: 'м. Київ, вул. Хрещатик, 36, кв. 5',
  email: 'olena.petrenko@example.com',
  text: 'Прошу відремонтувати ліфт у під’їзді № 2, який не працює з 1 листопада.',
  consent: true,
};

describe('citizens\' appeals (Law 393/96-ВР)', function () {
  this.timeout(120000);
  let db: Db;
  let citizen: ApiSession;
  let clerk: ApiSession;

  before(async () => {
    db = createDb(testStack().database.appUrl, 2);
    citizen = new ApiSession();
    clerk = await ApiSession.login('clerk');
  });
  after(async () => db.destroy());

  async function submit(session: ApiSession, body: unknown): Promise<{ trackingCode: string; id: string; receivedAt: string }> {
    const res = await session.request<{ trackingCode: string; receivedAt: string }>('POST', '/api/v1/appeals', body);
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const row = await db('appeals').where({ tracking_code_hash: trackingCodeHash(res.body.trackingCode) }).first('id');
    return { trackingCode: res.body.trackingCode, id: row.id as string, receivedAt: res.body.receivedAt };
  }

  async function checked(id: string): Promise<string> {
    return eventually('the appeal to be checked', async () => {
      const row = await db('appeals').where({ id }).first('check_outcome');
      return (row?.check_outcome as string | null) ?? undefined;
    });
  }

  /** The instant of an engine date (the engine writes offsets as +0000). */
  const instant = (d: string) => Date.parse(d.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));

  async function tasksOf(id: string) {
    return eventually('a user task of the appeal', async () => {
      const tasks = await testStack().engine.client.queryTasks({ processInstanceBusinessKey: id, active: true });
      return tasks.length > 0 ? tasks : undefined;
    });
  }

  async function track(code: string): Promise<Track> {
    const res = await citizen.request<Track>('GET', `/api/v1/track/${code}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body;
  }

  it('takes a portal appeal, registers it with the surname\'s letter, computes its term and gives it to the heads', async () => {
    const { trackingCode, id, receivedAt } = await submit(citizen, appeal);
    expect(trackingCode).to.match(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);

    const first = await track(trackingCode);
    expect(first.timeline[0]).to.deep.include({ status: 'received', statusText: 'Отримано' });

    expect(await checked(id)).to.equal('ok');
    const [task] = await tasksOf(id);
    expect(task!.taskDefinitionKey).to.equal('consider-appeal');
    expect(task!.priority).to.equal(50);
    // Art. 7: competence is decided within 5 days of receipt, or the appeal is forwarded: the head's
    // follow-up date is that term on the legal calendar, to the end of its working day (Civil Code Art. 253-255).
    const forward = await deadline('appeal-forward', receivedAt);
    expect(instant((task as unknown as { followUp: string }).followUp), 'the follow-up date is the calendar\'s Art. 7 term').to.equal(Date.parse(forward.dueDateTime));
    expect(forward.dueDateTime).to.match(/T(18:00|16:45):00\+0[23]:00$/);

    const view = await track(trackingCode);
    expect(view.timeline.map((e) => e.statusText)).to.deep.equal(['Отримано', 'Зареєстровано', 'На розгляді']);
    expect(view.registrationIndex).to.match(/^П-\d+$/);
    expect(view.status).to.equal('under-consideration');
    expect(view.statusText).to.equal('На розгляді');
    expect(view.department).to.deep.equal({ code: '02', name: 'Керівництво' });
    expect(view.timeline[1]!.department?.code).to.equal('01');
    expect(view.dueDate).to.match(/^\d{4}-\d{2}-\d{2}$/);
    expect(view.dueExplanation).to.be.an('object');
    // The explanation itself, whole (lib/calendar/stored-term.ts), and when the due day ends.
    expect(view.dueExplanation).to.include.keys('regime', 'law', 'rule', 'unit', 'received', 'counted', 'start', 'lastDay', 'skipped', 'notes', 'martialLaw');
    expect(view.dueExplanation).to.include({ regime: 'appeal', law: 'Закон № 393/96-ВР, ст. 20' });
    expect(view.dueDateTime).to.match(new RegExp(`^${view.dueDate}T\\d{2}:\\d{2}:00[+-]\\d{2}:00$`));
    expect(task!.due, 'the heads\' task carries the legal term').to.be.a('string');

    // The citizen's page carries no personal data, only what the code's holder may know.
    const text = JSON.stringify(view);
    for (const secret of [appeal.surname, appeal.address, appeal.email, appeal.text]) expect(text).to.not.include(secret);

    const receipt = await db('outbox_messages').where({ event_key: `appeal:${id}:received` }).first('template', 'recipient', 'params');
    expect(receipt, 'the receipt e-mail with the tracking code is queued').to.deep.include({ template: 'appeal-received', recipient: appeal.email });
    expect(receipt.params.trackingCode).to.equal(trackingCode);

    const audit = await db('audit_log').where({ entity_id: id, entity_type: 'appeal' }).pluck('action');
    expect(audit).to.include.members(['appeal.receive', 'appeal.registered', 'appeal.checked']);
  });

  it('gives the tasks of an Art. 22 priority appeal a higher priority', async () => {
    const { id } = await submit(citizen, { ...appeal, surname: 'Андрієнко', priorityCategory: 'disability-group-1' });
    const [task] = await tasksOf(id);
    expect(task!.taskDefinitionKey).to.equal('consider-appeal');
    expect(task!.priority).to.be.above(50);
  });

  it('registers an unsigned letter without an author with БП and leaves it without consideration (Art. 8)', async () => {
    const { trackingCode, id } = await submit(clerk, {
      channel: 'paper', type: 'complaint', signed: false, text: 'Скарга на роботу двірника.', letterDate: '2026-11-01',
    });
    expect(await checked(id)).to.equal('anonymous');
    const engine = testStack().engine.client;
    const ended = await eventually('the process to end', async () => {
      const [instance] = await engine.request<Array<{ id: string; state: string }>>('GET', `/history/process-instance?processInstanceBusinessKey=${id}`);
      if (instance?.state !== 'COMPLETED') return undefined;
      return engine.request<Array<{ activityId: string }>>('GET', `/history/activity-instance?processInstanceId=${instance.id}&activityType=noneEndEvent`);
    });
    expect(ended.map((a) => a.activityId)).to.deep.equal(['appeal-not-considered']);

    const view = await track(trackingCode);
    expect(view.registrationIndex).to.match(/^БП-\d+$/);
    expect(view.statusText).to.equal('Залишено без розгляду');
    expect(view.result?.kind).to.equal('not-considered');
    expect(view.result?.reasons.map((r) => r.code)).to.include('no-author');
    expect(view.timeline.at(-1)!.note).to.match(/ст\. 8/);
  });

  it('sends an undated letter to the clerks to return to its author (Art. 5)', async () => {
    const { trackingCode, id, receivedAt } = await submit(clerk, {
      channel: 'paper', type: 'proposal', collective: true, signed: true,
      surname: 'Коваленко', name: 'Ігор', address: 'м. Київ, просп. Перемоги, 10', text: 'Пропонуємо облаштувати сквер.',
    });
    expect(await checked(id)).to.equal('incomplete');
    const [task] = await tasksOf(id);
    expect(task!.taskDefinitionKey).to.equal('return-appeal-to-author');
    const returned = await deadline('appeal-return', receivedAt);
    expect(instant(task!.due!), 'Art. 5: returned within 10 days of receipt, on the legal calendar').to.equal(Date.parse(returned.dueDateTime));
    const view = await track(trackingCode);
    expect(view.registrationIndex).to.match(/^К-\d+\/КО$/);
    expect(view.statusText).to.equal('Потребує уточнення');
    expect(view.department?.code).to.equal('01');
    expect(view.timeline.at(-1)!.note).to.include('не датоване');
  });

  it('asks a head about a repeat of an appeal already answered on its merits (Art. 8 p.2)', async () => {
    const author = { ...appeal, surname: 'Шевчук', name: 'Марія', address: 'м. Київ, вул. Січових Стрільців, 7' };
    const earlier = await submit(citizen, author);
    await checked(earlier.id);
    // Given: the earlier appeal was answered (the answer step is not built yet).
    await db('appeals').where({ id: earlier.id }).update({ status: 'answered' });
    const repeat = await submit(citizen, { ...author, address: '  м. Київ,  вул. Січових Стрільців, 7 ' });
    expect(await checked(repeat.id)).to.equal('repeat');
    const [task] = await tasksOf(repeat.id);
    expect(task!.taskDefinitionKey).to.equal('decide-repeat-appeal');
    expect((await db('appeals').where({ id: repeat.id }).first('repeat_of')).repeat_of).to.equal(earlier.id);
    // The head must say whether it is considered (processes/forms/decide-repeat-appeal.form): without
    // repeatDecision neither flow after the task could be taken (an incident, not a decision).
    const head = await ApiSession.login('head');
    expect(await fields(head, task!.id, {})).to.deep.equal(['variables.repeatDecision']);
    expect(await fields(head, task!.id, { repeatDecision: 'maybe' })).to.deep.equal(['variables.repeatDecision']);
    const decided = await head.request('POST', `/api/v1/tasks/${task!.id}/complete`, { variables: { repeatDecision: 'consider' } });
    expect(decided.status, JSON.stringify(decided.body)).to.equal(204);
    await taskOf(repeat.id, 'consider-appeal');
  });

  it('refuses bad appeals with problem+json naming the field, storing nothing', async () => {
    const count = async () => Number((await db('appeals').count<{ count: string }[]>('* as count'))[0]!.count);
    const before = await count();
    const { name: _name, ...noName } = appeal;
    const { address: _address, ...noAddress } = appeal;
    const { email: _email, ...noContact } = appeal;
    const cases: Array<[string, unknown, number, string]> = [
      ['no name', noName, 400, 'name'],
      ['no address', noAddress, 400, 'address'],
      ['empty text', { ...appeal, text: '' }, 400, 'text'],
      ['blank text', { ...appeal, text: '   ' }, 400, 'text'],
      ['text too long', { ...appeal, text: 'а'.repeat(20001) }, 400, 'text'],
      ['invalid e-mail', { ...appeal, email: 'not-an-address' }, 400, 'email'],
      ['no contact', noContact, 400, 'email'],
      ['no consent', { ...appeal, consent: false }, 400, 'consent'],
      ['unknown type', { ...appeal, type: 'petition' }, 400, 'type'],
      ['decision in the future', { ...appeal, type: 'complaint', complaintDecisionDate: '2999-01-01' }, 400, 'complaintDecisionDate'],
      ['paper without a clerk', { ...appeal, channel: 'paper' }, 401, 'channel'],
    ];
    for (const [what, body, status, field] of cases) {
      const res = await citizen.request<Problem>('POST', '/api/v1/appeals', body);
      expect(res.status, what).to.equal(status);
      expect(res.headers.get('content-type'), what).to.match(/^application\/problem\+json/);
      expect(res.body.errors?.map((e) => e.field), what).to.include(field);
    }
    const future = await clerk.request<Problem>('POST', '/api/v1/appeals', { channel: 'paper', type: 'proposal', text: 'Лист', letterDate: '2999-01-01' });
    expect(future.status).to.equal(400);
    expect(future.body.errors?.map((e) => e.field)).to.include('letterDate');

    const megabyte = await citizen.request<Problem>('POST', '/api/v1/appeals', { ...appeal, text: 'б'.repeat(1024 * 1024) });
    expect(megabyte.status).to.equal(413);
    expect(megabyte.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(await count()).to.equal(before);
  });

  it('answers the same 404 for a tracking code that does not exist, whatever its spelling', async () => {
    const unknown = await citizen.request<Problem & { title: string }>('GET', '/api/v1/track/ABCDE-FGHJK-MNPQR-STVWX');
    expect(unknown.status).to.equal(404);
    expect(unknown.headers.get('content-type')).to.match(/^application\/problem\+json/);
    const uncanonical = await citizen.request<Problem & { title: string }>('GET', '/api/v1/track/ABCDE-FGHJK-MNPQR-STVWU');
    expect(uncanonical.status).to.equal(404);
    expect({ ...uncanonical.body, instance: undefined }).to.deep.equal({ ...unknown.body, instance: undefined });
    expect((await citizen.request('GET', '/api/v1/track/short')).status).to.equal(400);
  });
});
