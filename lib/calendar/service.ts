// An administrator's changes to the legal calendar: holiday rules (Labour Code Art. 73) and periods
// of martial law (Law 2136-IX Art. 6) are data, added and ended without a release. Nothing is
// deleted: a rule that stops holding gets its last day, and terms counted before it still explain
// themselves. Each change is one transaction with its audit row; the SQL is
// lib/calendar/repository.ts, and the trigger on its tables tells every cache to read it again.
import type { Db } from '../db.ts';
import { appendAudit } from '../audit.ts';
import { ProblemError } from '../problem.ts';
import type { HolidayRule, MartialLawPeriod } from './data.ts';
import { isValidDate, makeDate, type IsoDate } from './dates.ts';
import {
  insertHolidayRule, insertMartialLawPeriod, lockHolidayRule, lockMartialLawPeriod, setHolidayRuleValidTo, setMartialLawPeriodEnd,
  type NewHolidayRule,
} from './repository.ts';

// Reading needs no use case: the administrator sees the data as it is.
export { listHolidayRules, listMartialLawPeriods, listWorkingHours } from './repository.ts';

/** A holiday rule as an administrator states it: a fixed day, or a day counted from Orthodox Easter. */
export interface HolidayRuleInput {
  code: string; nameUk: string; nameEn: string; kind: 'fixed' | 'easter';
  month?: number; day?: number; easterOffset?: number;
  validFrom: IsoDate; validTo?: IsoDate | null; law: string;
}

function notBefore(field: string, later: string | null | undefined, earlier: string): void {
  if (later !== undefined && later !== null && later < earlier) {
    throw ProblemError.field('validation', field, `must not be before ${earlier}`, `не може бути раніше ${earlier}`);
  }
}

/** The rule the input states, or a validation problem naming the field that does not fit its kind. */
function holidayRuleOf(input: HolidayRuleInput): NewHolidayRule {
  const common = { code: input.code, nameUk: input.nameUk, nameEn: input.nameEn, validFrom: input.validFrom, validTo: input.validTo ?? null, law: input.law };
  if (input.kind === 'fixed') {
    if (input.month === undefined) throw ProblemError.field('validation', 'month', 'is required for a fixed holiday', 'обов’язкове для свята з фіксованою датою');
    if (input.day === undefined) throw ProblemError.field('validation', 'day', 'is required for a fixed holiday', 'обов’язкове для свята з фіксованою датою');
    // 29 February is allowed: it is a date in leap years.
    if (!isValidDate(makeDate(2024, input.month, input.day))) throw ProblemError.field('validation', 'day', 'is not a day of that month', 'немає такого дня в цьому місяці');
    if (input.easterOffset !== undefined) throw ProblemError.field('validation', 'easterOffset', 'is only for holidays counted from Easter', 'лише для свят, що відлічуються від Великодня');
    return { ...common, kind: 'fixed', month: input.month, day: input.day, easterOffset: null };
  }
  if (input.easterOffset === undefined) throw ProblemError.field('validation', 'easterOffset', 'is required for a holiday counted from Easter', 'обов’язкове для свята, що відлічується від Великодня');
  if (input.month !== undefined || input.day !== undefined) throw ProblemError.field('validation', input.month !== undefined ? 'month' : 'day', 'is only for fixed holidays', 'лише для свят з фіксованою датою');
  return { ...common, kind: 'easter', month: null, day: null, easterOffset: input.easterOffset };
}

export async function addHolidayRule(db: Db, input: HolidayRuleInput, actor: string): Promise<HolidayRule> {
  const rule = holidayRuleOf(input);
  notBefore('validTo', rule.validTo, rule.validFrom);
  return db.transaction(async (trx) => {
    const saved = await insertHolidayRule(trx, rule);
    await appendAudit(trx, {
      actor, action: 'calendar.holiday-rule.added', entityType: 'calendar_holiday_rule', entityId: saved.id!,
      details: { code: saved.code, validFrom: saved.validFrom, validTo: saved.validTo },
    });
    return saved;
  });
}

/** Sets the last day the rule holds, not before its first; undefined when there is no such rule. */
export async function endHolidayRule(db: Db, id: number, validTo: IsoDate, actor: string): Promise<HolidayRule | undefined> {
  return db.transaction(async (trx) => {
    const before = await lockHolidayRule(trx, id);
    if (!before) return undefined;
    notBefore('validTo', validTo, before.validFrom);
    const ended = await setHolidayRuleValidTo(trx, id, validTo);
    await appendAudit(trx, {
      actor, action: 'calendar.holiday-rule.ended', entityType: 'calendar_holiday_rule', entityId: id,
      details: { previousValidTo: before.validTo, validTo },
    });
    return ended;
  });
}

export async function addMartialLawPeriod(db: Db, input: { start: IsoDate; end?: IsoDate | null; basis: string }, actor: string): Promise<MartialLawPeriod> {
  const period: Omit<MartialLawPeriod, 'id'> = { start: input.start, end: input.end ?? null, basis: input.basis };
  notBefore('end', period.end, period.start);
  return db.transaction(async (trx) => {
    const saved = await insertMartialLawPeriod(trx, period);
    await appendAudit(trx, {
      actor, action: 'calendar.martial-law.added', entityType: 'calendar_martial_law_period', entityId: saved.id!,
      details: { start: saved.start, end: saved.end },
    });
    return saved;
  });
}

/** Sets the last day of martial law in the period, not before its first; undefined when there is no such period. */
export async function endMartialLawPeriod(db: Db, id: number, end: IsoDate, actor: string): Promise<MartialLawPeriod | undefined> {
  return db.transaction(async (trx) => {
    const before = await lockMartialLawPeriod(trx, id);
    if (!before) return undefined;
    notBefore('end', end, before.start);
    const ended = await setMartialLawPeriodEnd(trx, id, end);
    await appendAudit(trx, {
      actor, action: 'calendar.martial-law.ended', entityType: 'calendar_martial_law_period', entityId: id,
      details: { previousEnd: before.end, end },
    });
    return ended;
  });
}
