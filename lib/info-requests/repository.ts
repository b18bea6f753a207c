// The SQL of requests for public information (Law 2939-VI) that is theirs alone: the content check's
// facts, the departments' branches of the answer, what the answer letter needs. The row, its
// timeline and its attachments are the case kernel's (lib/cases/repository.ts). The request row
// holds personal data (Law 2297-VI): read it only for the check, the answer letter and staff whose
// task needs it. SQL only.
import type { Queryable } from '../db.ts';
import { departmentId } from '../cases/repository.ts';
import { kyivDate } from '../calendar/index.ts';
import type { InfoCheckOutcome, InfoCheckReason } from './index.ts';

export interface InfoRequestForCheck {
  id: string;
  requesterName: string | null;
  postalAddress: string | null;
  email: string | null;
  description: string | null;
  urgent: boolean;
  urgencyJustification: string | null;
  checkOutcome: InfoCheckOutcome | null;
  checkReasons: InfoCheckReason[] | null;
}

export async function findInfoRequestForCheck(q: Queryable, id: string): Promise<InfoRequestForCheck | undefined> {
  const r = await q('info_requests').where({ id }).first();
  if (!r) return undefined;
  return {
    id: r.id, requesterName: r.requester_name, postalAddress: r.postal_address, email: r.email, description: r.description,
    urgent: r.urgent, urgencyJustification: r.urgency_justification, checkOutcome: r.check_outcome, checkReasons: r.check_reasons,
  };
}

/** Opens a department's branch of a round of the answer (Art. 14: each holder of a part answers it), once. */
export async function openBranch(q: Queryable, input: { requestId: string; departmentId: number; round: number; at: Date }): Promise<void> {
  await q('info_request_branches').insert({ request_id: input.requestId, department_id: input.departmentId, round: input.round, assigned_at: input.at })
    .onConflict(['request_id', 'department_id', 'round']).ignore();
}

/** Records the Art. 19 p.5 check's outcome on the row (the caller holds its lock). */
export async function storeInfoCheck(q: Queryable, id: string, check: { outcome: InfoCheckOutcome; reasons: InfoCheckReason[]; at: Date }): Promise<void> {
  await q('info_requests').where({ id }).update({ check_outcome: check.outcome, check_reasons: JSON.stringify(check.reasons), updated_at: check.at });
}

/** A department's part of the draft for a round; the first stored stands (a retried task). */
export async function recordBranchDraft(db: Queryable, input: {
  requestId: string; departmentCode: string; round: number; text: string; documentIds: string[]; draftedBy: number | null; at: Date;
}): Promise<'stored' | 'already' | 'department-not-found'> {
  const department = await departmentId(db, input.departmentCode);
  if (department === null) return 'department-not-found';
  await openBranch(db, { requestId: input.requestId, departmentId: department, round: input.round, at: input.at });
  const updated = await db('info_request_branches')
    .where({ request_id: input.requestId, department_id: department, round: input.round, status: 'assigned' })
    .update({ status: 'drafted', draft_text: input.text, document_ids: input.documentIds, drafted_by: input.draftedBy, drafted_at: input.at });
  return updated > 0 ? 'stored' : 'already';
}

/** The drafted parts of a round, in the order the departments were assigned. */
export async function listBranchDrafts(q: Queryable, requestId: string, round: number): Promise<Array<{
  departmentCode: string; departmentName: string; text: string; documentIds: string[];
  /** The staff member who drafted the part (the server set it from the session), if known. */
  draftedBy: number | null;
}>> {
  const rows = await q('info_request_branches as b').join('departments as d', 'd.id', 'b.department_id')
    .where({ 'b.request_id': requestId, 'b.round': round, 'b.status': 'drafted' }).orderBy('b.id')
    .select('d.code', 'd.name_uk', 'b.draft_text', 'b.document_ids', 'b.drafted_by');
  return rows.map((r) => ({
    departmentCode: r.code, departmentName: r.name_uk, text: r.draft_text, documentIds: r.document_ids ?? [], draftedBy: r.drafted_by ?? null,
  }));
}

/** What the answer letter needs: registration, the addressee (personal data: for the letter only), the subject. */
export async function findInfoRequestForAnswer(q: Queryable, id: string): Promise<{
  registrationIndex: string | null; registeredOn: string | null; receivedOn: string; requesterName: string | null; recipientAddress: string | null; subject: string;
} | undefined> {
  const r = await q('info_requests').where({ id }).first();
  if (!r) return undefined;
  return {
    registrationIndex: r.registration_index,
    registeredOn: r.registered_at ? kyivDate(r.registered_at) : null,
    receivedOn: kyivDate(r.received_at),
    requesterName: r.requester_name,
    recipientAddress: r.postal_address ?? r.email,
    subject: `Відповідь на запит на публічну інформацію № ${r.registration_index ?? ''}`.trim(),
  };
}

/** The departments' branches of every round, in the order assigned (shown to the requester). */
export async function listBranches(q: Queryable, requestId: string): Promise<Array<{ department: { code: string; name: string }; round: number; status: 'assigned' | 'drafted' }>> {
  const rows = await q('info_request_branches as b').join('departments as d', 'd.id', 'b.department_id')
    .where('b.request_id', requestId).orderBy('b.id').select('b.round', 'b.status', 'd.code', 'd.name_uk');
  return rows.map((b) => ({ department: { code: b.code, name: b.name_uk }, round: b.round, status: b.status }));
}

/**
 * The requester's own signed letter, by the hash of their tracking code, once the answer is sent
 * (status `answered`): the code's holder is the requester, and the letter is addressed to them.
 */
export async function findAnsweredLetter(q: Queryable, trackingCodeHash: string): Promise<{ pdfSha256: string; answerIndex: string } | undefined> {
  const row = await q('info_requests as r')
    .join('info_answer_pdfs as p', 'p.verify_id', 'r.answer_verify_id')
    .where({ 'r.tracking_code_hash': trackingCodeHash, 'r.status': 'answered', 'p.variant': 'recipient' })
    .first('p.pdf_sha256', 'r.answer_index');
  return row ? { pdfSha256: row.pdf_sha256 as string, answerIndex: row.answer_index as string } : undefined;
}

/** The verification id of the request's signed answer, once signed (the register's link). */
export async function findAnswerVerifyId(q: Queryable, requestId: string): Promise<string | undefined> {
  const row = await q('info_requests').where({ id: requestId }).first('answer_verify_id');
  return (row?.answer_verify_id as string | null | undefined) ?? undefined;
}

/** The answer's own outgoing registration on the request row, locked (the caller holds the transaction). */
export async function lockAnswerRegistration(q: Queryable, requestId: string): Promise<{ answerIndex: string | null; answerRegisteredOn: Date | null } | undefined> {
  const row = await q('info_requests').where({ id: requestId }).forUpdate().first('answer_index', 'answer_registered_on');
  return row ? { answerIndex: row.answer_index ?? null, answerRegisteredOn: row.answer_registered_on ?? null } : undefined;
}

/** Links the request to its answer and, on the first time, stores the answer's outgoing index and date. */
export async function storeAnswerRegistration(q: Queryable, requestId: string, input: { answerId: string; answerIndex?: string; answerRegisteredOn?: string }): Promise<void> {
  await q('info_requests').where({ id: requestId }).update({
    answer_id: input.answerId,
    ...(input.answerIndex !== undefined ? { answer_index: input.answerIndex, answer_registered_on: input.answerRegisteredOn } : {}),
  });
}

/** The verification id of the request's signed letter (the tracking page and the register link to it). */
export async function storeAnswerVerifyId(q: Queryable, requestId: string, verifyId: string): Promise<void> {
  await q('info_requests').where({ id: requestId }).update({ answer_verify_id: verifyId });
}
