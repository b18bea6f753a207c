import { fileURLToPath } from 'node:url';
import { conditionalContracts, expectFindings, lintFixture } from '../../../support/process-lint.ts';

const dir = fileURLToPath(new URL('./topic-inputs-set/', import.meta.url));
const lint = (file: string) => lintFixture(dir, file, 'topic-inputs-set');
const lintConditional = (file: string) => lintFixture(dir, file, 'topic-inputs-set', conditionalContracts);

describe('hromada/topic-inputs-set', () => {
  it('passes reads set by the start, an earlier task and the task\'s own input parameter', async () => {
    expectFindings(await lint('valid.bpmn'), []);
  });

  it('passes what a subprocess writes and a multi-instance element variable inside it', async () => {
    expectFindings(await lint('valid-subprocess.bpmn'), []);
  });

  it('skips a task excluded with a reason', async () => {
    expectFindings(await lint('valid-excluded.bpmn'), []);
  });

  it('reports a read set on one path only, and one set on none', async () => {
    expectFindings(await lint('invalid.bpmn'), [
      ['archive', /Topic "archive" reads "registrationIndex", which is not set on every path to task "archive"/],
      ['sign', /Topic "sign" reads "signerId", which is not set on every path/],
    ]);
  });

  it('reports a read on a boundary event\'s path, where the activity did not complete', async () => {
    expectFindings(await lint('invalid-boundary.bpmn'), [['archive-late', /reads "registrationIndex"/]]);
  });

  describe('conditional writes (writesWhen)', () => {
    it('counts a step\'s writes after a task with that literal step, and a decision\'s writes after the flow that tests it', async () => {
      expectFindings(await lintConditional('valid-writes-when.bpmn'), []);
    });

    it('does not count them without the contracts saying so', async () => {
      const plain = await lintFixture(dir, 'valid-writes-when.bpmn', 'topic-inputs-set', {
        ...conditionalContracts,
        topics: { ...conditionalContracts.topics, 'record-step': { ...conditionalContracts.topics['record-step']!, writesWhen: undefined } },
        userTasks: Object.fromEntries(Object.entries(conditionalContracts.userTasks).map(([id, t]) => [id, { ...t, writesWhen: undefined }])),
      });
      expectFindings(plain, [
        ['archive', /reads "registrationIndex"/],
        ['sign', /reads "signerId"/],
        ['notify', /reads "template"/],
        ['remind', /reads "reminderAt"/],
      ]);
    });

    it('reports a step that writes nothing of it, and a step the diagram computes', async () => {
      expectFindings(await lintConditional('invalid-writes-when-step.bpmn'), [
        ['archive-closed', /reads "registrationIndex"/],
        ['archive-computed', /reads "registrationIndex"/],
      ]);
    });

    it('reports a read after a test that is not exactly the decision, after another task rewrote it, or of a task that may leave it unset', async () => {
      expectFindings(await lintConditional('invalid-writes-when-test.bpmn'), [
        ['sign-not-returned', /reads "signerId"/],
        ['sign-rechecked', /reads "signerId"/],
        ['notify', /reads "template"/],
        ['sign-loose', /reads "signerId"/],
      ]);
    });

    it('reports a read after a test that a path not from the deciding task reaches', async () => {
      expectFindings(await lintConditional('invalid-writes-when-path.bpmn'), [['sign', /reads "signerId"/]]);
    });
  });
});
