// The nomenclature of case files (номенклатура справ, CMU resolution 55 of 17.01.2018, KMDA
// instruction 1747/2018) and the journals' default case files, as data an administrator edits.
// A registration index joins the journal's number to the case file's index (`865/03-8`), so an index
// that registrations use is never deleted or renamed: the case file is closed instead, and only its
// title changes. Every change leaves an audit row (ids, codes and titles; no personal data).
import type { Queryable } from '../db.ts';
import { appendAudit } from '../audit.ts';

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

export interface NewCaseFile {
  index: string;
  title: string;
  departmentCode: string;
  year: number | null;
}

export type AddCaseFileResult =
  | { ok: true; caseFile: CaseFile }
  | { ok: false; reason: 'unknown-department' | 'exists' };

export async function addCaseFile(q: Queryable, input: NewCaseFile, actor: string): Promise<AddCaseFileResult> {
  return q.transaction(async (trx) => {
    const departmentId = await findDepartmentId(trx, input.departmentCode);
    if (departmentId === undefined) return { ok: false, reason: 'unknown-department' } as const;
    const inserted = await trx('case_files')
      .insert({ index: input.index, title_uk: input.title, department_id: departmentId, year: input.year })
      .onConflict('index').ignore()
      .returning('index') as Array<{ index: string }>;
    if (inserted.length === 0) return { ok: false, reason: 'exists' } as const;
    await appendAudit(trx, {
      actor, action: 'nomenclature.case-file.added', entityType: 'case_file', entityId: input.index,
      details: { department: input.departmentCode, year: input.year, title: input.title },
    });
    return { ok: true, caseFile: (await findCaseFile(trx, input.index))! } as const;
  });
}

/** Changes the title and/or year; the index stays. Undefined when there is no such case file. */
export async function updateCaseFile(q: Queryable, index: string, change: { title?: string; year?: number | null }, actor: string): Promise<CaseFile | undefined> {
  return q.transaction(async (trx) => {
    const before = await trx('case_files').where({ index }).forUpdate().first('title_uk', 'year') as { title_uk: string; year: number | null } | undefined;
    if (!before) return undefined;
    const update: Record<string, unknown> = {};
    if (change.title !== undefined) update.title_uk = change.title;
    if (change.year !== undefined) update.year = change.year;
    await trx('case_files').where({ index }).update(update);
    const details: Record<string, string | number | null> = {};
    if (change.title !== undefined && change.title !== before.title_uk) { details.previousTitle = before.title_uk; details.title = change.title; }
    if (change.year !== undefined && change.year !== before.year) { details.previousYear = before.year; details.year = change.year; }
    if (Object.keys(details).length > 0) {
      await appendAudit(trx, { actor, action: 'nomenclature.case-file.changed', entityType: 'case_file', entityId: index, details });
    }
    return findCaseFile(trx, index);
  });
}

export type CloseCaseFileResult =
  | { ok: true; caseFile: CaseFile; changed: boolean }
  | { ok: false; reason: 'journal-default'; journals: string[] };

/** Closes the case file (no new registrations go into it); undefined when there is none. */
export async function closeCaseFile(q: Queryable, index: string, actor: string): Promise<CloseCaseFileResult | undefined> {
  return q.transaction(async (trx) => {
    const row = await trx('case_files').where({ index }).forUpdate().first('closed_at') as { closed_at: Date | null } | undefined;
    if (!row) return undefined;
    if (row.closed_at !== null) return { ok: true, caseFile: (await findCaseFile(trx, index))!, changed: false } as const;
    // The journal row lock keeps a concurrent "set default" from pointing at the file being closed.
    const journals = (await trx('journals').where({ default_case_file_index: index }).forUpdate().orderBy('code').select('code') as Array<{ code: string }>).map((j) => j.code);
    if (journals.length > 0) return { ok: false, reason: 'journal-default', journals } as const;
    await trx('case_files').where({ index }).update({ closed_at: trx.fn.now() });
    await appendAudit(trx, { actor, action: 'nomenclature.case-file.closed', entityType: 'case_file', entityId: index });
    return { ok: true, caseFile: (await findCaseFile(trx, index))!, changed: true } as const;
  });
}

export type DeleteCaseFileResult =
  | { ok: true }
  | { ok: false; reason: 'in-use'; registrations: number }
  | { ok: false; reason: 'journal-default'; journals: string[] };

/** Deletes a case file nothing refers to; undefined when there is none. */
export async function deleteCaseFile(q: Queryable, index: string, actor: string): Promise<DeleteCaseFileResult | undefined> {
  return q.transaction(async (trx) => {
    const row = await trx('case_files').where({ index }).forUpdate().first('index');
    if (!row) return undefined;
    const current = (await findCaseFile(trx, index))!;
    if (current.registrationCount > 0) return { ok: false, reason: 'in-use', registrations: current.registrationCount } as const;
    if (current.defaultOfJournals.length > 0) return { ok: false, reason: 'journal-default', journals: current.defaultOfJournals } as const;
    try {
      // A savepoint: a reference from a table added later (a filing, a resolution) fails the delete
      // with a foreign-key violation, which must not abort the outer transaction.
      await trx.transaction(async (sp) => { await sp('case_files').where({ index }).delete(); });
    } catch (error) {
      if ((error as { code?: string }).code === '23503') return { ok: false, reason: 'in-use', registrations: 0 } as const;
      throw error;
    }
    await appendAudit(trx, {
      actor, action: 'nomenclature.case-file.deleted', entityType: 'case_file', entityId: index,
      details: { title: current.title, department: current.department?.code ?? null, year: current.year },
    });
    return { ok: true } as const;
  });
}

interface JournalRow { code: string; name_uk: string; name_en: string; default_case_file_index: string | null }

function toJournal(row: JournalRow): Journal {
  return { code: row.code, nameUk: row.name_uk, nameEn: row.name_en, defaultCaseFileIndex: row.default_case_file_index };
}

export async function listJournals(q: Queryable): Promise<Journal[]> {
  const rows = await q('journals').orderBy('code').select('code', 'name_uk', 'name_en', 'default_case_file_index') as JournalRow[];
  return rows.map(toJournal);
}

export type SetDefaultResult =
  | { ok: true; journal: Journal }
  | { ok: false; reason: 'unknown-case-file' | 'closed' };

/** Files the journal's next registrations into `index`; undefined when there is no such journal. */
export async function setJournalDefaultCaseFile(q: Queryable, journalCode: string, index: string, actor: string): Promise<SetDefaultResult | undefined> {
  return q.transaction(async (trx) => {
    // Case file first, then journal: the order closeCaseFile locks them in, so the two wait for each
    // other instead of deadlocking, and a file being closed never becomes a default.
    const caseFile = await trx('case_files').where({ index }).forShare().first('closed_at') as { closed_at: Date | null } | undefined;
    const journal = await trx('journals').where({ code: journalCode }).forUpdate().first('default_case_file_index') as { default_case_file_index: string | null } | undefined;
    if (!journal) return undefined;
    if (!caseFile) return { ok: false, reason: 'unknown-case-file' } as const;
    if (caseFile.closed_at !== null) return { ok: false, reason: 'closed' } as const;
    const [row] = await trx('journals').where({ code: journalCode }).update({ default_case_file_index: index })
      .returning(['code', 'name_uk', 'name_en', 'default_case_file_index']) as JournalRow[];
    if (journal.default_case_file_index !== index) {
      await appendAudit(trx, {
        actor, action: 'nomenclature.journal.default-case-file-set', entityType: 'journal', entityId: journalCode,
        details: { previous: journal.default_case_file_index, caseFile: index },
      });
    }
    return { ok: true, journal: toJournal(row!) } as const;
  });
}
