import { expect } from 'chai';
import {
  OutsideCalendarError, addDays, calendarCoverage, computeDeadline, createCalendar, defaultCalendarData, fromZoned, isoWeekday, makeDate,
  REGIMES, withMartialLaw, type CalendarData, type IsoDate,
} from '../../../lib/calendar/index.ts';

/** Every Monday-to-Friday that is not a working day in `year`, with the codes of its reasons. */
function weekdaysOff(data: CalendarData, year: number): Array<[IsoDate, string]> {
  const calendar = createCalendar(data);
  const out: Array<[IsoDate, string]> = [];
  for (let d = makeDate(year, 1, 1); d <= makeDate(year, 12, 31); d = addDays(d, 1)) {
    const info = calendar.day(d);
    if (isoWeekday(d) <= 5 && !info.working) out.push([d, info.reasons.map((r) => r.holiday ? `${r.code}:${r.holiday}` : r.code).join(',')]);
  }
  return out;
}

function workingDays(data: CalendarData, year: number): number {
  const calendar = createCalendar(data);
  let n = 0;
  for (let d = makeDate(year, 1, 1); d <= makeDate(year, 12, 31); d = addDays(d, 1)) if (calendar.isWorkingDay(d)) n += 1;
  return n;
}

/** The default data with martial law ending on `end` (a hypothetical: the law has not ended it). */
function martialLawUntil(end: IsoDate): CalendarData {
  return { ...defaultCalendarData, martialLaw: [{ start: '2022-02-24', end, basis: 'test' }] };
}

describe('calendar: working days and days off', () => {
  it('2021 (before martial law): holidays, and weekend holidays moved to the next working day, 250 working days', () => {
    expect(weekdaysOff(defaultCalendarData, 2021)).to.deep.equal([
      ['2021-01-01', 'holiday:new-year'],
      ['2021-01-07', 'holiday:christmas-julian'],
      ['2021-03-08', 'holiday:womens-day'],
      // 1 May on Saturday and Easter on Sunday 2 May: two transfers in a row (Art. 67 p.3).
      ['2021-05-03', 'transferred-day-off:labour-day'],
      ['2021-05-04', 'transferred-day-off:easter'],
      ['2021-05-10', 'transferred-day-off:victory-day'],
      ['2021-06-21', 'transferred-day-off:trinity'],
      ['2021-06-28', 'holiday:constitution-day'],
      ['2021-08-24', 'holiday:independence-day'],
      ['2021-10-14', 'holiday:defenders-day'],
      ['2021-12-27', 'transferred-day-off:christmas'],
    ]);
    expect(workingDays(defaultCalendarData, 2021)).to.equal(250);
  });

  it('2019: Easter on 28 April moves the day off to Monday 29 April; 24 August on Saturday to Monday 26 August', () => {
    const off = weekdaysOff(defaultCalendarData, 2019).map(([d]) => d);
    expect(off).to.deep.equal(['2019-01-01', '2019-01-07', '2019-03-08', '2019-04-29', '2019-05-01', '2019-05-09',
      '2019-06-17', '2019-06-28', '2019-08-26', '2019-10-14', '2019-12-25']);
    expect(workingDays(defaultCalendarData, 2019)).to.equal(250);
  });

  it('2016: Easter and Labour Day both on Sunday 1 May give one transferred day off (3 May, after the 2 May holiday)', () => {
    const may = weekdaysOff(defaultCalendarData, 2016).filter(([d]) => d.startsWith('2016-05'));
    expect(may).to.deep.equal([['2016-05-02', 'holiday:labour-day-2'], ['2016-05-03', 'transferred-day-off:labour-day'], ['2016-05-09', 'holiday:victory-day']]);
  });

  it('2022: the days off before 24 February still count; from then on only Saturdays and Sundays', () => {
    expect(weekdaysOff(defaultCalendarData, 2022)).to.deep.equal([
      ['2022-01-03', 'transferred-day-off:new-year'],
      ['2022-01-07', 'holiday:christmas-julian'],
    ]);
    const calendar = createCalendar(defaultCalendarData);
    const womensDay = calendar.day('2022-03-08');
    expect(womensDay.working).to.equal(true);
    expect(womensDay.martialLaw).to.equal(true);
    expect(womensDay.notes.map((n) => n.code)).to.deep.equal(['martial-law']);
    expect(womensDay.notes[0]!.uk).to.match(/2136-IX/);
  });

  it('2025 and 2026 under martial law: every Monday-to-Friday is a working day', () => {
    expect(weekdaysOff(defaultCalendarData, 2025)).to.deep.equal([]);
    expect(workingDays(defaultCalendarData, 2025)).to.equal(261);
    expect(weekdaysOff(defaultCalendarData, 2026)).to.deep.equal([]);
  });

  it('2026 without martial law: the list after the 2023 reform, Easter 12 April and Trinity 31 May moved to Mondays', () => {
    const data = withMartialLaw(defaultCalendarData, 'off');
    expect(weekdaysOff(data, 2026)).to.deep.equal([
      ['2026-01-01', 'holiday:new-year'],
      ['2026-03-09', 'transferred-day-off:womens-day'],
      ['2026-04-13', 'transferred-day-off:easter'],
      ['2026-05-01', 'holiday:labour-day'],
      ['2026-05-08', 'holiday:remembrance-day'],
      ['2026-06-01', 'transferred-day-off:trinity'],
      ['2026-06-29', 'transferred-day-off:constitution-day'],
      ['2026-07-15', 'holiday:statehood-day'],
      ['2026-08-24', 'holiday:independence-day'],
      ['2026-10-01', 'holiday:defenders-day'],
      ['2026-12-25', 'holiday:christmas'],
    ]);
    // 7 January and 14 October are no longer holidays after the reform.
    const calendar = createCalendar(data);
    expect(calendar.isWorkingDay('2026-01-07')).to.equal(true);
    expect(calendar.isWorkingDay('2026-10-14')).to.equal(true);
  });

  describe('both sides of the end of martial law (hypothetical end on 31 May 2026)', () => {
    const calendar = createCalendar(martialLawUntil('2026-05-31'));
    it('Trinity on Sunday 31 May, the last day of martial law, moves no day off', () => {
      expect(calendar.isWorkingDay('2026-06-01')).to.equal(true);
      expect(calendar.day('2026-05-31').notes.map((n) => n.holiday)).to.deep.equal(['trinity']);
    });
    it('8 May (inside) is a working day; 28 June (after) on Sunday moves the day off to Monday 29 June', () => {
      expect(calendar.isWorkingDay('2026-05-08')).to.equal(true);
      const monday = calendar.day('2026-06-29');
      expect(monday.working).to.equal(false);
      expect(monday.reasons.map((r) => r.code)).to.deep.equal(['transferred-day-off']);
      expect(calendar.isWorkingDay('2026-07-15')).to.equal(false);
    });
    it('a holiday on a weekend just before the end keeps no transfer after it', () => {
      const c = createCalendar(martialLawUntil('2026-06-28'));
      expect(c.isWorkingDay('2026-06-29')).to.equal(true);
      expect(c.day('2026-06-28').reasons.map((r) => r.code)).to.deep.equal(['weekend']);
    });
    it('a transfer that would land inside martial law is lost, with a note', () => {
      const c = createCalendar({ ...defaultCalendarData, martialLaw: [{ start: '2021-05-03', end: '2021-05-03', basis: 'test' }] });
      expect(c.isWorkingDay('2021-05-03')).to.equal(true);
      expect(c.day('2021-05-03').notes[0]!.en).to.match(/not transferred: martial law/);
    });
  });

  it('takes holiday rules and their dates from the data: a rule ended or added changes the answer', () => {
    const base = withMartialLaw(defaultCalendarData, 'off');
    const ended: CalendarData = { ...base, holidays: base.holidays.map((h) => (h.code === 'independence-day' ? { ...h, validTo: '2026-08-23' } : h)) };
    expect(createCalendar(base).isWorkingDay('2026-08-24')).to.equal(false);
    expect(createCalendar(ended).isWorkingDay('2026-08-24')).to.equal(true);
    const added: CalendarData = { ...base, holidays: [...base.holidays, { code: 'city-day', nameUk: 'День Києва', nameEn: 'Kyiv Day', kind: 'fixed', month: 5, day: 26, validFrom: '2026-01-01', validTo: null, law: 'test' }] };
    expect(createCalendar(added).day('2026-05-26').reasons.map((r) => r.holiday)).to.deep.equal(['city-day']);
  });

  it('finds the next and previous working days across a long weekend', () => {
    const calendar = createCalendar(defaultCalendarData);
    expect(calendar.nextWorkingDay('2021-04-30')).to.equal('2021-05-05');
    expect(calendar.previousWorkingDay('2021-05-05')).to.equal('2021-04-30');
  });
});

describe('calendar: the days it covers', () => {
  it('from the first day with working hours in the data to the last year Easter is computed for', () => {
    expect(calendarCoverage(defaultCalendarData)).to.deep.equal({ from: '1991-01-01', to: '2099-12-31' });
    const hours = defaultCalendarData.workingHours[0]!;
    const narrower = { ...defaultCalendarData, workingHours: [{ ...hours, validFrom: '2000-01-01', validTo: '2050-12-31' }] };
    expect(calendarCoverage(narrower)).to.deep.equal({ from: '2000-01-01', to: '2050-12-31' });
    const none = calendarCoverage({ ...defaultCalendarData, workingHours: [] });
    expect(none.from > none.to, 'no working hours: nothing covered').to.equal(true);
  });

  it('counts every regime on its first and last covered day, and names a day outside it', () => {
    for (const regime of REGIMES) {
      for (const [date, time] of [['1991-01-01', '00:00:00'], ['1991-01-01', '23:59:59'], ['2099-12-31', '23:59:59']] as const) {
        expect(() => computeDeadline({ regime, received: fromZoned(date, time, 'Europe/Kyiv'), calendar: defaultCalendarData }), `${regime} ${date}`).to.not.throw();
      }
    }
    const before = () => computeDeadline({ regime: 'appeal', received: fromZoned('1990-12-31', '10:00:00', 'Europe/Kyiv'), calendar: defaultCalendarData });
    expect(before).to.throw(OutsideCalendarError, /1990-12-31/);
  });
});
