// Calendar-date and wall-clock arithmetic without a date library: a date is the string
// 'YYYY-MM-DD' (a day in the calendar, no time zone), an instant is a Date. Dates are converted to
// day numbers (days since 1970-01-01, proleptic Gregorian) for arithmetic, so the host's time zone
// and daylight saving never leak into a term counted in days.

export type IsoDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Date.UTC for every year: Date.UTC itself reads the years 0-99 as 1900-1999 (0095 would be 1995). */
function utc(year: number, monthIndex: number, day: number, hours = 0, minutes = 0, seconds = 0, ms = 0): number {
  if (year >= 100) return Date.UTC(year, monthIndex, day, hours, minutes, seconds, ms);
  const t = new Date(Date.UTC(2000, 0, 1, hours, minutes, seconds, ms));
  t.setUTCFullYear(year, monthIndex, day);
  return t.getTime();
}

export function isValidDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function parts(date: IsoDate): [number, number, number] {
  const m = DATE.exec(date);
  if (!m || !isValidDate(date)) throw new RangeError(`not a calendar date YYYY-MM-DD: "${date}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function makeDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function yearOf(date: IsoDate): number {
  return parts(date)[0];
}

export function toDayNumber(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return utc(y, m - 1, d) / MS_PER_DAY;
}

export function fromDayNumber(day: number): IsoDate {
  const t = new Date(day * MS_PER_DAY);
  return makeDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** ISO weekday: 1 Monday ... 7 Sunday. */
export function isoWeekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month, 0)).getUTCDate();
}

/**
 * The same day number `months` later, or the last day of that month when it is shorter
 * (31 January + 1 month = 28/29 February). See terms.ts for why.
 */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return makeDate(year, month, Math.min(d, daysInMonth(year, month)));
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// --- wall clock in a named time zone ---------------------------------------------------------

/** A local date and time of day in some time zone, with the zone's offset at that instant. */
export interface ZonedDateTime {
  date: IsoDate;
  /** 'HH:MM:SS' */
  time: string;
  /** Minutes east of UTC, e.g. 120 in Kyiv winter, 180 in summer. */
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock of `instant` in `timeZone` (whole seconds). */
export function toZoned(instant: Date, timeZone: string): ZonedDateTime {
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) p[part.type] = part.value;
  const date = makeDate(Number(p.year), Number(p.month), Number(p.day));
  const time = `${p.hour}:${p.minute}:${p.second}`;
  const wallAsUtc = utc(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const offsetMinutes = Math.round((wallAsUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
  return { date, time, offsetMinutes };
}

/**
 * The instant when the wall clock in `timeZone` shows `date` `time`. A time skipped by the spring
 * change (03:30 on the last Sunday of March in Kyiv) resolves to the instant one hour later; a time
 * shown twice in autumn resolves to the first of the two.
 */
export function fromZoned(date: IsoDate, time: string, timeZone: string): Date {
  const [y, m, d] = parts(date);
  const [hh, mm, ss] = time.split(':').map(Number) as [number, number, number | undefined];
  const wallAsUtc = utc(y, m - 1, d, hh, mm, ss ?? 0);
  // The offset before the wall time, then correct once with the offset at the guess.
  const before = toZoned(new Date(wallAsUtc - MS_PER_DAY / 2), timeZone).offsetMinutes;
  let guess = wallAsUtc - before * 60000;
  const at = toZoned(new Date(guess), timeZone).offsetMinutes;
  if (at !== before) {
    const later = wallAsUtc - at * 60000;
    // In a gap neither offset reproduces the wall time: keep the earlier-offset reading (one hour on).
    if (toZoned(new Date(later), timeZone).offsetMinutes === at) guess = later;
  }
  return new Date(guess);
}

export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `instant` as 'YYYY-MM-DDTHH:MM:SS+03:00' in `timeZone`: what a person in that zone reads. */
export function formatZoned(instant: Date, timeZone: string): string {
  const z = toZoned(instant, timeZone);
  return `${z.date}T${z.time}${formatOffset(z.offsetMinutes)}`;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * An ISO 8601 date-time; without an offset it is read as wall time in `timeZone`. Undefined when
 * malformed or not a real date and time.
 */
export function parseDateTime(value: string, timeZone: string): Date | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [, date, hh, mi, ss = '00', frac, offset] = m;
  if (!isValidDate(date!) || Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return undefined;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  if (offset === undefined) return new Date(fromZoned(date!, `${hh}:${mi}:${ss}`, timeZone).getTime() + ms);
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const [oh, om] = offset.slice(1).split(':').map(Number) as [number, number];
    if (oh > 14 || om > 59) return undefined;
    offsetMinutes = (offset.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const [y, mo, d] = parts(date!);
  return new Date(utc(y, mo - 1, d, Number(hh), Number(mi), Number(ss), ms) - offsetMinutes * 60000);
}

/** The calendar day in Kyiv of `instant` (a receipt, a registration): dates of record are Kyiv's. */
export function kyivDate(instant: Date = new Date()): IsoDate {
  return toZoned(instant, 'Europe/Kyiv').date;
}
