// Whether an appeal can be considered, Law 393/96-ВР: the content it must have (Art. 5) and the
// grounds on which it is not considered (Art. 8, Art. 17). Pure: the facts come in, the outcome and
// its reasons (with the article, for the citizen's timeline) go out. Deciding whether a repeat is
// "on the same issue already decided on its merits" needs a person: the rule only flags a candidate
// and the diagram gives it to a head.
import { isElectronic, isWritten, type AppealChannel, type AppealType } from './vocabulary.ts';

export const CHECK_OUTCOMES = ['ok', 'anonymous', 'incomplete', 'repeat', 'complaint-late'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

export interface AppealFacts {
  channel: AppealChannel;
  type: AppealType;
  signed: boolean;
  surname?: string | null;
  name?: string | null;
  address?: string | null;
  email?: string | null;
  phone?: string | null;
  text: string;
  /** Date written on a paper appeal (YYYY-MM-DD). */
  letterDate?: string | null;
  /** Complaints: when the decision complained about was taken, and when the author learned of it. */
  complaintDecisionDate?: string | null;
  complaintLearnedDate?: string | null;
  /** Receipt date in Kyiv (YYYY-MM-DD). */
  receivedDate: string;
  /** An earlier appeal of the same author has been answered on its merits (found by the repository). */
  earlierDecidedAppeal: boolean;
}

export interface CheckReason {
  code: string;
  article: string;
  text_uk: string;
}

export interface CheckResult {
  outcome: CheckOutcome;
  reasons: CheckReason[];
}

const blank = (value: string | null | undefined): boolean => !value || value.trim() === '';

/** Anonymous (Art. 8 p.1): authorship cannot be established, or a written one lacks residence or signature. */
function anonymousReasons(f: AppealFacts): CheckReason[] {
  const out: CheckReason[] = [];
  if (blank(f.surname)) out.push({ code: 'no-author', article: 'ст. 8 ч. 1', text_uk: 'Неможливо встановити авторство звернення' });
  if (isWritten(f.channel)) {
    if (blank(f.address)) out.push({ code: 'no-residence', article: 'ст. 8 ч. 1', text_uk: 'У письмовому зверненні не зазначено місце проживання' });
    if (!f.signed) out.push({ code: 'not-signed', article: 'ст. 8 ч. 1', text_uk: 'Письмове звернення не підписане автором' });
  }
  return out;
}

/** Defective content (Art. 5): returned to the author with reasons within 10 days. */
function incompleteReasons(f: AppealFacts): CheckReason[] {
  const out: CheckReason[] = [];
  if (blank(f.name)) out.push({ code: 'no-name', article: 'ст. 5 ч. 6', text_uk: 'Не зазначено ім’я автора' });
  if (!isWritten(f.channel) && blank(f.address)) out.push({ code: 'no-residence', article: 'ст. 5 ч. 6', text_uk: 'Не зазначено місце проживання' });
  if (isWritten(f.channel) && blank(f.letterDate)) out.push({ code: 'not-dated', article: 'ст. 5 ч. 6', text_uk: 'Письмове звернення не датоване' });
  if (isElectronic(f.channel) && blank(f.email) && blank(f.phone)) {
    out.push({ code: 'no-contact', article: 'ст. 5 ч. 7', text_uk: 'В електронному зверненні не зазначено електронну адресу чи інші засоби зв’язку' });
  }
  if (blank(f.text)) out.push({ code: 'no-substance', article: 'ст. 5 ч. 6', text_uk: 'Не викладено суть порушеного питання' });
  return out;
}

// --- calendar days, enough for Art. 17 (the legal calendar proper lives in lib/calendar) ---
function toUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}
function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}
/** Same day `months` later; the last day of a shorter month when it has no such day (Civil Code Art. 254 p.2). */
function addMonths(date: string, months: number): string {
  const d = toUtc(date);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return iso(target);
}
/**
 * A term's last day on Saturday or Sunday moves to Monday (Civil Code Art. 254 p.5). Public holidays
 * are not moved here: under martial law (Law 2136-IX) they are working days, and the full calendar
 * belongs to lib/calendar. Erring this way never refuses a complaint filed in time.
 */
function nextWeekday(date: string): string {
  const d = toUtc(date);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return iso(d);
}

/** Complaint terms (Art. 17): within one year of the decision and one month of learning of it. */
function lateComplaintReasons(f: AppealFacts): CheckReason[] {
  if (f.type !== 'complaint') return [];
  const out: CheckReason[] = [];
  if (f.complaintDecisionDate && f.receivedDate > nextWeekday(addMonths(f.complaintDecisionDate, 12))) {
    out.push({ code: 'complaint-year-passed', article: 'ст. 17', text_uk: 'Скаргу подано пізніше одного року з моменту прийняття рішення' });
  }
  if (f.complaintLearnedDate && f.receivedDate > nextWeekday(addMonths(f.complaintLearnedDate, 1))) {
    out.push({ code: 'complaint-month-passed', article: 'ст. 17', text_uk: 'Скаргу подано пізніше одного місяця з часу ознайомлення з рішенням' });
  }
  return out;
}

/**
 * Art. 8 grounds first (they end the case), then the repeat candidate for a head, then Art. 5
 * defects (the author can fix those and write again).
 */
export function checkAppeal(facts: AppealFacts): CheckResult {
  const anonymous = anonymousReasons(facts);
  if (anonymous.length > 0) return { outcome: 'anonymous', reasons: anonymous };
  const late = lateComplaintReasons(facts);
  if (late.length > 0) return { outcome: 'complaint-late', reasons: late };
  if (facts.earlierDecidedAppeal) {
    return {
      outcome: 'repeat',
      reasons: [{ code: 'repeat-candidate', article: 'ст. 8 ч. 2', text_uk: 'Раніше від автора надійшло звернення, яке вирішено по суті: чи те саме питання, вирішує керівник' }],
    };
  }
  const incomplete = incompleteReasons(facts);
  if (incomplete.length > 0) return { outcome: 'incomplete', reasons: incomplete };
  return { outcome: 'ok', reasons: [] };
}
