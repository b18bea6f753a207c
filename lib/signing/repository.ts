// Signatures of documents (Law 2155-VIII) and the registration card as the database holds it now,
// which every signature of a card is checked against.
import type { Queryable } from '../db.ts';
import type { RegistrationCard } from './card-xml.ts';

export type SignerKind = 'user' | 'system';

export type Signer = { kind: 'user'; userId: number } | { kind: 'system'; name: string };

export interface StoredSignature {
  id: number;
  documentId: string;
  purpose: string;
  signerKind: SignerKind;
  signerUserId: number | null;
  signerSystem: string | null;
  certificateSerial: string;
  /** The certificate's common name: the signer's name as it was signed. */
  certificateCommonName: string;
  signedXml: string;
  signedAt: Date;
}

export interface NewSignature {
  documentId: string;
  purpose: string;
  signer: Signer;
  certificateSerial: string;
  signedXml: string;
  signedAt: Date;
}

/** `user:<id>` or `system:<name>`: the identity one signature per (document, purpose) is kept for. */
export function signerKey(signer: Signer): string {
  return signer.kind === 'user' ? `user:${signer.userId}` : `system:${signer.name}`;
}

interface Row {
  id: string | number;
  document_id: string;
  purpose: string;
  signer_kind: SignerKind;
  signer_user_id: number | null;
  signer_system: string | null;
  certificate_serial: string;
  common_name: string;
  signed_xml: string;
  signed_at: Date;
}

function toSignature(row: Row): StoredSignature {
  return {
    id: Number(row.id),
    documentId: row.document_id,
    purpose: row.purpose,
    signerKind: row.signer_kind,
    signerUserId: row.signer_user_id,
    signerSystem: row.signer_system,
    certificateSerial: row.certificate_serial,
    certificateCommonName: row.common_name,
    signedXml: row.signed_xml,
    signedAt: row.signed_at,
  };
}

function selectSignatures(q: Queryable) {
  return q('signatures as s')
    .join('signing_certificates as c', 'c.serial', 's.certificate_serial')
    .select('s.id', 's.document_id', 's.purpose', 's.signer_kind', 's.signer_user_id', 's.signer_system',
      's.certificate_serial', 'c.common_name', 's.signed_xml', 's.signed_at');
}

export async function findSignature(q: Queryable, documentId: string, purpose: string, signer: Signer): Promise<StoredSignature | undefined> {
  const row = (await selectSignatures(q)
    .where({ 's.document_id': documentId, 's.purpose': purpose, 's.signer': signerKey(signer) })
    .first()) as Row | undefined;
  return row ? toSignature(row) : undefined;
}

export async function listSignatures(q: Queryable, documentId: string): Promise<StoredSignature[]> {
  const rows = (await selectSignatures(q).where({ 's.document_id': documentId }).orderBy([{ column: 's.signed_at' }, { column: 's.id' }])) as Row[];
  return rows.map(toSignature);
}

/**
 * Stores the signature unless this signer already signed the document for this purpose; either
 * way returns the stored one, so two attempts racing each other end with one row and one answer.
 */
export async function insertSignatureOnce(q: Queryable, signature: NewSignature): Promise<{ signature: StoredSignature; created: boolean }> {
  const inserted = await q('signatures')
    .insert({
      document_id: signature.documentId,
      purpose: signature.purpose,
      signer_kind: signature.signer.kind,
      signer_user_id: signature.signer.kind === 'user' ? signature.signer.userId : null,
      signer_system: signature.signer.kind === 'system' ? signature.signer.name : null,
      signer: signerKey(signature.signer),
      certificate_serial: signature.certificateSerial,
      signed_xml: signature.signedXml,
      signed_at: signature.signedAt,
    })
    .onConflict(['document_id', 'purpose', 'signer']).ignore()
    .returning('id');
  const stored = await findSignature(q, signature.documentId, signature.purpose, signature.signer);
  if (!stored) throw new Error(`signature of document ${signature.documentId} vanished after insert`);
  return { signature: stored, created: inserted.length > 0 };
}

/**
 * The registration card (РМК) of the document in the journal, as it is now; undefined when the
 * document does not exist or is not registered there.
 */
export async function findRegistrationCard(q: Queryable, documentId: string, journalCode: string): Promise<RegistrationCard | undefined> {
  // their_date as text: node-pg would turn a DATE into a local-midnight Date and shift it.
  const { rows } = await q.raw(`
    SELECT d.id, d.kind, d.correspondent, d.their_number, to_char(d.their_date, 'YYYY-MM-DD') AS their_date,
           d.summary, d.file_sha256, r.registration_index, r.journal_code, r.registered_at, r.case_file_index
      FROM documents d
      JOIN registrations r ON r.document_id = d.id AND r.journal_code = ?
     WHERE d.id = ?`, [journalCode, documentId]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    documentId: row.id,
    kind: row.kind,
    correspondent: row.correspondent,
    theirNumber: row.their_number,
    theirDate: row.their_date,
    summary: row.summary,
    registrationIndex: row.registration_index,
    journalCode: row.journal_code,
    registeredAt: (row.registered_at as Date).toISOString(),
    caseFileIndex: row.case_file_index,
    scanSha256: row.file_sha256,
  };
}

export async function documentExists(q: Queryable, documentId: string): Promise<boolean> {
  return (await q('documents').where({ id: documentId }).first('id')) !== undefined;
}
