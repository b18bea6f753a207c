// Registrations of documents in journals (CMU resolution 55 of 17.01.2018; KMDA instruction
// 1747/2018): the journals' rows and the replies' references to the incoming registrations. SQL
// only: an optional transaction in, rows out. Registering (one number per document and journal, no
// gaps, no duplicates, the order of the locks, the audit) is the use case's,
// lib/correspondence/service.ts registerDocument and registerReply, with the journal's counter in
// lib/nomenclature/journal-repository.ts.
import type { Queryable } from '../db.ts';
import { Journals } from '../nomenclature/journals.ts';

export interface Registration {
  id: number;
  documentId: string;
  journalCode: string;
  year: number;
  number: number;
  caseFileIndex: string;
  registrationIndex: string;
  registeredAt: Date;
}

interface RegistrationRow {
  id: number;
  document_id: string;
  journal_code: string;
  year: number;
  number: number;
  case_file_index: string;
  registration_index: string;
  registered_at: Date;
}

const COLUMNS = ['id', 'document_id', 'journal_code', 'year', 'number', 'case_file_index', 'registration_index', 'registered_at'];

/** The unique index behind "registered once per journal" (migrations). */
export const ONE_REGISTRATION_PER_JOURNAL = 'registrations_document_id_journal_code_unique';

function toRegistration(row: RegistrationRow): Registration {
  return {
    id: row.id,
    documentId: row.document_id,
    journalCode: row.journal_code,
    year: row.year,
    number: row.number,
    caseFileIndex: row.case_file_index,
    registrationIndex: row.registration_index,
    registeredAt: row.registered_at,
  };
}

export async function findRegistration(q: Queryable, documentId: string, journalCode: string): Promise<Registration | undefined> {
  const row = (await q('registrations')
    .where({ document_id: documentId, journal_code: journalCode })
    .first(COLUMNS)) as RegistrationRow | undefined;
  return row ? toRegistration(row) : undefined;
}

/** The registration under a row lock (FOR UPDATE); undefined when the document has none in this journal. */
export async function lockRegistration(q: Queryable, documentId: string, journalCode: string): Promise<Registration | undefined> {
  const row = (await q('registrations')
    .where({ document_id: documentId, journal_code: journalCode })
    .forUpdate()
    .first(COLUMNS)) as RegistrationRow | undefined;
  return row ? toRegistration(row) : undefined;
}

export interface NewRegistration {
  documentId: string;
  journalCode: string;
  year: number;
  number: number;
  caseFileIndex: string;
  registrationIndex: string;
  registeredAt: Date;
  /** The incoming registration an outgoing reply answers. */
  inReplyTo?: number;
}

export async function insertRegistration(q: Queryable, r: NewRegistration): Promise<Registration> {
  const [row] = await q('registrations')
    .insert({
      document_id: r.documentId,
      journal_code: r.journalCode,
      year: r.year,
      number: r.number,
      case_file_index: r.caseFileIndex,
      registration_index: r.registrationIndex,
      registered_at: r.registeredAt,
      ...(r.inReplyTo !== undefined ? { in_reply_to: r.inReplyTo } : {}),
    })
    .returning(COLUMNS) as RegistrationRow[];
  return toRegistration(row!);
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pg = error as { code?: string; constraint?: string } | null;
  return pg?.code === '23505' && pg.constraint === constraint;
}

/**
 * The reply to an incoming registration, registered in the outgoing journal (CMU 55/2018: the
 * outgoing answer refers to the incoming index), or undefined when there is none yet.
 */
export async function findReply(q: Queryable, incomingRegistrationId: number): Promise<Registration | undefined> {
  const row = (await q('registrations')
    .where({ in_reply_to: incomingRegistrationId, journal_code: Journals.outgoing })
    .first(COLUMNS)) as RegistrationRow | undefined;
  return row ? toRegistration(row) : undefined;
}

/** The outgoing replies of an incoming document, with their registration; oldest first. */
export async function listReplies(q: Queryable, documentId: string): Promise<Registration[]> {
  const rows = (await q('registrations as o')
    .join('registrations as i', 'i.id', 'o.in_reply_to')
    .where({ 'i.document_id': documentId, 'i.journal_code': Journals.incoming, 'o.journal_code': Journals.outgoing })
    .orderBy('o.registered_at')
    .select(COLUMNS.map((c) => `o.${c}`))) as RegistrationRow[];
  return rows.map(toRegistration);
}

/** The case file of the nomenclature a registration was made under, and the department keeping it. */
export async function findRegistrationCaseFile(q: Queryable, documentId: string, journalCode: string): Promise<{ caseFileIndex: string; departmentCode: string | null } | undefined> {
  const row = await q('registrations as r').join('case_files as c', 'c.index', 'r.case_file_index')
    .leftJoin('departments as d', 'd.id', 'c.department_id')
    .where({ 'r.document_id': documentId, 'r.journal_code': journalCode }).first('r.case_file_index', 'd.code');
  return row ? { caseFileIndex: row.case_file_index as string, departmentCode: (row.code as string | null) ?? null } : undefined;
}

/** The department keeping a case file of the nomenclature, by its index. */
export async function departmentOfCaseFile(q: Queryable, caseFileIndex: string): Promise<string | null> {
  const row = await q('case_files as c').leftJoin('departments as d', 'd.id', 'c.department_id')
    .where('c.index', caseFileIndex).first('d.code');
  return (row?.code as string | null | undefined) ?? null;
}
