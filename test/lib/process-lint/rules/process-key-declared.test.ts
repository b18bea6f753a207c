import { fileURLToPath } from 'node:url';
import { expectFindings, lintFixture } from '../../../support/process-lint.ts';

const dir = fileURLToPath(new URL('./process-key-declared/', import.meta.url));
const lint = (file: string) => lintFixture(dir, file, 'process-key-declared');

describe('hromada/process-key-declared', () => {
  it('passes a declared, named, executable process and leaves non-executable ones alone', async () => {
    expectFindings(await lint('valid.bpmn'), []);
  });

  it('skips a process excluded with a reason', async () => {
    expectFindings(await lint('valid-excluded.bpmn'), []);
  });

  it('reports an undeclared process key', async () => {
    expectFindings(await lint('invalid-unknown-key.bpmn'), [['unknown-key', /Process key "unknown-key" is not declared: .*\(demo\)/]]);
  });

  it('reports a process without a name', async () => {
    expectFindings(await lint('invalid-no-name.bpmn'), [['demo', /Process "demo" has no name/]]);
  });

  it('reports a diagram without an executable process', async () => {
    expectFindings(await lint('invalid-not-executable.bpmn'), [['definitions', /no executable process/]]);
  });
});
