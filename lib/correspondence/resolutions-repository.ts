// Resolutions of heads on incoming documents and the control of their execution (CMU 55/2018,
// KMDA instruction 1747/2018): put on control with the resolution, reminded before the term,
// marked overdue, removed from control when the work is accepted, then filed into the case file.
import type { Queryable } from '../db.ts';
import type { ExecutorRole } from './resolution.ts';
import { appendAudit } from '../audit.ts';

export interface NewResolution {
  documentId: string;
  processInstanceId: string;
  authorId: number;
  text: string;
  executors: Record<string, ExecutorRole>;
  responsibleExecutor: string;
  term: string;
  controlDate: string;
  replyNeeded: boolean;
  at: Date;
}

export interface Resolution extends NewResolution {
  id: number;
  controlState: 'on-control' | 'removed';
  remindedAt: Date | null;
  overdueAt: Date | null;
  reworkCount: number;
  removedFromControlAt: Date | null;
  /** The controller who accepted the execution, when, and the consolidated summary accepted. */
  acceptedBy: number | null;
  acceptedAt: Date | null;
  executionSummary: string | null;
}

const COLUMNS = `id, document_id, process_instance_id, author_id, text, executors, responsible_executor,
  term::text AS term, control_date::text AS control_date, reply_needed, created_at, control_state,
  reminded_at, overdue_at, rework_count, removed_from_control_at, accepted_by, accepted_at, execution_summary`;

function toResolution(r: Record<string, unknown>): Resolution {
  return {
    id: r.id as number,
    documentId: r.document_id as string,
    processInstanceId: r.process_instance_id as string,
    authorId: r.author_id as number,
    text: r.text as string,
    executors: r.executors as Record<string, ExecutorRole>,
    responsibleExecutor: r.responsible_executor as string,
    term: r.term as string,
    controlDate: r.control_date as string,
    replyNeeded: r.reply_needed as boolean,
    at: r.created_at as Date,
    controlState: r.control_state as Resolution['controlState'],
    remindedAt: (r.reminded_at as Date | null) ?? null,
    overdueAt: (r.overdue_at as Date | null) ?? null,
    reworkCount: r.rework_count as number,
    removedFromControlAt: (r.removed_from_control_at as Date | null) ?? null,
    acceptedBy: (r.accepted_by as number | null) ?? null,
    acceptedAt: (r.accepted_at as Date | null) ?? null,
    executionSummary: (r.execution_summary as string | null) ?? null,
  };
}

export async function findResolutionOfProcess(q: Queryable, processInstanceId: string): Promise<Resolution | undefined> {
  const row = await q('resolutions').where({ process_instance_id: processInstanceId }).first(q.raw(COLUMNS));
  return row ? toResolution(row) : undefined;
}

/** The document's resolutions, newest first. */
export async function listResolutions(q: Queryable, documentId: string): Promise<Resolution[]> {
  const rows = await q('resolutions').where({ document_id: documentId }).select(q.raw(COLUMNS)).orderBy('created_at', 'desc');
  return rows.map(toResolution);
}

/** Records the resolution and puts it on control, once per case; the existing one for a retried task. */
export async function recordResolution(q: Queryable, r: NewResolution): Promise<{ resolution: Resolution; created: boolean }> {
  const inserted = await q('resolutions').insert({
    document_id: r.documentId,
    process_instance_id: r.processInstanceId,
    author_id: r.authorId,
    text: r.text,
    executors: JSON.stringify(r.executors),
    responsible_executor: r.responsibleExecutor,
    term: r.term,
    control_date: r.controlDate,
    reply_needed: r.replyNeeded,
    created_at: r.at,
  }).onConflict('process_instance_id').ignore().returning(q.raw(COLUMNS) as unknown as string);
  if (inserted.length > 0) {
    await appendAudit(q, {
      actor: `user:${r.authorId}`, action: 'resolution.on-control', entityType: 'document', entityId: r.documentId,
      details: { term: r.term, controlDate: r.controlDate, executors: Object.keys(r.executors).length },
    });
    return { resolution: toResolution(inserted[0] as Record<string, unknown>), created: true };
  }
  const existing = await findResolutionOfProcess(q, r.processInstanceId);
  if (!existing) throw new Error(`resolution of ${r.processInstanceId} vanished`);
  return { resolution: existing, created: false };
}

export async function findResolution(q: Queryable, id: number): Promise<Resolution | undefined> {
  const row = await q('resolutions').where({ id }).first(q.raw(COLUMNS));
  return row ? toResolution(row) : undefined;
}

/**
 * The controller's acceptance, recorded once (a retried task keeps the first): who, when, the returns
 * before it and the consolidated summary accepted. What the controller's signature covers.
 */
export async function recordAcceptance(q: Queryable, processInstanceId: string, a: { acceptedBy: number; reworkCount: number; summary: string; at: Date }): Promise<Resolution | undefined> {
  await q('resolutions').where({ process_instance_id: processInstanceId }).whereNull('accepted_at')
    .update({ accepted_by: a.acceptedBy, accepted_at: a.at, rework_count: a.reworkCount, execution_summary: a.summary });
  return findResolutionOfProcess(q, processInstanceId);
}

/** A control mark: the first reminder or overdue instant is kept (a retried task changes nothing). */
export async function markControl(q: Queryable, processInstanceId: string, mark: 'reminder' | 'overdue', at: Date): Promise<boolean> {
  const column = mark === 'reminder' ? 'reminded_at' : 'overdue_at';
  const n = await q('resolutions').where({ process_instance_id: processInstanceId }).whereNull(column).update({ [column]: at });
  return n > 0;
}

/** Removes the resolution from control (the controller accepted the work) with the number of returns. */
export async function removeFromControl(q: Queryable, processInstanceId: string, reworkCount: number, at: Date): Promise<void> {
  await q('resolutions').where({ process_instance_id: processInstanceId, control_state: 'on-control' })
    .update({ control_state: 'removed', removed_from_control_at: at, rework_count: reworkCount });
}

export interface Filing {
  documentId: string;
  caseFileIndex: string;
  filedAt: Date;
  processInstanceId: string;
}

/** Files the document into a case file once; a repeat returns the first filing. */
export async function fileDocument(q: Queryable, f: Filing): Promise<{ filing: Filing; created: boolean }> {
  const inserted = await q('document_filings').insert({
    document_id: f.documentId, case_file_index: f.caseFileIndex, filed_at: f.filedAt, process_instance_id: f.processInstanceId,
  }).onConflict('document_id').ignore().returning('document_id');
  if (inserted.length > 0) return { filing: f, created: true };
  const row = await q('document_filings').where({ document_id: f.documentId }).first();
  return {
    filing: { documentId: row.document_id, caseFileIndex: row.case_file_index, filedAt: row.filed_at, processInstanceId: row.process_instance_id },
    created: false,
  };
}

export async function findFiling(q: Queryable, documentId: string): Promise<(Filing & { department: string | null }) | undefined> {
  const row = await q('document_filings as f').join('case_files as c', 'c.index', 'f.case_file_index')
    .leftJoin('departments as d', 'd.id', 'c.department_id')
    .where('f.document_id', documentId).first('f.*', 'd.code as department');
  return row ? { documentId: row.document_id, caseFileIndex: row.case_file_index, filedAt: row.filed_at, processInstanceId: row.process_instance_id, department: row.department ?? null } : undefined;
}
