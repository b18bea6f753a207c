// Resolutions of heads on incoming documents and the control of their execution (CMU 55/2018,
// KMDA instruction 1747/2018): put on control with the resolution, reminded before the term,
// marked overdue, removed from control when the work is accepted, then filed into the case file.
// SQL only: an optional transaction in, rows out; the use cases and their audit are
// lib/correspondence/service.ts's.
import type { Queryable } from '../db.ts';
import type { ExecutorRole } from './resolution.ts';

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

/** Inserts the resolution, on control, once per case; the existing one for a retried task. */
export async function insertResolutionOnce(q: Queryable, r: NewResolution): Promise<{ resolution: Resolution; created: boolean }> {
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
  if (inserted.length > 0) return { resolution: toResolution(inserted[0] as Record<string, unknown>), created: true };
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
export async function setControlMark(q: Queryable, processInstanceId: string, mark: 'reminder' | 'overdue', at: Date): Promise<boolean> {
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

/** Inserts the document's filing into a case file once; a repeat returns the first filing. */
export async function insertFilingOnce(q: Queryable, f: Filing): Promise<{ filing: Filing; created: boolean }> {
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

/** The author of a resolution as the route names them: username and department (deactivated ones too: they resolved it). */
export async function findResolutionAuthor(q: Queryable, userId: number): Promise<{ username: string; departmentCode: string | null } | undefined> {
  const row = await q('staff_users as u').leftJoin('departments as d', 'd.id', 'u.department_id')
    .where('u.id', userId).first('u.username', 'd.code');
  return row ? { username: row.username as string, departmentCode: (row.code as string | null) ?? null } : undefined;
}

/** An executor the resolution names: its department's code and the candidate group that department works in. */
export interface ExecutorPlace {
  departmentCode: string;
  candidateGroup: string | null;
}

export async function findDepartmentExecutor(q: Queryable, code: string): Promise<ExecutorPlace | undefined> {
  const row = await q('departments').where({ code }).first('code', 'candidate_group');
  return row ? { departmentCode: row.code as string, candidateGroup: (row.candidate_group as string | null) ?? null } : undefined;
}

/** A person named as an executor: active, with a department; undefined otherwise. */
export async function findPersonExecutor(q: Queryable, username: string): Promise<ExecutorPlace | undefined> {
  const row = await q('staff_users as u').join('departments as d', 'd.id', 'u.department_id')
    .where({ 'u.username': username, 'u.active': true }).first('d.code', 'd.candidate_group');
  return row ? { departmentCode: row.code as string, candidateGroup: (row.candidate_group as string | null) ?? null } : undefined;
}
