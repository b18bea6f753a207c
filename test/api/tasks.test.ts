import { expect } from 'chai';
import { EngineClient, EngineError, type CamundaVariables, type EngineTask } from '../../lib/engine-client.ts';
import { readFormFiles } from '../../lib/process-forms.ts';
import { createTestUser, login, removeTestUsers, startTestApp, type SessionHeaders, type TestApp, type TestUser } from './helpers.ts';

/** Answers the few task endpoints the API calls, like Camunda 7 does (500 for a claimed task). */
class FakeEngine extends EngineClient {
  tasks = new Map<string, EngineTask & { groups: string[] }>();
  completed: Array<{ id: string; variables: unknown }> = [];
  businessKeys = new Map<string, string>();
  /** Process instance id → its variables, as GET /process-instance/{id}/variables answers. */
  variables = new Map<string, CamundaVariables>();

  constructor() {
    super({ baseUrl: 'http://fake', user: 'x', password: 'y' });
  }

  override async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path, 'http://fake');
    const parts = url.pathname.split('/').filter(Boolean);
    const task = parts[0] === 'task' && parts[1] ? this.tasks.get(decodeURIComponent(parts[1])) : undefined;
    if (method === 'POST' && (url.pathname === '/task' || url.pathname === '/task/count')) {
      const q = body as { assignee?: string; candidateGroups?: string[]; unassigned?: boolean };
      const found = [...this.tasks.values()].filter((t) =>
        (q.assignee === undefined || t.assignee === q.assignee)
        && (q.candidateGroups === undefined || t.groups.some((g) => q.candidateGroups!.includes(g)))
        && (!q.unassigned || t.assignee === null));
      return (url.pathname === '/task/count' ? { count: found.length } : found) as T;
    }
    if (method === 'POST' && url.pathname === '/process-instance') {
      const ids = (body as { processInstanceIds: string[] }).processInstanceIds;
      return ids.map((id) => ({ id, businessKey: this.businessKeys.get(id) ?? null })) as T;
    }
    if (method === 'GET' && parts[0] === 'process-instance' && parts[2] === 'variables') {
      return (this.variables.get(decodeURIComponent(parts[1]!)) ?? {}) as T;
    }
    if (parts[0] === 'task' && !task) throw new EngineError(404, 'InvalidRequestException', 'No matching task');
    if (method === 'GET' && parts.length === 2) return task as T;
    if (method === 'GET' && parts[2] === 'identity-links') {
      return task!.groups.map((groupId) => ({ userId: null, groupId, type: 'candidate' })) as T;
    }
    if (method === 'POST' && parts[2] === 'claim') {
      if (task!.assignee) throw new EngineError(500, 'TaskAlreadyClaimedException', 'Task is already claimed');
      task!.assignee = (body as { userId: string }).userId;
      return undefined as T;
    }
    if (method === 'POST' && parts[2] === 'complete') {
      this.completed.push({ id: task!.id, variables: (body as { variables: unknown }).variables });
      this.tasks.delete(task!.id);
      return undefined as T;
    }
    throw new Error(`fake engine: ${method} ${path}`);
  }

  /** The clerk's card check by default; `key` another user task (e.g. one without a server-side form). */
  add(id: string, groups: string[], assignee: string | null = null, businessKey = '5f0c2b8e-3a7d-4c1e-9b2a-1d2e3f4a5b6c', key = 'check-registration-card'): void {
    const processInstanceId = `pi-${id}`;
    this.businessKeys.set(processInstanceId, businessKey);
    this.tasks.set(id, {
      id, name: key === 'check-registration-card' ? 'Перевірити реєстраційну картку' : key, assignee, created: `2026-11-26T10:00:0${this.tasks.size}.000+0200`, due: null, priority: 50,
      processInstanceId, processDefinitionId: 'incoming-document:1:x', taskDefinitionKey: key,
      formKey: `hromada:${key}`, groups,
    });
  }
}

describe('api: tasks', function () {
  this.timeout(20000);
  let t: TestApp;
  let engine: FakeEngine;
  let clerk: TestUser;
  let otherClerk: TestUser;
  let executor: TestUser;
  const cookies: Record<string, SessionHeaders> = {};

  before(async () => {
    engine = new FakeEngine();
    t = await startTestApp({ engine });
    clerk = await createTestUser(t.db, ['clerk']);
    otherClerk = await createTestUser(t.db, ['clerk']);
    executor = await createTestUser(t.db, ['executor'], '03');
    cookies.clerk = await login(t.app, clerk);
    cookies.otherClerk = await login(t.app, otherClerk);
    cookies.executor = await login(t.app, executor);
  });
  after(async () => {
    await removeTestUsers(t.db, [clerk, otherClerk, executor]);
    await t.close();
  });
  beforeEach(() => {
    engine.tasks.clear();
    engine.completed = [];
  });

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: cookies[who]!, ...(payload ? { payload } : {}) });

  it('lists my tasks and the unassigned ones of my groups, with the document id', async () => {
    engine.add('t1', ['clerks']);
    engine.add('t2', ['clerks'], 'someone-else');
    engine.add('t3', ['executors']);
    const res = await call('clerk', 'GET', '/api/v1/tasks');
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal([{
      id: 't1', name: 'Перевірити реєстраційну картку', taskDefinitionKey: 'check-registration-card',
      formKey: 'hromada:check-registration-card', created: '2026-11-26T10:00:00.000+0200', assignee: null,
      businessKey: '5f0c2b8e-3a7d-4c1e-9b2a-1d2e3f4a5b6c', documentId: '5f0c2b8e-3a7d-4c1e-9b2a-1d2e3f4a5b6c',
    }]);
    const executorTasks = await call('executor', 'GET', '/api/v1/tasks');
    expect(executorTasks.json().map((x: { id: string }) => x.id)).to.deep.equal(['t3']);
  });

  it('claims only tasks offered to my groups, and translates "already claimed" to 409', async () => {
    engine.add('t1', ['clerks']);
    expect((await call('executor', 'POST', '/api/v1/tasks/t1/claim')).statusCode).to.equal(403);
    const claimed = await call('clerk', 'POST', '/api/v1/tasks/t1/claim');
    expect(claimed.statusCode).to.equal(200);
    expect(claimed.json()).to.deep.equal({ id: 't1', assignee: clerk.username });
    expect((await call('clerk', 'POST', '/api/v1/tasks/t1/claim')).statusCode, 'claiming again is harmless').to.equal(200);
    const taken = await call('otherClerk', 'POST', '/api/v1/tasks/t1/claim');
    expect(taken.statusCode).to.equal(409);
    expect(taken.json()).to.include({ type: 'urn:hromada:problem:task-already-claimed', title: 'Task already claimed' });
    expect((await call('clerk', 'POST', '/api/v1/tasks/nope/claim')).statusCode).to.equal(404);
    const audit = await t.db('audit_log').where({ action: 'task.claim', entity_id: 't1', actor: `user:${clerk.id}` });
    expect(audit).to.have.length(1);
  });

  it('turns the engine\'s 500 on a claim race into 409', async () => {
    engine.add('t1', ['clerks']);
    const original = engine.getTask.bind(engine);
    // The task looks free when read, but someone claims it before our claim arrives.
    engine.getTask = async (id: string) => {
      const task = await original(id);
      engine.tasks.get(id)!.assignee = 'fast-colleague';
      return { ...task, assignee: null };
    };
    try {
      const res = await call('clerk', 'POST', '/api/v1/tasks/t1/claim');
      expect(res.statusCode).to.equal(409);
    } finally {
      engine.getTask = original;
    }
  });

  it('turns the engine\'s 500 on a completion that lost a race (optimistic locking) into 409 task-conflict', async () => {
    engine.add('t1', ['clerks'], null, undefined, 'analyst-step');
    await call('clerk', 'POST', '/api/v1/tasks/t1/claim');
    const original = engine.completeTask.bind(engine);
    // A parallel branch (OCR finishing) changed the process instance while the clerk completed.
    engine.completeTask = async () => {
      throw new EngineError(500, 'OptimisticLockingException', 'ENGINE-03005 Execution of \'UPDATE ExecutionEntity[x]\' failed. Entity was updated by another transaction concurrently.');
    };
    try {
      const res = await call('clerk', 'POST', '/api/v1/tasks/t1/complete', { variables: {} });
      expect(res.statusCode).to.equal(409);
      expect(res.json()).to.deep.include({ type: 'urn:hromada:problem:task-conflict', title_uk: 'Хтось інший щойно змінив цю справу: нічого не збережено, спробуйте ще раз' });
    } finally {
      engine.completeTask = original;
    }
  });

  it('completes only as the assignee: 409 unclaimed, 403 someone else\'s, 204 mine', async () => {
    // A task no manifest declares (an analyst's diagram), so without a server-side form: the generic
    // completion schema alone applies. (Every declared task has a Camunda Form now, the reminders too.)
    engine.add('t1', ['clerks'], null, undefined, 'analyst-step');
    const unclaimed = await call('clerk', 'POST', '/api/v1/tasks/t1/complete', { variables: {} });
    expect(unclaimed.statusCode).to.equal(409);
    expect(unclaimed.json().type).to.equal('urn:hromada:problem:task-not-claimed');
    await call('clerk', 'POST', '/api/v1/tasks/t1/claim');
    const notMine = await call('otherClerk', 'POST', '/api/v1/tasks/t1/complete', { variables: {} });
    expect(notMine.statusCode).to.equal(403);
    const done = await call('clerk', 'POST', '/api/v1/tasks/t1/complete', { variables: { cardOk: true, note: null, details: { pages: 2 } } });
    expect(done.statusCode).to.equal(204);
    expect(engine.completed).to.deep.equal([{ id: 't1', variables: {
      cardOk: { value: true, type: 'Boolean' }, note: { value: null, type: 'Null' }, details: { value: '{"pages":2}', type: 'Json' },
    } }]);
    const audit = await t.db('audit_log').where({ action: 'task.complete', entity_id: 't1' }).orderBy('id', 'desc').first();
    expect(audit.details).to.deep.include({ variables: 'cardOk,note,details' });
  });

  it('refuses a card check that confirms nothing (400 naming variables.cardConfirmed), takes cardConfirmed: true', async () => {
    engine.add('t1', ['clerks'], clerk.username);
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{}, ['variables.cardConfirmed']],
      [{ cardConfirmed: false }, ['variables.cardConfirmed']],
      [{ cardConfirmed: 'true' }, ['variables.cardConfirmed']],
      [{ cardConfirmed: true, remark: 'Картка правильна' }, ['variables.remark']],
    ];
    for (const [variables, expected] of cases) {
      const res = await call('clerk', 'POST', '/api/v1/tasks/t1/complete', { variables });
      expect(res.statusCode, JSON.stringify(variables)).to.equal(400);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      const problem = res.json();
      expect(problem.errors.map((e: { field: string }) => e.field), JSON.stringify(variables)).to.deep.equal(expected);
      expect(problem.errors[0].message_uk, 'in Ukrainian too').to.be.a('string').and.not.equal('');
    }
    expect(engine.completed, 'the engine saw none of them').to.deep.equal([]);
    const confirmed = await call('clerk', 'POST', '/api/v1/tasks/t1/complete', { variables: { cardConfirmed: true } });
    expect(confirmed.statusCode).to.equal(204);
    expect(engine.completed).to.deep.equal([{ id: 't1', variables: { cardConfirmed: { value: true, type: 'Boolean' } } }]);
  });

  it('names the wrong fields of a completion body', async () => {
    engine.add('t1', ['clerks'], clerk.username);
    const missing = await call('clerk', 'POST', '/api/v1/tasks/t1/complete', {});
    expect(missing.statusCode).to.equal(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).to.deep.equal(['variables']);
    const badName = await call('clerk', 'POST', '/api/v1/tasks/t1/complete', { variables: { 'bad name': 1, list: [1, 2] } });
    expect(badName.statusCode).to.equal(400);
    expect(badName.json().errors.map((e: { field: string }) => e.field)).to.have.members(['variables.bad name', 'variables.list']);
    expect(engine.completed).to.deep.equal([]);
  });

  describe('GET /tasks/{id}/form', () => {
    const shipped = readFormFiles();

    it('answers the Camunda Form, its derived JSON Schema and the current values of its fields, to a candidate', async () => {
      engine.add('t1', ['clerks'], null, undefined, 'resolve-document');
      engine.variables.set('pi-t1', {
        documentId: { value: '5f0c2b8e-3a7d-4c1e-9b2a-1d2e3f4a5b6c', type: 'String' },
        executors: { value: '{"department:03":"responsible"}', type: 'Json' },
        text: { value: 'Розглянути', type: 'String' },
        registrationIndex: { value: '12/01-15', type: 'String' },
      });
      const res = await call('clerk', 'GET', '/api/v1/tasks/t1/form');
      expect(res.statusCode).to.equal(200);
      const body = res.json();
      expect(body.formId).to.equal('resolve-document');
      expect(body.form, 'the form file as it is, nothing dropped').to.deep.equal(shipped.get('resolve-document')!.form);
      expect(body.schema.required).to.deep.equal(['executors', 'text']);
      expect(body.schema.additionalProperties).to.equal(false);
      expect(body.schema.properties.executors.propertyNames, 'the custom field\'s schema from the rules').to.be.an('object');
      expect(body.values, 'only the form\'s fields').to.deep.equal({ executors: { 'department:03': 'responsible' }, text: 'Розглянути' });
      const audit = await t.db('audit_log').where({ action: 'task.form.view', entity_id: 't1', actor: `user:${clerk.id}` });
      expect(audit).to.have.length(1);
      expect(audit[0].details, 'names, never values').to.deep.include({ formId: 'resolve-document', taskDefinitionKey: 'resolve-document' });
    });

    it('answers the assignee too, and a task of an older diagram version (formKey) by its definition key', async () => {
      engine.add('t1', ['heads'], clerk.username);
      expect(engine.tasks.get('t1')!.formKey, 'the legacy form key').to.equal('hromada:check-registration-card');
      const res = await call('clerk', 'GET', '/api/v1/tasks/t1/form');
      expect(res.statusCode).to.equal(200);
      expect(res.json()).to.deep.include({ formId: 'check-registration-card', values: {} });
      expect(res.json().schema).to.deep.equal({
        type: 'object', required: ['cardConfirmed'], properties: { cardConfirmed: { const: true } }, additionalProperties: false,
      });
    });

    it('refuses a stranger (403), an unknown task and a task without a known form (404), as problem+json', async () => {
      engine.add('t1', ['clerks']);
      engine.add('t2', ['clerks'], 'someone-else');
      engine.add('t3', ['clerks'], null, undefined, 'analyst-step');
      const cases: Array<[string, string, number, string]> = [
        ['executor', 't1', 403, 'not-candidate'],
        ['executor', 'nope', 404, 'task-not-found'],
        ['clerk', 't3', 404, 'task-form-not-found'],
      ];
      for (const [who, id, status, type] of cases) {
        const res = await call(who, 'GET', `/api/v1/tasks/${id}/form`);
        expect(res.statusCode, `${who} ${id}`).to.equal(status);
        expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
        expect(res.json().type).to.equal(`urn:hromada:problem:${type}`);
        expect(res.json().title_uk).to.be.a('string').and.not.equal('');
      }
      // A candidate may look at a task a colleague holds, as at one they may claim.
      expect((await call('otherClerk', 'GET', '/api/v1/tasks/t2/form')).statusCode).to.equal(200);
      const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/tasks/t1/form' });
      expect(anonymous.statusCode).to.equal(401);
    });
  });
});
