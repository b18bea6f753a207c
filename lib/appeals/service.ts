// The use cases of citizens' appeals (Law 393/96-ВР): receive one (the portal, or a clerk on the
// author's behalf), register it (CMU 348), check it (Art. 5, 8, 17), record each step the author
// sees, and show its files to staff. Access first, then the rules (lib/appeals/*.ts, pure), then
// the case kernel (lib/cases/service.ts) and the repository, which hold the SQL.
import { kyivDate, type Deadline } from '../calendar/index.ts';
import { Appeals } from '../cases/kinds.ts';
import { caseExists, departmentId, findDepartment, listAttachments, type NewAttachment, type StoredAttachment } from '../cases/repository.ts';
import { fileCase, recordCaseStep, registerCase, type CaseRegistration } from '../cases/service.ts';
import { newTrackingCode, trackingCodeHash } from '../cases/tracking-code.ts';
import { appendAudit, userActor } from '../audit.ts';
import type { Db, Queryable } from '../db.ts';
import type { FileStore, StagedFile } from '../file-store.ts';
import { ProblemError, validationProblem, type FieldError } from '../problem.ts';
import type { StaffUser } from '../staff/repository.ts';
import {
  checkAppeal as checkRules, describeOutcome, formatAppealIndex, taskPriority, AppealDepartments,
  type AnswerResult, type AppealOutcome, type AppealStatus, type CheckOutcome,
} from './index.ts';
import { ProcessKeys, Variables } from './manifest.ts';
import { findAppealAnswer, findAppealForCheck, findEarlierDecidedAppeal } from './repository.ts';
import type { AppealInput } from './schemas.ts';

/** Who may enter an appeal received on paper, orally, by phone or e-mail. */
const STAFF_ROLES = ['clerk', 'admin'];

/** Art. 20 regime the legal calendar starts from: one month; the head may shorten or extend it. */
const DEFAULT_REGIME = 'appeal';

export interface ReceiveDeps {
  db: Db;
  files: FileStore;
  /** The process-start outbox, kicked once the appeal is stored. */
  starter: { kick(): void };
}

/**
 * Receives an appeal with its files (staged by the caller, committed here once the appeal is known
 * good): the appeal, its attachments, the start of its process and the receipt e-mail in one
 * transaction (lib/cases/service.ts fileCase). The author gets a tracking code, stored only hashed.
 */
export async function receiveAppeal(deps: ReceiveDeps, input: {
  body: AppealInput;
  user: StaffUser | null;
  attachments: ReadonlyArray<{ staged: StagedFile; displayName: string | null }>;
  now?: Date;
}): Promise<{ id: string; trackingCode: string; receivedAt: Date; receiptQueued: boolean }> {
  const { body, user } = input;
  // Access first: only the portal is open to the public; a clerk enters the other channels.
  if (body.channel !== 'portal') {
    if (!user) {
      throw new ProblemError('unauthenticated', {
        detail: `channel: "${body.channel}" appeals are entered by staff`, detail_uk: `channel: звернення через "${body.channel}" вносить працівник`,
        errors: [{ field: 'channel', message: 'only the portal is open to the public', message_uk: 'без входу доступний лише канал portal' }],
      });
    }
    if (!STAFF_ROLES.some((role) => user.roles.includes(role))) {
      throw new ProblemError('forbidden', { detail: `Requires one of the roles: ${STAFF_ROLES.join(', ')}`, detail_uk: `Потрібна одна з ролей: ${STAFF_ROLES.join(', ')}` });
    }
  }
  const errors = dateErrors(body, kyivDate(input.now));
  if (errors.length > 0) throw validationProblem(errors);

  // Files first, as for incoming documents: a crash before the transaction leaves unreferenced
  // files (harmless, collectable), never an appeal row naming a file that is not there.
  const committed: NewAttachment[] = [];
  for (const a of input.attachments) {
    const { sha256, type, size } = await deps.files.commit(a.staged);
    committed.push({ sha256, type, size, displayName: a.displayName });
  }
  const trackingCode = newTrackingCode();
  const now = input.now ?? new Date();
  const stored = await fileCase(deps.db, Appeals, {
    row: {
      tracking_code_hash: trackingCodeHash(trackingCode),
      channel: body.channel,
      type: body.type,
      collective: body.collective,
      // Electronic appeals need no signature (Art. 5), so they are never "БП".
      signed: body.channel === 'portal' || body.channel === 'email' ? true : body.signed,
      surname: body.surname?.trim() ?? null,
      name: body.name?.trim() ?? null,
      patronymic: body.patronymic?.trim() ?? null,
      address: body.address?.trim() ?? null,
      email: body.email ?? null,
      phone: body.phone ?? null,
      text: body.text,
      letter_date: body.letterDate ?? null,
      complaint_decision_date: body.complaintDecisionDate ?? null,
      complaint_learned_date: body.complaintLearnedDate ?? null,
      priority_category: body.priorityCategory ?? null,
      consent_at: body.consent === true ? now : null,
      created_by: user?.id ?? null,
    },
    attachments: committed,
    process: {
      key: ProcessKeys.citizenAppeal,
      variables: (s) => ({
        [Variables.appealId]: s.id,
        [Variables.receivedAt]: s.receivedAt.toISOString(),
        [Variables.deadlineRegime]: DEFAULT_REGIME,
        [Variables.appealPriority]: taskPriority(body.priorityCategory),
        // Art. 7: the heads' form needs to know a complaint, which is never sent to the body it is about.
        [Variables.appealType]: body.type,
      }),
    },
    // CMU 348: on request the author gets the date and number of receipt; the e-mail also carries
    // the tracking code, which is stored nowhere else in the clear.
    receipt: { email: body.email, template: 'appeal-received', params: (s) => ({ trackingCode, receivedOn: kyivDate(s.receivedAt) }) },
    audit: {
      actor: user ? userActor(user.id) : 'anonymous', action: 'appeal.receive',
      details: { channel: body.channel, type: body.type, priority: body.priorityCategory ?? null, attachments: committed.length },
    },
  });
  deps.starter.kick();
  return { id: stored.id, trackingCode, receivedAt: stored.receivedAt, receiptQueued: stored.receiptQueued || !body.email };
}

/** Dates the author gives cannot be in the future, and a complaint's only for a complaint (Art. 17). */
function dateErrors(body: AppealInput, today: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['letterDate', 'complaintDecisionDate', 'complaintLearnedDate'] as const) {
    const value = body[field];
    if (value !== undefined && value > today) errors.push({ field, message: 'must not be in the future', message_uk: 'не може бути в майбутньому' });
  }
  if (body.complaintDecisionDate && body.complaintLearnedDate && body.complaintLearnedDate < body.complaintDecisionDate) {
    errors.push({ field: 'complaintLearnedDate', message: 'must not be before the decision', message_uk: 'не може передувати даті рішення' });
  }
  if (body.type !== 'complaint' && (body.complaintDecisionDate || body.complaintLearnedDate)) {
    errors.push({ field: 'type', message: 'complaint dates are given only for a complaint', message_uk: 'дати рішення вказують лише для скарги' });
  }
  return errors;
}

/**
 * Registers the appeal in the appeals journal: the surname's initial and a gapless number within
 * the year, marks КО and БП (CMU 348), with its legal term; the author gets the number and the term.
 */
export function registerAppeal(db: Queryable, input: { appealId: string; at: Date; dueDate?: string; dueExplanation?: Deadline; trackingUrl: string }): Promise<CaseRegistration | undefined> {
  return registerCase(db, Appeals, {
    id: input.appealId,
    at: input.at,
    ...(input.dueDate ? { due: { date: input.dueDate, explanation: input.dueExplanation } } : {}),
    columns: ['surname', 'collective', 'signed'],
    format: ({ number }, row) => formatAppealIndex({ number, surname: row.surname, collective: row.collective, signed: row.signed }),
    // CMU 348: the author learns the incoming number; Art. 20: and the term.
    mail: (_row, registrationIndex) => ({
      template: 'appeal-registered',
      params: { registrationIndex, registeredOn: kyivDate(input.at), dueOn: input.dueDate, trackingUrl: input.trackingUrl },
    }),
  });
}

/** What each check outcome means for the citizen: the status, and who holds the case. */
const afterCheck: Record<CheckOutcome, { status: AppealStatus; department: string }> = {
  'ok': { status: 'under-consideration', department: AppealDepartments.management },
  'repeat': { status: 'under-consideration', department: AppealDepartments.management },
  'incomplete': { status: 'clarification-needed', department: AppealDepartments.records },
  'anonymous': { status: 'not-considered', department: AppealDepartments.records },
  'complaint-late': { status: 'not-considered', department: AppealDepartments.records },
};

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Checks the appeal against Art. 5 (content), Art. 8 (anonymous, repeat) and Art. 17 (late
 * complaint) and records the outcome once: a retried task gets the first outcome back, whatever
 * has changed since. Undefined when there is no such appeal.
 */
export async function checkAppeal(db: Queryable, input: { appealId: string; at: Date; trackingUrl: string }): Promise<{ outcome: CheckOutcome; codes: string[]; created: boolean } | undefined> {
  const appeal = await findAppealForCheck(db, input.appealId);
  if (!appeal) return undefined;
  if (appeal.checkOutcome) return { outcome: appeal.checkOutcome, codes: (appeal.checkReasons ?? []).map((r) => r.code), created: false };
  const earlier = await findEarlierDecidedAppeal(db, appeal);
  const { outcome, reasons } = checkRules({ ...appeal, earlierDecidedAppeal: earlier !== undefined });
  const recorded = await recordCaseStep<CheckOutcome>(db, Appeals, {
    id: input.appealId, eventKey: 'checked', at: input.at, actor: Appeals.actors.checked, trackingUrl: input.trackingUrl,
    columns: ['check_outcome'],
    async decide(trx, row) {
      if (row.check_outcome) return { stop: row.check_outcome as CheckOutcome };
      const next = afterCheck[outcome];
      const final = next.status === 'not-considered';
      const note = outcome === 'ok' || outcome === 'repeat'
        ? 'Звернення передано на розгляд'
        : reasons.map((r) => `${r.text_uk} (${r.article} Закону України «Про звернення громадян»)`).join('; ');
      return {
        status: next.status,
        departmentId: await departmentId(trx, next.department),
        note,
        changes: {
          check_outcome: outcome, check_reasons: JSON.stringify(reasons), repeat_of: earlier ?? null,
          // The ground is the result the citizen is told (Art. 8); later steps record answers.
          ...(final ? { result: JSON.stringify({ kind: 'not-considered', reasons }) } : {}),
        },
        // Passing the check is no news to the author (the registration e-mail said it will be
        // considered); being returned (Art. 5) or not considered (Art. 8) is.
        ...(next.status === 'clarification-needed' ? { mail: { template: 'clarification-needed', params: { details: clip(note, 500) } } }
          : next.status === 'not-considered' ? { mail: { template: 'appeal-not-considered', params: { reason: clip(note, 500) } } } : {}),
        audit: { action: 'appeal.checked', details: { outcome, reasons: reasons.map((r) => r.code).join(',') } },
      };
    },
  });
  if (recorded.outcome === 'not-found') return undefined;
  if (recorded.outcome === 'stopped') return { outcome: recorded.value, codes: [], created: false };
  return { outcome, codes: reasons.map((r) => r.code), created: recorded.created };
}

/** A step as the process reports it; the department by code, resolved here. */
export type AppealStep =
  | { kind: 'under-consideration'; departmentCode: string; dueDate?: string; dueExplanation?: Deadline }
  | { kind: 'forwarded'; bodyName: string }
  | { kind: 'term-extended'; newDueDate: string; reason: string; dueExplanation: Deadline }
  | { kind: 'answered' }
  | { kind: 'not-considered'; code: string; article: string; reason: string };

export type RecordStepResult =
  | { status: 'recorded'; created: boolean; appealStatus: AppealStatus }
  | { status: 'appeal-not-found' }
  | { status: 'department-not-found' }
  | { status: 'answer-not-signed' };

/**
 * Records a citizen-visible step of the appeal, its timeline entry and the e-mail that announces
 * it, in one transaction, once per `eventKey` (the process's task: a retried task changes nothing
 * and sends nothing again).
 */
export async function recordAppealStep(db: Queryable, input: { appealId: string; eventKey: string; step: AppealStep; at: Date; trackingUrl: string }): Promise<RecordStepResult> {
  const { step } = input;
  const result = await recordCaseStep<'department-not-found' | 'answer-not-signed'>(db, Appeals, {
    id: input.appealId, eventKey: input.eventKey, at: input.at, actor: Appeals.actors.recorded, trackingUrl: input.trackingUrl,
    async decide(trx, row) {
      let outcome: AppealOutcome;
      let departmentNow: number | null = row.department_id ?? null;
      const changes: Record<string, unknown> = {};
      if (step.kind === 'under-consideration') {
        const department = await findDepartment(trx, step.departmentCode);
        if (!department) return { stop: 'department-not-found' };
        departmentNow = department.id;
        outcome = { kind: 'under-consideration', departmentName: department.name, dueDate: step.dueDate ?? null };
        if (step.dueDate) {
          changes.due_date = step.dueDate;
          // A new date never keeps the explanation of the old one.
          changes.due_explanation = step.dueExplanation ? JSON.stringify(step.dueExplanation) : null;
        }
      } else if (step.kind === 'forwarded') {
        departmentNow = await departmentId(trx, AppealDepartments.records);
        outcome = step;
      } else if (step.kind === 'term-extended') {
        outcome = step;
        changes.due_date = step.newDueDate;
        changes.due_explanation = JSON.stringify(step.dueExplanation);
      } else if (step.kind === 'answered') {
        const answer = await findAppealAnswer(trx, input.appealId);
        if (!answer) return { stop: 'answer-not-signed' };
        outcome = { kind: 'answered', result: answer.result as AnswerResult, text: answer.text, refusalGround: answer.refusalGround, signedAt: answer.signedAt.toISOString() };
      } else {
        outcome = step;
      }
      const record = describeOutcome(outcome);
      return {
        status: record.status, departmentId: departmentNow, note: record.note,
        changes: { ...changes, ...(record.result ? { result: JSON.stringify(record.result) } : {}) },
        mail: { template: record.mail.template, params: record.mail.params },
        audit: { action: `appeal.${step.kind}`, details: { status: record.status, event: input.eventKey } },
      };
    },
  });
  if (result.outcome === 'not-found') return { status: 'appeal-not-found' };
  if (result.outcome === 'stopped') return { status: result.value };
  return { status: 'recorded', created: result.created, appealStatus: result.status };
}

/** The files attached to an appeal, for staff; every view audited (the names and files may carry personal data, Law 2297-VI). */
export async function listAppealAttachments(db: Queryable, input: { appealId: string; viewer: StaffUser }): Promise<StoredAttachment[]> {
  if (!(await caseExists(db, Appeals, input.appealId))) throw new ProblemError('appeal-not-found');
  const attachments = await listAttachments(db, Appeals, input.appealId);
  await appendAudit(db, { actor: userActor(input.viewer.id), action: 'appeal.attachments.view', entityType: 'appeal', entityId: input.appealId });
  return attachments;
}
