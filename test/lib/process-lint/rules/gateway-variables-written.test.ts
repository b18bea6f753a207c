import { fileURLToPath } from 'node:url';
import { conditionalContracts, expectFindings, lintFixture } from '../../../support/process-lint.ts';

const dir = fileURLToPath(new URL('./gateway-variables-written/', import.meta.url));
const lint = (file: string) => lintFixture(dir, file, 'gateway-variables-written');

describe('hromada/gateway-variables-written', () => {
  it('passes a condition on a start variable and a variable the task before it writes', async () => {
    expectFindings(await lint('valid.bpmn'), []);
  });

  it('reaches a fixpoint over a loop: the review writes approved on every round', async () => {
    expectFindings(await lint('valid-loop.bpmn'), []);
  });

  it('joins what every branch of a parallel split wrote', async () => {
    expectFindings(await lint('valid-parallel.bpmn'), []);
  });

  it('carries a subprocess\'s writes past it, and sees its element variable, loop counter and input parameters inside', async () => {
    expectFindings(await lint('valid-subprocess.bpmn'), []);
  });

  it('skips a flow excluded with a reason', async () => {
    expectFindings(await lint('valid-excluded.bpmn'), []);
  });

  it('reports each variable not written on every path, execution.getVariable included', async () => {
    expectFindings(await lint('invalid.bpmn'), [
      ['f-ok', /The condition of flow "f-ok" reads "checkResult", which is not written on every path/],
      ['f-ok', /reads "approved"/],
      ['f-urgent', /reads "urgent"/],
    ]);
  });

  it('does not count the writes of a task on its error boundary\'s path (its code variable counts)', async () => {
    expectFindings(await lint('invalid-boundary.bpmn'), [['f-ok', /reads "checkResult"/]]);
  });

  it('does not count writes inside a multi-instance activity after it, nor its element variable', async () => {
    expectFindings(await lint('invalid-multi-instance.bpmn'), [['f-ok', /reads "checkResult"/], ['f-ok', /reads "item"/]]);
  });

  it('counts a decision\'s conditional writes after the flow that tests it, and only there', async () => {
    expectFindings(await lintFixture(dir, 'writes-when.bpmn', 'gateway-variables-written', conditionalContracts), [['f-returned-signer', /reads "signerId"/]]);
  });
});
