// Requests for public information (Law 2939-VI), their registration, steps and the requester's
// timeline. The request row holds personal data (Law 2297-VI): read it only for the check, the
// answer letter and staff whose task needs it; the tracking view built here carries none of it.
import type { Queryable, Tx } from '../db.ts';
import {
  INFO_REQUESTS_JOURNAL, describeInfoStep, formatInfoRequestIndex, statusNames,
  type AnswerChannel, type CaseStatus, type InfoChannel, type InfoCheckOutcome, type InfoCheckReason, type InfoResult, type InfoStep,
  type RefusalGround,
} from './index.ts';
import { InvalidMessageError, enqueueMessage, type OutgoingMessage } from '../notifications/index.ts';
import { appendAudit } from '../audit.ts';
import { takeJournalNumber } from '../correspondence/registrations-repository.ts';
import { kyivDate, type Deadline } from '../calendar/index.ts';

export const INFO_REGISTERED_BY = 'worker:register-info-request';
export const INFO_CHECKED_BY = 'worker:check-info-request';
export const INFO_RECORDED_BY = 'worker:record-info-request-step';

/** The records office receives and registers (foundation migration codes). */
const RECORDS_DEPARTMENT = '01';

export interface NewInfoRequest {
  trackingCodeHash: string;
  channel: InfoChannel;
  requesterName?: string;
  postalAddress?: string;
  email?: string;
  phone?: string;
  answerChannel: AnswerChannel;
  description: string;
  urgent: boolean;
  urgencyJustification?: string;
  consentAt?: Date;
  createdBy?: number;
}

async function departmentId(q: Queryable, code: string): Promise<number | null> {
  const row = await q('departments').where({ code }).first('id');
  return (row?.id as number | undefined) ?? null;
}

async function addEvent(q: Queryable, requestId: string, event: { key: string; status: CaseStatus; departmentId: number | null; note?: string; at?: Date }): Promise<boolean> {
  const rows = await q('info_request_events')
    .insert({
      request_id: requestId, event_key: event.key, status: event.status, department_id: event.departmentId, note: event.note ?? null,
      ...(event.at ? { at: event.at } : {}),
    })
    .onConflict(['request_id', 'event_key']).ignore().returning('id');
  return rows.length > 0;
}

/** The e-mail announcing a step, in the step's transaction; an address the mailer refuses does not hold the case back. */
async function mailRequester(trx: Tx, email: string | null, message: Omit<OutgoingMessage, 'to'>): Promise<boolean> {
  if (!email) return false;
  try {
    return await enqueueMessage(trx, { ...message, to: email });
  } catch (err) {
    if (err instanceof InvalidMessageError) return false;
    throw err;
  }
}

export async function insertInfoRequest(q: Queryable, request: NewInfoRequest): Promise<{ id: string; receivedAt: Date }> {
  const records = await departmentId(q, RECORDS_DEPARTMENT);
  const [row] = await q('info_requests')
    .insert({
      tracking_code_hash: request.trackingCodeHash,
      channel: request.channel,
      requester_name: request.requesterName ?? null,
      postal_address: request.postalAddress ?? null,
      email: request.email ?? null,
      phone: request.phone ?? null,
      answer_channel: request.answerChannel,
      description: request.description,
      urgent: request.urgent,
      urgency_justification: request.urgencyJustification ?? null,
      consent_at: request.consentAt ?? null,
      created_by: request.createdBy ?? null,
      status: 'received',
      department_id: records,
    })
    .returning(['id', 'received_at']);
  await addEvent(q, row.id, { key: 'received', status: 'received', departmentId: records, at: row.received_at });
  return { id: row.id as string, receivedAt: row.received_at as Date };
}

/** Files sent with a request, in the order sent; written in the request's own transaction. */
export async function insertInfoRequestAttachments(q: Queryable, requestId: string, attachments: ReadonlyArray<{ sha256: string; type: string; size: number; displayName: string | null }>): Promise<void> {
  if (attachments.length === 0) return;
  await q('info_request_attachments').insert(attachments.map((a, position) => ({
    request_id: requestId, position, sha256: a.sha256, type: a.type, size: a.size, display_name: a.displayName,
  })));
}

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

/** Records the Art. 19 p.5 check once: a retried task gets the first outcome back. */
export async function recordInfoCheck(db: Queryable, input: { requestId: string; outcome: InfoCheckOutcome; reasons: InfoCheckReason[]; at: Date }): Promise<{ outcome: InfoCheckOutcome; created: boolean } | undefined> {
  return db.transaction(async (trx) => {
    const row = await trx('info_requests').where({ id: input.requestId }).forUpdate().first('check_outcome');
    if (!row) return undefined;
    if (row.check_outcome) return { outcome: row.check_outcome as InfoCheckOutcome, created: false };
    await trx('info_requests').where({ id: input.requestId }).update({
      check_outcome: input.outcome, check_reasons: JSON.stringify(input.reasons), updated_at: input.at,
    });
    await appendAudit(trx, {
      actor: INFO_CHECKED_BY, action: 'info-request.checked', entityType: 'info-request', entityId: input.requestId,
      details: { outcome: input.outcome, reasons: input.reasons.map((r) => r.code).join(',') },
    });
    return { outcome: input.outcome, created: true };
  });
}

export interface InfoRegistration {
  registrationIndex: string;
  registrationNumber: number;
  journalCode: string;
  year: number;
  created: boolean;
}

/**
 * Registers the request in its own journal (gapless number within the year, `ЗІ-<n>`), or returns
 * its registration, so a retried task gets the same index; stores the legal term and queues the
 * e-mail with the number and the term. Undefined when the request does not exist.
 */
export async function registerInfoRequest(db: Queryable, input: {
  requestId: string; at: Date; dueDate?: string;
  /** The term as lib/calendar computed it: the one shape stored (lib/calendar/stored-term.ts). */
  dueExplanation?: Deadline; trackingUrl?: string;
}): Promise<InfoRegistration | undefined> {
  return db.transaction(async (trx) => {
    // The request row first, then the counter (inside takeJournalNumber): one lock order.
    const request = await trx('info_requests').where({ id: input.requestId }).forUpdate()
      .first('email', 'urgent', 'registration_index', 'registration_number', 'registration_year', 'journal_code');
    if (!request) return undefined;
    if (request.registration_index) {
      return { registrationIndex: request.registration_index, registrationNumber: request.registration_number, journalCode: request.journal_code, year: request.registration_year, created: false };
    }
    const taken = await takeJournalNumber(trx, { journalCode: INFO_REQUESTS_JOURNAL, at: input.at, format: ({ number }) => formatInfoRequestIndex(number) });
    const records = await departmentId(trx, RECORDS_DEPARTMENT);
    await trx('info_requests').where({ id: input.requestId }).update({
      journal_code: taken.journalCode, registration_year: taken.year, registration_number: taken.number,
      registration_index: taken.registrationIndex, case_file_index: taken.caseFileIndex, registered_at: input.at,
      status: 'registered', department_id: records,
      due_date: input.dueDate ?? null,
      due_explanation: input.dueExplanation ? JSON.stringify(input.dueExplanation) : null,
      updated_at: input.at,
    });
    await addEvent(trx, input.requestId, { key: 'registered', status: 'registered', departmentId: records, at: input.at, note: `Реєстраційний індекс ${taken.registrationIndex}` });
    await mailRequester(trx, request.email, {
      eventKey: `info-request:${input.requestId}:registered`,
      template: 'info-request-registered',
      params: {
        registrationIndex: taken.registrationIndex, registeredOn: kyivDate(input.at), dueOn: input.dueDate,
        urgent: request.urgent ? 'так' : undefined, trackingUrl: input.trackingUrl,
      },
    });
    // Ids and numbers only: personal data never goes into the log (Law 2297-VI).
    await appendAudit(trx, {
      actor: INFO_REGISTERED_BY, action: 'info-request.registered', entityType: 'info-request', entityId: input.requestId,
      details: { journal: taken.journalCode, year: taken.year, number: taken.number },
    });
    return { registrationIndex: taken.registrationIndex, registrationNumber: taken.number, journalCode: taken.journalCode, year: taken.year, created: true };
  });
}

/** A step as the process reports it; departments by code, resolved here. */
export type InfoStepInput =
  | { kind: 'under-consideration'; departmentCodes: string[]; round: number; dueDate?: string }
  | { kind: 'term-extended'; newDueDate: string; reason: string; dueExplanation?: Deadline }
  | { kind: 'forwarded'; holder: string }
  | { kind: 'deferred'; newDueDate: string; reason: string; dueExplanation?: Deadline }
  | { kind: 'refused'; ground: RefusalGround; reason: string }
  | { kind: 'awaiting-payment'; pages: number; feeKopecks: number; rateKopecks: number }
  | { kind: 'paid' }
  | { kind: 'answered'; result: 'given' | 'partly-given'; answerUrl: string | null }
  | { kind: 'answer-posted'; postedOn: string; trackingNumber: string | null };

export type RecordInfoStepResult =
  | { status: 'recorded'; created: boolean; requestStatus: CaseStatus; branches: Array<{ department: string; candidateGroup: string }>; answerChannel: AnswerChannel }
  | { status: 'request-not-found' }
  | { status: 'department-not-found'; code: string };

/**
 * Records a requester-visible step: the status, the fields the step sets, the timeline entry and
 * the e-mail, in one transaction, once per `eventKey` (a retried task changes and sends nothing twice).
 */
export async function recordInfoStep(db: Queryable, input: { requestId: string; eventKey: string; step: InfoStepInput; at: Date; trackingUrl?: string }): Promise<RecordInfoStepResult> {
  return db.transaction(async (trx): Promise<RecordInfoStepResult> => {
    const request = await trx('info_requests').where({ id: input.requestId }).forUpdate()
      .first('status', 'email', 'registration_index', 'department_id', 'answer_channel');
    if (!request) return { status: 'request-not-found' };
    const { step } = input;
    let departmentNow: number | null = request.department_id ?? null;
    const changes: Record<string, unknown> = {};
    const branches: Array<{ department: string; candidateGroup: string }> = [];
    let described: InfoStep;
    switch (step.kind) {
      case 'under-consideration': {
        const names: string[] = [];
        const ids: number[] = [];
        for (const code of step.departmentCodes) {
          const d = await trx('departments').where({ code }).first('id', 'name_uk', 'candidate_group');
          if (!d || !d.candidate_group) return { status: 'department-not-found', code };
          names.push(d.name_uk);
          ids.push(d.id);
          branches.push({ department: code, candidateGroup: d.candidate_group });
        }
        departmentNow = ids[0] ?? departmentNow;
        for (const id of ids) {
          await trx('info_request_branches').insert({ request_id: input.requestId, department_id: id, round: step.round, assigned_at: input.at })
            .onConflict(['request_id', 'department_id', 'round']).ignore();
        }
        described = { kind: 'under-consideration', departmentNames: names, dueDate: step.dueDate ?? null };
        break;
      }
      case 'term-extended':
        changes.due_date = step.newDueDate;
        changes.extended_to = step.newDueDate;
        changes.extension_reason = step.reason;
        changes.extension_notified_at = input.at;
        // A new date never keeps the explanation of the old one.
        changes.due_explanation = step.dueExplanation ? JSON.stringify(step.dueExplanation) : null;
        described = step;
        break;
      case 'forwarded':
        changes.forwarded_to = step.holder;
        described = step;
        break;
      case 'deferred':
        changes.deferred_to = step.newDueDate;
        changes.deferral_reason = step.reason;
        changes.due_date = step.newDueDate;
        changes.due_explanation = step.dueExplanation ? JSON.stringify(step.dueExplanation) : null;
        described = step;
        break;
      case 'refused':
        changes.refusal_ground = step.ground;
        changes.refusal_reason = step.reason;
        described = step;
        break;
      case 'awaiting-payment':
        changes.copy_pages = step.pages;
        changes.fee_kopecks = step.feeKopecks;
        changes.fee_rate_kopecks = step.rateKopecks;
        described = step;
        break;
      case 'paid':
        changes.paid_at = input.at;
        described = step;
        break;
      case 'answered':
        described = { ...step, answerChannel: request.answer_channel };
        break;
      case 'answer-posted':
        described = step;
        break;
    }
    const record = describeInfoStep(described);
    const added = await addEvent(trx, input.requestId, { key: input.eventKey, status: record.status, departmentId: departmentNow, at: input.at, note: record.note });
    if (!added) return { status: 'recorded', created: false, requestStatus: request.status, branches, answerChannel: request.answer_channel };
    await trx('info_requests').where({ id: input.requestId }).update({
      ...changes,
      status: record.status,
      department_id: departmentNow,
      ...(record.result ? { result: record.result.kind, result_details: JSON.stringify(record.result.details) } : {}),
      updated_at: input.at,
    });
    if (record.mail) {
      await mailRequester(trx, request.email, {
        eventKey: `info-request:${input.requestId}:${input.eventKey}`,
        template: record.mail.template,
        params: { ...record.mail.params, registrationIndex: request.registration_index ?? undefined, trackingUrl: input.trackingUrl },
      });
    }
    await appendAudit(trx, {
      actor: INFO_RECORDED_BY, action: `info-request.${step.kind}`, entityType: 'info-request', entityId: input.requestId,
      details: { status: record.status, event: input.eventKey },
    });
    return { status: 'recorded', created: true, requestStatus: record.status, branches, answerChannel: request.answer_channel };
  });
}

/** A department's part of the draft for a round; the first stored stands (a retried task). */
export async function recordBranchDraft(db: Queryable, input: {
  requestId: string; departmentCode: string; round: number; text: string; documentIds: string[]; draftedBy: number | null; at: Date;
}): Promise<'stored' | 'already' | 'department-not-found'> {
  const department = await departmentId(db, input.departmentCode);
  if (department === null) return 'department-not-found';
  await db('info_request_branches')
    .insert({ request_id: input.requestId, department_id: department, round: input.round, assigned_at: input.at })
    .onConflict(['request_id', 'department_id', 'round']).ignore();
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

export interface InfoTrackingView {
  kind: 'info-request';
  status: CaseStatus;
  statusText: string;
  registrationIndex: string | null;
  receivedAt: string;
  registeredAt: string | null;
  department: { code: string; name: string } | null;
  dueDate: string | null;
  dueExplanation: unknown;
  urgent: boolean;
  answerChannel: AnswerChannel;
  extension: { to: string; reason: string; article: string; notifiedAt: string | null } | null;
  forwarding: { holder: string; article: string } | null;
  deferral: { to: string; reason: string; article: string } | null;
  refusal: { ground: string; article: string; groundText: string; reason: string | null; howToAppeal: string } | null;
  fee: { pages: number; amountKopecks: number; rateKopecks: number; paidAt: string | null; article: string } | null;
  branches: Array<{ department: { code: string; name: string }; round: number; status: 'assigned' | 'drafted' }>;
  timeline: Array<{ at: string; status: CaseStatus; statusText: string; department: { code: string; name: string } | null; note: string | null }>;
  result: { kind: InfoResult; [key: string]: unknown } | null;
}

/** What the holder of the tracking code sees: no personal data, no staff names. */
export async function findInfoTrackingView(q: Queryable, trackingCodeHash: string): Promise<InfoTrackingView | undefined> {
  const { rows } = await q.raw(`
    SELECT r.*, to_char(r.due_date, 'YYYY-MM-DD') AS due_text, to_char(r.extended_to, 'YYYY-MM-DD') AS extended_text,
           to_char(r.deferred_to, 'YYYY-MM-DD') AS deferred_text, d.code AS department_code, d.name_uk AS department_name
      FROM info_requests r LEFT JOIN departments d ON d.id = r.department_id
     WHERE r.tracking_code_hash = ?`, [trackingCodeHash]);
  const r = rows[0];
  if (!r) return undefined;
  const dept = (code: string | null, name: string | null) => (code ? { code, name: name ?? code } : null);
  const events = await q('info_request_events as e').leftJoin('departments as d', 'd.id', 'e.department_id')
    .where('e.request_id', r.id).orderBy([{ column: 'e.at', order: 'asc' }, { column: 'e.id', order: 'asc' }])
    .select('e.at', 'e.status', 'e.note', 'd.code as department_code', 'd.name_uk as department_name');
  const branches = await q('info_request_branches as b').join('departments as d', 'd.id', 'b.department_id')
    .where('b.request_id', r.id).orderBy('b.id').select('b.round', 'b.status', 'd.code', 'd.name_uk');
  const details = (r.result_details ?? {}) as Record<string, unknown>;
  return {
    kind: 'info-request',
    status: r.status,
    statusText: statusNames[r.status as CaseStatus],
    registrationIndex: r.registration_index,
    receivedAt: (r.received_at as Date).toISOString(),
    registeredAt: r.registered_at ? (r.registered_at as Date).toISOString() : null,
    department: dept(r.department_code, r.department_name),
    dueDate: r.due_text,
    dueExplanation: r.due_explanation ?? null,
    urgent: r.urgent,
    answerChannel: r.answer_channel,
    extension: r.extended_text ? { to: r.extended_text, reason: r.extension_reason, article: 'ст. 20 ч. 4', notifiedAt: r.extension_notified_at ? (r.extension_notified_at as Date).toISOString() : null } : null,
    forwarding: r.forwarded_to ? { holder: r.forwarded_to, article: 'ст. 22 ч. 3' } : null,
    deferral: r.deferred_text ? { to: r.deferred_text, reason: r.deferral_reason, article: 'ст. 22 ч. 6–7' } : null,
    refusal: r.refusal_ground
      ? { ground: r.refusal_ground, article: String(details.article ?? ''), groundText: String(details.groundText ?? ''), reason: r.refusal_reason, howToAppeal: String(details.howToAppeal ?? '') }
      : null,
    fee: r.fee_kopecks !== null && r.fee_kopecks !== undefined
      ? { pages: r.copy_pages, amountKopecks: r.fee_kopecks, rateKopecks: r.fee_rate_kopecks, paidAt: r.paid_at ? (r.paid_at as Date).toISOString() : null, article: 'ст. 21' }
      : null,
    branches: branches.map((b) => ({ department: { code: b.code, name: b.name_uk }, round: b.round, status: b.status })),
    timeline: events.map((e) => ({
      at: (e.at as Date).toISOString(), status: e.status, statusText: statusNames[e.status as CaseStatus],
      department: dept(e.department_code, e.department_name), note: e.note ?? null,
    })),
    result: r.result ? { ...details, kind: r.result } : null,
  };
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
