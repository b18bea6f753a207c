import { fileURLToPath } from 'node:url';
import { expectFindings, lintFixture } from '../../../support/process-lint.ts';

const dir = fileURLToPath(new URL('./bpmn-errors-caught/', import.meta.url));
const lint = (file: string) => lintFixture(dir, file, 'bpmn-errors-caught');

describe('hromada/bpmn-errors-caught', () => {
  it('passes a code caught by an error boundary on the task that may report it', async () => {
    expectFindings(await lint('valid.bpmn'), []);
  });

  it('skips a task excluded with a reason', async () => {
    expectFindings(await lint('valid-excluded.bpmn'), []);
  });

  it('reports a code nothing catches (the engine would raise an incident)', async () => {
    expectFindings(await lint('invalid-uncaught.bpmn'), [['sign', /Topic "sign" may report BPMN error "not-reviewed", but task "sign" does not catch it/]]);
  });

  it('counts only a boundary on that task naming that code: not another task\'s, not a catch-all', async () => {
    expectFindings(await lint('invalid-caught-elsewhere.bpmn'), [['sign', /does not catch it/]]);
  });

  it('reports an error code that is not declared, and an error without a code', async () => {
    expectFindings(await lint('invalid-undeclared-code.bpmn'), [
      ['typo-error', /BPMN error code "not-reviewd" is not declared: use a code of the domain manifest \(not-reviewed\)/],
      ['no-code-error', /BPMN error "no-code-error" has no errorCode/],
    ]);
  });
});
