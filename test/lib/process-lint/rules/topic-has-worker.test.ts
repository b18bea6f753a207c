import { fileURLToPath } from 'node:url';
import { expectFindings, lintFixture } from '../../../support/process-lint.ts';

const dir = fileURLToPath(new URL('./topic-has-worker/', import.meta.url));
const lint = (file: string) => lintFixture(dir, file, 'topic-has-worker');

describe('hromada/topic-has-worker', () => {
  it('passes external service and send tasks and message events on served topics', async () => {
    expectFindings(await lint('valid.bpmn'), []);
  });

  it('skips a task excluded with a reason', async () => {
    expectFindings(await lint('valid-excluded.bpmn'), []);
  });

  it('reports a topic no worker serves, naming the ones that exist', async () => {
    expectFindings(await lint('invalid-unknown-topic.bpmn'), [['register', /topic "registr" has no worker: choose a topic of the list \(archive, check, notify, register, sign\)/]]);
  });

  it('reports an external task without a topic', async () => {
    expectFindings(await lint('invalid-no-topic.bpmn'), [['register', /External task "register" has no topic/]]);
  });

  it('reports every other implementation: a Java class, a decision table, a connector, an expression', async () => {
    expectFindings(await lint('invalid-not-external.bpmn'), [
      ['java', /Task "java" is not done by an external worker/],
      ['decide', /Task "decide" is not done by an external worker/],
      ['http', /Task "http" is not done by an external worker/],
      ['mailed', /Task "mailed" is not done by an external worker/],
    ]);
  });
});
