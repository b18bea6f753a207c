// Changes to the nomenclature of case files (номенклатура справ, CMU resolution 55 of 17.01.2018,
// KMDA instruction 1747/2018) and to the journals' default case files, by an administrator. A
// registration index joins the journal's number to the case file's index (`865/03-8`), so an index
// that registrations use is never deleted or renamed: the case file is closed instead, and only its
// title changes. Each change is one transaction with its audit row (ids, codes and titles; no
// personal data); the SQL is lib/nomenclature/repository.ts.
import type { Db } from '../db.ts';
import { appendAudit } from '../audit.ts';
import { isCaseFileIndex } from '../correspondence/registration-index.ts';
import {
  deleteCaseFileRow, findCaseFile, findDepartmentId, insertCaseFile, lockCaseFile, lockJournal, lockJournalsDefaultingTo,
  markCaseFileClosed, setJournalDefault, updateCaseFileColumns, type CaseFile, type Journal,
} from './repository.ts';

// Reading needs no use case: staff read the nomenclature as it is.
export { findCaseFile, listCaseFiles, listJournals, type CaseFile, type CaseFileFilter, type Journal } from './repository.ts';

export interface NewCaseFile {
  index: string;
  title: string;
  departmentCode: string;
  year: number | null;
}

export type AddCaseFileResult =
  | { ok: true; caseFile: CaseFile }
  | { ok: false; reason: 'index-not-of-department' | 'unknown-department' | 'exists' };

/**
 * The index of a case file begins with its department's index and a hyphen (`03-8`), or a dot for a
 * sub-unit (`03.1-8`): CMU 55/2018 numbers the files within each department.
 */
export function isIndexOfDepartment(index: string, departmentCode: string): boolean {
  return isCaseFileIndex(index) && (index.startsWith(`${departmentCode}-`) || index.startsWith(`${departmentCode}.`));
}

export async function addCaseFile(db: Db, input: NewCaseFile, actor: string): Promise<AddCaseFileResult> {
  if (!isIndexOfDepartment(input.index, input.departmentCode)) return { ok: false, reason: 'index-not-of-department' };
  return db.transaction(async (trx) => {
    const departmentId = await findDepartmentId(trx, input.departmentCode);
    if (departmentId === undefined) return { ok: false, reason: 'unknown-department' } as const;
    if (!(await insertCaseFile(trx, { index: input.index, title: input.title, departmentId, year: input.year }))) return { ok: false, reason: 'exists' } as const;
    await appendAudit(trx, {
      actor, action: 'nomenclature.case-file.added', entityType: 'case_file', entityId: input.index,
      details: { department: input.departmentCode, year: input.year, title: input.title },
    });
    return { ok: true, caseFile: (await findCaseFile(trx, input.index))! } as const;
  });
}

/** Changes the title and/or year; the index stays. Undefined when there is no such case file. */
export async function updateCaseFile(db: Db, index: string, change: { title?: string; year?: number | null }, actor: string): Promise<CaseFile | undefined> {
  return db.transaction(async (trx) => {
    const before = await lockCaseFile(trx, index);
    if (!before) return undefined;
    await updateCaseFileColumns(trx, index, change);
    const details: Record<string, string | number | null> = {};
    if (change.title !== undefined && change.title !== before.title) { details.previousTitle = before.title; details.title = change.title; }
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
export async function closeCaseFile(db: Db, index: string, actor: string): Promise<CloseCaseFileResult | undefined> {
  return db.transaction(async (trx) => {
    const row = await lockCaseFile(trx, index);
    if (!row) return undefined;
    if (row.closedAt !== null) return { ok: true, caseFile: (await findCaseFile(trx, index))!, changed: false } as const;
    // The journal row lock keeps a concurrent "set default" from pointing at the file being closed.
    const journals = await lockJournalsDefaultingTo(trx, index);
    if (journals.length > 0) return { ok: false, reason: 'journal-default', journals } as const;
    await markCaseFileClosed(trx, index);
    await appendAudit(trx, { actor, action: 'nomenclature.case-file.closed', entityType: 'case_file', entityId: index });
    return { ok: true, caseFile: (await findCaseFile(trx, index))!, changed: true } as const;
  });
}

export type DeleteCaseFileResult =
  | { ok: true }
  | { ok: false; reason: 'in-use'; registrations: number }
  | { ok: false; reason: 'journal-default'; journals: string[] };

/** Deletes a case file nothing refers to; undefined when there is none. */
export async function deleteCaseFile(db: Db, index: string, actor: string): Promise<DeleteCaseFileResult | undefined> {
  return db.transaction(async (trx) => {
    if (!(await lockCaseFile(trx, index))) return undefined;
    const current = (await findCaseFile(trx, index))!;
    if (current.registrationCount > 0) return { ok: false, reason: 'in-use', registrations: current.registrationCount } as const;
    if (current.defaultOfJournals.length > 0) return { ok: false, reason: 'journal-default', journals: current.defaultOfJournals } as const;
    try {
      // A savepoint: a reference from a table added later (a filing, a resolution) fails the delete
      // with a foreign-key violation, which must not abort the outer transaction.
      await trx.transaction(async (sp) => { await deleteCaseFileRow(sp, index); });
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

export type SetDefaultResult =
  | { ok: true; journal: Journal }
  | { ok: false; reason: 'unknown-case-file' | 'closed' };

/** Files the journal's next registrations into `index`; undefined when there is no such journal. */
export async function setJournalDefaultCaseFile(db: Db, journalCode: string, index: string, actor: string): Promise<SetDefaultResult | undefined> {
  return db.transaction(async (trx) => {
    // Case file first, then journal: the order closeCaseFile locks them in, so the two wait for each
    // other instead of deadlocking, and a file being closed never becomes a default.
    const caseFile = await lockCaseFile(trx, index, 'share');
    const journal = await lockJournal(trx, journalCode);
    if (!journal) return undefined;
    if (!caseFile) return { ok: false, reason: 'unknown-case-file' } as const;
    if (caseFile.closedAt !== null) return { ok: false, reason: 'closed' } as const;
    const updated = await setJournalDefault(trx, journalCode, index);
    if (journal.defaultCaseFileIndex !== index) {
      await appendAudit(trx, {
        actor, action: 'nomenclature.journal.default-case-file-set', entityType: 'journal', entityId: journalCode,
        details: { previous: journal.defaultCaseFileIndex, caseFile: index },
      });
    }
    return { ok: true, journal: updated } as const;
  });
}
