// Documents and their registration cards. Personal data lives here (correspondent, summary):
// read it only for a staff member whose work needs it, and audit the read (Law 2297-VI).
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
