// Documents and their registration cards. Personal data lives here (correspondent, summary):
// read it only for a staff member whose work needs it, and audit the read (Law 2297-VI). SQL only:
// an optional transaction in, rows out; the use cases, their audit and their order of locks are
// lib/correspondence/service.ts's.
import type { Queryable } from '../db.ts';

export interface StoredFileRef {
  sha256: string;
  type: string;
  size: number;
}

export interface NewIncomingDocument {
  correspondent: string;
  theirNumber?: string;
  theirDate?: string;
  summary: string;
  file: StoredFileRef & { name?: string };
  /** Null when no person handed it in (a scanner's hot folder, workers/hot-folder.ts). */
  createdBy: number | null;
  /** A deliberate second copy of a document with the same file, and the clerk's reason. */
  duplicateOf?: { documentId: string; reason: string };
}

export interface DocumentCard {
  id: string;
  kind: string;
  status: string;
  registrationIndex: string | null;
  receivedAt: string;
  correspondent: string;
  theirNumber: string | null;
  theirDate: string | null;
  summary: string;
  file: StoredFileRef;
  createdBy: number | null;
  /** Set when the clerk registered this scan on purpose as a second copy of that document. */
  duplicateOf: { documentId: string; reason: string } | null;
}

export async function insertIncomingDocument(q: Queryable, doc: NewIncomingDocument): Promise<{ id: string; status: string; receivedAt: string }> {
  const [row] = await q('documents')
    .insert({
      kind: 'incoming',
      status: 'received',
      correspondent: doc.correspondent,
      their_number: doc.theirNumber ?? null,
      their_date: doc.theirDate ?? null,
      summary: doc.summary,
      file_sha256: doc.file.sha256,
      file_name: doc.file.name ?? null,
      file_type: doc.file.type,
      file_size: doc.file.size,
      created_by: doc.createdBy,
      duplicate_of: doc.duplicateOf?.documentId ?? null,
      duplicate_reason: doc.duplicateOf?.reason ?? null,
    })
    .returning(['id', 'status', 'received_at']);
  return { id: row.id, status: row.status, receivedAt: (row.received_at as Date).toISOString() };
}

export async function findDocumentCard(q: Queryable, id: string): Promise<DocumentCard | undefined> {
  // their_date goes out as text: node-pg would turn a DATE into a local-midnight Date and shift it.
  const { rows } = await q.raw(`
    SELECT d.id, d.kind, d.status, d.received_at, d.correspondent, d.their_number,
           to_char(d.their_date, 'YYYY-MM-DD') AS their_date, d.summary,
           d.file_sha256, d.file_type, d.file_size, d.created_by, d.duplicate_of, d.duplicate_reason,
           (SELECT r.registration_index FROM registrations r WHERE r.document_id = d.id
             ORDER BY r.registered_at DESC, r.id DESC LIMIT 1) AS registration_index
      FROM documents d
     WHERE d.id = ?`, [id]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    registrationIndex: row.registration_index ?? null,
    receivedAt: (row.received_at as Date).toISOString(),
    correspondent: row.correspondent,
    theirNumber: row.their_number,
    theirDate: row.their_date,
    summary: row.summary,
    file: { sha256: row.file_sha256, type: row.file_type, size: Number(row.file_size) },
    createdBy: row.created_by,
    duplicateOf: row.duplicate_of ? { documentId: row.duplicate_of, reason: row.duplicate_reason } : null,
  };
}

/** The earliest document stored with these exact bytes, with its registration index if it has one. */
export async function findDocumentByFileSha256(q: Queryable, sha256: string): Promise<{ id: string; status: string; registrationIndex: string | null } | undefined> {
  const { rows } = await q.raw(`
    SELECT d.id, d.status,
           (SELECT r.registration_index FROM registrations r WHERE r.document_id = d.id
             ORDER BY r.registered_at DESC, r.id DESC LIMIT 1) AS registration_index
      FROM documents d
     WHERE d.file_sha256 = ?
     ORDER BY d.received_at, d.id
     LIMIT 1`, [sha256]);
  const row = rows[0];
  return row ? { id: row.id, status: row.status, registrationIndex: row.registration_index ?? null } : undefined;
}

/** The document a refused duplicate repeats: what the clerk needs to find the original or name it. */
export interface SameFileDocument {
  id: string;
  status: string;
  registrationIndex: string | null;
}

/**
 * The document already stored with the same bytes, if any, looked up under a transaction-scoped
 * lock on the hash: two identical scans arriving together are told apart instead of both passing
 * (the second waits for the first's commit and then finds it). Every intake (the API upload, the
 * hot folder) takes it before inserting a document.
 */
export async function lockAndFindSameFile(tx: Queryable, sha256: string): Promise<SameFileDocument | undefined> {
  await tx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`document-file:${sha256}`]);
  return findDocumentByFileSha256(tx, sha256);
}

/** The document a hot-folder claim already received (its audit entry names the claim), if any. */
export async function findDocumentReceivedByClaim(q: Queryable, claimId: string): Promise<string | undefined> {
  const row = await q('audit_log')
    .where({ action: 'document.receive', entity_type: 'document' })
    .whereRaw(`details->>'claim' = ?`, [claimId])
    .first('entity_id');
  return row?.entity_id ?? undefined;
}

/** The document's row under a row lock (FOR UPDATE), with its receipt time; undefined when there is none. */
export async function lockDocument(q: Queryable, id: string): Promise<{ id: string; receivedAt: Date } | undefined> {
  const row = await q('documents').where({ id }).forUpdate().first('id', 'received_at') as { id: string; received_at: Date } | undefined;
  return row ? { id: row.id, receivedAt: row.received_at } : undefined;
}

export async function setDocumentStatus(q: Queryable, id: string, status: 'registered' | 'filed', at: Date): Promise<void> {
  await q('documents').where({ id }).update({ status, updated_at: at });
}

/** What a reply letter cites of the incoming document: its sender, and the sender's number and date (DD.MM.YYYY). */
export async function findLetterReference(q: Queryable, id: string): Promise<{ correspondent: string; theirNumber: string | null; theirDate: string | null } | undefined> {
  const row = await q('documents').where({ id })
    .first('correspondent', 'their_number', q.raw(`to_char(their_date, 'DD.MM.YYYY') AS their_date`));
  return row ? { correspondent: row.correspondent, theirNumber: row.their_number ?? null, theirDate: row.their_date ?? null } : undefined;
}

export interface NewOutgoingDocument {
  /** Chosen before the letter is typeset: the letter's verification link carries it. */
  id: string;
  addressee: string;
  summary: string;
  file: StoredFileRef;
  createdBy: number;
  /** The moment of its registration, which is also when it came to exist. */
  at: Date;
}

/** An outgoing letter, born registered (its index is typeset into it). */
export async function insertOutgoingDocument(q: Queryable, doc: NewOutgoingDocument): Promise<void> {
  await q('documents').insert({
    id: doc.id,
    kind: 'outgoing',
    status: 'registered',
    correspondent: doc.addressee,
    summary: doc.summary,
    file_sha256: doc.file.sha256,
    file_name: null,
    file_type: doc.file.type,
    file_size: doc.file.size,
    created_by: doc.createdBy,
    received_at: doc.at,
    updated_at: doc.at,
  });
}

/** Whether this document exists and was stored with exactly these bytes. */
export async function hasDocumentWithFile(q: Queryable, id: string, sha256: string): Promise<boolean> {
  return (await q('documents').where({ id, file_sha256: sha256 }).first('id')) !== undefined;
}

/** Departments by the Camunda candidate group they work on. */
export async function departmentsByCandidateGroup(q: Queryable, groups: string[]): Promise<Map<string, { code: string; name: string }>> {
  if (groups.length === 0) return new Map();
  const rows = await q('departments').whereIn('candidate_group', groups).select('code', 'name_uk', 'candidate_group');
  return new Map(rows.map((r) => [r.candidate_group as string, { code: r.code as string, name: r.name_uk as string }]));
}
