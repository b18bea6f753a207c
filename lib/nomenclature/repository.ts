// The nomenclature of case files (номенклатура справ, CMU resolution 55 of 17.01.2018, KMDA
// instruction 1747/2018) and the journals' default case files, as data an administrator edits.
// SQL only: an optional transaction in, rows out; the rules of a change and its audit row are
// lib/nomenclature/service.ts.
import type { Queryable } from '../db.ts';

export interface CaseFile {
  index: string;
  title: string;
  department: { code: string; name: string } | null;
  /** The year of the nomenclature the file belongs to; null for a file kept across years. */
  year: number | null;
  createdAt: Date;
  closedAt: Date | null;
  /** Registrations filed in it (documents and citizens' appeals). */
  registrationCount: number;
  /** Journals that file their registrations here by default. */
  defaultOfJournals: string[];
}

export interface Journal {
  code: string;
  nameUk: string;
  nameEn: string;
  defaultCaseFileIndex: string | null;
}

interface CaseFileRow {
  index: string;
  title_uk: string;
  department_code: string | null;
  department_name: string | null;
  year: number | null;
  created_at: Date;
  closed_at: Date | null;
  registration_count: string | number;
  default_of_journals: string[] | null;
}

// Appeals keep their own registration columns (CMU 348), so both tables count as use.
const CASE_FILE_SELECT = `
  SELECT cf.index, cf.title_uk, d.code AS department_code, d.name_uk AS department_name, cf.year, cf.created_at, cf.closed_at,
    (SELECT count(*) FROM registrations r WHERE r.case_file_index = cf.index)
      + (SELECT count(*) FROM appeals a WHERE a.case_file_index = cf.index) AS registration_count,
    (SELECT array_agg(j.code ORDER BY j.code) FROM journals j WHERE j.default_case_file_index = cf.index) AS default_of_journals
  FROM case_files cf LEFT JOIN departments d ON d.id = cf.department_id`;

function toCaseFile(row: CaseFileRow): CaseFile {
  return {
    index: row.index,
    title: row.title_uk,
    department: row.department_code === null ? null : { code: row.department_code, name: row.department_name ?? '' },
    year: row.year,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    registrationCount: Number(row.registration_count),
    defaultOfJournals: row.default_of_journals ?? [],
  };
}

export interface CaseFileFilter {
  year?: number;
  departmentCode?: string;
  includeClosed?: boolean;
}

export async function listCaseFiles(q: Queryable, filter: CaseFileFilter = {}): Promise<CaseFile[]> {
  const where: string[] = [];
  const bindings: Array<string | number> = [];
  // A file kept across years (year null) belongs to every year's nomenclature.
  if (filter.year !== undefined) { where.push('(cf.year = ? OR cf.year IS NULL)'); bindings.push(filter.year); }
  if (filter.departmentCode !== undefined) { where.push('d.code = ?'); bindings.push(filter.departmentCode); }
  if (!filter.includeClosed) where.push('cf.closed_at IS NULL');
  const sql = `${CASE_FILE_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY cf.index`;
  const { rows } = await q.raw<{ rows: CaseFileRow[] }>(sql, bindings);
  return rows.map(toCaseFile);
}

export async function findCaseFile(q: Queryable, index: string): Promise<CaseFile | undefined> {
  const { rows: [row] } = await q.raw<{ rows: CaseFileRow[] }>(`${CASE_FILE_SELECT} WHERE cf.index = ?`, [index]);
  return row ? toCaseFile(row) : undefined;
}

export async function findDepartmentId(q: Queryable, code: string): Promise<number | undefined> {
  const row = await q('departments').where({ code }).first('id') as { id: number } | undefined;
  return row?.id;
}

/** Adds the case file unless its index is taken; false when it is. */
export async function insertCaseFile(q: Queryable, input: { index: string; title: string; departmentId: number; year: number | null }): Promise<boolean> {
  const inserted = await q('case_files')
    .insert({ index: input.index, title_uk: input.title, department_id: input.departmentId, year: input.year })
    .onConflict('index').ignore()
    .returning('index') as Array<{ index: string }>;
  return inserted.length > 0;
}

/** The case file's own columns, locked FOR UPDATE, or FOR SHARE (the caller holds the transaction). */
export async function lockCaseFile(q: Queryable, index: string, mode: 'update' | 'share' = 'update'): Promise<{ title: string; year: number | null; closedAt: Date | null } | undefined> {
  const query = q('case_files').where({ index }).first('title_uk', 'year', 'closed_at');
  const row = await (mode === 'share' ? query.forShare() : query.forUpdate()) as { title_uk: string; year: number | null; closed_at: Date | null } | undefined;
  return row ? { title: row.title_uk, year: row.year, closedAt: row.closed_at } : undefined;
}

export async function updateCaseFileColumns(q: Queryable, index: string, change: { title?: string; year?: number | null }): Promise<void> {
  const update: Record<string, unknown> = {};
  if (change.title !== undefined) update.title_uk = change.title;
  if (change.year !== undefined) update.year = change.year;
  await q('case_files').where({ index }).update(update);
}

export async function markCaseFileClosed(q: Queryable, index: string): Promise<void> {
  await q('case_files').where({ index }).update({ closed_at: q.fn.now() });
}

export async function deleteCaseFileRow(q: Queryable, index: string): Promise<void> {
  await q('case_files').where({ index }).delete();
}

/** Journals that file into the case file by default, locked FOR UPDATE, by code. */
export async function lockJournalsDefaultingTo(q: Queryable, index: string): Promise<string[]> {
  const rows = await q('journals').where({ default_case_file_index: index }).forUpdate().orderBy('code').select('code') as Array<{ code: string }>;
  return rows.map((j) => j.code);
}

interface JournalRow { code: string; name_uk: string; name_en: string; default_case_file_index: string | null }

function toJournal(row: JournalRow): Journal {
  return { code: row.code, nameUk: row.name_uk, nameEn: row.name_en, defaultCaseFileIndex: row.default_case_file_index };
}

export async function listJournals(q: Queryable): Promise<Journal[]> {
  const rows = await q('journals').orderBy('code').select('code', 'name_uk', 'name_en', 'default_case_file_index') as JournalRow[];
  return rows.map(toJournal);
}

/** The journal's default case file, locked FOR UPDATE; undefined when there is no such journal. */
export async function lockJournal(q: Queryable, code: string): Promise<{ defaultCaseFileIndex: string | null } | undefined> {
  const row = await q('journals').where({ code }).forUpdate().first('default_case_file_index') as { default_case_file_index: string | null } | undefined;
  return row ? { defaultCaseFileIndex: row.default_case_file_index } : undefined;
}

export async function setJournalDefault(q: Queryable, code: string, index: string): Promise<Journal> {
  const [row] = await q('journals').where({ code }).update({ default_case_file_index: index })
    .returning(['code', 'name_uk', 'name_en', 'default_case_file_index']) as JournalRow[];
  return toJournal(row!);
}
