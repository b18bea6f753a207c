import { fileURLToPath } from 'node:url';
import { expectFindings, lintFixture } from '../../../support/process-lint.ts';

const dir = fileURLToPath(new URL('./topic-inputs-set/', import.meta.url));
const lint = (file: string) => lintFixture(dir, file, 'topic-inputs-set');

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
});
