// The date on which an incoming document is registered (CMU resolution 55 of 17.01.2018, electronic
// records instruction; KMDA instruction 1747/2018): on the day of receipt, or, when it arrives after
// working hours or on a day off, on the next working day. Pure: working days and working hours come
// from the calendar data (lib/calendar, loaded from the database by lib/calendar/repository.ts), so a
// change of holidays, martial law or hours needs no release.
//
// Choices where the instruction leaves room (the same as lib/calendar/terms.ts):
//   - Before opening on a working day (a scanner's hot folder at 07:30) the document is registered
//     that same day: the clerks register it when the office opens.
//   - The closing minute belongs to the next day: 18:00:00 on a day that ends at 18:00 is after hours.
//   - A working day without hours in the data counts as a day off rather than guessing hours.
import {
  createCalendar, fromZoned, isoWeekday, toZoned, type Calendar, type CalendarData, type IsoDate,
} from '../calendar/index.ts';

export type RegistrationDayReason = 'within-hours' | 'before-opening' | 'after-hours' | 'day-off';

export interface RegistrationDay {
  /** The registration date (Kyiv calendar day); its year selects the journal's numbering. */
  date: IsoDate;
  /** The calendar day of receipt in the institution's zone. */
  receivedDate: IsoDate;
  reason: RegistrationDayReason;
  /** The zone the working hours are read in. */
  timeZone: string;
  /** When working hours begin on `date`. */
  opensAt: Date;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function asCalendar(calendar: Calendar | CalendarData): Calendar {
  return 'isWorkingDay' in calendar ? calendar : createCalendar(calendar);
}

function hoursOf(calendar: Calendar, date: IsoDate) {
  return calendar.workingHoursOn(date).week[isoWeekday(date) - 1] ?? null;
}

/** The registration date of a document received at `receivedAt`. */
export function registrationDay(receivedAt: Date, calendarOrData: Calendar | CalendarData): RegistrationDay {
  if (Number.isNaN(receivedAt.getTime())) throw new RangeError('receipt time is not a valid date');
  const calendar = asCalendar(calendarOrData);
  // The zone comes from the hours in force; Kyiv's date picks them (as lib/calendar/terms.ts does).
  const timeZone = calendar.workingHoursOn(toZoned(receivedAt, 'Europe/Kyiv').date).timeZone;
  const local = toZoned(receivedAt, timeZone);
  const hours = hoursOf(calendar, local.date);
  const open = calendar.isWorkingDay(local.date) && hours !== null;
  const now = minutes(local.time);

  let date = local.date;
  let reason: RegistrationDayReason;
  if (!open) reason = 'day-off';
  else if (now < minutes(hours.start)) reason = 'before-opening';
  else if (now < minutes(hours.end)) reason = 'within-hours';
  else reason = 'after-hours';
  if (reason === 'day-off' || reason === 'after-hours') {
    date = calendar.nextWorkingDay(local.date);
    // A working day the data gives no hours for is skipped like a day off.
    while (hoursOf(calendar, date) === null) date = calendar.nextWorkingDay(date);
  }
  const opening = hoursOf(calendar, date)!.start;
  return { date, receivedDate: local.date, reason, timeZone, opensAt: fromZoned(date, `${opening}:00`, timeZone) };
}

/**
 * The moment recorded as the registration's (registrations.registered_at), whose calendar day is
 * the registration date: `now` when the registration happens on that day; the receipt itself when
 * the document is registered late but was received on its registration day (a worker catching up
 * after an outage must not move the date); otherwise the opening of the registration day (received
 * on Friday evening and registered at once: dated Monday 09:00).
 */
export function registrationMoment(receivedAt: Date, now: Date, calendarOrData: Calendar | CalendarData): Date {
  const day = registrationDay(receivedAt, calendarOrData);
  if (toZoned(now, day.timeZone).date === day.date) return now.getTime() >= receivedAt.getTime() ? now : receivedAt;
  if (day.receivedDate === day.date) return receivedAt;
  return day.opensAt;
}
