// The case kernel's use cases, shared by every kind of case a citizen files (DESIGN.md section 3):
// intake with the process-start outbox, registration with a gapless journal number, the steps the
// citizen sees on the timeline with their e-mail, and the audit of each. Each use case is one
// transaction: the row, its event, its e-mail (lib/notifications outbox) and its audit entry commit
// together or not at all, and each is idempotent, so a retried task or a repeated request changes
// and sends nothing twice. What differs between kinds (their columns, index, e-mails) comes from
// the domain's service as data and callbacks.
import { kyivDate } from '../calendar/index.ts';
import type { Deadline } from '../calendar/index.ts';
import type { Db, Queryable, Tx } from '../db.ts';
import { appendAudit } from '../audit.ts';
import { takeJournalNumber, type JournalNumber } from '../nomenclature/journal-repository.ts';
import { InvalidMessageError, enqueueMessage, type OutgoingMessage } from '../notifications/index.ts';
import { insertProcessLink } from '../process-start/repository.ts';
import type { CaseKind } from './kinds.ts';
import { RECORDS_DEPARTMENT } from './kinds.ts';
import {
  addCaseEvent, departmentId, insertAttachments, insertCase, lockCase, updateCase, type NewAttachment,
} from './repository.ts';
import type { CaseStatus } from './vocabulary.ts';

/**
 * Queues the e-mail announcing a step in the step's transaction, when the citizen gave an address.
 * An address the mailer would never accept does not hold the case back: the step stands without
 * its e-mail (false). The key names the case and the step, never a person.
 */
export async function mailCitizen(trx: Tx, email: string | null | undefined, message: Omit<OutgoingMessage, 'to'>): Promise<boolean> {
  if (!email) return false;
  try {
    return await enqueueMessage(trx, { ...message, to: email });
  } catch (err) {
    if (err instanceof InvalidMessageError) return false;
    throw err;
  }
}

export interface CaseIntake {
  /** The kind's own columns (tracking_code_hash and the citizen's data among them). */
  row: Record<string, unknown>;
  /** Files already committed to the file store (a crash before the transaction leaves only unreferenced files). */
  attachments: readonly NewAttachment[];
  /** The process to start through the outbox, with its variables (the case's id is known only here). */
  process: { key: string; variables: (stored: { id: string; receivedAt: Date }) => Record<string, unknown> };
  /** The receipt e-mail, with the tracking code: the only message that carries it (CMU 348). */
  receipt?: { email: string | undefined; template: string; params: (stored: { id: string; receivedAt: Date }) => Record<string, string | undefined> };
  audit: { actor: string; action: string; details: Record<string, string | number | boolean | null> };
}

/**
 * Files a received case (status Отримано, at the records office) with its first timeline entry,
 * its attachments, the start of its process and the receipt e-mail, in one transaction: the case
 * exists if and only if all of them do, so an engine outage never loses one.
 */
export async function fileCase(db: Db, kind: CaseKind, intake: CaseIntake): Promise<{ id: string; receivedAt: Date; receiptQueued: boolean }> {
  return db.transaction(async (tx) => {
    const records = await departmentId(tx, RECORDS_DEPARTMENT);
    const stored = await insertCase(tx, kind, { ...intake.row, status: 'received', department_id: records });
    await addCaseEvent(tx, kind, stored.id, { key: 'received', status: 'received', departmentId: records, at: stored.receivedAt });
    await insertAttachments(tx, kind, stored.id, intake.attachments);
    await insertProcessLink(tx, { businessKey: stored.id, processKey: intake.process.key, variables: intake.process.variables(stored) });
    const receiptQueued = intake.receipt
      ? await mailCitizen(tx, intake.receipt.email, { eventKey: `${kind.name}:${stored.id}:received`, template: intake.receipt.template, params: intake.receipt.params(stored) })
      : false;
    // Ids and codes only: who wrote and what is personal data (Law 2297-VI).
    await appendAudit(tx, { actor: intake.audit.actor, action: intake.audit.action, entityType: kind.name, entityId: stored.id, details: intake.audit.details });
    return { ...stored, receiptQueued };
  });
}

export interface CaseRegistration {
  registrationIndex: string;
  registrationNumber: number;
  journalCode: string;
  year: number;
  created: boolean;
}

/**
 * Registers the case in its kind's journal (gapless number within the Kyiv year, the index the
 * domain formats), or returns its registration, so a retried task gets the same index back; stores
 * the legal term and queues the e-mail with the number and the term. Undefined when there is no case.
 */
export async function registerCase(db: Queryable, kind: CaseKind, input: {
  id: string;
  at: Date;
  /** The term as lib/calendar computed it: the one shape stored (lib/calendar/stored-term.ts). */
  due?: { date: string; explanation?: Deadline };
  /** The kind's columns the index and the e-mail need. */
  columns: readonly string[];
  format: (taken: JournalNumber, row: Record<string, any>) => string;
  mail: (row: Record<string, any>, registrationIndex: string) => { template: string; params: Record<string, string | undefined> };
}): Promise<CaseRegistration | undefined> {
  return db.transaction(async (trx) => {
    // The case's row first, then the counter row (inside takeJournalNumber): one lock order, and a
    // second delivery of the same task waits here and then finds the first one's index.
    const row = await lockCase(trx, kind, input.id, [...new Set([...input.columns, 'email', 'registration_index', 'registration_number', 'registration_year', 'journal_code'])]);
    if (!row) return undefined;
    if (row.registration_index) {
      return { registrationIndex: row.registration_index, registrationNumber: row.registration_number, journalCode: row.journal_code, year: row.registration_year, created: false };
    }
    const taken = await takeJournalNumber(trx, { journalCode: kind.journal, at: input.at, format: (t) => input.format(t, row) });
    const records = await departmentId(trx, RECORDS_DEPARTMENT);
    await updateCase(trx, kind, input.id, {
      journal_code: taken.journalCode, registration_year: taken.year, registration_number: taken.number,
      registration_index: taken.registrationIndex, case_file_index: taken.caseFileIndex, registered_at: input.at,
      status: 'registered', department_id: records,
      due_date: input.due?.date ?? null,
      due_explanation: input.due?.explanation ? JSON.stringify(input.due.explanation) : null,
      updated_at: input.at,
    });
    await addCaseEvent(trx, kind, input.id, { key: 'registered', status: 'registered', departmentId: records, at: input.at, note: `Реєстраційний індекс ${taken.registrationIndex}` });
    const mail = input.mail(row, taken.registrationIndex);
    await mailCitizen(trx, row.email, { eventKey: `${kind.name}:${input.id}:registered`, template: mail.template, params: mail.params });
    // Ids and numbers only: personal data never goes into the log (Law 2297-VI).
    await appendAudit(trx, {
      actor: kind.actors.registered, action: `${kind.name}.registered`, entityType: kind.name, entityId: input.id,
      details: { journal: taken.journalCode, year: taken.year, number: taken.number },
    });
    return { registrationIndex: taken.registrationIndex, registrationNumber: taken.number, journalCode: taken.journalCode, year: taken.year, created: true };
  });
}

/** What a step does to the case, as the domain decides it from the locked row. */
export interface StepDecision {
  status: CaseStatus;
  /** The department that holds the case after the step. */
  departmentId: number | null;
  note?: string;
  /** The kind's own columns the step sets. */
  changes?: Record<string, unknown>;
  /** The e-mail announcing it; the registration index and the tracking page are added here. */
  mail?: { template: string; params: Record<string, string | undefined> };
  audit: { action: string; details?: Record<string, string | number | boolean | null> };
}

export type StepResult<S> =
  | { outcome: 'recorded'; created: boolean; status: CaseStatus; row: Record<string, any> }
  | { outcome: 'stopped'; value: S }
  | { outcome: 'not-found' };

/**
 * Records a citizen-visible step of a case: the domain's decision from the case as it is (locked),
 * then its timeline entry, its columns, its e-mail and its audit entry, in one transaction, once per
 * `eventKey` (a retried task changes and sends nothing again). `decide` may stop instead (a step
 * already taken by another key, a fact missing), and nothing is written then.
 */
export async function recordCaseStep<S = never>(db: Queryable, kind: CaseKind, input: {
  id: string;
  /** Unique per step of the process, e.g. `<activity>:<external task id>`, or `checked`. */
  eventKey: string;
  at: Date;
  actor: string;
  trackingUrl?: string;
  columns?: readonly string[];
  decide: (trx: Tx, row: Record<string, any>) => Promise<StepDecision | { stop: S }>;
}): Promise<StepResult<S>> {
  return db.transaction(async (trx): Promise<StepResult<S>> => {
    const row = await lockCase(trx, kind, input.id, [...new Set([...(input.columns ?? []), 'status', 'email', 'registration_index', 'department_id'])]);
    if (!row) return { outcome: 'not-found' };
    const decision = await input.decide(trx, row);
    if ('stop' in decision) return { outcome: 'stopped', value: decision.stop };
    const added = await addCaseEvent(trx, kind, input.id, { key: input.eventKey, status: decision.status, departmentId: decision.departmentId, at: input.at, note: decision.note });
    if (!added) return { outcome: 'recorded', created: false, status: row.status, row };
    await updateCase(trx, kind, input.id, { ...decision.changes, status: decision.status, department_id: decision.departmentId, updated_at: input.at });
    if (decision.mail) {
      await mailCitizen(trx, row.email, {
        eventKey: `${kind.name}:${input.id}:${input.eventKey}`,
        template: decision.mail.template,
        params: { ...decision.mail.params, registrationIndex: row.registration_index ?? undefined, trackingUrl: input.trackingUrl },
      });
    }
    await appendAudit(trx, { actor: input.actor, action: decision.audit.action, entityType: kind.name, entityId: input.id, details: decision.audit.details });
    return { outcome: 'recorded', created: true, status: decision.status, row };
  });
}

/** The day of receipt as the receipt e-mail gives it (Kyiv). */
export const receivedOn = (receivedAt: Date): string => kyivDate(receivedAt);
