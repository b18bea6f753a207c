// The clock of a request for public information beyond the first computation (legal-deadline
// topic): when the unit is reminded, whether an extension notice is still in time, and the limits
// of a deferral. Pure: the calendar comes in as data, the clock as an argument.
import {
  computeDeadline, createCalendar, formatZoned, fromZoned, isValidDate, isoWeekday, type CalendarData, type IsoDate,
} from '../calendar/index.ts';

export interface TermFieldError {
  field: string;
  message: string;
  message_uk: string;
}

const HOUR = 3_600_000;

/**
 * The reminder: the opening of the last working day before the due day (one working day before the
 * deadline); for the 48-hour term (a date-time due), 24 hours before it. Never in the past: a
 * timer in the past fires at once, which is what a late reminder should do.
 */
export function infoReminderDateTime(input: { dueDate: IsoDate; dueDateTime: string; regime?: string }, calendar: CalendarData, now: Date): string {
  const due = new Date(input.dueDateTime);
  if (Number.isNaN(due.getTime())) throw new RangeError('dueDateTime is not a date-time');
  let at: Date;
  if (input.regime === 'public-info-urgent') {
    at = new Date(due.getTime() - 24 * HOUR);
  } else {
    const cal = createCalendar(calendar);
    const day = cal.previousWorkingDay(input.dueDate);
    const hours = cal.workingHoursOn(day);
    const open = hours.week[isoWeekday(day) - 1];
    at = fromZoned(day, open ? `${open.start}:00` : '09:00:00', hours.timeZone);
  }
  return formatZoned(new Date(Math.min(due.getTime(), Math.max(now.getTime(), at.getTime()))), 'Europe/Kyiv');
}

/**
 * Art. 20 p.4: the reasoned notice of an extension goes to the requester within five working days
 * of receipt; after that moment the extension can no longer be announced lawfully.
 */
export function extensionNoticeDeadline(receivedAt: Date, calendar: CalendarData): string {
  return computeDeadline({ regime: 'public-info', received: receivedAt, calendar }).dueDateTime;
}

export function checkExtensionInTime(receivedAt: Date, now: Date, calendar: CalendarData, field = 'extend'): TermFieldError[] {
  const limit = extensionNoticeDeadline(receivedAt, calendar);
  if (now.getTime() <= new Date(limit).getTime()) return [];
  return [{
    field,
    message: `the extension notice must reach the requester within five working days of receipt, i.e. by ${limit} (Law 2939-VI Art. 20 p.4)`,
    message_uk: `повідомлення про продовження строку надсилається протягом п’яти робочих днів з дня отримання запиту, тобто до ${limit} (ст. 20 ч. 4 Закону України «Про доступ до публічної інформації»)`,
  }];
}

/** Art. 22 p.6-7: a deferral names a new term, a real date after today. */
export function checkDeferralDate(requested: string, today: IsoDate, field = 'deferredTo'): TermFieldError[] {
  if (!isValidDate(requested)) return [{ field, message: 'must be a date YYYY-MM-DD', message_uk: 'має бути датою у форматі РРРР-ММ-ДД' }];
  if (requested <= today) return [{ field, message: 'the new term must be after today', message_uk: 'новий строк має бути пізніше сьогоднішнього дня' }];
  return [];
}

/** The end of the working hours of a date (Civil Code Art. 255), for `${dueDateTime}` timers. */
export function infoEndOfWorkingDay(date: IsoDate, calendar: CalendarData): string {
  const hours = createCalendar(calendar).workingHoursOn(date);
  const day = hours.week[isoWeekday(date) - 1] ?? null;
  return formatZoned(fromZoned(date, day ? `${day.end}:00` : '23:59:59', hours.timeZone), hours.timeZone);
}
