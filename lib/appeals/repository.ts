// Citizens' appeals (Law 393/96-ВР) and their timeline. The appeal row holds personal data (Law
// 2297-VI): read it only for the check and for staff whose task needs it; the tracking view built
// here carries none of it, only statuses, departments, dates and the answer.
import type { Queryable } from '../db.ts';
import {
  describeOutcome, formatAppealIndex, statusNames,
  type AnswerResult, type AppealChannel, type AppealOutcome, type AppealStatus, type AppealType, type CheckOutcome, type CheckReason,
  type PriorityCategory,
} from './index.ts';
import type { Tx } from '../db.ts';
import { InvalidMessageError, enqueueMessage, type OutgoingMessage } from '../notifications/index.ts';
import { appendAudit } from '../audit.ts';
import { takeJournalNumber } from '../correspondence/registrations-repository.ts';
import { kyivDate, type Deadline } from '../calendar/index.ts';

export const APPEALS_JOURNAL = 'appeals';
export const REGISTERED_BY = 'worker:register-appeal';
export const CHECKED_BY = 'worker:check-appeal';

/** Departments by role in the flow (codes of the foundation migration). */
export const AppealDepartments = {
  /** Загальний відділ (канцелярія): receives and registers. */
  records: '01',
  /** Керівництво: considers and resolves (Art. 7, 14). */
  management: '02',
} as const;

export interface NewAppeal {
  trackingCodeHash: string;
  channel: AppealChannel;
  type: AppealType;
  collective: boolean;
  signed: boolean;
  surname?: string;
  name?: string;
  patronymic?: string;
  address?: string;
  email?: string;
  phone?: string;
  text: string;
  letterDate?: string;
  complaintDecisionDate?: string;
  complaintLearnedDate?: string;
  priorityCategory?: PriorityCategory;
  consentAt?: Date;
  createdBy?: number;
}

export interface AppealForCheck {
  id: string;
  channel: AppealChannel;
  type: AppealType;
  signed: boolean;
  surname: string | null;
  name: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
  text: string;
  letterDate: string | null;
  complaintDecisionDate: string | null;
  complaintLearnedDate: string | null;
  /** Kyiv date of receipt. */
  receivedDate: string;
  checkOutcome: CheckOutcome | null;
  checkReasons: CheckReason[] | null;
}

async function departmentId(q: Queryable, code: string): Promise<number | null> {
  const row = await q('departments').where({ code }).first('id');
  return (row?.id as number | undefined) ?? null;
}

/** Appends a timeline entry unless this event is already recorded (a retried task). True when added. */
async function addEvent(q: Queryable, appealId: string, event: { key: string; status: AppealStatus; departmentId: number | null; note?: string; at?: Date }): Promise<boolean> {
  const rows = await q('appeal_events')
    .insert({
      appeal_id: appealId,
      event_key: event.key,
      status: event.status,
      department_id: event.departmentId,
      note: event.note ?? null,
      ...(event.at ? { at: event.at } : {}),
    })
    .onConflict(['appeal_id', 'event_key'])
    .ignore()
    .returning('id');
  return rows.length > 0;
}

/**
 * Queues the e-mail announcing a step in the step's transaction (lib/notifications), when the
 * author gave an address. An address the mailer would never accept does not hold the case back:
 * the step stands without its e-mail. The key names the appeal and the step, never a person.
 */
async function mailAuthor(trx: Tx, email: string | null, message: Omit<OutgoingMessage, 'to'>): Promise<boolean> {
  if (!email) return false;
  try {
    return await enqueueMessage(trx, { ...message, to: email });
  } catch (err) {
    if (err instanceof InvalidMessageError) return false;
    throw err;
  }
}

/** Stores a received appeal with its first timeline entry (status Отримано, at the records office). */
export async function insertAppeal(q: Queryable, appeal: NewAppeal): Promise<{ id: string; receivedAt: Date }> {
  const records = await departmentId(q, AppealDepartments.records);
  const [row] = await q('appeals')
    .insert({
      tracking_code_hash: appeal.trackingCodeHash,
      channel: appeal.channel,
      type: appeal.type,
      collective: appeal.collective,
      signed: appeal.signed,
      surname: appeal.surname ?? null,
      name: appeal.name ?? null,
      patronymic: appeal.patronymic ?? null,
      address: appeal.address ?? null,
      email: appeal.email ?? null,
      phone: appeal.phone ?? null,
      text: appeal.text,
      letter_date: appeal.letterDate ?? null,
      complaint_decision_date: appeal.complaintDecisionDate ?? null,
      complaint_learned_date: appeal.complaintLearnedDate ?? null,
      priority_category: appeal.priorityCategory ?? null,
      consent_at: appeal.consentAt ?? null,
      status: 'received',
      department_id: records,
      created_by: appeal.createdBy ?? null,
    })
    .returning(['id', 'received_at']);
  await addEvent(q, row.id, { key: 'received', status: 'received', departmentId: records, at: row.received_at });
  return { id: row.id as string, receivedAt: row.received_at as Date };
}

export interface AppealRegistration {
  registrationIndex: string;
  registrationNumber: number;
  journalCode: string;
  year: number;
  created: boolean;
}

/**
 * Registers the appeal in the appeals journal (CMU 348: letter index and a gapless number within the
 * year), or returns its existing registration, so a retried task gets the same index back. Stores
 * the legal term when the process already computed it. Undefined when the appeal does not exist.
 */
export async function registerAppeal(db: Queryable, input: {
  appealId: string;
  at: Date;
  dueDate?: string;
  /** The term as lib/calendar computed it: the one shape stored (lib/calendar/stored-term.ts). */
  dueExplanation?: Deadline;
  /** The portal's tracking page, for the e-mail (without the code: only its hash is stored). */
  trackingUrl?: string;
}): Promise<AppealRegistration | undefined> {
  return db.transaction(async (trx) => {
    // The appeal row first, then the counter row (inside takeJournalNumber): one lock order, and a
    // second delivery of the same task waits here and then finds the first one's index.
    const appeal = await trx('appeals').where({ id: input.appealId }).forUpdate()
      .first('surname', 'collective', 'signed', 'email', 'registration_index', 'registration_number', 'registration_year', 'journal_code');
    if (!appeal) return undefined;
    if (appeal.registration_index) {
      return {
        registrationIndex: appeal.registration_index,
        registrationNumber: appeal.registration_number,
        journalCode: appeal.journal_code,
        year: appeal.registration_year,
        created: false,
      };
    }
    const taken = await takeJournalNumber(trx, {
      journalCode: APPEALS_JOURNAL,
      at: input.at,
      format: ({ number }) => formatAppealIndex({ number, surname: appeal.surname, collective: appeal.collective, signed: appeal.signed }),
    });
    const records = await departmentId(trx, AppealDepartments.records);
    await trx('appeals').where({ id: input.appealId }).update({
      journal_code: taken.journalCode,
      registration_year: taken.year,
      registration_number: taken.number,
      registration_index: taken.registrationIndex,
      case_file_index: taken.caseFileIndex,
      registered_at: input.at,
      status: 'registered',
      department_id: records,
      due_date: input.dueDate ?? null,
      due_explanation: input.dueExplanation ? JSON.stringify(input.dueExplanation) : null,
      updated_at: input.at,
    });
    await addEvent(trx, input.appealId, { key: 'registered', status: 'registered', departmentId: records, at: input.at, note: `Реєстраційний індекс ${taken.registrationIndex}` });
    // CMU 348: the author learns the incoming number; Art. 20: and the term.
    await mailAuthor(trx, appeal.email, {
      eventKey: `appeal:${input.appealId}:registered`,
      template: 'appeal-registered',
      params: { registrationIndex: taken.registrationIndex, registeredOn: kyivDate(input.at), dueOn: input.dueDate, trackingUrl: input.trackingUrl },
    });
    // Ids and codes only: personal data never goes into the log (Law 2297-VI).
    await appendAudit(trx, {
      actor: REGISTERED_BY, action: 'appeal.registered', entityType: 'appeal', entityId: input.appealId,
      details: { journal: taken.journalCode, year: taken.year, number: taken.number },
    });
    return { registrationIndex: taken.registrationIndex, registrationNumber: taken.number, journalCode: taken.journalCode, year: taken.year, created: true };
  });
}

const kyivDateSql = (column: string) => `to_char(${column} AT TIME ZONE 'Europe/Kyiv', 'YYYY-MM-DD')`;

export async function findAppealForCheck(q: Queryable, id: string): Promise<AppealForCheck | undefined> {
  // Dates as text: node-pg would turn a DATE into a local-midnight Date and shift it.
  const { rows } = await q.raw(`
    SELECT id, channel, type, signed, surname, name, address, email, phone, text,
           to_char(letter_date, 'YYYY-MM-DD') AS letter_date,
           to_char(complaint_decision_date, 'YYYY-MM-DD') AS complaint_decision_date,
           to_char(complaint_learned_date, 'YYYY-MM-DD') AS complaint_learned_date,
           ${kyivDateSql('received_at')} AS received_date, check_outcome, check_reasons
      FROM appeals WHERE id = ?`, [id]);
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id, channel: r.channel, type: r.type, signed: r.signed, surname: r.surname, name: r.name, address: r.address,
    email: r.email, phone: r.phone, text: r.text, letterDate: r.letter_date, complaintDecisionDate: r.complaint_decision_date,
    complaintLearnedDate: r.complaint_learned_date, receivedDate: r.received_date,
    checkOutcome: r.check_outcome, checkReasons: r.check_reasons,
  };
}

/**
 * An earlier appeal of the same author (same surname, name and place of residence, case and spacing
 * ignored) that was answered on its merits: the candidate of a repeat appeal (Art. 8 p.2).
 */
export async function findEarlierDecidedAppeal(q: Queryable, appeal: Pick<AppealForCheck, 'id' | 'surname' | 'name' | 'address'>): Promise<string | undefined> {
  if (!appeal.surname || !appeal.name || !appeal.address) return undefined;
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  const { rows } = await q.raw(`
    SELECT id FROM appeals
     WHERE id <> ? AND status = 'answered'
       AND lower(surname) = ? AND lower(name) = ?
       AND lower(regexp_replace(btrim(address), '\\s+', ' ', 'g')) = ?
     ORDER BY received_at DESC LIMIT 1`, [appeal.id, norm(appeal.surname), norm(appeal.name), norm(appeal.address)]);
  return rows[0]?.id as string | undefined;
}

/** What each check outcome means for the citizen: the status, and who holds the case. */
const afterCheck: Record<CheckOutcome, { status: AppealStatus; department: string }> = {
  'ok': { status: 'under-consideration', department: AppealDepartments.management },
  'repeat': { status: 'under-consideration', department: AppealDepartments.management },
  'incomplete': { status: 'clarification-needed', department: AppealDepartments.records },
  'anonymous': { status: 'not-considered', department: AppealDepartments.records },
  'complaint-late': { status: 'not-considered', department: AppealDepartments.records },
};

/**
 * Records the outcome of the Art. 5 / Art. 8 check, once: when an outcome is already stored (a
 * retried task), that one is returned and nothing changes.
 */
export async function recordAppealCheck(db: Queryable, input: {
  appealId: string;
  outcome: CheckOutcome;
  reasons: CheckReason[];
  repeatOf?: string;
  at: Date;
  trackingUrl?: string;
}): Promise<{ outcome: CheckOutcome; created: boolean } | undefined> {
  return db.transaction(async (trx) => {
    const appeal = await trx('appeals').where({ id: input.appealId }).forUpdate().first('check_outcome', 'email', 'registration_index');
    if (!appeal) return undefined;
    if (appeal.check_outcome) return { outcome: appeal.check_outcome as CheckOutcome, created: false };
    const next = afterCheck[input.outcome];
    const department = await departmentId(trx, next.department);
    const final = next.status === 'not-considered';
    await trx('appeals').where({ id: input.appealId }).update({
      check_outcome: input.outcome,
      check_reasons: JSON.stringify(input.reasons),
      repeat_of: input.repeatOf ?? null,
      status: next.status,
      department_id: department,
      // The ground is the result the citizen is told (Art. 8); later steps record answers.
      ...(final ? { result: JSON.stringify({ kind: 'not-considered', reasons: input.reasons }) } : {}),
      updated_at: input.at,
    });
    const note = input.outcome === 'ok' || input.outcome === 'repeat'
      ? 'Звернення передано на розгляд'
      : input.reasons.map((r) => `${r.text_uk} (${r.article} Закону України «Про звернення громадян»)`).join('; ');
    await addEvent(trx, input.appealId, { key: 'checked', status: next.status, departmentId: department, at: input.at, note });
    // Passing the check is no news to the author (the registration e-mail said it will be
    // considered); being returned (Art. 5) or not considered (Art. 8) is.
    if (next.status !== 'under-consideration') {
      const common = { registrationIndex: appeal.registration_index ?? undefined, trackingUrl: input.trackingUrl };
      await mailAuthor(trx, appeal.email, next.status === 'clarification-needed'
        ? { eventKey: `appeal:${input.appealId}:checked`, template: 'clarification-needed', params: { ...common, details: clip(note, 500) } }
        : { eventKey: `appeal:${input.appealId}:checked`, template: 'appeal-not-considered', params: { ...common, reason: clip(note, 500) } });
    }
    await appendAudit(trx, {
      actor: CHECKED_BY, action: 'appeal.checked', entityType: 'appeal', entityId: input.appealId,
      details: { outcome: input.outcome, reasons: input.reasons.map((r) => r.code).join(',') },
    });
    return { outcome: input.outcome, created: true };
  });
}

export interface TrackingView {
  status: AppealStatus;
  statusText: string;
  type: AppealType;
  registrationIndex: string | null;
  receivedAt: string;
  registeredAt: string | null;
  department: { code: string; name: string } | null;
  dueDate: string | null;
  dueExplanation: unknown;
  timeline: Array<{ at: string; status: AppealStatus; statusText: string; department: { code: string; name: string } | null; note: string | null }>;
  result: unknown;
}

/** What the citizen holding the tracking code sees; no personal data, no staff names. */
export async function findTrackingView(q: Queryable, trackingCodeHash: string): Promise<TrackingView | undefined> {
  const { rows } = await q.raw(`
    SELECT a.id, a.status, a.type, a.registration_index, a.received_at, a.registered_at,
           to_char(a.due_date, 'YYYY-MM-DD') AS due_date, a.due_explanation, a.result,
           d.code AS department_code, d.name_uk AS department_name
      FROM appeals a LEFT JOIN departments d ON d.id = a.department_id
     WHERE a.tracking_code_hash = ?`, [trackingCodeHash]);
  const a = rows[0];
  if (!a) return undefined;
  const events = await q('appeal_events as e')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .where('e.appeal_id', a.id)
    .orderBy([{ column: 'e.at', order: 'asc' }, { column: 'e.id', order: 'asc' }])
    .select('e.at', 'e.status', 'e.note', 'd.code as department_code', 'd.name_uk as department_name');
  const dept = (code: string | null, name: string | null) => (code ? { code, name: name ?? code } : null);
  return {
    status: a.status,
    statusText: statusNames[a.status as AppealStatus],
    type: a.type,
    registrationIndex: a.registration_index,
    receivedAt: (a.received_at as Date).toISOString(),
    registeredAt: a.registered_at ? (a.registered_at as Date).toISOString() : null,
    department: dept(a.department_code, a.department_name),
    dueDate: a.due_date,
    dueExplanation: a.due_explanation ?? null,
    timeline: events.map((e) => ({
      at: (e.at as Date).toISOString(),
      status: e.status as AppealStatus,
      statusText: statusNames[e.status as AppealStatus],
      department: dept(e.department_code, e.department_name),
      note: e.note ?? null,
    })),
    result: a.result ?? null,
  };
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

// --- From the heads' consideration to closure ---------------------------------------------------

export const RECORDED_BY = 'worker:record-appeal-outcome';

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
export async function recordAppealStep(db: Queryable, input: {
  appealId: string;
  /** Unique per step of the process, e.g. `<activity>:<external task id>`. */
  eventKey: string;
  step: AppealStep;
  at: Date;
  trackingUrl?: string;
}): Promise<RecordStepResult> {
  return db.transaction(async (trx): Promise<RecordStepResult> => {
    const appeal = await trx('appeals').where({ id: input.appealId }).forUpdate()
      .first('status', 'email', 'registration_index', 'department_id', 'due_date');
    if (!appeal) return { status: 'appeal-not-found' };
    const { step } = input;

    let outcome: AppealOutcome;
    let departmentIdNow: number | null = appeal.department_id ?? null;
    const changes: Record<string, unknown> = {};
    if (step.kind === 'under-consideration') {
      const department = await trx('departments').where({ code: step.departmentCode }).first('id', 'name_uk');
      if (!department) return { status: 'department-not-found' };
      departmentIdNow = department.id;
      outcome = { kind: 'under-consideration', departmentName: department.name_uk, dueDate: step.dueDate ?? null };
      if (step.dueDate) {
        changes.due_date = step.dueDate;
        // A new date never keeps the explanation of the old one.
        changes.due_explanation = step.dueExplanation ? JSON.stringify(step.dueExplanation) : null;
      }
    } else if (step.kind === 'forwarded') {
      departmentIdNow = await departmentId(trx, AppealDepartments.records);
      outcome = step;
    } else if (step.kind === 'term-extended') {
      outcome = step;
      changes.due_date = step.newDueDate;
      changes.due_explanation = JSON.stringify(step.dueExplanation);
    } else if (step.kind === 'answered') {
      const answer = await findAppealAnswer(trx, input.appealId);
      if (!answer) return { status: 'answer-not-signed' };
      outcome = { kind: 'answered', result: answer.result, text: answer.text, refusalGround: answer.refusalGround, signedAt: answer.signedAt.toISOString() };
    } else {
      outcome = step;
    }
    const record = describeOutcome(outcome);

    const added = await addEvent(trx, input.appealId, { key: input.eventKey, status: record.status, departmentId: departmentIdNow, at: input.at, note: record.note });
    if (!added) return { status: 'recorded', created: false, appealStatus: appeal.status };
    await trx('appeals').where({ id: input.appealId }).update({
      ...changes,
      status: record.status,
      department_id: departmentIdNow,
      ...(record.result ? { result: JSON.stringify(record.result) } : {}),
      updated_at: input.at,
    });
    await mailAuthor(trx, appeal.email, {
      eventKey: `appeal:${input.appealId}:${input.eventKey}`,
      template: record.mail.template,
      params: { ...record.mail.params, registrationIndex: appeal.registration_index ?? undefined, trackingUrl: input.trackingUrl },
    });
    await appendAudit(trx, {
      actor: RECORDED_BY, action: `appeal.${step.kind}`, entityType: 'appeal', entityId: input.appealId,
      details: { status: record.status, event: input.eventKey },
    });
    return { status: 'recorded', created: true, appealStatus: record.status };
  });
}

export interface StoredAppealAnswer {
  appealId: string;
  result: AnswerResult;
  text: string;
  refusalGround: string | null;
  signerUserId: number;
  certificateSerial: string;
  signedXml: string;
  signedAt: Date;
}

function toAnswer(row: Record<string, unknown>): StoredAppealAnswer {
  return {
    appealId: row.appeal_id as string,
    result: row.result as AnswerResult,
    text: row.text as string,
    refusalGround: (row.refusal_ground as string | null) ?? null,
    signerUserId: row.signer_user_id as number,
    certificateSerial: row.certificate_serial as string,
    signedXml: row.signed_xml as string,
    signedAt: row.signed_at as Date,
  };
}

export async function findAppealAnswer(q: Queryable, appealId: string): Promise<StoredAppealAnswer | undefined> {
  const row = await q('appeal_answers').where({ appeal_id: appealId }).first();
  return row ? toAnswer(row) : undefined;
}

/** The signed answer, once per appeal: a second insert returns the first. */
export async function insertAppealAnswerOnce(q: Queryable, answer: StoredAppealAnswer): Promise<StoredAppealAnswer> {
  const rows = await q('appeal_answers')
    .insert({
      appeal_id: answer.appealId,
      result: answer.result,
      text: answer.text,
      refusal_ground: answer.refusalGround,
      signer_user_id: answer.signerUserId,
      certificate_serial: answer.certificateSerial,
      signed_xml: answer.signedXml,
      signed_at: answer.signedAt,
    })
    .onConflict('appeal_id')
    .ignore()
    .returning('*');
  if (rows[0]) return toAnswer(rows[0]);
  return (await findAppealAnswer(q, answer.appealId))!;
}
