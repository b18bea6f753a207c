import { fileURLToPath } from 'node:url';
import { expectFindings, lintFixture } from '../../../support/process-lint.ts';

const dir = fileURLToPath(new URL('./no-code/', import.meta.url));
const lint = (file: string) => lintFixture(dir, file, 'no-code');

describe('hromada/no-code', () => {
  it('passes the shapes that only read data', async () => {
    expectFindings(await lint('valid.bpmn'), []);
  });

  it('skips an element excluded with a reason', async () => {
    expectFindings(await lint('valid-excluded.bpmn'), []);
  });

  it('reports script tasks, script parameters and script conditions', async () => {
    expectFindings(await lint('invalid-script.bpmn'), [
      ['compute', /Script task "compute" runs code in the engine/],
      ['notify', /Parameter "template" of element "notify" is a script/],
      ['f-script', /written in the script language "javascript"/],
    ]);
  });

  it('reports Java classes, delegates, method expressions and listeners that run code, each once', async () => {
    expectFindings(await lint('invalid-java.bpmn'), [
      ['demo', /A listener of element "demo" runs code/],
      ['java', /Attribute camunda:class of element "java" runs code/],
      ['method', /Attribute camunda:expression of element "method"/],
      ['method', /Attribute camunda:resultVariable of element "method"/],
      ['delegate', /Attribute camunda:delegateExpression of element "delegate"/],
      ['review', /A listener of element "review" runs code/],
      ['review', /A listener of element "review" runs code/],
    ]);
  });

  it('reports method calls, functions, arithmetic, bean calls and an unclosed expression, wherever they are', async () => {
    expectFindings(await lint('invalid-expression.bpmn'), [
      ['return', /Expression "\$\{dateTime\(\)\.plusDays\(10\)\.toDate\(\)\}" of element "return" runs code in the engine/],
      ['branches', /Expression "\$\{branches\.prop\('items'\)\.elements\(\)\}"/],
      ['sign', /Expression "\$\{staff\.find\(reviewedBy\)\}"/],
      ['sign', /Expression "\$\{now\(\)\.toInstant\(\)\.toString\(\)\}"/],
      ['f-sum', /Expression "\$\{pages \+ 1 > 10\}"/],
      ['f-open', /Expression "\$\{decision == 'x'"/],
    ]);
  });
});
