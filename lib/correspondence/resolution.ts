// A head's resolution (резолюція) on an incoming document, CMU resolution 55 of 17.01.2018 and KMDA
// instruction 1747/2018: executors (departments or people), exactly one responsible executor among
// them, a term and the text. Pure rules: the caller looks the executors up and passes the calendar.
import { addDays, createCalendar, fromZoned, formatZoned, isoWeekday, isValidDate, type CalendarData, type IsoDate } from '../calendar/index.ts';
import type { FieldError } from '../problem.ts';

/** What the head fills in (the form `hromada:resolve-document`); the schema in lib/correspondence/forms.ts checks its shape. */
export interface ResolutionForm {
  /** `department:<code>` or `user:<username>` → its role; a map, so no executor appears twice. */
  executors: Record<string, ExecutorRole>;
  /** The term, YYYY-MM-DD; 30 calendar days from registration when absent. */
  term?: string;
  text: string;
  /** A reply letter is needed: the responsible executor drafts it, it is registered as outgoing. */
  replyNeeded?: boolean;
}

export type ExecutorRole = 'responsible' | 'co-executor';

export type ExecutorRef = { kind: 'department'; code: string } | { kind: 'user'; username: string };

/** Records practice: 30 calendar days when the resolution sets no term (DESIGN.md, records management; to confirm). */
export const DEFAULT_TERM_DAYS = 30;
/** Working days before the control date when the executors are reminded. */
export const REMINDER_WORKING_DAYS = 3;

export function parseExecutorKey(key: string): ExecutorRef | undefined {
  const m = /^(department|user):(.+)$/.exec(key);
  if (!m) return undefined;
  return m[1] === 'department' ? { kind: 'department', code: m[2]! } : { kind: 'user', username: m[2]! };
}

/** Field errors of the rules the schema cannot say: one responsible executor, a term not in the past. */
export function checkResolutionForm(form: ResolutionForm, today: IsoDate): FieldError[] {
  const errors: FieldError[] = [];
  const responsible = Object.values(form.executors).filter((r) => r === 'responsible').length;
  if (responsible !== 1) {
    errors.push({
      field: 'executors',
      message: responsible === 0 ? 'must name one responsible executor' : `must name exactly one responsible executor, not ${responsible}`,
      message_uk: responsible === 0 ? 'має бути визначений відповідальний виконавець' : `відповідальний виконавець має бути один, а не ${responsible}`,
    });
  }
  for (const key of Object.keys(form.executors)) {
    if (!parseExecutorKey(key)) errors.push({ field: `executors.${key}`, message: 'has a wrong form', message_uk: 'має неправильний формат' });
  }
  if (form.term !== undefined) {
    if (!isValidDate(form.term)) errors.push({ field: 'term', message: 'must be a date YYYY-MM-DD', message_uk: 'має бути датою у форматі РРРР-ММ-ДД' });
    else if (form.term < today) errors.push({ field: 'term', message: 'must not be in the past', message_uk: 'не може бути в минулому' });
  }
  return errors;
}

export interface ControlDates {
  /** The term as the resolution sets it (or the default). */
  term: IsoDate;
  /** The internal control date: the term, or the working day before it when the term falls on a day off. */
  controlDate: IsoDate;
  /** End of working hours of the control date: the escalation timer. */
  controlDueAt: string;
  /** Start of working hours REMINDER_WORKING_DAYS working days before the control date (not before `now`'s day). */
  reminderAt: string;
}

/**
 * The term and the control date. An internal execution term that ends on a day off moves BACK to the
 * previous working day (CMU 55/2018; the opposite of Civil Code Art. 254 p.5 for the citizen's legal
 * deadlines, which move forward); both dates are kept when they differ.
 */
export function controlDates(input: { registeredOn: IsoDate; term?: IsoDate; today: IsoDate; calendar: CalendarData }): ControlDates {
  const calendar = createCalendar(input.calendar);
  const term = input.term ?? addDays(input.registeredOn, DEFAULT_TERM_DAYS);
  const controlDate = calendar.isWorkingDay(term) ? term : calendar.previousWorkingDay(term);
  const hours = (date: IsoDate) => {
    const wh = calendar.workingHoursOn(date);
    return { timeZone: wh.timeZone, day: wh.week[isoWeekday(date) - 1] ?? null };
  };
  const due = hours(controlDate);
  const controlDueAt = formatZoned(fromZoned(controlDate, due.day ? `${due.day.end}:00` : '23:59:59', due.timeZone), due.timeZone);
  let reminderDay = controlDate;
  for (let i = 0; i < REMINDER_WORKING_DAYS; i += 1) reminderDay = calendar.previousWorkingDay(reminderDay);
  // A short term leaves no room for the full lead: remind on the first day that is not past.
  if (reminderDay < input.today) reminderDay = input.today <= controlDate ? input.today : controlDate;
  const remind = hours(reminderDay);
  const reminderAt = formatZoned(fromZoned(reminderDay, remind.day ? `${remind.day.start}:00` : '09:00:00', remind.timeZone), remind.timeZone);
  return { term, controlDate, controlDueAt, reminderAt };
}

/** One executor as the process sees it: the multi-instance task per executor reads these fields. */
export interface ExecutionAssignment {
  executor: string;
  /** The department's candidate group: the task is offered to it (or, with `username`, assigned in it). */
  candidateGroup: string;
  departmentCode: string;
  username?: string;
  responsible: boolean;
}
