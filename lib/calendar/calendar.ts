// Which days are working days, and why the others are not, from CalendarData (data.ts).
//   - Saturday and Sunday are days off (five-day week, Labour Code Art. 67 p.1).
//   - Public holidays are days off (Labour Code Art. 73).
//   - A holiday on a Saturday or Sunday moves the day off to the next working day (Art. 67 p.3).
//   - While martial law holds, neither Art. 73 nor Art. 67 p.3 applies: only Saturdays and Sundays
//     are off (Law 2136-IX Art. 6 p.6).
import { addDays, fromDayNumber, isoWeekday, makeDate, toDayNumber, yearOf, type IsoDate } from './dates.ts';
import { EASTER_YEARS, orthodoxEaster } from './easter.ts';
import type { CalendarData, HolidayRule, MartialLawPeriod, WorkingHours } from './data.ts';

export type DayReasonCode = 'weekend' | 'holiday' | 'transferred-day-off' | 'martial-law';

export interface DayReason {
  code: DayReasonCode;
  uk: string;
  en: string;
  /** The holiday behind a 'holiday', 'transferred-day-off' or 'martial-law' reason. */
  holiday?: string;
  /** The date of that holiday (for a transferred day off, the weekend day it fell on). */
  holidayDate?: IsoDate;
}

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  /** Why the day is not a working day; empty for a working day. */
  reasons: DayReason[];
  /** What did not make it a day off: a holiday or a transfer suspended by martial law. */
  notes: DayReason[];
  martialLaw: boolean;
}

export interface Calendar {
  readonly data: CalendarData;
  day(date: IsoDate): DayInfo;
  isWorkingDay(date: IsoDate): boolean;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate;
  /** The last working day strictly before `date`. */
  previousWorkingDay(date: IsoDate): IsoDate;
  martialLawOn(date: IsoDate): MartialLawPeriod | undefined;
  workingHoursOn(date: IsoDate): WorkingHours;
}

const WEEKDAYS_UK = ['понеділок', 'вівторок', 'середа', 'четвер', 'п’ятниця', 'субота', 'неділя'];
// Accusative: «припало на суботу».
const WEEKDAYS_UK_ON = ['понеділок', 'вівторок', 'середу', 'четвер', 'п’ятницю', 'суботу', 'неділю'];
const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
// Beyond this, the data or the caller is wrong: no real calendar has a year without working days.
const MAX_SEARCH_DAYS = 400;

function inRange(date: IsoDate, from: IsoDate, to: IsoDate | null): boolean {
  return date >= from && (to === null || date <= to);
}

function holidayDate(rule: HolidayRule, year: number): IsoDate | undefined {
  if (rule.kind === 'fixed') {
    if (!rule.month || !rule.day) return undefined;
    return makeDate(year, rule.month, rule.day);
  }
  if (year < EASTER_YEARS.first || year > EASTER_YEARS.last) return undefined;
  return addDays(orthodoxEaster(year), rule.easterOffset ?? 0);
}

interface Holiday { date: IsoDate; rule: HolidayRule }

/** A day the calendar data says nothing about (no working hours): no term can be counted on it. */
export class OutsideCalendarError extends RangeError {
  override name = 'OutsideCalendarError';
  constructor(readonly date: IsoDate) {
    super(`no working hours are defined for ${date}: check the calendar data`);
  }
}

/**
 * The days terms can be counted on: from the first day with working hours in the data (1991-01-01
 * in the default data, when the Labour Code's holiday list of independent Ukraine begins) to the
 * end of the years Orthodox Easter is computed for. Working-hour periods are taken as contiguous.
 */
export function calendarCoverage(data: CalendarData): { from: IsoDate; to: IsoDate } {
  const easter = { from: makeDate(EASTER_YEARS.first, 1, 1), to: makeDate(EASTER_YEARS.last, 12, 31) };
  // No working hours at all: an empty range (from after to), no day is covered.
  if (data.workingHours.length === 0) return { from: easter.to, to: easter.from };
  const from = data.workingHours.map((h) => h.validFrom).reduce((a, b) => (a < b ? a : b));
  const to = data.workingHours.map((h) => h.validTo ?? easter.to).reduce((a, b) => (a > b ? a : b));
  return { from: from > easter.from ? from : easter.from, to: to < easter.to ? to : easter.to };
}

export function createCalendar(data: CalendarData): Calendar {
  // Per-year memo inside this calendar value only: the value is built from one snapshot of the data.
  const years = new Map<number, Map<IsoDate, DayReason[]>>();

  function martialLawOn(date: IsoDate): MartialLawPeriod | undefined {
    return data.martialLaw.find((p) => inRange(date, p.start, p.end));
  }

  function holidaysOf(year: number): Holiday[] {
    const out: Holiday[] = [];
    for (const rule of data.holidays) {
      const date = holidayDate(rule, year);
      if (date && inRange(date, rule.validFrom, rule.validTo)) out.push({ date, rule });
    }
    return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  /** Holidays, transfers and suspended ones keyed by date, for dates in `year`. */
  function yearTable(year: number): Map<IsoDate, DayReason[]> {
    const cached = years.get(year);
    if (cached) return cached;
    const table = new Map<IsoDate, DayReason[]>();
    const add = (date: IsoDate, reason: DayReason) => {
      if (yearOf(date) === year) table.set(date, [...(table.get(date) ?? []), reason]);
    };
    // Last year's December too: a transfer may cross New Year.
    const holidays = [...holidaysOf(year - 1), ...holidaysOf(year)];
    const holidayDates = new Set(holidays.filter((h) => !martialLawOn(h.date)).map((h) => h.date));
    const taken = new Set<IsoDate>();
    const transferredFrom = new Set<IsoDate>();
    for (const { date, rule } of holidays) {
      const names = { uk: rule.nameUk, en: rule.nameEn };
      if (martialLawOn(date)) {
        add(date, {
          code: 'martial-law', holiday: rule.code, holidayDate: date,
          uk: `${names.uk}: не є вихідним, діє воєнний стан (Закон № 2136-IX, ст. 6 п. 6)`,
          en: `${names.en}: not a day off, martial law in force (Law 2136-IX Art. 6 p.6)`,
        });
        continue;
      }
      add(date, { code: 'holiday', holiday: rule.code, holidayDate: date, uk: `${names.uk} (КЗпП ст. 73)`, en: `${names.en} (Labour Code Art. 73)` });
      const weekday = isoWeekday(date);
      // One day off per date: two holidays on the same Sunday (Easter on 1 May) give one transfer.
      if (weekday < 6 || transferredFrom.has(date)) continue;
      transferredFrom.add(date);
      let target = addDays(date, 1);
      while (isoWeekday(target) >= 6 || holidayDates.has(target) || taken.has(target)) target = addDays(target, 1);
      taken.add(target);
      const from = `${WEEKDAYS_UK_ON[weekday - 1]} ${date}`;
      if (martialLawOn(target)) {
        add(target, {
          code: 'martial-law', holiday: rule.code, holidayDate: date,
          uk: `Вихідний за «${names.uk}» (припало на ${from}) не переноситься: діє воєнний стан (Закон № 2136-IX, ст. 6 п. 6)`,
          en: `The day off for ${names.en} (${WEEKDAYS_EN[weekday - 1]} ${date}) is not transferred: martial law in force (Law 2136-IX Art. 6 p.6)`,
        });
        continue;
      }
      add(target, {
        code: 'transferred-day-off', holiday: rule.code, holidayDate: date,
        uk: `Перенесений вихідний: «${names.uk}» припало на ${from} (КЗпП ст. 67 ч. 3)`,
        en: `Transferred day off: ${names.en} fell on ${WEEKDAYS_EN[weekday - 1]} ${date} (Labour Code Art. 67 p.3)`,
      });
    }
    years.set(year, table);
    return table;
  }

  function day(date: IsoDate): DayInfo {
    const weekday = isoWeekday(date);
    const reasons: DayReason[] = [];
    const notes: DayReason[] = [];
    if (weekday >= 6) {
      reasons.push({ code: 'weekend', uk: `Вихідний день (${WEEKDAYS_UK[weekday - 1]})`, en: `Weekend (${WEEKDAYS_EN[weekday - 1]})` });
    }
    for (const reason of yearTable(yearOf(date)).get(date) ?? []) (reason.code === 'martial-law' ? notes : reasons).push(reason);
    return { date, working: reasons.length === 0, reasons, notes, martialLaw: martialLawOn(date) !== undefined };
  }

  function isWorkingDay(date: IsoDate): boolean {
    return day(date).working;
  }

  function step(date: IsoDate, direction: 1 | -1): IsoDate {
    const start = toDayNumber(date);
    for (let i = 1; i <= MAX_SEARCH_DAYS; i++) {
      const candidate = fromDayNumber(start + direction * i);
      if (isWorkingDay(candidate)) return candidate;
    }
    throw new Error(`no working day within ${MAX_SEARCH_DAYS} days of ${date}: check the calendar data`);
  }

  function workingHoursOn(date: IsoDate): WorkingHours {
    const hours = data.workingHours.find((h) => inRange(date, h.validFrom, h.validTo));
    if (!hours) throw new OutsideCalendarError(date);
    return hours;
  }

  return {
    data,
    day,
    isWorkingDay,
    nextWorkingDay: (date) => step(date, 1),
    previousWorkingDay: (date) => step(date, -1),
    martialLawOn,
    workingHoursOn,
  };
}

/**
 * The data as if martial law held always ('on') or never ('off'): the "what if" of the deadline
 * calculator. The periods themselves stay untouched in the database.
 */
export function withMartialLaw(data: CalendarData, mode: 'on' | 'off' | undefined): CalendarData {
  if (mode === undefined) return data;
  return {
    ...data,
    martialLaw: mode === 'off' ? [] : [{ start: '0001-01-01', end: null, basis: 'Припущення: воєнний стан діє (what-if)' }],
  };
}
