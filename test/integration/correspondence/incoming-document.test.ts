// The foundation slice through every layer: the real API, engine, workers and PostgreSQL.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDb, type Db } from '../../../lib/db.ts';
import { deployProcesses } from '../../../scripts/stack/deploy.ts';
import { root } from '../../../scripts/stack/stack.ts';
import { samplePdf, samplePng, notAScan } from '../../support/files.ts';
import { ApiSession, eventually, testStack } from '../../support/stack.ts';

function upload(metadata: unknown, file: Buffer, name = 'scan.pdf'): FormData {
  const form = new FormData();
  form.set('metadata', typeof metadata === 'string' ? metadata : JSON.stringify(metadata));
  form.set('file', new Blob([new Uint8Array(file)]), name);
  return form;
}

const metadata = { correspondent: 'ТОВ «Київські ліфти»', theirNumber: '17/3-45', theirDate: '2026-11-20', summary: 'Про ремонт ліфтів на вул. Хрещатик, 36' };

interface DocumentView {
  id: string;
  status: string;
  registrationIndex: string | null;
  currentSteps: Array<{ taskId?: string; step: string; name: string; department: { code: string; name: string } | null }>;
}

describe('incoming document slice', function () {
  let db: Db;
  let clerk: ApiSession;

  before(async function () {
    db = createDb(testStack().database.appUrl, 2);
    clerk = await ApiSession.login('clerk');
  });
  after(async () => db.destroy());

  it('registers a scan, shows the clerk task, and lets the clerk claim and complete it', async function () {
    const posted = await clerk.request<{ id: string; status: string }>('POST', '/api/v1/documents', upload(metadata, samplePdf('Lyst pro lifty')));
    expect(posted.status).to.equal(202);
    expect(posted.body.status).to.equal('received');
    const id = posted.body.id;
    expect(posted.headers.get('location')).to.equal(`/api/v1/documents/${id}`);

    const doc = await eventually('the card to be checked', async () => {
      const res = await clerk.request<DocumentView>('GET', `/api/v1/documents/${id}`);
      return res.body.currentSteps?.some((s) => s.step === 'check-registration-card') ? res.body : undefined;
    });
    expect(doc.status).to.equal('registered');
    expect(doc.registrationIndex).to.match(/^\d+\/01-15$/);
    const step = doc.currentSteps.find((s) => s.step === 'check-registration-card')!;
    expect(step.department?.code).to.equal('01');

    const tasks = await clerk.request<Array<{ id: string; businessKey: string; taskDefinitionKey: string; assignee: string | null }>>('GET', '/api/v1/tasks');
    expect(tasks.status).to.equal(200);
    const task = tasks.body.find((t) => t.businessKey === id);
    expect(task, 'the clerk sees the task of the new document').to.not.equal(undefined);
    expect(task!.taskDefinitionKey).to.equal('check-registration-card');

    const executor = await ApiSession.login('executor');
    const seenByExecutor = await executor.request<Array<{ businessKey: string }>>('GET', '/api/v1/tasks');
    expect(seenByExecutor.body.map((t) => t.businessKey)).to.not.include(id);
    expect((await executor.request('POST', `/api/v1/tasks/${task!.id}/claim`)).status).to.equal(403);
    expect((await clerk.request('POST', `/api/v1/tasks/${task!.id}/complete`, { variables: { cardConfirmed: true } })).status,
      'completing an unclaimed task').to.equal(409);

    expect((await clerk.request('POST', `/api/v1/tasks/${task!.id}/claim`)).status).to.equal(200);
    // A card check that confirms nothing does not pass for one: the seal follows it.
    for (const variables of [{}, { cardConfirmed: false }]) {
      const refused = await clerk.request<{ errors?: Array<{ field: string }> }>('POST', `/api/v1/tasks/${task!.id}/complete`, { variables });
      expect(refused.status, JSON.stringify(variables)).to.equal(400);
      expect(refused.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(refused.body.errors?.map((e) => e.field)).to.deep.equal(['variables.cardConfirmed']);
    }
    const completed = await clerk.request('POST', `/api/v1/tasks/${task!.id}/complete`, { variables: { cardConfirmed: true } });
    expect(completed.status).to.equal(204);

    // Once the card is checked, the text read (OCR runs beside the check) and the card sealed, the
    // case goes to the head's resolution (test/integration/correspondence/execution.test.ts follows it on).
    const after = await eventually('the resolution step', async () => {
      const res = await clerk.request<DocumentView>('GET', `/api/v1/documents/${id}`);
      return res.body.currentSteps?.some((s) => s.step === 'resolve-document') ? res.body : undefined;
    }, 60000);
    expect(after.currentSteps.map((s) => [s.step, s.department?.code])).to.deep.equal([['resolve-document', '02']]);
    const signatures = await clerk.request<Array<{ purpose: string; valid: boolean }>>('GET', `/api/v1/documents/${id}/signatures`);
    expect(signatures.body.map((x) => [x.purpose, x.valid])).to.deep.equal([['registration', true]]);
    expect(after.registrationIndex).to.equal(doc.registrationIndex);
  });

  it('answers 409 when a second clerk claims a task someone holds', async function () {
    const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents', upload(metadata, samplePng(`claim race ${Date.now()}`), 'photo.png'));
    expect(posted.status).to.equal(202);
    const taskId = await eventually('the task', async () => {
      const res = await clerk.request<Array<{ id: string; businessKey: string }>>('GET', '/api/v1/tasks');
      return res.body.find((t) => t.businessKey === posted.body.id)?.id;
    });
    expect((await clerk.request('POST', `/api/v1/tasks/${taskId}/claim`)).status).to.equal(200);
    const admin = await ApiSession.login('admin');
    // An admin is not in the clerks group: the refusal is about rights, before any conflict.
    expect((await admin.request('POST', `/api/v1/tasks/${taskId}/claim`)).status).to.equal(403);
    const second = await db('staff_users').where({ username: 'clerk' }).first('department_id');
    await db.transaction(async (tx) => {
      await tx('staff_users').insert({ username: 'clerk2', full_name: 'Друга Діловодка', password_hash: (await tx('staff_users').where({ username: 'clerk' }).first('password_hash')).password_hash, department_id: second.department_id }).onConflict('username').ignore();
      const u = await tx('staff_users').where({ username: 'clerk2' }).first('id');
      await tx('staff_user_roles').insert({ user_id: u.id, role_code: 'clerk' }).onConflict(['user_id', 'role_code']).ignore();
    });
    const clerk2 = await ApiSession.login('clerk2');
    const conflict = await clerk2.request<{ status: number; title: string; title_uk: string }>('POST', `/api/v1/tasks/${taskId}/claim`);
    expect(conflict.status).to.equal(409);
    expect(conflict.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(conflict.body.title_uk).to.be.a('string').and.not.equal('');
  });

  it('refuses the same scan once registered (409 with its index), and registers a copy made on purpose with a number of its own', async function () {
    const pdf = samplePdf(`Lyst dvichi ${Date.now()}`);
    const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents', upload(metadata, pdf));
    expect(posted.status).to.equal(202);
    const id = posted.body.id;
    const first = await eventually('the registration', async () => {
      const res = await clerk.request<DocumentView>('GET', `/api/v1/documents/${id}`);
      return res.body.registrationIndex ? res.body : undefined;
    });
    const rows = async () => Number((await db('documents').count<{ count: string }[]>('* as count'))[0]!.count);
    const before = await rows();

    const again = await clerk.request<{ type: string; detail_uk: string; existingDocument: unknown }>('POST', '/api/v1/documents', upload(metadata, pdf, 'again.pdf'));
    expect(again.status).to.equal(409);
    expect(again.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(again.body.type).to.equal('urn:hromada:problem:duplicate-document');
    expect(again.body.existingDocument).to.deep.equal({ id, status: first.status, registrationIndex: first.registrationIndex });
    expect(again.body.detail_uk).to.include(first.registrationIndex!);
    expect(await rows(), 'nothing stored').to.equal(before);

    const reason = 'Другий примірник з власною резолюцією';
    const copy = await clerk.request<{ id: string }>('POST', '/api/v1/documents', upload({ ...metadata, duplicateOf: id, duplicateReason: reason }, pdf, 'copy.pdf'));
    expect(copy.status, JSON.stringify(copy.body)).to.equal(202);
    const second = await eventually('the copy\'s registration', async () => {
      const res = await clerk.request<DocumentView & { duplicateOf: unknown }>('GET', `/api/v1/documents/${copy.body.id}`);
      return res.body.registrationIndex ? res.body : undefined;
    });
    expect(second.registrationIndex).to.match(/^\d+\/01-15$/).and.not.equal(first.registrationIndex);
    expect(second.duplicateOf).to.deep.equal({ documentId: id, reason });
  });

  it('rejects bad uploads with problem+json naming the field, storing nothing', async function () {
    const before = Number((await db('documents').count<{ count: string }[]>('* as count'))[0]!.count);
    const links = Number((await db('process_links').count<{ count: string }[]>('* as count'))[0]!.count);

    const cases: Array<[FormData, number, string]> = [
      [upload({ summary: 'без кореспондента' }, samplePdf('x')), 400, 'metadata.correspondent'],
      [upload('{not json', samplePdf('x')), 400, 'metadata'],
      [upload(metadata, notAScan(), 'looks-like.pdf'), 415, 'file'],
      [(() => { const f = new FormData(); f.set('metadata', JSON.stringify(metadata)); return f; })(), 400, 'file'],
    ];
    for (const [form, status, field] of cases) {
      const res = await clerk.request<{ status: number; errors?: Array<{ field: string }> }>('POST', '/api/v1/documents', form);
      expect(res.status, `status for ${field}`).to.equal(status);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(res.body.errors?.map((e) => e.field), `field named for ${field}`).to.include(field);
    }
    expect(Number((await db('documents').count<{ count: string }[]>('* as count'))[0]!.count)).to.equal(before);
    expect(Number((await db('process_links').count<{ count: string }[]>('* as count'))[0]!.count)).to.equal(links);
  });

  it('refuses staff routes without a session and uploads by a role that may not register', async function () {
    const anonymous = new ApiSession();
    expect((await anonymous.request('GET', '/api/v1/tasks')).status).to.equal(401);
    const head = await ApiSession.login('head');
    expect((await head.request('POST', '/api/v1/documents', upload(metadata, samplePdf('x')))).status).to.equal(403);
  });

  it('deploys only changed diagrams: an unchanged one is not a new version, an edited one is', async function () {
    const engine = testStack().engine.client;
    expect(await deployProcesses(engine, root), 'redeploy of unchanged processes').to.deep.equal([]);
    const original = readFileSync(path.join(root, 'processes', 'incoming-document.bpmn'), 'utf8')
      .replaceAll('id="incoming-document"', 'id="changed-only-probe"');
    const first = await engine.deploy('changed-only-probe', [{ name: 'probe.bpmn', content: original }]);
    const again = await engine.deploy('changed-only-probe', [{ name: 'probe.bpmn', content: original }]);
    const edited = await engine.deploy('changed-only-probe', [{ name: 'probe.bpmn', content: original.replace('</bpmn:definitions>', '<!-- edited --></bpmn:definitions>') }]);
    const versions = (d: { deployedProcessDefinitions: Record<string, { version: number }> | null }) => Object.values(d.deployedProcessDefinitions ?? {}).map((p) => p.version);
    expect(versions(again)).to.deep.equal([]);
    expect(versions(edited)).to.deep.equal([versions(first)[0]! + 1]);
  });
});

describe('a document that arrives while the engine is down', function () {
  this.timeout(300000);
  let db: Db;
  before(() => { db = createDb(testStack().database.appUrl, 2); });
  after(async () => {
    if (!testStack().engine.running()) await testStack().engine.start();
    await db.destroy();
  });

  it('is kept, and its process starts once — exactly one registration — when the engine is back', async function () {
    const clerk = await ApiSession.login('clerk');
    await testStack().engine.stop();
    const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents', upload(metadata, samplePdf('engine down')));
    expect(posted.status).to.equal(202);
    const id = posted.body.id;
    const whileDown = await clerk.request<DocumentView>('GET', `/api/v1/documents/${id}`);
    expect(whileDown.status).to.equal(200);
    expect(whileDown.body.status).to.equal('received');
    expect(whileDown.body.registrationIndex).to.equal(null);

    await testStack().engine.start();
    const doc = await eventually('registration after the engine is back', async () => {
      const res = await clerk.request<DocumentView>('GET', `/api/v1/documents/${id}`);
      return res.body.currentSteps?.some((s) => s.step === 'check-registration-card') ? res.body : undefined;
    }, 120000);
    expect(doc.registrationIndex).to.match(/^\d+\/01-15$/);
    const instances = await testStack().engine.client.request<unknown[]>('GET', `/history/process-instance?processInstanceBusinessKey=${id}`);
    expect(instances).to.have.length(1);
    const registrations = await db('registrations').where({ document_id: id });
    expect(registrations).to.have.length(1);
  });
});
