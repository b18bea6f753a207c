import { expect } from 'chai';
import {
  addDays, addMonthsClamped, formatZoned, fromZoned, isoWeekday, isValidDate, orthodoxEaster, parseDateTime,
} from '../../../lib/calendar/index.ts';

describe('calendar dates', () => {
  describe('Orthodox Easter (Meeus Julian + 13 days)', () => {
    const known: Array<[number, string]> = [
      [1991, '1991-04-07'], [2000, '2000-04-30'], [2010, '2010-04-04'], [2016, '2016-05-01'], [2019, '2019-04-28'],
      [2021, '2021-05-02'], [2022, '2022-04-24'], [2023, '2023-04-16'], [2024, '2024-05-05'], [2025, '2025-04-20'],
      [2026, '2026-04-12'], [2027, '2027-05-02'], [2030, '2030-04-28'],
    ];
    for (const [year, date] of known) {
      it(`${year}: ${date}, a Sunday`, () => {
        expect(orthodoxEaster(year)).to.equal(date);
        expect(isoWeekday(date)).to.equal(7);
      });
    }
    it('refuses years outside 1900-2099, where the 13-day difference does not hold', () => {
      expect(() => orthodoxEaster(1899)).to.throw(RangeError);
      expect(() => orthodoxEaster(2100)).to.throw(RangeError);
    });
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).to.equal('2024-02-29');
    expect(addDays('2025-02-28', 1)).to.equal('2025-03-01');
    expect(addDays('2025-12-31', 1)).to.equal('2026-01-01');
    expect(addDays('2026-01-01', -1)).to.equal('2025-12-31');
  });

  it('adds months keeping the day number, or the last day of a shorter month', () => {
    expect(addMonthsClamped('2025-01-15', 1)).to.equal('2025-02-15');
    expect(addMonthsClamped('2025-01-31', 1)).to.equal('2025-02-28');
    expect(addMonthsClamped('2024-01-31', 1)).to.equal('2024-02-29');
    expect(addMonthsClamped('2025-03-31', 1)).to.equal('2025-04-30');
    expect(addMonthsClamped('2025-12-20', 1)).to.equal('2026-01-20');
  });

  it('reads years before 100 as themselves, not as 1900-1999 (Date.UTC does)', () => {
    expect(parseDateTime('0095-06-01T10:00:00Z', 'Europe/Kyiv')?.getUTCFullYear()).to.equal(95);
    expect(parseDateTime('0001-01-01T00:00:00Z', 'Europe/Kyiv')?.toISOString()).to.equal('0001-01-01T00:00:00.000Z');
    expect(addDays('0095-12-31', 1)).to.equal('0096-01-01');
    expect(isValidDate('0096-02-29')).to.equal(true);
    expect(isValidDate('0095-02-29')).to.equal(false);
  });

  it('validates calendar dates', () => {
    expect(isValidDate('2024-02-29')).to.equal(true);
    expect(isValidDate('2025-02-29')).to.equal(false);
    expect(isValidDate('2025-13-01')).to.equal(false);
    expect(isValidDate('2025-1-01')).to.equal(false);
  });

  describe('date-times in Kyiv', () => {
    const tz = 'Europe/Kyiv';
    it('reads a date-time without offset as Kyiv wall time, winter and summer', () => {
      expect(parseDateTime('2025-01-10T10:00', tz)?.toISOString()).to.equal('2025-01-10T08:00:00.000Z');
      expect(parseDateTime('2025-07-10T10:00:00', tz)?.toISOString()).to.equal('2025-07-10T07:00:00.000Z');
    });
    it('honours an explicit offset or Z', () => {
      expect(parseDateTime('2025-07-10T10:00:00+01:00', tz)?.toISOString()).to.equal('2025-07-10T09:00:00.000Z');
      expect(parseDateTime('2025-07-10T10:00:00.250Z', tz)?.toISOString()).to.equal('2025-07-10T10:00:00.250Z');
    });
    it('refuses malformed and impossible values', () => {
      for (const bad of ['2025-07-10', '2025-02-30T10:00', '2025-07-10T24:00', '10.07.2025 10:00', '2025-07-10T10:00+25:00', '']) {
        expect(parseDateTime(bad, tz), bad).to.equal(undefined);
      }
    });
    it('resolves the hour skipped in spring one hour on, and the repeated autumn hour to its first occurrence', () => {
      expect(fromZoned('2025-03-30', '03:30:00', tz).toISOString()).to.equal('2025-03-30T01:30:00.000Z');
      expect(formatZoned(fromZoned('2025-03-30', '03:30:00', tz), tz)).to.equal('2025-03-30T04:30:00+03:00');
      expect(fromZoned('2025-10-26', '03:30:00', tz).toISOString()).to.equal('2025-10-26T00:30:00.000Z');
      expect(fromZoned('2025-03-30', '10:00:00', tz).toISOString()).to.equal('2025-03-30T07:00:00.000Z');
    });
    it('formats an instant with the Kyiv offset of that moment', () => {
      expect(formatZoned(new Date('2025-01-10T08:00:00Z'), tz)).to.equal('2025-01-10T10:00:00+02:00');
      expect(formatZoned(new Date('2025-07-10T07:00:00Z'), tz)).to.equal('2025-07-10T10:00:00+03:00');
    });
  });
});
