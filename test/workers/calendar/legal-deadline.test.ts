// The legal-deadline handler against a real migrated PostgreSQL: the calendar it counts with is the
// one in the database, and a change there is seen by the next task.
import { testConfig } from '../../support/stack.ts';
import { expect } from 'chai';
import pino from 'pino';
import { createDb, migrateLatest, type Db } from '../../../lib/db.ts';
import { TopicContracts, Topics } from '../../../lib/calendar/manifest.ts';
import * as legalDeadline from '../../../workers/topics/calendar/legal-deadline.ts';
import { ContractError, variablesValidator, type TopicHandler } from '../../../workers/task-outcome.ts';

describe('worker: legal-deadline (PostgreSQL)', function () {
  let db: Db;
  let handler: TopicHandler;
  const checkOutput = variablesValidator(Topics.legalDeadline, 'writes', TopicContracts[Topics.legalDeadline].writes);
  const addedRules: number[] = [];

  before(async function () {
    const url = process.env.HROMADA_TEST_APP_DB_URL;
    if (!url) {
      console.warn('    HROMADA_TEST_APP_DB_URL is not set: skipping the database tests');
      this.skip();
    }
    this.timeout(60000);
    db = createDb(url, 2);
    await migrateLatest(db);
    handler = legalDeadline.createHandler({ db, config: testConfig(), log: pino({ level: 'silent' }), now: () => new Date() });
  });
  after(async () => {
    if (addedRules.length) await db?.('calendar_holiday_rules').whereIn('id', addedRules).delete();
    await db?.destroy();
  });

  it('serves the declared contract', () => {
    expect(legalDeadline.topic).to.equal('legal-deadline');
    expect(legalDeadline.reads).to.deep.equal(TopicContracts[Topics.legalDeadline].reads);
  });

  it('writes dueDate, dueDateTime at the end of the working day, and the explanation', async () => {
    const output = await handler({ regime: 'public-info', receivedAt: '2025-11-28T16:50:00+02:00' });
    checkOutput(output);
    expect(output.dueDate).to.equal('2025-12-08');
    expect(output.dueDateTime).to.equal('2025-12-08T18:00:00+02:00');
    const explanation = output.deadlineExplanation as { due: string; explanation: { law: string; counted: { date: string } } };
    expect(explanation.due).to.equal('2025-12-08');
    expect(explanation.explanation.law).to.equal('Закон № 2939-VI, ст. 20 ч. 1');
    expect(explanation.explanation.counted.date).to.equal('2025-12-01');
    // The whole Deadline, as the case stores it (lib/calendar/stored-term.ts): dueDateTime included.
    expect(output.deadlineExplanation).to.deep.include({ regime: 'public-info', received: '2025-11-28T16:50:00+02:00', dueDateTime: '2025-12-08T18:00:00+02:00' });
  });

  it('keeps the internal control date in the explanation when the term ends on a day off', async () => {
    const output = await handler({ regime: 'appeal-short', receivedAt: '2019-04-13T10:00' });
    expect(output.dueDate).to.equal('2019-04-30');
    expect((output.deadlineExplanation as { internalDue?: string }).internalDue).to.equal('2019-04-26');
  });

  it('gives the date of an hour term and the instant for timers', async () => {
    const output = await handler({ regime: 'public-info-urgent', receivedAt: '2025-03-29T10:00:00+02:00' });
    expect(output).to.deep.include({ dueDate: '2025-03-31', dueDateTime: '2025-03-31T11:00:00+03:00' });
  });

  it('answers a retried task with the same variables', async () => {
    const input = { regime: 'appeal', receivedAt: '2025-01-31T12:00:00+02:00' };
    const first = await handler(input);
    const second = await handler(input);
    expect(second).to.deep.equal(first);
    expect(first.dueDate).to.equal('2025-02-28');
  });

  it('counts with the calendar in the database: a holiday added there is skipped by the next task', async () => {
    // 2098 lies in the ongoing martial-law period, so the new holiday shows as a suspended one (a
    // note) rather than a day off: enough to see that the handler reloaded the calendar.
    const input = { regime: 'public-info', receivedAt: '2098-06-09T10:00:00+03:00' };
    const before = await handler(input);
    const [row] = await db('calendar_holiday_rules').insert({
      code: 'test-worker-day', name_uk: 'Тестове свято', name_en: 'Test holiday', kind: 'fixed', month: 6, day: 10,
      valid_from: '2098-01-01', valid_to: '2098-12-31', law: 'тест',
    }).returning('id') as Array<{ id: number }>;
    addedRules.push(row!.id);
    const after = await handler(input);
    type Notes = { explanation: { notes: Array<{ date: string; notes: Array<{ holiday?: string }> }> } };
    expect((before.deadlineExplanation as Notes).explanation.notes.map((n) => n.date)).to.not.include('2098-06-10');
    expect((after.deadlineExplanation as Notes).explanation.notes.find((n) => n.date === '2098-06-10')?.notes[0]?.holiday).to.equal('test-worker-day');
  });

  it('raises a contract error (an incident, no retry) for an unknown regime or a malformed receipt', async () => {
    for (const input of [{ regime: 'forever', receivedAt: '2025-11-28T10:00' }, { regime: 'appeal', receivedAt: '2025-02-30T10:00:00' }, { regime: 'appeal' }]) {
      const error = await handler(input).then(() => undefined, (e: unknown) => e);
      expect(error, JSON.stringify(input)).to.be.instanceOf(ContractError);
      expect((error as Error).message).to.not.include('2025-02-30');
    }
  });
});
