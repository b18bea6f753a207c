// The terms of an appeal after its registration, Law 393/96-ВР Art. 20: the head may extend the
// term, telling the author, but "in total at most forty-five days" from receipt. Pure: the
// calendar comes in as data (lib/calendar), the clock as an argument.
import { computeDeadline, createCalendar, endOfDueDay, isValidDate, type CalendarData, type IsoDate } from '../calendar/index.ts';

export const MAX_APPEAL_TERM_DAYS = 45;
/** How long before the due instant the executor is reminded. */
export const REMINDER_DAYS_BEFORE = 3;

export interface TermError {
  field: string;
  message: string;
  message_uk: string;
}

/** The last day an extended term may reach: 45 calendar days from receipt, shifted forward off a day off. */
export function maxAppealDue(receivedAt: Date, calendar: CalendarData): IsoDate {
  return computeDeadline({ regime: 'appeal-max', received: receivedAt, calendar }).due;
}

/**
 * Art. 20: the new date must be a real date, later than the term in force and not later than the
 * 45-day limit. `field` names the form field in the errors.
 */
export function checkExtension(input: {
  requested: string;
  currentDue: IsoDate | null;
  maxDue: IsoDate;
  field?: string;
}): TermError[] {
  const field = input.field ?? 'newDueDate';
  if (!isValidDate(input.requested)) {
    return [{ field, message: 'must be a date YYYY-MM-DD', message_uk: 'має бути датою у форматі РРРР-ММ-ДД' }];
  }
  if (input.requested > input.maxDue) {
    return [{
      field,
      message: `the term may be extended to at most 45 days from receipt in total, i.e. to ${input.maxDue} (Law 393/96 Art. 20)`,
      message_uk: `строк розгляду може бути продовжено не більше ніж до сорока п’яти днів від дня надходження, тобто до ${input.maxDue} (ст. 20 Закону України «Про звернення громадян»)`,
    }];
  }
  if (input.currentDue && input.requested <= input.currentDue) {
    return [{ field, message: `must be later than the current term ${input.currentDue}`, message_uk: `має бути пізніше чинного строку ${input.currentDue}` }];
  }
  return [];
}

/** The end of the working hours of a date (Civil Code Art. 255), for `${dueDateTime}` timers. */
export function endOfWorkingDay(date: IsoDate, calendar: CalendarData): string {
  return endOfDueDay(createCalendar(calendar), date);
}

/**
 * When the executor is reminded: some days before the due instant, but never in the past (a timer
 * in the past fires at once, which is what a late reminder should do anyway).
 */
export function reminderDateTime(dueDateTime: string, now: Date, daysBefore = REMINDER_DAYS_BEFORE): string {
  const due = new Date(dueDateTime);
  if (Number.isNaN(due.getTime())) throw new RangeError('dueDateTime is not a date-time');
  const at = new Date(Math.max(now.getTime(), due.getTime() - daysBefore * 86_400_000));
  return at.toISOString();
}
