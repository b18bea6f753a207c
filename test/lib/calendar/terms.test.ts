import { expect } from 'chai';
import {
  computeDeadline, defaultCalendarData, parseDateTime, type CalendarData, type Regime,
} from '../../../lib/calendar/index.ts';

const kyiv = (value: string): Date => {
  const at = parseDateTime(value, 'Europe/Kyiv');
  if (!at) throw new Error(`bad test date-time ${value}`);
  return at;
};

function due(regime: Regime, received: string, calendar: CalendarData = defaultCalendarData, martialLaw?: 'on' | 'off') {
  return computeDeadline({ regime, received: kyiv(received), calendar, ...(martialLaw ? { martialLaw } : {}) });
}

describe('legal terms', () => {
  describe('table: regime, receipt (Kyiv time) -> due date', () => {
    const table: Array<[Regime, string, string, string | undefined, string]> = [
      // regime, received, due, internalDue, why
      ['appeal-short', '2025-03-03T10:00', '2025-03-18', undefined, '15 calendar days from the day after receipt'],
      ['appeal-short', '2025-03-07T20:00', '2025-03-24', '2025-03-21', 'day 15 is Saturday 22nd: forward to Monday, back to Friday; hour irrelevant'],
      ['appeal-short', '2019-04-13T10:00', '2019-04-30', '2019-04-26', 'Easter Sunday 28 April and its transferred Monday are skipped'],
      ['appeal', '2025-01-15T10:00', '2025-02-17', '2025-02-14', 'one month: 15 February is Saturday'],
      ['appeal', '2025-01-31T10:00', '2025-02-28', undefined, 'one month from 31 January: last day of February'],
      ['appeal', '2024-01-31T10:00', '2024-02-29', undefined, 'leap year'],
      ['appeal', '2025-12-20T10:00', '2026-01-20', undefined, 'across the year; 1 January is no day off under martial law'],
      ['appeal-max', '2025-11-01T10:00', '2025-12-16', undefined, '45 calendar days'],
      ['appeal-return', '2025-03-03T10:00', '2025-03-13', undefined, 'Art. 5: 10 calendar days from the day after receipt'],
      ['appeal-return', '2025-03-05T19:30', '2025-03-17', '2025-03-14', 'day 10 is Saturday 15th: forward to Monday, back to Friday; hour irrelevant'],
      ['appeal-forward', '2025-03-05T10:00', '2025-03-10', undefined, 'Art. 7: 5 calendar days'],
      ['appeal-forward', '2025-03-04T10:00', '2025-03-10', '2025-03-07', 'day 5 is Sunday 9th'],
      ['admin-service', '2025-10-01T10:00', '2025-10-31', undefined, '30 calendar days'],
      ['admin-service', '2021-11-26T10:00', '2021-12-28', '2021-12-24', 'day 30 is Sunday 26th and Monday 27th the day off for Christmas on Saturday'],
      ['public-info', '2025-11-24T10:00', '2025-12-01', undefined, '5 working days: Tue-Fri and Monday'],
      ['public-info', '2025-11-28T16:40', '2025-12-05', undefined, 'Friday before 16:45: counted that day'],
      ['public-info', '2025-11-28T16:50', '2025-12-08', undefined, 'Friday after 16:45: counted on Monday'],
      ['public-info', '2025-11-27T17:59', '2025-12-04', undefined, 'Thursday before 18:00'],
      ['public-info', '2025-11-27T18:00', '2025-12-05', undefined, 'Thursday at 18:00 is after hours'],
      ['public-info', '2025-11-24T07:30', '2025-12-01', undefined, 'before opening on a working day: counted that day'],
      ['public-info', '2025-11-29T11:00', '2025-12-08', undefined, 'Saturday: counted on Monday'],
      ['public-info', '2021-04-30T17:30', '2021-05-13', undefined, 'after hours before the May holidays of 2021'],
      ['public-info-extended', '2025-11-24T10:00', '2025-12-22', undefined, '20 working days'],
      ['public-info-extended', '2021-12-20T10:00', '2022-01-20', undefined, 'over 27 December, 3 and 7 January 2022'],
    ];
    for (const [regime, received, expected, internal, why] of table) {
      it(`${regime} ${received} -> ${expected} (${why})`, () => {
        const result = due(regime, received);
        expect(result.due).to.equal(expected);
        expect(result.internalDue).to.equal(internal);
      });
    }
  });

  it('explains a shifted calendar-day term: start, rule, article, days counted and skipped, both shifts', () => {
    const { explanation, due: d, internalDue, dueDateTime } = due('appeal-short', '2019-04-13T10:00');
    expect(d).to.equal('2019-04-30');
    expect(internalDue).to.equal('2019-04-26');
    expect(dueDateTime).to.equal('2019-04-30T18:00:00+03:00');
    expect(explanation.law).to.equal('Закон № 393/96-ВР, ст. 20');
    expect(explanation.rule.uk).to.match(/15 днів/);
    expect(explanation.start).to.deep.include({ date: '2019-04-14' });
    expect(explanation.start.reason.en).to.match(/Art\. 253/);
    expect(explanation.lastDay).to.equal('2019-04-28');
    expect(explanation.daysCounted).to.equal(15);
    expect(explanation.skipped.map((s) => [s.date, s.reasons.map((r) => r.code)])).to.deep.equal([
      ['2019-04-28', ['weekend', 'holiday']],
      ['2019-04-29', ['transferred-day-off']],
    ]);
    expect(explanation.skipped[0]!.reasons[1]!.uk).to.match(/Великдень/);
    expect(explanation.shift).to.deep.include({ direction: 'forward', from: '2019-04-28', to: '2019-04-30', law: 'ЦК України, ст. 254 ч. 5' });
    expect(explanation.internalShift).to.deep.include({ direction: 'back', from: '2019-04-28', to: '2019-04-26' });
    expect(explanation.martialLaw).to.deep.equal({ inForceOnDue: false });
  });

  it('explains a working-day term with after-hours receipt', () => {
    const { explanation, dueDateTime } = due('public-info', '2025-11-28T16:50');
    expect(explanation.received).to.deep.equal({ at: '2025-11-28T16:50:00+02:00', date: '2025-11-28', withinWorkingHours: false });
    expect(explanation.counted.date).to.equal('2025-12-01');
    expect(explanation.counted.reason.en).to.match(/after working hours \(16:45\)/);
    expect(explanation.start.date).to.equal('2025-12-02');
    expect(explanation.workingDaysCounted).to.equal(5);
    expect(explanation.skipped.map((s) => s.date)).to.deep.equal(['2025-12-06', '2025-12-07']);
    expect(explanation.shift).to.equal(undefined);
    expect(dueDateTime).to.equal('2025-12-08T18:00:00+02:00');
  });

  it('ends a Friday due date at 16:45 (Civil Code Art. 255)', () => {
    expect(due('public-info', '2025-11-28T10:00').dueDateTime).to.equal('2025-12-05T16:45:00+02:00');
  });

  it('notes holidays that were working days because martial law was in force', () => {
    const { explanation, due: d } = due('public-info', '2025-12-22T10:00');
    expect(d).to.equal('2025-12-29');
    expect(explanation.notes.map((n) => n.date)).to.deep.equal(['2025-12-25']);
    expect(explanation.notes[0]!.notes[0]!.en).to.match(/martial law in force/);
    expect(explanation.martialLaw).to.deep.equal({ inForceOnDue: true });
  });

  describe('martial law as data and as a what-if', () => {
    it('"off" makes holidays and transfers apply again', () => {
      const result = due('public-info', '2025-12-22T10:00', defaultCalendarData, 'off');
      expect(result.due).to.equal('2025-12-30');
      expect(result.explanation.skipped.map((s) => s.date)).to.deep.equal(['2025-12-25', '2025-12-27', '2025-12-28']);
      expect(result.explanation.martialLaw).to.deep.equal({ inForceOnDue: false, assumed: 'off' });
    });
    it('"on" suspends the holidays of 2021', () => {
      expect(due('appeal-short', '2019-04-13T10:00', defaultCalendarData, 'on').due).to.equal('2019-04-29');
    });
    it('a term that runs over a (hypothetical) end of martial law counts the transfer after it only', () => {
      const ending: CalendarData = { ...defaultCalendarData, martialLaw: [{ start: '2022-02-24', end: '2026-05-31', basis: 'test' }] };
      // Trinity (Sunday 31 May) is inside: Monday 1 June works. Constitution Day (Sunday 28 June) is after: Monday 29 June is off.
      expect(due('public-info', '2026-05-29T10:00', ending).due).to.equal('2026-06-05');
      expect(due('public-info', '2026-06-24T10:00', ending).due).to.equal('2026-07-02');
      expect(due('public-info', '2026-06-24T10:00').due, 'with martial law still in force').to.equal('2026-07-01');
    });
  });

  describe('48 hours (Law 2939-VI Art. 20 p.2)', () => {
    it('runs 48 real hours from the moment of receipt, over a weekend, without moving to a working day', () => {
      const result = due('public-info-urgent', '2025-11-28T17:30');
      expect(result.due).to.equal('2025-11-30T17:30:00+02:00');
      expect(result.dueDateTime).to.equal(result.due);
      expect(result.internalDue).to.equal(undefined);
      expect(result.explanation.unit).to.equal('hours');
    });
    it('keeps 48 real hours over the spring clock change (the wall clock shows one hour more)', () => {
      expect(due('public-info-urgent', '2025-03-29T10:00').due).to.equal('2025-03-31T11:00:00+03:00');
    });
    it('keeps 48 real hours over the autumn clock change (the wall clock shows one hour less)', () => {
      expect(due('public-info-urgent', '2025-10-25T12:00').due).to.equal('2025-10-27T11:00:00+02:00');
    });
    it('reads a receipt with another offset as the same instant', () => {
      expect(computeDeadline({ regime: 'public-info-urgent', received: new Date('2025-06-02T07:00:00Z'), calendar: defaultCalendarData }).due)
        .to.equal('2025-06-04T10:00:00+03:00');
    });
  });

  it('counts every regime across a whole year without error, and the due date is always a working day', () => {
    const regimes: Regime[] = ['appeal-short', 'appeal', 'appeal-max', 'appeal-return', 'appeal-forward', 'public-info', 'public-info-extended', 'admin-service'];
    for (const data of [defaultCalendarData, { ...defaultCalendarData, martialLaw: [] }]) {
      for (let t = Date.UTC(2021, 0, 1, 12); t < Date.UTC(2022, 0, 1); t += 86_400_000) {
        for (const regime of regimes) {
          const result = computeDeadline({ regime, received: new Date(t), calendar: data });
          expect(result.due > result.explanation.received.date, `${regime} ${new Date(t).toISOString()}`).to.equal(true);
          expect(result.explanation.skipped.every((s) => s.reasons.length > 0)).to.equal(true);
        }
      }
    }
  });
});
