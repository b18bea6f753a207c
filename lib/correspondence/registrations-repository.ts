// Registration of documents in journals (CMU resolution 55 of 17.01.2018; KMDA instruction 1747/2018):
// every document is registered once per journal, and numbers within a journal and year run
// 1, 2, 3... with no gaps and no duplicates.
import type { Queryable } from '../db.ts';
import { formatRegistrationIndex } from './registration-index.ts';
import { appendAudit } from '../audit.ts';

export { Journals, type JournalCode } from '../nomenclature/journals.ts';
import { Journals } from '../nomenclature/journals.ts';
import { takeJournalNumber, type IndexFormatter } from '../nomenclature/journal-repository.ts';

const documentIndex: IndexFormatter = ({ number, caseFileIndex }) => formatRegistrationIndex({ number, caseFileIndex });

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

export interface RegisterDocumentInput {
  documentId: string;
  journalCode: string;
  /** When the registration happens; its Kyiv calendar year selects the numbering. */
  at: Date;
  /**
   * The moment recorded as the registration's, from the document's receipt time: the day of receipt,
   * or the next working day after hours (CMU 55/2018; lib/correspondence/registration-date.ts). When given, its
   * Kyiv year selects the numbering instead of `at`'s.
   */
  registeredAt?: (receivedAt: Date) => Date;
}

export interface RegisterDocumentResult {
  registration: Registration;
  /** False when the document already had a registration in this journal (a retried task). */
  created: boolean;
}

export const REGISTERED_BY = 'worker:register-document';

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

export async function findRegistration(db: Queryable, documentId: string, journalCode: string): Promise<Registration | undefined> {
  const row = (await db('registrations')
    .where({ document_id: documentId, journal_code: journalCode })
    .first(COLUMNS)) as RegistrationRow | undefined;
  return row ? toRegistration(row) : undefined;
}

/**
 * Registers the document in the journal, or returns its existing registration there, so a retried
 * task gets the same number back. Undefined when the document does not exist.
 *
 * Everything happens in one transaction (a savepoint when `db` is already a transaction): the
 * journal's yearly counter is incremented with UPDATE ... RETURNING, whose row lock makes concurrent
 * registrations in the same journal wait for each other, and a rollback gives the number back, so
 * the sequence has no gaps (a database sequence would leave one on every rollback).
 */
export async function registerDocument(db: Queryable, input: RegisterDocumentInput): Promise<RegisterDocumentResult | undefined> {
  try {
    return await db.transaction((trx) => registerInTransaction(trx, input));
  } catch (error) {
    // Only reachable when someone registers without first locking the document row (see below);
    // the loser's transaction, number included, is rolled back and the winner's row stands.
    if (isUniqueViolation(error, 'registrations_document_id_journal_code_unique')) {
      const registration = await findRegistration(db, input.documentId, input.journalCode);
      if (registration) return { registration, created: false };
    }
    throw error;
  }
}

async function registerInTransaction(trx: Queryable, { documentId, journalCode, at, registeredAt: dateOf }: RegisterDocumentInput): Promise<RegisterDocumentResult | undefined> {
  // Locking the document first serialises two registrations of the SAME document (a task delivered
  // twice, or retried while the first attempt still runs): the second waits here, then sees the
  // first one's row below (READ COMMITTED takes a new snapshot per statement). Always document row,
  // then counter row: one lock order, so no deadlocks.
  const document = await trx('documents').where({ id: documentId }).forUpdate().first('id', 'received_at') as { id: string; received_at: Date } | undefined;
  if (!document) return undefined;

  const existing = await findRegistration(trx, documentId, journalCode);
  if (existing) return { registration: existing, created: false };

  const registeredAt = dateOf ? dateOf(document.received_at) : at;
  const { year, number, caseFileIndex, registrationIndex } = await takeJournalNumber(trx, { format: documentIndex, journalCode, at: registeredAt });

  const [row] = await trx('registrations')
    .insert({
      document_id: documentId,
      journal_code: journalCode,
      year,
      number,
      case_file_index: caseFileIndex,
      registration_index: registrationIndex,
      registered_at: registeredAt,
    })
    .returning(COLUMNS) as RegistrationRow[];

  await trx('documents').where({ id: documentId }).update({ status: 'registered', updated_at: at });

  // Ids and codes only: personal data never goes into the log (Law 2297-VI).
  await appendAudit(trx, {
    actor: REGISTERED_BY,
    action: 'document.registered',
    entityType: 'document',
    entityId: documentId,
    details: { journal: journalCode, year, number },
  });

  return { registration: toRegistration(row!), created: true };
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pg = error as { code?: string; constraint?: string } | null;
  return pg?.code === '23505' && pg.constraint === constraint;
}

/**
 * The reply to an incoming registration, registered in the outgoing journal (CMU 55/2018: the
 * outgoing answer refers to the incoming index), or undefined when there is none yet.
 */
export async function findReply(db: Queryable, incomingRegistrationId: number): Promise<Registration | undefined> {
  const row = (await db('registrations')
    .where({ in_reply_to: incomingRegistrationId, journal_code: Journals.outgoing })
    .first(COLUMNS)) as RegistrationRow | undefined;
  return row ? toRegistration(row) : undefined;
}

/** The outgoing replies of an incoming document, with their registration; oldest first. */
export async function listReplies(db: Queryable, documentId: string): Promise<Registration[]> {
  const rows = (await db('registrations as o')
    .join('registrations as i', 'i.id', 'o.in_reply_to')
    .where({ 'i.document_id': documentId, 'i.journal_code': Journals.incoming, 'o.journal_code': Journals.outgoing })
    .orderBy('o.registered_at')
    .select(COLUMNS.map((c) => `o.${c}`))) as RegistrationRow[];
  return rows.map(toRegistration);
}

/**
 * Registers a reply document in the outgoing journal with its reference to the incoming
 * registration: the journal's own gapless yearly number (takeJournalNumber), in the caller's
 * transaction, once per incoming registration (a unique index backs the check, so a retried task
 * gets the first reply back). `makeDocument` runs after the number is taken, so the letter can
 * carry its own index, and returns the new document's id.
 */
export async function registerReply(trx: Queryable, input: {
  incomingDocumentId: string;
  at: Date;
  makeDocument: (taken: { registrationIndex: string; registeredAt: Date; incoming: Registration }) => Promise<string>;
}): Promise<{ registration: Registration; incoming: Registration; created: boolean } | undefined> {
  // The incoming registration row first: two attempts of the same task queue here.
  const incomingRow = (await trx('registrations').where({ document_id: input.incomingDocumentId, journal_code: Journals.incoming })
    .forUpdate().first(COLUMNS)) as RegistrationRow | undefined;
  if (!incomingRow) return undefined;
  const incoming = toRegistration(incomingRow);
  const existing = await findReply(trx, incoming.id);
  if (existing) return { registration: existing, incoming, created: false };

  const taken = await takeJournalNumber(trx, { format: documentIndex, journalCode: Journals.outgoing, at: input.at });
  const documentId = await input.makeDocument({ registrationIndex: taken.registrationIndex, registeredAt: input.at, incoming });
  const [row] = await trx('registrations').insert({
    document_id: documentId,
    journal_code: Journals.outgoing,
    year: taken.year,
    number: taken.number,
    case_file_index: taken.caseFileIndex,
    registration_index: taken.registrationIndex,
    registered_at: input.at,
    in_reply_to: incoming.id,
  }).returning(COLUMNS) as RegistrationRow[];
  await appendAudit(trx, {
    actor: 'worker:register-reply',
    action: 'document.registered',
    entityType: 'document',
    entityId: documentId,
    details: { journal: Journals.outgoing, year: taken.year, number: taken.number, inReplyTo: input.incomingDocumentId },
  });
  return { registration: toRegistration(row!), incoming, created: true };
}
