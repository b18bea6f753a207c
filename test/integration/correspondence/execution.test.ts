// An incoming document after registration, through the real API, engine, workers and PostgreSQL:
// the head's resolution to two departments, execution by both, consolidation by the responsible
// one, a return for rework, acceptance and filing (CMU 55/2018), with its route at every step.
import { expect } from 'chai';
import { createDb, type Db } from '../../../lib/db.ts';
import { samplePdf } from '../../support/files.ts';
import { ApiSession, eventually, testStack } from '../../support/stack.ts';

interface Task { id: string; businessKey: string | null; taskDefinitionKey: string; assignee: string | null }
interface RouteView {
  history: Array<{ action: string; step: string | null; fromDepartment: string | null; toDepartment: string | null; fromUser: string | null; toUser: string | null; byUser: string | null; reason: string | null }>;
  now: { departments: Array<{ code: string; name: string }>; steps: Array<{ taskId: string; step: string; assignee: string | null; departments: string[] }>; filed?: { caseFileIndex: string; at: string } };
}

function upload(summary: string): FormData {
  const form = new FormData();
  form.set('metadata', JSON.stringify({ correspondent: 'ТОВ «Київводоканал»', theirNumber: '55/1', theirDate: '2026-11-20', summary }));
  form.set('file', new Blob([new Uint8Array(samplePdf(summary))]), 'scan.pdf');
  return form;
}

async function taskOf(session: ApiSession, documentId: string, step: string): Promise<Task> {
  return eventually(`task ${step}`, async () => {
    const res = await session.request<Task[]>('GET', '/api/v1/tasks');
    return res.body.find((t) => t.businessKey === documentId && t.taskDefinitionKey === step);
  });
}

async function work(session: ApiSession, task: Task, variables: Record<string, unknown>): Promise<void> {
  if (!task.assignee) expect((await session.request('POST', `/api/v1/tasks/${task.id}/claim`)).status, `claim ${task.taskDefinitionKey}`).to.equal(200);
  const done = await session.request('POST', `/api/v1/tasks/${task.id}/complete`, { variables });
  expect(done.status, `complete ${task.taskDefinitionKey}: ${JSON.stringify(done.body)}`).to.equal(204);
}

async function route(session: ApiSession, id: string): Promise<RouteView> {
  const res = await session.request<RouteView>('GET', `/api/v1/documents/${id}/route`);
  expect(res.status).to.equal(200);
  return res.body;
}

/** Waits until the route's `now` shows exactly these steps. */
async function routeAt(session: ApiSession, id: string, steps: string[]): Promise<RouteView> {
  return eventually(`route at ${steps.join(', ')}`, async () => {
    const r = await route(session, id);
    return JSON.stringify(r.now.steps.map((s) => s.step).sort()) === JSON.stringify([...steps].sort()) ? r : undefined;
  });
}

const codes = (r: RouteView) => r.now.departments.map((d) => d.code).sort();

describe('incoming document: resolution, execution across departments, control, filing', function () {
  this.timeout(180000);
  let db: Db;
  let clerk: ApiSession;
  let head: ApiSession;
  let executor: ApiSession;
  let executor6: ApiSession;

  before(async function () {
    db = createDb(testStack().database.appUrl, 2);
    // A second executing department with its own group, role and person.
    await db.transaction(async (tx) => {
      await tx('departments').insert({ code: '06', name_uk: 'Департамент житлово-комунальної інфраструктури', name_en: 'Housing and utilities', candidate_group: 'executors-06' }).onConflict('code').ignore();
      await tx('roles').insert({ code: 'executor-06', name_uk: 'Виконавець (06)', name_en: 'Executor (06)', candidate_group: 'executors-06' }).onConflict('code').ignore();
      const dept = await tx('departments').where({ code: '06' }).first('id');
      const hash = (await tx('staff_users').where({ username: 'executor' }).first('password_hash')).password_hash;
      await tx('staff_users').insert({ username: 'executor6', full_name: 'Богдан Мельник', password_hash: hash, department_id: dept.id }).onConflict('username').ignore();
      const u = await tx('staff_users').where({ username: 'executor6' }).first('id');
      await tx('staff_user_roles').insert({ user_id: u.id, role_code: 'executor-06' }).onConflict(['user_id', 'role_code']).ignore();
    });
    clerk = await ApiSession.login('clerk');
    head = await ApiSession.login('head');
    executor = await ApiSession.login('executor');
    executor6 = await ApiSession.login('executor6');
  });
  after(async () => db.destroy());

  it('is resolved to two departments, executed, returned once, accepted and filed, its route right at every step', async function () {
    const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents', upload('Про аварію водогону'));
    expect(posted.status).to.equal(202);
    const id = posted.body.id;

    // Registration: the document is in the general office with the clerk's card check.
    let r = await routeAt(clerk, id, ['check-registration-card']);
    expect(r.history[0]).to.include({ action: 'registered', toDepartment: '01' });
    expect(codes(r)).to.deep.equal(['01']);
    await work(clerk, await taskOf(clerk, id, 'check-registration-card'), { cardConfirmed: true });

    // The head of the addressed department writes the resolution.
    r = await routeAt(head, id, ['resolve-document']);
    expect(codes(r)).to.deep.equal(['02']);
    expect(r.history.map((h) => [h.action, h.step, h.byUser])).to.deep.include.members([
      ['claimed', 'check-registration-card', 'clerk'], ['completed', 'check-registration-card', 'clerk'],
    ]);
    const resolve = await taskOf(head, id, 'resolve-document');
    expect((await head.request('POST', `/api/v1/tasks/${resolve.id}/claim`)).status).to.equal(200);

    // Bad resolutions are refused naming the field, and change nothing.
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ executors: { 'department:03': 'co-executor', 'department:06': 'co-executor' }, text: 'Розглянути' }, 'variables.executors'],
      [{ executors: { 'department:03': 'responsible', 'department:06': 'responsible' }, text: 'Розглянути' }, 'variables.executors'],
      [{ executors: { 'department:03': 'responsible' }, text: 'Розглянути', term: '2020-01-10' }, 'variables.term'],
      [{ executors: { 'department:99': 'responsible' }, text: 'Розглянути' }, 'variables.executors.department:99'],
      [{ executors: { 'department:03': 'responsible' } }, 'variables.text'],
    ];
    for (const [variables, field] of bad) {
      const res = await head.request<{ errors?: Array<{ field: string }> }>('POST', `/api/v1/tasks/${resolve.id}/complete`, { variables });
      expect(res.status, `status for ${field}`).to.equal(400);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(res.body.errors?.map((e) => e.field), `field named for ${field}`).to.include(field);
    }
    expect(await db('resolutions').where({ document_id: id })).to.have.length(0);

    const resolved = await head.request('POST', `/api/v1/tasks/${resolve.id}/complete`, {
      variables: { executors: { 'department:03': 'responsible', 'department:06': 'co-executor' }, text: 'Усунути аварію і поінформувати' },
    });
    expect(resolved.status).to.equal(204);

    // Put on control and handed to both executing departments, one task each.
    r = await routeAt(executor, id, ['execute-assignment', 'execute-assignment']);
    expect(codes(r)).to.deep.equal(['03', '06']);
    const handedTo = r.history.filter((h) => h.action === 'resolved').map((h) => [h.fromDepartment, h.toDepartment, h.byUser]);
    expect(handedTo).to.deep.equal([['02', '03', 'head'], ['02', '06', 'head']]);
    const [resolution] = await db('resolutions').where({ document_id: id }).select(db.raw('term::text AS term, control_date::text AS control_date, control_state, responsible_executor'));
    const [registration] = await db('registrations').where({ document_id: id, journal_code: 'incoming' })
      .select(db.raw(`to_char((registered_at AT TIME ZONE 'Europe/Kyiv')::date + 30, 'YYYY-MM-DD') AS default_term`));
    // No term in the resolution: 30 calendar days from registration.
    expect(resolution.term).to.equal(registration.default_term);
    expect(resolution.control_date <= resolution.term).to.equal(true);
    expect(resolution).to.include({ control_state: 'on-control', responsible_executor: 'department:03' });

    // Round 1: both execute; the responsible department consolidates; the head returns it.
    await work(executor, await taskOf(executor, id, 'execute-assignment'), { report: 'Бригаду направлено' });
    r = await routeAt(executor6, id, ['execute-assignment']);
    expect(codes(r)).to.deep.equal(['06']);
    expect((await executor.request<Task[]>('GET', '/api/v1/tasks')).body.filter((t) => t.businessKey === id), 'the other department’s task is not offered to 03').to.deep.equal([]);
    await work(executor6, await taskOf(executor6, id, 'execute-assignment'), { report: 'Тиск відновлено' });
    r = await routeAt(executor, id, ['consolidate-execution']);
    expect(codes(r)).to.deep.equal(['03']);
    await work(executor, await taskOf(executor, id, 'consolidate-execution'), { summary: 'Аварію усунуто' });
    r = await routeAt(head, id, ['review-execution']);
    expect(codes(r)).to.deep.equal(['02']);

    const review = await taskOf(head, id, 'review-execution');
    expect((await head.request('POST', `/api/v1/tasks/${review.id}/claim`)).status).to.equal(200);
    const noReason = await head.request<{ errors?: Array<{ field: string }> }>('POST', `/api/v1/tasks/${review.id}/complete`, { variables: { accepted: false } });
    expect(noReason.status).to.equal(400);
    expect(noReason.body.errors?.map((e) => e.field)).to.include('variables.reason');
    await work(head, review, { accepted: false, reason: 'Немає акта виконаних робіт' });

    r = await routeAt(executor, id, ['execute-assignment', 'execute-assignment']);
    expect(codes(r)).to.deep.equal(['03', '06']);
    const returned = r.history.filter((h) => h.action === 'returned');
    expect(returned.map((h) => [h.fromDepartment, h.toDepartment, h.reason]).sort()).to.deep.equal([
      ['02', '03', 'Немає акта виконаних робіт'], ['02', '06', 'Немає акта виконаних робіт'],
    ]);

    // Round 2: executed again, consolidated, accepted.
    await work(executor, await taskOf(executor, id, 'execute-assignment'), { report: 'Акт додано' });
    await work(executor6, await taskOf(executor6, id, 'execute-assignment'), { report: 'Акт погоджено' });
    await work(executor, await taskOf(executor, id, 'consolidate-execution'), { summary: 'Аварію усунуто, акт додано' });
    await work(head, await taskOf(head, id, 'review-execution'), { accepted: true });

    // Removed from control and filed into the case file of its registration.
    const instances = await eventually('the case to end', async () => {
      const h = await testStack().engine.client.request<Array<{ id: string; state: string }>>('GET', `/history/process-instance?processInstanceBusinessKey=${id}`);
      return h.length === 1 && h[0]!.state === 'COMPLETED' ? h : undefined;
    }, 60000);
    const rework = await testStack().engine.client.request<Array<{ value: number }>>('GET', `/history/variable-instance?processInstanceId=${instances[0]!.id}&variableName=reworkCount`);
    expect(rework.map((v) => v.value)).to.deep.equal([1]);
    const filing = await db('document_filings').where({ document_id: id }).first();
    expect(filing.case_file_index).to.equal('01-15');
    const after = await db('resolutions').where({ document_id: id }).first('control_state', 'rework_count', 'removed_from_control_at');
    expect(after).to.include({ control_state: 'removed', rework_count: 1 });
    expect(after.removed_from_control_at).to.be.an.instanceOf(Date);
    expect((await db('documents').where({ id }).first('status')).status).to.equal('filed');

    r = await route(clerk, id);
    expect(r.now.steps).to.deep.equal([]);
    expect(codes(r)).to.deep.equal(['01']);
    expect(r.now.filed?.caseFileIndex).to.equal('01-15');
    const last = r.history[r.history.length - 1]!;
    expect(last).to.include({ action: 'filed', toDepartment: '01', reason: '01-15', byUser: null });
    expect(r.history.map((h) => h.action).filter((a) => a === 'claimed').length, 'every claim is recorded').to.be.greaterThan(5);
  });

  it('refuses the route to the anonymous and answers 404 for an unknown document', async function () {
    expect((await new ApiSession().request('GET', '/api/v1/documents/00000000-0000-4000-8000-000000000000/route')).status).to.equal(401);
    const res = await clerk.request('GET', '/api/v1/documents/00000000-0000-4000-8000-000000000000/route');
    expect(res.status).to.equal(404);
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
  });
});
