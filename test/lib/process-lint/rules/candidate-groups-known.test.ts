import { fileURLToPath } from 'node:url';
import { expectFindings, lintFixture } from '../../../support/process-lint.ts';

const dir = fileURLToPath(new URL('./candidate-groups-known/', import.meta.url));
const lint = (file: string) => lintFixture(dir, file, 'candidate-groups-known');

describe('hromada/candidate-groups-known', () => {
  it('passes declared role groups and groups taken from the case through expressions', async () => {
    expectFindings(await lint('valid.bpmn'), []);
  });

  it('skips an element excluded with a reason', async () => {
    expectFindings(await lint('valid-excluded.bpmn'), []);
  });

  it('reports each undeclared literal group, among the starters too', async () => {
    expectFindings(await lint('invalid.bpmn'), [
      ['demo', /Candidate group "admins" \(element "demo"\) is not declared: choose one of the list \(clerks, heads\)/],
      ['a', /Candidate group "lawyers"/],
      ['b', /Candidate group "auditors"/],
    ]);
  });
});
