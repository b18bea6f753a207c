// Receiving an incoming document, whichever way it arrives (the API upload, a scanner's hot folder):
// the document row, the outbox row that starts its process (registration, card check, OCR) and the
// audit entry, in the caller's transaction. The scan is committed to the file store before this is
// called: a crash in between leaves an unreferenced file, never a document without its scan.
import { ProcessKeys, Variables } from './manifest.ts';
import type { Queryable } from '../db.ts';
import type { StoredFile } from '../file-store.ts';
import { appendAudit } from '../audit.ts';
import { findDocumentByFileSha256, insertIncomingDocument } from './repository.ts';
import { insertProcessLink } from '../process-start/repository.ts';

export interface IncomingMetadata {
  correspondent: string;
  theirNumber?: string;
  theirDate?: string;
  summary: string;
}

export interface IncomingIntake {
  file: StoredFile;
  /** The name the file came with, kept on the card only (never in a path or a log). */
  fileName?: string;
  metadata: IncomingMetadata;
  createdBy: number | null;
  /** Audit actor: `user:<id>` or `system:<component>`. */
  actor: string;
  /** Ids and codes only (Law 2297-VI). */
  auditDetails?: Record<string, string | number | boolean | null>;
  /**
   * A deliberate second copy of the document with the same file (the caller checked it under
   * `lockAndFindSameFile`): recorded on the row, and its id in the audit entry.
   */
  duplicateOf?: { documentId: string; reason: string };
}

export async function receiveIncomingDocument(tx: Queryable, intake: IncomingIntake): Promise<{ id: string; status: string; receivedAt: string }> {
  const { file, metadata } = intake;
  const doc = await insertIncomingDocument(tx, {
    correspondent: metadata.correspondent,
    theirNumber: metadata.theirNumber,
    theirDate: metadata.theirDate,
    summary: metadata.summary,
    file: { sha256: file.sha256, type: file.type, size: file.size, name: intake.fileName },
    createdBy: intake.createdBy,
    duplicateOf: intake.duplicateOf,
  });
  await insertProcessLink(tx, {
    businessKey: doc.id,
    processKey: ProcessKeys.incomingDocument,
    variables: { [Variables.documentId]: doc.id },
  });
  await appendAudit(tx, {
    actor: intake.actor, action: 'document.receive', entityType: 'document', entityId: doc.id,
    details: {
      sha256: file.sha256, type: file.type, size: file.size,
      // The reason is the clerk's free text and stays on the row; the audit names the copy's original by id.
      ...(intake.duplicateOf ? { duplicateOf: intake.duplicateOf.documentId } : {}),
      ...intake.auditDetails,
    },
  });
  return doc;
}

/**
 * The document already stored with the same bytes, if any, looked up under a transaction-scoped
 * lock on the hash: two identical scans arriving together are told apart instead of both passing
 * (the second waits for the first's commit and then finds it). Every intake (the API upload, the
 * hot folder) takes it before inserting a document.
 */
export async function lockAndFindSameFile(tx: Queryable, sha256: string): Promise<{ id: string; status: string; registrationIndex: string | null } | undefined> {
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
