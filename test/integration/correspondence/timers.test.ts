// The control timers of an incoming document's execution (CMU 55/2018: reminders before the control
// date, escalation to the head after it) on the real engine, without waiting for real time: the
// timer jobs the engine scheduled are found through its REST API and executed at once with
// `POST /job/{id}/execute`, which is what the job executor does when their instant comes.
import { expect } from 'chai';
import { createDb, type Db } from '../../../lib/db.ts';
import { samplePdf } from '../../support/files.ts';
import { ApiSession, eventually, testStack } from '../../support/stack.ts';

interface Task { id: string; businessKey: string | null; taskDefinitionKey: string; assignee: string | null }
interface Job { id: string; dueDate: string; processInstanceId: string }
interface RouteView {
  history: Array<{ action: string; step: string | null; fromDepartment: string | null; toDepartment: string | null; byUser: string | null }>;
  now: { departments: Array<{ code: string }>; steps: Array<{ step: string; departments: string[] }> };
}

async function taskOf(session: ApiSession, documentId: string, step: string): Promise<Task> {
  return eventually(`task ${step}`, async () => {
    const res = await session.request<Task[]>('GET', '/api/v1/tasks');
    return res.body.find((t) => t.businessKey === documentId && t.taskDefinitionKey === step);
  }, 60000);
}

async function work(session: ApiSession, task: Task, variables: Record<string, unknown>): Promise<void> {
  if (!task.assignee) expect((await session.request('POST', `/api/v1/tasks/${task.id}/claim`)).status, `claim ${task.taskDefinitionKey}`).to.equal(200);
  const done = await session.request('POST', `/api/v1/tasks/${task.id}/complete`, { variables });
  expect(done.status, `complete ${task.taskDefinitionKey}: ${JSON.stringify(done.body)}`).to.equal(204);
}

function inDays(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86400000));
}

describe('incoming document: the reminder and escalation timers of the execution', function () {
  this.timeout(240000);
  let db: Db;
  let clerk: ApiSession;
  let head: ApiSession;
  let executor: ApiSession;
  const engine = () => testStack().engine.client;

  before(async () => {
    db = createDb(testStack().database.appUrl, 2);
    clerk = await ApiSession.login('clerk');
    head = await ApiSession.login('head');
    executor = await ApiSession.login('executor');
  });
  after(async () => db?.destroy());

  /** The one timer job of a boundary event of this case. */
  async function timerJob(processInstanceId: string, activityId: string): Promise<Job> {
    const jobs = await engine().request<Job[]>('GET', `/job?processInstanceId=${processInstanceId}&activityId=${activityId}&timers=true`);
    expect(jobs, `timer jobs of ${activityId}`).to.have.length(1);
    return jobs[0]!;
  }

  it('reminds before the control date and escalates to the head after it, while the execution goes on', async () => {
    const form = new FormData();
    form.set('metadata', JSON.stringify({ correspondent: 'ТОВ «Київтеплоенерго»', theirNumber: '9/12', theirDate: '2026-11-20', summary: 'Про опалення' }));
    form.set('file', new Blob([new Uint8Array(samplePdf(`Timers ${Date.now()}`))]), 'scan.pdf');
    const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents', form);
    expect(posted.status).to.equal(202);
    const id = posted.body.id;
    await work(clerk, await taskOf(clerk, id, 'check-registration-card'), { cardConfirmed: true });
    // A term two months ahead: neither timer can come due by itself during the test.
    await work(head, await taskOf(head, id, 'resolve-document'), { executors: { 'department:03': 'responsible' }, text: 'Забезпечити опалення', term: inDays(60) });
    const execute = await taskOf(executor, id, 'execute-assignment');
    const [instance] = await engine().request<Array<{ id: string }>>('GET', `/process-instance?businessKey=${id}`);
    const processInstanceId = instance!.id;

    // Both timers are scheduled at the instants plan-execution computed.
    const variables = await engine().request<Record<string, { value: unknown }>>('GET', `/process-instance/${processInstanceId}/variables`);
    const reminderJob = await timerJob(processInstanceId, 'control-reminder');
    const overdueJob = await timerJob(processInstanceId, 'control-overdue');
    expect(new Date(reminderJob.dueDate).getTime()).to.equal(new Date(variables.reminderDateTime!.value as string).getTime());
    expect(new Date(overdueJob.dueDate).getTime()).to.equal(new Date(variables.dueDateTime!.value as string).getTime());
    expect(new Date(reminderJob.dueDate).getTime()).to.be.lessThan(new Date(overdueJob.dueDate).getTime());
    expect(new Date(reminderJob.dueDate).getTime(), 'not due yet').to.be.greaterThan(Date.now());
    const before = await db('resolutions').where({ document_id: id }).first('reminded_at', 'overdue_at', 'control_state');
    expect(before).to.deep.equal({ reminded_at: null, overdue_at: null, control_state: 'on-control' });

    // The reminder: the control mark is recorded; the execution is untouched (non-interrupting).
    await engine().request('POST', `/job/${reminderJob.id}/execute`);
    const reminded = await eventually('the reminder mark', async () => {
      const row = await db('resolutions').where({ document_id: id }).first('reminded_at', 'overdue_at');
      return row?.reminded_at ? row : undefined;
    });
    expect(reminded.overdue_at).to.equal(null);
    expect((await engine().request<Job[]>('GET', `/job?processInstanceId=${processInstanceId}&activityId=control-reminder`))).to.deep.equal([]);
    const stillThere = await executor.request<Task[]>('GET', '/api/v1/tasks');
    expect(stillThere.body.map((t) => t.id)).to.include(execute.id);

    // The escalation: the overdue mark and the head's task, beside the executor's.
    await engine().request('POST', `/job/${overdueJob.id}/execute`);
    const escalation = await taskOf(head, id, 'review-overdue');
    const overdue = await db('resolutions').where({ document_id: id }).first('overdue_at', 'control_state');
    expect(overdue.overdue_at).to.be.an.instanceOf(Date);
    expect(overdue.control_state).to.equal('on-control');
    const route = await clerk.request<RouteView>('GET', `/api/v1/documents/${id}/route`);
    expect(route.body.now.steps.map((s) => [s.step, s.departments]).sort()).to.deep.equal([['execute-assignment', ['03']], ['review-overdue', ['02']]]);
    expect(route.body.now.departments.map((d) => d.code).sort()).to.deep.equal(['02', '03']);

    // The head deals with it: the route records who took and closed the escalation; the execution goes on.
    await work(head, escalation, {});
    const after = await clerk.request<RouteView>('GET', `/api/v1/documents/${id}/route`);
    expect(after.body.history.filter((h) => h.step === 'review-overdue').map((h) => [h.action, h.byUser, h.toDepartment])).to.deep.equal([
      ['claimed', 'head', '02'], ['completed', 'head', null],
    ]);
    expect(after.body.now.steps.map((s) => s.step)).to.deep.equal(['execute-assignment']);
    // Each timer fires once: nothing is left to fire again.
    expect(await engine().request<Job[]>('GET', `/job?processInstanceId=${processInstanceId}&timers=true`)).to.deep.equal([]);
  });
});
