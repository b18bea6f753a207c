// The use cases of requests for public information (Law 2939-VI): receive one (the portal, or a
// clerk or the information officer on the requester's behalf, Art. 19 p.3-4), check its content
// (Art. 19 p.5), register it, and record each step the requester sees. Access first, then the
// rules (lib/info-requests/*.ts, pure), then the case kernel (lib/cases/service.ts) and the
// repository, which hold the SQL.
import { appendAudit, userActor } from '../audit.ts';
import { kyivDate, type Deadline } from '../calendar/index.ts';
import { InfoRequests } from '../cases/kinds.ts';
import { findDepartment, lockCase, type NewAttachment } from '../cases/repository.ts';
import { fileCase, recordCaseStep, registerCase, type CaseRegistration } from '../cases/service.ts';
import { newTrackingCode, trackingCodeHash } from '../cases/tracking-code.ts';
import type { Db, Queryable } from '../db.ts';
import type { FileStore, StagedFile } from '../file-store.ts';
import { ProblemError, validationProblem } from '../problem.ts';
import type { StaffUser } from '../staff/repository.ts';
import {
  checkInfoRequest as checkRules, describeInfoStep, formatInfoRequestIndex,
  type AnswerChannel, type CaseStatus, type InfoCheckOutcome, type InfoStep, type RefusalGround,
} from './index.ts';
import { ProcessKeys, Variables } from './manifest.ts';
import { findInfoRequestForCheck, openBranch, storeInfoCheck } from './repository.ts';
import type { InfoRequestInput } from './schemas.ts';

/** Who may enter a request received by post, phone, orally or by e-mail (Art. 19 p.3-4). */
export const INFO_INTAKE_ROLES = ['clerk', 'info-officer', 'admin'];

/**
 * Receives a request with its files (staged by the caller, committed here once the request is known
 * good): the request, its attachments, the start of its process and the receipt e-mail in one
 * transaction (lib/cases/service.ts fileCase). The requester gets a tracking code, stored only hashed.
 */
export async function receiveInfoRequest(deps: { db: Db; files: FileStore; starter: { kick(): void } }, input: {
  body: InfoRequestInput;
  user: StaffUser | null;
  attachments: ReadonlyArray<{ staged: StagedFile; displayName: string | null }>;
  now?: Date;
}): Promise<{ id: string; trackingCode: string; receivedAt: Date; receiptQueued: boolean; urgent: boolean }> {
  const { body, user } = input;
  if (body.channel !== 'portal') {
    if (!user) {
      throw new ProblemError('unauthenticated', {
        detail: `channel: "${body.channel}" requests are entered by staff`, detail_uk: `channel: запити через "${body.channel}" вносить працівник`,
        errors: [{ field: 'channel', message: 'only the portal is open to the public', message_uk: 'без входу доступний лише канал portal' }],
      });
    }
    if (!INFO_INTAKE_ROLES.some((role) => user.roles.includes(role))) {
      throw new ProblemError('forbidden', { detail: `Requires one of the roles: ${INFO_INTAKE_ROLES.join(', ')}`, detail_uk: `Потрібна одна з ролей: ${INFO_INTAKE_ROLES.join(', ')}` });
    }
  }
  // Art. 19 p.5: an answer needs somewhere to go. The schema says it per channel; a request
  // entered by a clerk without any address could never be answered, not even refused.
  if (!body.email && !body.postalAddress && body.answerChannel !== 'portal') {
    throw validationProblem([{ field: 'postalAddress', message: 'a postal address or an e-mail is needed for the answer (Art. 19 p.5)', message_uk: 'для відповіді потрібна поштова адреса або адреса електронної пошти (ст. 19 ч. 5)' }]);
  }

  // Files first, as for appeals: a crash before the transaction leaves unreferenced files, never a
  // request naming a file that is not there.
  const committed: NewAttachment[] = [];
  for (const a of input.attachments) {
    const { sha256, type, size } = await deps.files.commit(a.staged);
    committed.push({ sha256, type, size, displayName: a.displayName });
  }
  const trackingCode = newTrackingCode();
  const now = input.now ?? new Date();
  const urgent = body.urgent === true;
  const stored = await fileCase(deps.db, InfoRequests, {
    row: {
      tracking_code_hash: trackingCodeHash(trackingCode),
      channel: body.channel,
      requester_name: body.requesterName?.trim() ?? null,
      postal_address: body.postalAddress?.trim() ?? null,
      email: body.email ?? null,
      phone: body.phone ?? null,
      answer_channel: body.answerChannel,
      description: body.description,
      urgent,
      urgency_justification: urgent ? body.urgencyJustification?.trim() ?? null : null,
      consent_at: body.consent === true ? now : null,
      created_by: user?.id ?? null,
    },
    attachments: committed,
    process: {
      key: ProcessKeys.publicInfoRequest,
      variables: (s) => ({
        [Variables.infoRequestId]: s.id,
        [Variables.receivedAt]: s.receivedAt.toISOString(),
        // Art. 20 p.1 five working days; p.2 48 hours when the requester justified the urgency.
        [Variables.deadlineRegime]: urgent ? 'public-info-urgent' : 'public-info',
      }),
    },
    // The only message carrying the tracking code, which is stored nowhere in the clear.
    receipt: { email: body.email, template: 'info-request-received', params: (s) => ({ trackingCode, receivedOn: kyivDate(s.receivedAt) }) },
    audit: {
      actor: user ? userActor(user.id) : 'anonymous', action: 'info-request.receive',
      details: { channel: body.channel, answerChannel: body.answerChannel, urgent, attachments: committed.length },
    },
  });
  deps.starter.kick();
  return { id: stored.id, trackingCode, receivedAt: stored.receivedAt, receiptQueued: stored.receiptQueued || !body.email, urgent };
}

/**
 * Checks the required content (Art. 19 p.5) and the urgency claim (Art. 20 p.2) and records the
 * first outcome once: a retried task gets it back. Undefined when there is no such request.
 */
export async function checkInfoRequest(db: Queryable, input: { requestId: string; at: Date }): Promise<{ outcome: InfoCheckOutcome; codes: string[]; created: boolean } | undefined> {
  const request = await findInfoRequestForCheck(db, input.requestId);
  if (!request) return undefined;
  if (request.checkOutcome) return { outcome: request.checkOutcome, codes: (request.checkReasons ?? []).map((r) => r.code), created: false };
  const { outcome, reasons } = checkRules(request);
  return db.transaction(async (trx) => {
    const row = await lockCase(trx, InfoRequests, input.requestId, ['check_outcome']);
    if (!row) return undefined;
    if (row.check_outcome) return { outcome: row.check_outcome as InfoCheckOutcome, codes: [], created: false };
    await storeInfoCheck(trx, input.requestId, { outcome, reasons, at: input.at });
    await appendAudit(trx, {
      actor: InfoRequests.actors.checked, action: 'info-request.checked', entityType: InfoRequests.name, entityId: input.requestId,
      details: { outcome, reasons: reasons.map((r) => r.code).join(',') },
    });
    return { outcome, codes: reasons.map((r) => r.code), created: true };
  });
}

/**
 * Registers the request in its own journal (gapless number within the year, `ЗІ-<n>`), or returns
 * its registration, so a retried task gets the same index; stores the legal term and queues the
 * e-mail with the number and the term.
 */
export function registerInfoRequest(db: Queryable, input: { requestId: string; at: Date; dueDate?: string; dueExplanation?: Deadline; trackingUrl: string }): Promise<CaseRegistration | undefined> {
  return registerCase(db, InfoRequests, {
    id: input.requestId,
    at: input.at,
    ...(input.dueDate ? { due: { date: input.dueDate, explanation: input.dueExplanation } } : {}),
    columns: ['urgent'],
    format: ({ number }) => formatInfoRequestIndex(number),
    mail: (row, registrationIndex) => ({
      template: 'info-request-registered',
      params: {
        registrationIndex, registeredOn: kyivDate(input.at), dueOn: input.dueDate,
        urgent: row.urgent ? 'так' : undefined, trackingUrl: input.trackingUrl,
      },
    }),
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
export async function recordInfoStep(db: Queryable, input: { requestId: string; eventKey: string; step: InfoStepInput; at: Date; trackingUrl: string }): Promise<RecordInfoStepResult> {
  const { step } = input;
  const branches: Array<{ department: string; candidateGroup: string }> = [];
  const result = await recordCaseStep<string>(db, InfoRequests, {
    id: input.requestId, eventKey: input.eventKey, at: input.at, actor: InfoRequests.actors.recorded, trackingUrl: input.trackingUrl,
    columns: ['answer_channel'],
    async decide(trx, request) {
      let departmentNow: number | null = request.department_id ?? null;
      const changes: Record<string, unknown> = {};
      let described: InfoStep;
      switch (step.kind) {
        case 'under-consideration': {
          const names: string[] = [];
          const ids: number[] = [];
          for (const code of step.departmentCodes) {
            const d = await findDepartment(trx, code);
            if (!d || !d.candidateGroup) return { stop: code };
            names.push(d.name);
            ids.push(d.id);
            branches.push({ department: code, candidateGroup: d.candidateGroup });
          }
          departmentNow = ids[0] ?? departmentNow;
          for (const id of ids) await openBranch(trx, { requestId: input.requestId, departmentId: id, round: step.round, at: input.at });
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
      return {
        status: record.status, departmentId: departmentNow, note: record.note,
        changes: { ...changes, ...(record.result ? { result: record.result.kind, result_details: JSON.stringify(record.result.details) } : {}) },
        ...(record.mail ? { mail: { template: record.mail.template, params: record.mail.params } } : {}),
        audit: { action: `info-request.${step.kind}`, details: { status: record.status, event: input.eventKey } },
      };
    },
  });
  if (result.outcome === 'not-found') return { status: 'request-not-found' };
  if (result.outcome === 'stopped') return { status: 'department-not-found', code: result.value };
  return { status: 'recorded', created: result.created, requestStatus: result.status, branches, answerChannel: result.row.answer_channel };
}
