// Camunda Forms on the real stack: the launcher deploys each diagram with the forms it references
// (camunda:formRef, binding deployment), the engine resolves a task's form in the diagram's own
// deployment, and GET /api/v1/tasks/{id}/form serves the form, its JSON Schema and the values.
import { expect } from 'chai';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFormFiles } from '../../lib/process-forms.ts';
import { deployProcesses } from '../../scripts/stack/deploy.ts';
import { root } from '../../scripts/stack/stack.ts';
import { samplePdf } from '../support/files.ts';
import { ApiSession, eventually, testStack } from '../support/stack.ts';

interface TaskRow { id: string; taskDefinitionKey: string }

describe('task forms (Camunda Forms beside the diagrams)', function () {
  this.timeout(120000);
  let clerk: ApiSession;
  let executor: ApiSession;
  let taskId: string;

  before(async () => {
    clerk = await ApiSession.login('clerk');
    executor = await ApiSession.login('executor');
    const upload = new FormData();
    upload.set('metadata', JSON.stringify({ correspondent: 'КП «Київтеплоенерго»', summary: 'Про форми завдань' }));
    upload.set('file', new Blob([new Uint8Array(samplePdf('Forms of tasks'))]), 'scan.pdf');
    const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents', upload);
    expect(posted.status).to.equal(202);
    const [task] = await eventually('the card check', async () => {
      const res = await clerk.request<TaskRow[]>('GET', `/api/v1/tasks?businessKey=${posted.body.id}&taskDefinitionKey=check-registration-card`);
      return res.body.length === 1 ? res.body : undefined;
    });
    taskId = task!.id;
  });

  it('references the form by formRef, and the engine finds it in the diagram\'s own deployment', async () => {
    const engine = testStack().engine.client;
    const task = await engine.request<{ formKey: string | null; camundaFormRef: { key: string; binding: string } | null }>('GET', `/task/${taskId}`);
    expect(task.camundaFormRef).to.deep.include({ key: 'check-registration-card', binding: 'deployment' });
    expect(task.formKey).to.equal(null);
    const deployed = await engine.request<{ id: string; components: unknown[] }>('GET', `/task/${taskId}/deployed-form`);
    expect(deployed).to.deep.equal(readFormFiles().get('check-registration-card')!.form);
  });

  it('serves the form, its JSON Schema and the current values to a candidate, and completes through that schema', async () => {
    const res = await clerk.request('GET', `/api/v1/tasks/${taskId}/form`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.formId).to.equal('check-registration-card');
    expect(res.body.form).to.deep.equal(readFormFiles().get('check-registration-card')!.form);
    expect(res.body.schema).to.deep.equal({ type: 'object', required: ['cardConfirmed'], properties: { cardConfirmed: { const: true } }, additionalProperties: false });
    expect(res.body.values, 'the form\'s fields only: none is set yet').to.deep.equal({});

    const stranger = await executor.request('GET', `/api/v1/tasks/${taskId}/form`);
    expect(stranger.status).to.equal(403);
    expect(stranger.body.type).to.equal('urn:hromada:problem:not-candidate');
    const unknown = await clerk.request('GET', '/api/v1/tasks/no-such-task/form');
    expect(unknown.status).to.equal(404);
    expect(unknown.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(unknown.body.type).to.equal('urn:hromada:problem:task-not-found');

    expect((await clerk.request('POST', `/api/v1/tasks/${taskId}/claim`)).status).to.equal(200);
    const refused = await clerk.request('POST', `/api/v1/tasks/${taskId}/complete`, { variables: { cardConfirmed: false } });
    expect(refused.status).to.equal(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['variables.cardConfirmed']);
    const done = await clerk.request('POST', `/api/v1/tasks/${taskId}/complete`, { variables: { cardConfirmed: true } });
    expect(done.status, JSON.stringify(done.body)).to.equal(204);
  });

  describe('deploying a diagram with its forms (scripts/stack/deploy.ts)', () => {
    let dir: string;
    const key = `form-probe-${Date.now()}`;
    const diagram = readFileSync(path.join(root, 'processes', 'incoming-document.bpmn'), 'utf8').replaceAll('id="incoming-document"', `id="${key}"`);

    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'hromada-form-probe-'));
      mkdirSync(path.join(dir, 'processes'));
      cpSync(path.join(root, 'processes', 'forms'), path.join(dir, 'processes', 'forms'), { recursive: true });
      writeFileSync(path.join(dir, 'processes', `${key}.bpmn`), diagram);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const resourcesOf = async (version: number) => {
      const engine = testStack().engine.client;
      const [definition] = await engine.request<Array<{ deploymentId: string }>>('GET', `/process-definition?key=${key}&version=${version}`);
      const resources = await engine.request<Array<{ name: string }>>('GET', `/deployment/${definition!.deploymentId}/resources`);
      return resources.map((r) => r.name).sort();
    };

    it('deploys the diagram with every form it references; a changed form makes a new version of the diagram, with all its forms again', async () => {
      const engine = testStack().engine.client;
      expect(await deployProcesses(engine, dir)).to.deep.equal([{ key, version: 1 }]);
      const forms = ['approve-reply', 'check-registration-card', 'consolidate-execution', 'draft-reply', 'execute-assignment', 'resolve-document', 'review-execution', 'review-overdue'];
      expect(await resourcesOf(1)).to.deep.equal([...forms.map((f) => `forms/${f}.form`), `${key}.bpmn`].sort());
      expect(await deployProcesses(engine, dir), 'nothing changed').to.deep.equal([]);

      const file = path.join(dir, 'processes', 'forms', 'review-overdue.form');
      writeFileSync(file, readFileSync(file, 'utf8').replace('Строк виконання доручення минув', 'Строк доручення минув'));
      expect(await deployProcesses(engine, dir), 'one of its forms changed').to.deep.equal([{ key, version: 2 }]);
      expect(await resourcesOf(2), 'the diagram and all its forms, so binding=deployment finds each').to.have.length(forms.length + 1);
      expect(await deployProcesses(engine, dir)).to.deep.equal([]);
    });

    it('refuses a diagram that references a form without a file', async () => {
      rmSync(path.join(dir, 'processes', 'forms', 'draft-reply.form'));
      let error: Error | undefined;
      try {
        await deployProcesses(testStack().engine.client, dir);
      } catch (err) {
        error = err as Error;
      }
      expect(error?.message).to.match(/references form "draft-reply", but processes\/forms\/draft-reply\.form does not exist/);
    });
  });
});
