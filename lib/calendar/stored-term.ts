// The legal term stored with a citizen's case (appeals.due_explanation, info_requests.due_explanation)
// has ONE shape: the Deadline this module's siblings compute, computeDeadline for a regime or
// computeSetTerm for a day a decision chose (an appeal's extension, a request's deferral), exactly as
// GET /api/v1/deadlines answers it:
//   { regime, received, due, dueDateTime, internalDue?, explanation: DeadlineExplanation }
// `due` is the legal deadline ('YYYY-MM-DD', or the instant for a term in hours), `dueDateTime` the
// instant the due day ends (Civil Code Art. 255), `explanation` the start, rule, article, days counted
// and skipped that the citizen is shown (DESIGN.md: every deadline shown must be explainable).
//
// Rows written before that hold older shapes, and readStoredTerm reads them all:
//   - the legal-deadline task's first output, the Deadline without `dueDateTime`;
//   - an appeal's extension: { regime: 'appeal-max', due, extended: { to, reason, limit, law },
//     explanation: { rule, law } }, which is recomputed here as the set term it was;
//   - a request deferred while its stored explanation still explained the first term: the deferral's
//     day (`decided`) is explained instead;
//   - anything else (text, a broken object): no explanation, the due date alone.
// Pure: the calendar comes in as data. Nothing it returns is half a shape the portal cannot show.
import { daysBetween, isValidDate, kyivDate, type IsoDate } from './dates.ts';
import { createCalendar } from './calendar.ts';
import type { CalendarData } from './data.ts';
import { computeSetTerm, endOfDueDay, type Deadline, type DeadlineExplanation, type SetTermKind } from './terms.ts';

export interface TermView {
  /** The legal deadline's day, as the case row holds it. */
  dueDate: IsoDate | null;
  /** When that day ends for the answer (end of working hours), or the instant of a term in hours. */
  dueDateTime: string | null;
  explanation: DeadlineExplanation | null;
}

export interface StoredTermContext {
  /** The case row's due date: the one shown, which the explanation must explain. */
  dueDate: IsoDate | null;
  receivedAt: Date;
  calendar: CalendarData;
  /** A day set by a decision the row records (a deferral), explained when the stored term does not explain `dueDate`. */
  decided?: { kind: SetTermKind; to: IsoDate; limit?: IsoDate };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): boolean => isObject(v) && typeof v.uk === 'string' && typeof v.en === 'string';
const isDate = (v: unknown): v is IsoDate => typeof v === 'string' && isValidDate(v);
const isInstant = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v));
const isDayList = (v: unknown): boolean => Array.isArray(v)
  && v.every((d) => isObject(d) && isDate(d.date) && Array.isArray(d.reasons) && Array.isArray(d.notes) && [...d.reasons, ...d.notes].every(isText));
const UNITS = ['calendar-days', 'working-days', 'months', 'hours'];

/** Every part the portal's renderer reads, with its type: what passes can be shown whole. */
export function isDeadlineExplanation(v: unknown): v is DeadlineExplanation {
  if (!isObject(v)) return false;
  const { received, counted, start, shift, internalShift, martialLaw, decided } = v;
  return typeof v.regime === 'string' && typeof v.law === 'string' && isText(v.rule)
    && typeof v.unit === 'string' && UNITS.includes(v.unit) && Number.isInteger(v.amount)
    && isObject(received) && typeof received.at === 'string' && isDate(received.date) && typeof received.withinWorkingHours === 'boolean'
    && isObject(counted) && isDate(counted.date) && isText(counted.reason)
    && isObject(start) && isDate(start.date) && isText(start.reason)
    && isDate(v.lastDay) && Number.isInteger(v.daysCounted)
    && (v.workingDaysCounted === undefined || Number.isInteger(v.workingDaysCounted))
    && isDayList(v.skipped) && isDayList(v.notes)
    && (shift === undefined || (isObject(shift) && isDate(shift.from) && isDate(shift.to) && typeof shift.law === 'string' && isText(shift.reason)))
    && (internalShift === undefined || (isObject(internalShift) && isDate(internalShift.from) && isDate(internalShift.to) && isText(internalShift.reason)))
    && isObject(martialLaw) && typeof martialLaw.inForceOnDue === 'boolean'
    && (decided === undefined || (isObject(decided) && isDate(decided.to) && (decided.limit === undefined || isDate(decided.limit))));
}

/** Accepts a Deadline as computed, or the legal-deadline task's older output without `dueDateTime` (given here). */
export function asStoredTerm(value: unknown, dueDateTime?: string): Deadline | undefined {
  const v = typeof value === 'string' ? parseJson(value) : value;
  if (!isObject(v) || !isDeadlineExplanation(v.explanation) || typeof v.due !== 'string' || typeof v.received !== 'string') return undefined;
  const instant = isInstant(v.dueDateTime) ? v.dueDateTime : dueDateTime;
  if (!isInstant(instant)) return undefined;
  return {
    regime: v.explanation.regime, received: v.received, due: v.due, dueDateTime: instant,
    ...(isDate(v.internalDue) ? { internalDue: v.internalDue } : {}),
    explanation: v.explanation,
  };
}

/** The day a computed term ends on: the explanation's shifted last day, or the day of its instant. */
function dueDayOf(explanation: DeadlineExplanation, due?: unknown): IsoDate {
  if (typeof due === 'string' && isDate(due.slice(0, 10))) return due.slice(0, 10);
  return explanation.shift?.to ?? explanation.lastDay;
}

/** What the portal shows of a stored term, whatever shape it was stored in. */
export function readStoredTerm(stored: unknown, context: StoredTermContext): TermView {
  const v = typeof stored === 'string' ? parseJson(stored) : stored;
  const calendar = () => createCalendar(context.calendar);

  const candidates: Array<() => { explanation: DeadlineExplanation; due?: unknown; dueDateTime?: unknown } | undefined> = [
    // The one shape, and the Deadline without its dueDateTime.
    () => (isObject(v) && isDeadlineExplanation(v.explanation) ? { explanation: v.explanation, due: v.due, dueDateTime: v.dueDateTime } : undefined),
    // An explanation stored on its own.
    () => (isDeadlineExplanation(v) ? { explanation: v } : undefined),
    // An appeal's extension stored before extensions were computed: the set term it was.
    () => {
      if (!isObject(v) || !isObject(v.extended)) return undefined;
      const to = isDate(v.extended.to) ? v.extended.to : isDate(v.due) ? v.due : undefined;
      return to ? setTerm({ kind: 'appeal-extended', to, ...(isDate(v.extended.limit) ? { limit: v.extended.limit } : {}) }) : undefined;
    },
    // The decision the row records (a deferral), when what is stored explains another day.
    () => (context.decided ? setTerm(context.decided) : undefined),
  ];

  function setTerm(decided: { kind: SetTermKind; to: IsoDate; limit?: IsoDate }) {
    if (daysBetween(kyivDate(context.receivedAt), decided.to) < 1) return undefined;
    const term = computeSetTerm({ ...decided, received: context.receivedAt, calendar: context.calendar });
    return { explanation: term.explanation, due: term.due, dueDateTime: term.dueDateTime };
  }

  for (const candidate of candidates) {
    const found = candidate();
    if (!found) continue;
    const day = dueDayOf(found.explanation, found.due);
    // The page shows the row's due date: an explanation of another day would explain nothing.
    if (context.dueDate !== null && day !== context.dueDate) continue;
    const dueDateTime = isInstant(found.dueDateTime) ? found.dueDateTime
      : found.explanation.unit === 'hours' && isInstant(found.due) ? found.due
        : endOfDueDay(calendar(), day);
    return { dueDate: day, dueDateTime, explanation: found.explanation };
  }
  return {
    dueDate: context.dueDate,
    dueDateTime: context.dueDate && isDate(context.dueDate) ? endOfDueDay(calendar(), context.dueDate) : null,
    explanation: null,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

