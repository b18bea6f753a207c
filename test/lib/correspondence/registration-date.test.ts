// The registration date of an incoming document (CMU 55/2018): the day of receipt, or the next
// working day when it arrives after working hours or on a day off. Times are Kyiv wall time.
import { testConfig } from '../../support/stack.ts';
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { defaultCalendarData, parseDateTime, withMartialLaw, type CalendarData } from '../../../lib/calendar/index.ts';
import { createDb, migrateLatest, type Db } from '../../../lib/db.ts';
import { registrationDay, registrationMoment, type RegistrationDayReason } from '../../../lib/correspondence/registration-date.ts';
import * as registerDocument from '../../../workers/topics/correspondence/register-document.ts';

const kyiv = (value: string): Date => {
  const at = parseDateTime(value, 'Europe/Kyiv');
  if (!at) throw new Error(`bad test date-time ${value}`);
  return at;
};

const noMartialLaw = withMartialLaw(defaultCalendarData, 'off');

describe('registration date', () => {
  describe('table: receipt (Kyiv time) -> registration date', () => {
    const table: Array<[string, CalendarData, string, RegistrationDayReason, string]> = [
      // received, calendar, registered on, reason, why
      ['2026-11-26T10:00', defaultCalendarData, '2026-11-26', 'within-hours', 'Thursday morning: that day'],
      ['2026-11-26T17:59', defaultCalendarData, '2026-11-26', 'within-hours', 'Thursday a minute before 18:00'],
      ['2026-11-26T18:00', defaultCalendarData, '2026-11-27', 'after-hours', 'Thursday at closing time: next working day'],
      ['2026-11-26T18:30', defaultCalendarData, '2026-11-27', 'after-hours', 'Thursday evening: Friday'],
      ['2026-11-26T07:30', defaultCalendarData, '2026-11-26', 'before-opening', 'before opening on a working day: that day'],
      ['2026-11-27T16:30', defaultCalendarData, '2026-11-27', 'within-hours', 'Friday before 16:45: that day'],
      ['2026-11-27T17:00', defaultCalendarData, '2026-11-30', 'after-hours', 'Friday 17:00 is after Friday\'s 16:45: Monday'],
      ['2026-11-27T18:30', defaultCalendarData, '2026-11-30', 'after-hours', 'Friday evening: Monday'],
      ['2026-11-28T11:00', defaultCalendarData, '2026-11-30', 'day-off', 'Saturday: Monday'],
      ['2026-11-29T23:59', defaultCalendarData, '2026-11-30', 'day-off', 'Sunday night: Monday'],
      // Labour Day, Friday 1 May 2026: a working day under martial law (Law 2136-IX Art. 6), a day off without it.
      ['2026-04-30T18:30', defaultCalendarData, '2026-05-01', 'after-hours', 'before 1 May under martial law: 1 May'],
      ['2026-04-30T18:30', noMartialLaw, '2026-05-04', 'after-hours', 'before 1 May without martial law (what-if): Monday'],
      ['2026-05-01T10:00', noMartialLaw, '2026-05-04', 'day-off', 'on the holiday itself without martial law: Monday'],
      // Independence Day on Sunday 24.08.2025: without martial law Monday is its transferred day off (Labour Code Art. 67 p.3).
      ['2025-08-22T18:30', defaultCalendarData, '2025-08-25', 'after-hours', 'Friday evening, martial law: Monday'],
      ['2025-08-22T18:30', noMartialLaw, '2025-08-26', 'after-hours', 'Friday evening, no martial law: Tuesday after the transferred day off'],
      // Across the year: the numbering year is the registration date's.
      ['2026-12-31T18:30', defaultCalendarData, '2027-01-01', 'after-hours', '31 December evening, martial law: 1 January 2027'],
      ['2026-12-31T18:30', noMartialLaw, '2027-01-04', 'after-hours', '31 December evening, no martial law: New Year and the weekend skipped'],
      ['2026-12-31T12:00', defaultCalendarData, '2026-12-31', 'within-hours', '31 December noon: still 2026'],
    ];
    for (const [received, calendar, expected, reason, why] of table) {
      it(`${received}${calendar === noMartialLaw ? ' (no martial law)' : ''} -> ${expected}: ${why}`, () => {
        const day = registrationDay(kyiv(received), calendar);
        expect(day.date).to.equal(expected);
        expect(day.reason).to.equal(reason);
        expect(day.receivedDate).to.equal(received.slice(0, 10));
        expect(day.timeZone).to.equal('Europe/Kyiv');
      });
    }
  });

  it('gives the opening of the registration day in the institution\'s zone, summer and winter', () => {
    expect(registrationDay(kyiv('2026-11-27T18:30'), defaultCalendarData).opensAt.toISOString()).to.equal('2026-11-30T07:00:00.000Z');
    expect(registrationDay(kyiv('2025-08-22T18:30'), defaultCalendarData).opensAt.toISOString()).to.equal('2025-08-25T06:00:00.000Z');
  });

  it('reads the working hours from the data: a shorter Friday moves the cut-off', () => {
    const shortFriday: CalendarData = {
      ...defaultCalendarData,
      workingHours: [{ ...defaultCalendarData.workingHours[0]!, week: defaultCalendarData.workingHours[0]!.week.map((h, i) => (i === 4 ? { start: '09:00', end: '13:00' } : h)) }],
    };
    expect(registrationDay(kyiv('2026-11-27T14:00'), defaultCalendarData).date).to.equal('2026-11-27');
    expect(registrationDay(kyiv('2026-11-27T14:00'), shortFriday).date).to.equal('2026-11-30');
  });

  describe('the moment recorded for the registration', () => {
    const table: Array<[string, string, string, string]> = [
      // received, now, registered_at (Kyiv), why
      ['2026-11-26T10:00', '2026-11-26T10:00:02', '2026-11-26T10:00:02', 'registered at once within hours: now'],
      ['2026-11-26T07:30', '2026-11-26T07:30:01', '2026-11-26T07:30:01', 'before opening, registered at once: now, that day'],
      ['2026-11-27T18:30', '2026-11-27T18:30:01', '2026-11-30T09:00:00', 'Friday evening, registered at once: Monday\'s opening'],
      ['2026-11-27T18:30', '2026-11-30T10:15:00', '2026-11-30T10:15:00', 'Friday evening, the worker runs on Monday: now'],
      ['2026-11-26T10:00', '2026-11-27T09:05:00', '2026-11-26T10:00:00', 'a worker catching up the next day keeps the day of receipt'],
      ['2026-11-27T18:30', '2026-12-01T11:00:00', '2026-11-30T09:00:00', 'after hours, registered days late: the next working day\'s opening'],
    ];
    for (const [received, now, expected, why] of table) {
      it(why, () => {
        expect(registrationMoment(kyiv(received), kyiv(now), defaultCalendarData).toISOString()).to.equal(kyiv(expected).toISOString());
      });
    }
  });

  it('refuses an invalid receipt time', () => {
    expect(() => registrationDay(new Date(Number.NaN), defaultCalendarData)).to.throw(RangeError);
  });
});

describe('worker: register-document dates the registration by the receipt (PostgreSQL)', function () {
  let db: Db;

  before(async function () {
    const url = process.env.HROMADA_TEST_APP_DB_URL;
    if (!url) {
      console.warn('    HROMADA_TEST_APP_DB_URL is not set: skipping the database tests');
      this.skip();
    }
    this.timeout(60000);
    db = createDb(url, 2);
    await migrateLatest(db);
  });
  after(async () => db?.destroy());

  async function documentReceivedAt(receivedAt: Date): Promise<string> {
    const [row] = await db('documents').insert({
      kind: 'incoming', status: 'received', correspondent: 'Тестова організація', summary: 'Тестовий документ',
      file_sha256: randomBytes(32).toString('hex'), file_type: 'application/pdf', file_size: 1024, received_at: receivedAt,
    }).returning('id') as Array<{ id: string }>;
    return row!.id;
  }

  async function registration(documentId: string) {
    return db('registrations').where({ document_id: documentId, journal_code: 'incoming' })
      .first('year', 'number', 'registered_at') as Promise<{ year: number; number: number; registered_at: Date }>;
  }

  // Years no real registration uses: 29.12.2197 is a Friday, 31.12.2197 a Sunday, 01.01.2198 a Monday.
  it('numbers a Friday-evening receipt of 29 December in the next year, dated Monday 09:00', async () => {
    const received = kyiv('2197-12-29T18:30');
    const documentId = await documentReceivedAt(received);
    const handler = registerDocument.createHandler({ db, config: testConfig(), log: pino({ level: 'silent' }), now: () => new Date(received.getTime() + 5000) });
    const output = await handler({ documentId });
    const row = await registration(documentId);
    expect(row.year).to.equal(2198);
    expect(row.registered_at.toISOString()).to.equal(kyiv('2198-01-01T09:00').toISOString());
    expect(output.registrationNumber).to.equal(row.number);
    const counter = await db('journal_counters').where({ journal_code: 'incoming', year: 2198 }).first('last_number');
    expect(counter.last_number).to.be.at.least(row.number);
  });

  it('numbers a receipt within Friday\'s hours in its own year, at the moment of registration', async () => {
    const received = kyiv('2197-12-29T11:00');
    const documentId = await documentReceivedAt(received);
    const now = new Date(received.getTime() + 3000);
    const handler = registerDocument.createHandler({ db, config: testConfig(), log: pino({ level: 'silent' }), now: () => now });
    await handler({ documentId });
    const row = await registration(documentId);
    expect(row.year).to.equal(2197);
    expect(row.registered_at.toISOString()).to.equal(now.toISOString());
    // A retried task finds the same registration.
    const again = await handler({ documentId });
    expect(again.registrationNumber).to.equal(row.number);
  });
});
