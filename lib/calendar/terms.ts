// Legal terms: when a term starts, how it is counted, and where it ends, with an explanation of
// every step that a citizen or an official can check.
//
// Civil Code of Ukraine (applies to terms in public law where the special law says nothing else):
//   Art. 253   a term starts the day after the event (here: the receipt).
//   Art. 254   a term in months ends on the same day number of its last month (p.3); a last day
//              that is not a working day moves FORWARD to the next working day (p.5).
//   Art. 255   an act to be done at the institution must be done before its working hours end.
// Records practice (CMU 55/2018): an internal control date that falls on a day off moves BACK to
// the previous working day, so the answer is ready in time; both dates are kept when they differ.
//
// Decisions this module makes, where the law leaves room:
//   - "One month" (Law 393/96 Art. 20): the same day number in the next month; when that month
//     has no such day (31 January), its last day (28/29 February). Civil Code Art. 254 p.3 says
//     "the corresponding day of the last month"; for a missing day we follow the general practice
//     of the courts and end on the month's last day rather than spilling into the next month.
//   - After hours: a request for public information received after working hours or on a day off
//     counts as received on the next working day (the day it can be registered, CMU 55/2018), so
//     its working days run from there. Terms in calendar days (appeals, administrative services)
//     run from the calendar day of receipt, whatever the hour: Law 393/96 Art. 20 counts "from the
//     day of receipt", and the citizen should not lose days because the office was closed.
//   - 48 hours (Law 2939-VI Art. 20 p.2) are 48 real hours from the moment of receipt, nights and
//     days off included, and not moved to a working day: the term exists to protect life and
//     liberty. Counted on the instant, so a daylight-saving change inside it keeps 48 real hours.
import {
  addDays, addMonthsClamped, daysBetween, formatZoned, fromZoned, isoWeekday, toZoned, type IsoDate,
} from './dates.ts';
import { createCalendar, withMartialLaw, type Calendar, type DayReason } from './calendar.ts';
import type { CalendarData } from './data.ts';

export const REGIMES = [
  'appeal-short', 'appeal', 'appeal-max', 'appeal-return', 'appeal-forward', 'public-info', 'public-info-urgent', 'public-info-extended', 'admin-service',
] as const;
export type Regime = (typeof REGIMES)[number];

export function isRegime(value: unknown): value is Regime {
  return typeof value === 'string' && (REGIMES as readonly string[]).includes(value);
}

type Unit = 'calendar-days' | 'working-days' | 'months' | 'hours';

export interface Text { uk: string; en: string }

interface RegimeRule {
  unit: Unit;
  amount: number;
  law: string;
  rule: Text;
  /** Receipt after working hours or on a day off counts as receipt on the next working day. */
  afterHoursNextWorkingDay: boolean;
}

export const regimeRules: Readonly<Record<Regime, RegimeRule>> = {
  'appeal-short': {
    unit: 'calendar-days', amount: 15, law: 'Закон № 393/96-ВР, ст. 20', afterHoursNextWorkingDay: false,
    rule: { uk: 'Звернення, яке не потребує додаткового вивчення, — невідкладно, але не пізніше 15 днів від дня надходження', en: 'An appeal needing no further study: at once, and at most 15 days from receipt' },
  },
  appeal: {
    unit: 'months', amount: 1, law: 'Закон № 393/96-ВР, ст. 20', afterHoursNextWorkingDay: false,
    rule: { uk: 'Звернення розглядається у термін не більше одного місяця від дня надходження', en: 'An appeal is considered within at most one month of receipt' },
  },
  'appeal-max': {
    unit: 'calendar-days', amount: 45, law: 'Закон № 393/96-ВР, ст. 20', afterHoursNextWorkingDay: false,
    rule: { uk: 'Продовжений строк розгляду звернення — загалом не більше 45 днів', en: 'Extended term of an appeal: at most 45 days in all' },
  },
  // The body's own terms after receipt, on the same calendar as the answer's (the tasks' due and
  // follow-up dates in processes/citizen-appeal.bpmn, computed by workers/topics/appeals/check-appeal.ts).
  'appeal-return': {
    unit: 'calendar-days', amount: 10, law: 'Закон № 393/96-ВР, ст. 5', afterHoursNextWorkingDay: false,
    rule: { uk: 'Звернення, оформлене без дотримання вимог, повертається заявникові з відповідними роз’ясненнями не пізніше як через десять днів від дня його надходження', en: 'An appeal that does not meet the requirements is returned to its author with explanations within at most ten days of receipt' },
  },
  'appeal-forward': {
    unit: 'calendar-days', amount: 5, law: 'Закон № 393/96-ВР, ст. 7', afterHoursNextWorkingDay: false,
    rule: { uk: 'Звернення, питання якого не входять до повноважень органу, пересилається за належністю в термін не більше п’яти днів, про що повідомляється громадянину', en: 'An appeal outside the body\'s competence is forwarded to the competent body within at most five days, and the citizen is told' },
  },
  'public-info': {
    unit: 'working-days', amount: 5, law: 'Закон № 2939-VI, ст. 20 ч. 1', afterHoursNextWorkingDay: true,
    rule: { uk: 'Відповідь на запит на інформацію — не пізніше п’яти робочих днів з дня отримання запиту', en: 'Answer to a request for information: at most five working days from receipt' },
  },
  'public-info-urgent': {
    unit: 'hours', amount: 48, law: 'Закон № 2939-VI, ст. 20 ч. 2', afterHoursNextWorkingDay: false,
    rule: { uk: 'Інформація, потрібна для захисту життя чи свободи особи, про стан довкілля, якість харчових продуктів, аварії, катастрофи, — протягом 48 годин з дня отримання запиту', en: 'Information needed to protect life or liberty, or on the environment, food quality, accidents or disasters: within 48 hours of receipt' },
  },
  'public-info-extended': {
    unit: 'working-days', amount: 20, law: 'Закон № 2939-VI, ст. 20 ч. 4', afterHoursNextWorkingDay: true,
    rule: { uk: 'Продовжений строк розгляду запиту — до 20 робочих днів з дня отримання запиту', en: 'Extended term of a request: up to 20 working days from receipt' },
  },
  'admin-service': {
    unit: 'calendar-days', amount: 30, law: 'Закон № 5203-VI, ст. 10', afterHoursNextWorkingDay: false,
    rule: { uk: 'Адміністративна послуга надається у строк не більше 30 календарних днів з дня подання документів, якщо інший строк не встановлено законом', en: 'An administrative service is provided within at most 30 calendar days of the application unless a law sets another term' },
  },
};

export interface SkippedDay {
  date: IsoDate;
  reasons: DayReason[];
  notes: DayReason[];
}

/**
 * Terms that end on a day an authority chose, within what the law allows, rather than after a fixed
 * amount: the head's extension of an appeal (Law 393/96-ВР Art. 20, at most 45 days from receipt in
 * all) and the deferral of a request for public information (Law 2939-VI Art. 22 p.6-7, the new term
 * is the one in the written decision). computeSetTerm explains them as the regimes are explained.
 */
export const SET_TERMS = ['appeal-extended', 'public-info-deferred'] as const;
export type SetTermKind = (typeof SET_TERMS)[number];

const setTermRules: Readonly<Record<SetTermKind, { law: string; rule: Text }>> = {
  'appeal-extended': {
    law: 'Закон № 393/96-ВР, ст. 20',
    rule: {
      uk: 'Строк розгляду звернення продовжено керівником з повідомленням автора; загалом — не більше 45 днів від дня надходження',
      en: 'The head extended the term of the appeal, telling the author; in all, at most 45 days from receipt',
    },
  },
  'public-info-deferred': {
    law: 'Закон № 2939-VI, ст. 22 ч. 6–7',
    rule: {
      uk: 'Розгляд запиту відстрочено через обставини непереборної сили; новий строк установлено письмовим рішенням про відстрочку',
      en: 'Consideration of the request was deferred for force majeure; the new term is the one in the written decision to defer',
    },
  },
};

export interface DeadlineExplanation {
  regime: Regime | SetTermKind;
  law: string;
  rule: Text;
  unit: Unit;
  amount: number;
  received: {
    /** The receipt in Kyiv time, with its offset. */
    at: string;
    date: IsoDate;
    withinWorkingHours: boolean;
  };
  /** The day the receipt counts on (the next working day for after-hours receipt, where the regime says so). */
  counted: { date: IsoDate; reason: Text };
  /** The first day of the term (Civil Code Art. 253), or the instant it starts for an hour term. */
  start: { date: IsoDate; reason: Text };
  /** The last day before any shift (for hour terms, the day the hours end). */
  lastDay: IsoDate;
  /** Calendar days from the start to the last day, both included (0 for hour terms). */
  daysCounted: number;
  /** Working days counted, for terms in working days. */
  workingDaysCounted?: number;
  /** Days not counted (working-day terms) or passed over by the shift, and why. */
  skipped: SkippedDay[];
  /** Holidays in the term that were working days because martial law was in force. */
  notes: SkippedDay[];
  shift?: { direction: 'forward'; from: IsoDate; to: IsoDate; law: string; reason: Text };
  internalShift?: { direction: 'back'; from: IsoDate; to: IsoDate; reason: Text };
  martialLaw: { inForceOnDue: boolean; assumed?: 'on' | 'off' };
  /** For a term set by a decision (computeSetTerm): the day chosen, and the latest the law allows when it limits it. */
  decided?: { to: IsoDate; limit?: IsoDate };
}

export interface Deadline {
  regime: Regime | SetTermKind;
  /** The receipt, in Kyiv time with its offset. */
  received: string;
  /** 'YYYY-MM-DD' for terms in days and months; an ISO date-time with offset for terms in hours. */
  due: string;
  /** The end of the due day's working hours (Civil Code Art. 255), or the instant itself for hours: for BPMN timers. */
  dueDateTime: string;
  /** Internal control date, when it differs from `due` (moved back instead of forward). */
  internalDue?: IsoDate;
  explanation: DeadlineExplanation;
}

export interface DeadlineInput {
  regime: Regime;
  received: Date;
  calendar: CalendarData;
  /** "What if" martial law held ('on') or did not ('off') on every day; default: as in the data. */
  martialLaw?: 'on' | 'off';
}

function minutes(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function skippedDay(calendar: Calendar, date: IsoDate): SkippedDay {
  const info = calendar.day(date);
  return { date, reasons: info.reasons, notes: info.notes };
}

/** Holidays suspended by martial law between two dates (inclusive). */
function suspendedHolidays(calendar: Calendar, from: IsoDate, to: IsoDate): SkippedDay[] {
  const out: SkippedDay[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const info = calendar.day(d);
    if (info.notes.length > 0) out.push({ date: d, reasons: info.reasons, notes: info.notes });
  }
  return out;
}

/** The receipt in the office's time zone, and where it fell against the working hours. */
function receiptOf(calendar: Calendar, at: Date) {
  const zoneOfReceipt = calendar.workingHoursOn(toZoned(at, 'Europe/Kyiv').date).timeZone;
  const local = toZoned(at, zoneOfReceipt);
  const hours = calendar.workingHoursOn(local.date).week[isoWeekday(local.date) - 1] ?? null;
  const now = minutes(local.time);
  const receivedDayWorking = calendar.isWorkingDay(local.date);
  return {
    zoneOfReceipt, local, hours, receivedDayWorking,
    receivedAt: formatZoned(at, zoneOfReceipt),
    withinWorkingHours: receivedDayWorking && hours !== null && now >= minutes(hours.start) && now < minutes(hours.end),
    // Before opening on a working day the document is registered that same day.
    beforeClosing: receivedDayWorking && hours !== null && now < minutes(hours.end),
  };
}

export function computeDeadline(input: DeadlineInput): Deadline {
  const { regime } = input;
  const rule = regimeRules[regime];
  const calendar = createCalendar(withMartialLaw(input.calendar, input.martialLaw));

  const { zoneOfReceipt, local, receivedAt, hours, receivedDayWorking, withinWorkingHours, beforeClosing } = receiptOf(calendar, input.received);

  let counted: { date: IsoDate; reason: Text } = {
    date: local.date,
    reason: { uk: 'День надходження', en: 'The day of receipt' },
  };
  if (rule.afterHoursNextWorkingDay && !beforeClosing) {
    const next = calendar.nextWorkingDay(local.date);
    counted = receivedDayWorking
      ? { date: next, reason: { uk: `Надійшло після закінчення робочого часу (${hours?.end ?? '—'}): вважається отриманим наступного робочого дня`, en: `Received after working hours (${hours?.end ?? '—'}): counts as received on the next working day` } }
      : { date: next, reason: { uk: 'Надійшло в неробочий день: вважається отриманим наступного робочого дня', en: 'Received on a day off: counts as received on the next working day' } };
  }

  const received = { at: receivedAt, date: local.date, withinWorkingHours };
  const assumed = input.martialLaw;
  const base = { regime, law: rule.law, rule: rule.rule, unit: rule.unit, amount: rule.amount, received, counted };

  if (rule.unit === 'hours') {
    const dueInstant = new Date(input.received.getTime() + rule.amount * 3_600_000);
    const due = formatZoned(dueInstant, zoneOfReceipt);
    const lastDay = toZoned(dueInstant, zoneOfReceipt).date;
    const explanation: DeadlineExplanation = {
      ...base,
      start: { date: local.date, reason: { uk: `Години рахуються з моменту отримання (${receivedAt}), без перенесення на робочий день`, en: `Hours run from the moment of receipt (${receivedAt}), not moved to a working day` } },
      lastDay,
      daysCounted: 0,
      skipped: [],
      notes: [],
      martialLaw: { inForceOnDue: calendar.martialLawOn(lastDay) !== undefined, ...(assumed ? { assumed } : {}) },
    };
    return { regime, received: receivedAt, due, dueDateTime: due, explanation };
  }

  // Civil Code Art. 253: the term starts the next day after the event.
  const start = addDays(counted.date, 1);
  const startReason: Text = { uk: 'Перший день строку — наступний день після отримання (ЦК України, ст. 253)', en: 'The term starts the day after receipt (Civil Code Art. 253)' };

  let lastDay: IsoDate;
  let workingDaysCounted: number | undefined;
  const skipped: SkippedDay[] = [];
  if (rule.unit === 'working-days') {
    let d = start;
    let n = 0;
    for (;;) {
      if (calendar.isWorkingDay(d)) {
        n += 1;
        if (n === rule.amount) break;
      } else {
        skipped.push(skippedDay(calendar, d));
      }
      d = addDays(d, 1);
    }
    lastDay = d;
    workingDaysCounted = n;
  } else if (rule.unit === 'months') {
    // Civil Code Art. 254 p.3, counted from the day of receipt (see the decision at the top).
    lastDay = addMonthsClamped(counted.date, rule.amount);
  } else {
    lastDay = addDays(counted.date, rule.amount);
  }

  return endTerm(calendar, {
    ...base, start: { date: start, reason: startReason }, lastDay,
    ...(workingDaysCounted !== undefined ? { workingDaysCounted } : {}),
    skipped, assumed,
  });
}

/**
 * The common end of every term counted in days: a last day off moves the legal deadline forward
 * (Civil Code Art. 254 p.5) and the internal control date back (CMU 55/2018); the due day ends with
 * the working hours (Art. 255).
 */
function endTerm(calendar: Calendar, term: Omit<DeadlineExplanation, 'daysCounted' | 'notes' | 'martialLaw' | 'shift' | 'internalShift'> & { assumed?: 'on' | 'off' }): Deadline {
  const { assumed, ...explained } = term;
  const { lastDay } = term;
  const skipped = [...term.skipped];
  let due = lastDay;
  let internalDue: IsoDate | undefined;
  let shift: DeadlineExplanation['shift'];
  let internalShift: DeadlineExplanation['internalShift'];
  if (!calendar.isWorkingDay(lastDay)) {
    due = calendar.nextWorkingDay(lastDay);
    for (let d = lastDay; d < due; d = addDays(d, 1)) skipped.push(skippedDay(calendar, d));
    shift = {
      direction: 'forward', from: lastDay, to: due, law: 'ЦК України, ст. 254 ч. 5',
      reason: { uk: 'Останній день строку — неробочий: строк закінчується першого робочого дня після нього (ЦК України, ст. 254 ч. 5)', en: 'The last day is not a working day: the term ends on the next working day (Civil Code Art. 254 p.5)' },
    };
    internalDue = calendar.previousWorkingDay(lastDay);
    internalShift = {
      direction: 'back', from: lastDay, to: internalDue,
      reason: { uk: 'Контрольний строк виконання, що припадає на неробочий день, переноситься на попередній робочий день', en: 'An internal control date on a day off moves back to the previous working day' },
    };
  }

  const dueDateTime = endOfDueDay(calendar, due);

  const explanation: DeadlineExplanation = {
    ...explained,
    daysCounted: daysBetween(term.start.date, lastDay) + 1,
    skipped,
    notes: suspendedHolidays(calendar, term.start.date, due),
    ...(shift ? { shift } : {}),
    ...(internalShift ? { internalShift } : {}),
    martialLaw: { inForceOnDue: calendar.martialLawOn(due) !== undefined, ...(assumed ? { assumed } : {}) },
  };
  return { regime: term.regime, received: term.received.at, due, dueDateTime, ...(internalDue ? { internalDue } : {}), explanation };
}

/** When a due day ends: at the institution, with its working hours (Civil Code Art. 255); the day's end on a day without hours. */
export function endOfDueDay(calendar: Calendar, due: IsoDate): string {
  const hours = calendar.workingHoursOn(due);
  const day = hours.week[isoWeekday(due) - 1] ?? null;
  return formatZoned(fromZoned(due, day ? `${day.end}:00` : '23:59:59', hours.timeZone), hours.timeZone);
}

export interface SetTermInput {
  kind: SetTermKind;
  received: Date;
  /** The day the decision names. */
  to: IsoDate;
  /** The latest day the law allows (an appeal's 45 days), shown with the decision. */
  limit?: IsoDate;
  calendar: CalendarData;
}

/**
 * A term set by a decision to a chosen day (SET_TERMS), explained like every other term: the
 * receipt, the start the day after (Civil Code Art. 253), the calendar days counted up to the chosen
 * day (so "extended to N days from receipt" can be checked against the 45 of Art. 20), and a chosen
 * day that is not a working day moves forward like any last day (Art. 254 p.5): the citizen keeps
 * the days the law gives. Calendar days from the day of receipt, whatever the hour, as for appeals.
 */
export function computeSetTerm(input: SetTermInput): Deadline {
  const rule = setTermRules[input.kind];
  const calendar = createCalendar(input.calendar);
  const { local, receivedAt, withinWorkingHours } = receiptOf(calendar, input.received);
  const amount = daysBetween(local.date, input.to);
  if (amount < 1) throw new RangeError(`a set term ends after the day of receipt: ${input.to} is not after ${local.date}`);
  return endTerm(calendar, {
    regime: input.kind, law: rule.law, rule: rule.rule, unit: 'calendar-days', amount,
    received: { at: receivedAt, date: local.date, withinWorkingHours },
    counted: { date: local.date, reason: { uk: 'День надходження', en: 'The day of receipt' } },
    start: { date: addDays(local.date, 1), reason: { uk: 'Перший день строку — наступний день після отримання (ЦК України, ст. 253)', en: 'The term starts the day after receipt (Civil Code Art. 253)' } },
    lastDay: input.to,
    skipped: [],
    decided: { to: input.to, ...(input.limit ? { limit: input.limit } : {}) },
  });
}
