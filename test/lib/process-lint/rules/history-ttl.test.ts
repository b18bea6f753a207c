import { fileURLToPath } from 'node:url';
import { expectFindings, lintFixture } from '../../../support/process-lint.ts';

const dir = fileURLToPath(new URL('./history-ttl/', import.meta.url));
const lint = (file: string) => lintFixture(dir, file, 'history-ttl');

describe('hromada/history-ttl', () => {
  it('passes P<n>D and a number of days', async () => {
    expectFindings(await lint('valid.bpmn'), []);
    expectFindings(await lint('valid-number.bpmn'), []);
  });

  it('skips a process excluded with a reason', async () => {
    expectFindings(await lint('valid-excluded.bpmn'), []);
  });

  it('reports a process without camunda:historyTimeToLive (the engine refuses to deploy it)', async () => {
    expectFindings(await lint('invalid-missing.bpmn'), [['demo', /has no history time to live/]]);
  });

  it('reports a time to live in another unit', async () => {
    expectFindings(await lint('invalid-format.bpmn'), [['demo', /\("P6M"\) is malformed/]]);
  });
});
