import { fileURLToPath } from 'node:url';
import { expectFindings, lintFixture } from '../../../support/process-lint.ts';

const dir = fileURLToPath(new URL('./timer-date-declared/', import.meta.url));
const lint = (file: string) => lintFixture(dir, file, 'timer-date-declared');

describe('hromada/timer-date-declared', () => {
  it('passes declared date variables and explicit ISO 8601 dates, durations and cycles', async () => {
    expectFindings(await lint('valid.bpmn'), []);
  });

  it('skips an event excluded with a reason', async () => {
    expectFindings(await lint('valid-excluded.bpmn'), []);
  });

  it('reports undeclared variables, computed dates, cron, values of the wrong kind and empty timers', async () => {
    expectFindings(await lint('invalid.bpmn'), [
      ['term', /Timer "term" waits for "termDate", which is not a declared date variable: use one of the list \(dueDateTime, reminderDateTime\)/],
      ['words', /the value "5 days", which is neither a date variable nor an ISO 8601 value: .*e\.g\. P5D/],
      ['computed', /the value "\$\{dateTime\(\)\.plusDays\(5\)\.toDate\(\)\}"/],
      ['cron', /the value "0 0 9 \* \* \?".*e\.g\. R3\/PT1H/],
      ['wrong-kind', /the value "2026-01-30T18:00:00\+02:00"/],
      ['empty', /Timer "empty" has no value/],
    ]);
  });
});
