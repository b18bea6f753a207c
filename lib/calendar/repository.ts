// The legal calendar's data (holidays, martial law, working hours) in the database, as the pure
// module lib/calendar takes it. No cache here: callers keep the CalendarData they loaded and
// reload when `calendarRevision` changes (a trigger bumps it on any change to the tables). SQL
// only: an optional transaction in, rows out; an administrator's changes, with their audit rows,
// are lib/calendar/service.ts.
import type { CalendarData, DayHours, HolidayRule, MartialLawPeriod, WorkingHours } from './data.ts';
import type { IsoDate } from './dates.ts';
import type { Queryable } from '../db.ts';

interface HolidayRow {
  id: number; code: string; name_uk: string; name_en: string; kind: 'fixed' | 'easter';
  month: number | null; day: number | null; easter_offset: number | null;
  valid_from: string; valid_to: string | null; law: string;
}
interface MartialLawRow { id: number; start_date: string; end_date: string | null; basis: string }
interface WorkingHoursRow { id: number; valid_from: string; valid_to: string | null; time_zone: string; week: DayHours[] }

// Dates as text: node-postgres would turn a DATE into a Date at local midnight of the server.
const HOLIDAY_COLUMNS = 'id, code, name_uk, name_en, kind, month, day, easter_offset, valid_from::text AS valid_from, valid_to::text AS valid_to, law';
const MARTIAL_LAW_COLUMNS = 'id, start_date::text AS start_date, end_date::text AS end_date, basis';

function toHoliday(row: HolidayRow): HolidayRule {
  return {
    id: row.id, code: row.code, nameUk: row.name_uk, nameEn: row.name_en, kind: row.kind,
    month: row.month, day: row.day, easterOffset: row.easter_offset,
    validFrom: row.valid_from, validTo: row.valid_to, law: row.law,
  };
}

function toMartialLaw(row: MartialLawRow): MartialLawPeriod {
  return { id: row.id, start: row.start_date, end: row.end_date, basis: row.basis };
}

export async function calendarRevision(q: Queryable): Promise<number> {
  const row = await q('calendar_revision').first('revision') as { revision: string | number } | undefined;
  return Number(row?.revision ?? 0);
}

export async function listHolidayRules(q: Queryable): Promise<HolidayRule[]> {
  const rows = await q('calendar_holiday_rules').select(q.raw(HOLIDAY_COLUMNS)).orderBy([{ column: 'valid_from' }, { column: 'id' }]) as HolidayRow[];
  return rows.map(toHoliday);
}

export async function listMartialLawPeriods(q: Queryable): Promise<MartialLawPeriod[]> {
  const rows = await q('calendar_martial_law_periods').select(q.raw(MARTIAL_LAW_COLUMNS)).orderBy('start_date') as MartialLawRow[];
  return rows.map(toMartialLaw);
}

export async function listWorkingHours(q: Queryable): Promise<WorkingHours[]> {
  const rows = await q('calendar_working_hours')
    .select(q.raw('id, valid_from::text AS valid_from, valid_to::text AS valid_to, time_zone, week'))
    .orderBy('valid_from') as WorkingHoursRow[];
  return rows.map((r) => ({ id: r.id, validFrom: r.valid_from, validTo: r.valid_to, timeZone: r.time_zone, week: r.week }));
}

/** The revision and the data of that revision, read in one snapshot. */
export async function loadCalendarData(q: Queryable): Promise<{ revision: number; data: CalendarData }> {
  const read = async (trx: Queryable) => {
    const revision = await calendarRevision(trx);
    const [holidays, martialLaw, workingHours] = [await listHolidayRules(trx), await listMartialLawPeriods(trx), await listWorkingHours(trx)];
    return { revision, data: { holidays, martialLaw, workingHours } };
  };
  return 'isTransaction' in q && q.isTransaction
    ? read(q)
    : (q as import('knex').Knex).transaction(read, { isolationLevel: 'repeatable read', readOnly: true });
}

export type NewHolidayRule = Omit<HolidayRule, 'id'>;

export async function insertHolidayRule(q: Queryable, rule: NewHolidayRule): Promise<HolidayRule> {
  const [row] = await q('calendar_holiday_rules').insert({
    code: rule.code, name_uk: rule.nameUk, name_en: rule.nameEn, kind: rule.kind,
    month: rule.kind === 'fixed' ? rule.month : null, day: rule.kind === 'fixed' ? rule.day : null,
    easter_offset: rule.kind === 'easter' ? rule.easterOffset : null,
    valid_from: rule.validFrom, valid_to: rule.validTo, law: rule.law,
  }).returning(q.raw(HOLIDAY_COLUMNS)) as HolidayRow[];
  return toHoliday(row!);
}

/** The rule, locked FOR UPDATE (the caller holds the transaction); undefined when there is none. */
export async function lockHolidayRule(q: Queryable, id: number): Promise<HolidayRule | undefined> {
  const row = await q('calendar_holiday_rules').where({ id }).forUpdate().first(q.raw(HOLIDAY_COLUMNS)) as HolidayRow | undefined;
  return row ? toHoliday(row) : undefined;
}

export async function setHolidayRuleValidTo(q: Queryable, id: number, validTo: IsoDate): Promise<HolidayRule> {
  const [row] = await q('calendar_holiday_rules').where({ id }).update({ valid_to: validTo }).returning(q.raw(HOLIDAY_COLUMNS)) as HolidayRow[];
  return toHoliday(row!);
}

export async function insertMartialLawPeriod(q: Queryable, period: Omit<MartialLawPeriod, 'id'>): Promise<MartialLawPeriod> {
  const [row] = await q('calendar_martial_law_periods')
    .insert({ start_date: period.start, end_date: period.end, basis: period.basis })
    .returning(q.raw(MARTIAL_LAW_COLUMNS)) as MartialLawRow[];
  return toMartialLaw(row!);
}

/** The period, locked FOR UPDATE (the caller holds the transaction); undefined when there is none. */
export async function lockMartialLawPeriod(q: Queryable, id: number): Promise<MartialLawPeriod | undefined> {
  const row = await q('calendar_martial_law_periods').where({ id }).forUpdate().first(q.raw(MARTIAL_LAW_COLUMNS)) as MartialLawRow | undefined;
  return row ? toMartialLaw(row) : undefined;
}

export async function setMartialLawPeriodEnd(q: Queryable, id: number, end: IsoDate): Promise<MartialLawPeriod> {
  const [row] = await q('calendar_martial_law_periods').where({ id }).update({ end_date: end }).returning(q.raw(MARTIAL_LAW_COLUMNS)) as MartialLawRow[];
  return toMartialLaw(row!);
}
