// The use cases of incoming correspondence (CMU resolution 55 of 17.01.2018; KMDA instruction
// 1747/2018): receive a document (a clerk's upload, a scanner's hot folder), register it in the
// journal, plan the execution of a head's resolution and control it, file it into its case file,
// register the reply in the outgoing journal, record each hand-over on its route, sign its card,
// and show its card and its route to staff. The rules are pure (registration-date.ts,
// registration-index.ts, resolution.ts); the SQL is in the repositories; this holds each use
// case's transaction, the order of its locks, its audit entries and its process start.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { renderAnswerPdf, ukrainianDate } from '../answer-pdf/index.ts';
import { toZoned, type CalendarData } from '../calendar/index.ts';
import { appendAudit, userActor } from '../audit.ts';
import type { Db, Queryable } from '../db.ts';
import type { EngineClient, EngineTask } from '../engine-client.ts';
import type { FileStore, StagedFile, StoredFile } from '../file-store.ts';
import { takeJournalNumber, type IndexFormatter } from '../nomenclature/journal-repository.ts';
import { Journals } from '../nomenclature/journals.ts';
import { readScan, UnreadableScanError, type OcrOptions, type ScanReading } from '../ocr/index.ts';
import { findScanState, markOcrFailed, replaceDocumentPages } from '../ocr/repository.ts';
import { ProblemError } from '../problem.ts';
import { insertProcessLink } from '../process-start/repository.ts';
import { SignaturePurposes, SystemSeals, type SignCardResult, type SigningService } from '../signing/index.ts';
import { staffFullNames, type StaffUser } from '../staff/repository.ts';
import { ProcessKeys, Variables } from './manifest.ts';
import { formatRegistrationIndex } from './registration-index.ts';
import {
  findDocumentCard, findDocumentReceivedByClaim, findLetterReference, hasDocumentWithFile, insertIncomingDocument,
  insertOutgoingDocument, lockAndFindSameFile, lockDocument, setDocumentStatus, type DocumentCard, type SameFileDocument,
} from './repository.ts';
import {
  departmentOfCaseFile, findRegistration, findRegistrationCaseFile, findReply, insertRegistration, isUniqueViolation,
  listReplies, lockRegistration, ONE_REGISTRATION_PER_JOURNAL, type Registration,
} from './registrations-repository.ts';
import { controlDates, parseExecutorKey, type ControlDates, type ExecutionAssignment, type ExecutorRole } from './resolution.ts';
import {
  findDepartmentExecutor, findFiling, findPersonExecutor, findResolutionAuthor, findResolutionOfProcess, insertFilingOnce,
  insertResolutionOnce, recordAcceptance, removeFromControl, setControlMark, type Filing,
} from './resolutions-repository.ts';
import { departmentNames, departmentsOfUsers, isDocument, recordHandOver, routeHistory, type RouteEntry, type RouteParty } from './route-repository.ts';
import { activeTasksOfDocument, currentSteps, holdersOf, type CurrentStep, type TaskHolder } from './where-now.ts';

const KYIV = 'Europe/Kyiv';

// ---------------------------------------------------------------------------------------------
// Receiving

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
   * A deliberate second copy of the document with the same file (checked under the lock on the
   * hash, lockAndFindSameFile): recorded on the row, and its id in the audit entry.
   */
  duplicateOf?: { documentId: string; reason: string };
}

/**
 * The step every intake shares, in the intake's transaction: the document row, the outbox row that
 * starts its process (registration, card check, OCR) and the audit entry. The scan is committed to
 * the file store before: a crash in between leaves an unreferenced file, never a document without
 * its scan. Exported for the tests that need a document whose scan is not in the store.
 */
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
 * Runs an intake's transaction with the staged scan: `decide` looks under the lock on the hash
 * and either stops (nothing stored) or names the document to record; the file is committed just
 * before the row. The staged temp file is discarded unless committed (a refused duplicate's bytes
 * are the original's stored file, which stays).
 */
async function intakeTransaction<S>(db: Db, files: FileStore, staged: StagedFile,
  decide: (tx: Queryable, same: SameFileDocument | undefined) => Promise<{ stop: S } | { record: (file: StoredFile) => IncomingIntake }>,
): Promise<{ stopped: S } | { received: { id: string; status: string; receivedAt: string } }> {
  let committed = false;
  try {
    return await db.transaction(async (tx) => {
      // CMU 55/2018: one registration per document. Under the lock on the hash (every intake takes
      // it), two identical scans at the same moment are serialised: the second finds the first.
      const same = await lockAndFindSameFile(tx, staged.sha256);
      const decision = await decide(tx, same);
      if ('stop' in decision) return { stopped: decision.stop };
      // The file before the row: a crash in between leaves an unreferenced file (harmless,
      // collectable), never a document without its scan.
      const stored = await files.commit(staged);
      committed = true;
      return { received: await receiveIncomingDocument(tx, decision.record(stored)) };
    });
  } finally {
    if (!committed) await files.discard(staged);
  }
}

/** The 409 answer to a scan already received: names the document, and how to register a second copy on purpose. */
export function duplicateError(existing: SameFileDocument): ProblemError {
  const { id, status, registrationIndex } = existing;
  const index = registrationIndex ?? `not assigned yet (status ${status})`;
  const index_uk = registrationIndex ?? 'ще не присвоєно (документ реєструється)';
  return new ProblemError('duplicate-document', {
    detail: `The same file is already document ${id}, registration index ${index}. To register a second copy on purpose, send metadata.duplicateOf "${id}" with metadata.duplicateReason.`,
    detail_uk: `Такий самий файл уже надійшов: документ ${id}, реєстраційний індекс ${index_uk}. Щоб свідомо зареєструвати другий примірник, передайте metadata.duplicateOf "${id}" і причину в metadata.duplicateReason.`,
    errors: [{ field: 'file', message: `is the file of document ${id}`, message_uk: `це файл документа ${id}` }],
    extensions: { existingDocument: { id, status, registrationIndex } },
  });
}

/**
 * Receives a document a clerk uploaded (the scan staged by the caller, the card checked): the scan,
 * the document, the start of its process and the audit entry, or nothing. A scan with the bytes of
 * a document already received is refused (409 naming it) unless the clerk names that document as
 * the original of a deliberate second copy, with a reason.
 */
export async function receiveUploadedDocument(deps: { db: Db; files: FileStore; starter: { kick(): void } }, input: {
  staged: StagedFile;
  metadata: IncomingMetadata;
  duplicateOf?: { documentId: string; reason: string };
  user: StaffUser;
}): Promise<{ id: string; status: string; receivedAt: string }> {
  const { duplicateOf, user } = input;
  const result = await intakeTransaction<never>(deps.db, deps.files, input.staged, async (tx, same) => {
    if (duplicateOf === undefined) {
      if (same) throw duplicateError(same);
    } else if (!(await hasDocumentWithFile(tx, duplicateOf.documentId, input.staged.sha256))) {
      throw ProblemError.field('validation', 'metadata.duplicateOf', 'is not a document with the same file', 'не є документом з таким самим файлом');
    }
    return {
      record: (file) => ({
        file, metadata: input.metadata, createdBy: user.id, actor: userActor(user.id),
        ...(duplicateOf !== undefined ? { duplicateOf } : {}),
      }),
    };
  });
  if (!('received' in result)) throw new Error('unreachable: an upload is received or refused');
  deps.starter.kick();
  return result.received;
}

/** What the clerk corrects in the card check (check-registration-card): a scanner knows neither. */
export const HOT_FOLDER_CORRESPONDENT = 'Невідомий кореспондент (скан)';
export const HOT_FOLDER_SUMMARY = 'Не заповнено: діловод заповнює під час перевірки картки';
export const HOT_FOLDER_ACTOR = 'system:hot-folder';

export type HotFolderReceipt =
  | { status: 'received'; id: string; created: boolean }
  | { status: 'duplicate'; existing: SameFileDocument };

/**
 * Receives a file a scanner's hot folder took (workers/hot-folder.ts) exactly as an upload: the
 * scan, the document, its process and the audit entry naming the claim. Idempotent per claim: a
 * claim a crashed run already received gets its document back (created false). A file with the
 * bytes of a document already received is reported, and nothing is stored.
 */
export async function receiveHotFolderFile(deps: { db: Db; files: FileStore }, input: {
  staged: StagedFile;
  /** The client's name, made safe to show (workers/hot-folder.ts displayName). */
  fileName: string;
  workstation: string;
  claimId: string;
}): Promise<HotFolderReceipt> {
  const result = await intakeTransaction<HotFolderReceipt>(deps.db, deps.files, input.staged, async (tx, same) => {
    // Under the hash's lock, before the duplicate check: the claim's own document has these bytes.
    const earlier = await findDocumentReceivedByClaim(tx, input.claimId);
    if (earlier) return { stop: { status: 'received', id: earlier, created: false } };
    if (same) return { stop: { status: 'duplicate', existing: same } };
    return {
      record: (file) => ({
        file,
        fileName: input.fileName,
        metadata: { correspondent: HOT_FOLDER_CORRESPONDENT, summary: HOT_FOLDER_SUMMARY },
        createdBy: null,
        actor: HOT_FOLDER_ACTOR,
        auditDetails: { channel: 'hot-folder', workstation: input.workstation, claim: input.claimId },
      }),
    };
  });
  return 'stopped' in result ? result.stopped : { status: 'received', id: result.received.id, created: true };
}

// ---------------------------------------------------------------------------------------------
// Registering

const documentIndex: IndexFormatter = ({ number, caseFileIndex }) => formatRegistrationIndex({ number, caseFileIndex });

export const REGISTERED_BY = 'worker:register-document';
export const REPLY_REGISTERED_BY = 'worker:register-reply';

export interface RegisterDocumentInput {
  documentId: string;
  journalCode: string;
  /** When the registration happens; its Kyiv calendar year selects the numbering. */
  at: Date;
  /**
   * The moment recorded as the registration's, from the document's receipt time: the day of receipt,
   * or the next working day after hours (CMU 55/2018; lib/correspondence/registration-date.ts). When given, its
   * Kyiv year selects the numbering instead of `at`'s.
   */
  registeredAt?: (receivedAt: Date) => Date;
}

export interface RegisterDocumentResult {
  registration: Registration;
  /** False when the document already had a registration in this journal (a retried task). */
  created: boolean;
}

/**
 * Registers the document in the journal, or returns its existing registration there, so a retried
 * task gets the same number back. Undefined when the document does not exist.
 *
 * Everything happens in one transaction (a savepoint when `db` is already a transaction): the
 * journal's yearly counter is incremented with UPDATE ... RETURNING, whose row lock makes concurrent
 * registrations in the same journal wait for each other, and a rollback gives the number back, so
 * the sequence has no gaps (a database sequence would leave one on every rollback).
 */
export async function registerDocument(db: Queryable, input: RegisterDocumentInput): Promise<RegisterDocumentResult | undefined> {
  try {
    return await db.transaction((trx) => registerInTransaction(trx, input));
  } catch (error) {
    // Only reachable when someone registers without first locking the document row (see below);
    // the loser's transaction, number included, is rolled back and the winner's row stands.
    if (isUniqueViolation(error, ONE_REGISTRATION_PER_JOURNAL)) {
      const registration = await findRegistration(db, input.documentId, input.journalCode);
      if (registration) return { registration, created: false };
    }
    throw error;
  }
}

async function registerInTransaction(trx: Queryable, { documentId, journalCode, at, registeredAt: dateOf }: RegisterDocumentInput): Promise<RegisterDocumentResult | undefined> {
  // Locking the document first serialises two registrations of the SAME document (a task delivered
  // twice, or retried while the first attempt still runs): the second waits here, then sees the
  // first one's row below (READ COMMITTED takes a new snapshot per statement). Always document row,
  // then counter row: one lock order, so no deadlocks.
  const document = await lockDocument(trx, documentId);
  if (!document) return undefined;

  const existing = await findRegistration(trx, documentId, journalCode);
  if (existing) return { registration: existing, created: false };

  const registeredAt = dateOf ? dateOf(document.receivedAt) : at;
  const { year, number, caseFileIndex, registrationIndex } = await takeJournalNumber(trx, { format: documentIndex, journalCode, at: registeredAt });
  const registration = await insertRegistration(trx, { documentId, journalCode, year, number, caseFileIndex, registrationIndex, registeredAt });
  await setDocumentStatus(trx, documentId, 'registered', at);

  // Ids and codes only: personal data never goes into the log (Law 2297-VI).
  await appendAudit(trx, {
    actor: REGISTERED_BY,
    action: 'document.registered',
    entityType: 'document',
    entityId: documentId,
    details: { journal: journalCode, year, number },
  });
  return { registration, created: true };
}

// ---------------------------------------------------------------------------------------------
// Reading the scan

export const OCR_ACTOR = 'system:ingest-scan';

export type ReadScanResult =
  | { status: 'document-not-found' }
  /** A retried task: the first attempt's result, nothing read again. */
  | { status: 'done' | 'failed'; created: false; pageCount: number | null }
  | { status: 'done'; created: true; pageCount: number; reading: ScanReading }
  /** The file itself cannot be read (encrypted, damaged): recorded, never retried. */
  | { status: 'failed'; created: true; reason: string };

/**
 * Reads the text of a document's scan, page by page with word positions (lib/ocr: a born-digital
 * PDF's text layer, OCR for scanned pages), with a thumbnail, and stores it once. A scan that can
 * never be read is recorded as failed, so the clerk who checks the card asks for a new one; a
 * technical failure is thrown for a retry. The text is personal data (Law 2297-VI): the audit
 * entry counts pages, never words. `keepWorking` is called around the long read (the worker keeps
 * its task locked) and returns its stop.
 */
export async function readDocumentScan(deps: { db: Db; files: FileStore; ocr: OcrOptions }, input: {
  documentId: string;
  now: () => Date;
  keepWorking?: () => () => void;
}): Promise<ReadScanResult> {
  const { db, files } = deps;
  const { documentId } = input;
  const state = await findScanState(db, documentId);
  if (!state) return { status: 'document-not-found' };
  // A retried or twice-delivered task finds the first attempt's result and does not read again.
  if (state.ocrStatus !== 'pending') return { status: state.ocrStatus, created: false, pageCount: state.pageCount };

  // Should a renewal of the lock fail, the other attempt writes the same pages (replaced, not added).
  const stopKeeping = input.keepWorking?.();
  try {
    const reading = await readScan(files.pathOf(state.fileSha256), deps.ocr);
    const thumbnail = await files.commit(await files.receive(Readable.from([reading.thumbnail])));
    await db.transaction(async (tx) => {
      // The document's row first: two attempts on the same document take turns.
      if (!(await lockDocument(tx, documentId))) throw new Error(`document ${documentId} does not exist`);
      const at = input.now();
      await replaceDocumentPages(tx, { documentId, pages: reading.pages, pageCount: reading.pageCount, thumbnailSha256: thumbnail.sha256, at });
      await appendAudit(tx, {
        actor: OCR_ACTOR, action: 'document.ocr', entityType: 'document', entityId: documentId,
        details: {
          pages: reading.pageCount,
          ocrPages: reading.pages.filter((p) => p.source === 'ocr').length,
          textLayerPages: reading.pages.filter((p) => p.source === 'text-layer').length,
        },
      });
    });
    return { status: 'done', created: true, pageCount: reading.pageCount, reading };
  } catch (error) {
    if (!(error instanceof UnreadableScanError)) throw error; // technical: retried, then an incident
    // The file itself is unreadable, so retries cannot help and an incident would wait for a fix
    // nobody can make: record why, and the clerk, who checks the card against the scan, sees it.
    const reason = `${error.reason}: ${error.message}`;
    await db.transaction(async (tx) => {
      await markOcrFailed(tx, { documentId, reason, at: input.now() });
      await appendAudit(tx, {
        actor: OCR_ACTOR, action: 'document.ocr-failed', entityType: 'document', entityId: documentId,
        details: { reason: reason.slice(0, 200) },
      });
    });
    return { status: 'failed', created: true, reason: error.reason };
  } finally {
    stopKeeping?.();
  }
}

// ---------------------------------------------------------------------------------------------
// The resolution and the control of its execution

export type PlanExecutionResult =
  | { status: 'planned'; assignments: ExecutionAssignment[]; responsible: ExecutionAssignment; dates: ControlDates }
  | { status: 'not-registered' }
  | { status: 'author-not-found' }
  | { status: 'executor-key-malformed'; key: string }
  | { status: 'executor-unknown'; key: string }
  | { status: 'responsible-count'; count: number };

/**
 * After a head's resolution: the executors found (a department, or a person with the department
 * they work in), the term and the internal control date on the legal calendar, the resolution
 * recorded and put on control, and the hand-over to the executors on the route, in one
 * transaction, once per case (a retried task recomputes the same plan and writes nothing again).
 */
export async function planExecution(db: Db, input: {
  documentId: string;
  processInstanceId: string;
  authorId: number;
  executors: Record<string, ExecutorRole>;
  /** YYYY-MM-DD; the default term from registration when absent. */
  term?: string;
  text: string;
  replyNeeded: boolean;
  /** The diagram's activity, for the route. */
  step: string | null;
  at: Date;
  calendar: CalendarData;
}): Promise<PlanExecutionResult> {
  const { documentId, processInstanceId, authorId, executors, at } = input;
  const registration = await findRegistration(db, documentId, Journals.incoming);
  if (!registration) return { status: 'not-registered' };
  const author = await findResolutionAuthor(db, authorId);
  if (!author) return { status: 'author-not-found' };

  const assignments: ExecutionAssignment[] = [];
  for (const [key, role] of Object.entries(executors)) {
    const ref = parseExecutorKey(key);
    if (!ref) return { status: 'executor-key-malformed', key };
    const place = ref.kind === 'department' ? await findDepartmentExecutor(db, ref.code) : await findPersonExecutor(db, ref.username);
    // The API checked departments; a person may have left since: an administrator reassigns.
    if (!place?.candidateGroup) return { status: 'executor-unknown', key };
    assignments.push({
      executor: key,
      candidateGroup: place.candidateGroup,
      departmentCode: place.departmentCode,
      ...(ref.kind === 'user' ? { username: ref.username } : {}),
      responsible: role === 'responsible',
    });
  }
  const responsible = assignments.filter((a) => a.responsible);
  if (responsible.length !== 1) return { status: 'responsible-count', count: responsible.length };

  const dates = controlDates({
    registeredOn: toZoned(registration.registeredAt, KYIV).date,
    ...(input.term !== undefined ? { term: input.term } : {}),
    today: toZoned(at, KYIV).date,
    calendar: input.calendar,
  });

  await db.transaction(async (trx) => {
    const recorded = await insertResolutionOnce(trx, {
      documentId, processInstanceId, authorId,
      text: input.text,
      executors,
      responsibleExecutor: responsible[0]!.executor,
      term: dates.term,
      controlDate: dates.controlDate,
      replyNeeded: input.replyNeeded,
      at,
    });
    if (recorded.created) {
      await appendAudit(trx, {
        actor: userActor(authorId), action: 'resolution.on-control', entityType: 'document', entityId: documentId,
        details: { term: dates.term, controlDate: dates.controlDate, executors: Object.keys(executors).length },
      });
    }
    await recordHandOver(trx, {
      eventKey: `resolution:${processInstanceId}`,
      documentId,
      action: 'resolved',
      step: input.step,
      from: { department: author.departmentCode, user: author.username },
      to: assignments.map((a) => ({ department: a.departmentCode, user: a.username ?? null })),
      byUser: author.username,
      at,
    });
  });
  return { status: 'planned', assignments, responsible: responsible[0]!, dates };
}

/** A control mark the diagram's timers fire (reminder, overdue); the first instant of each is kept. True when new. */
export function markControl(db: Queryable, input: { processInstanceId: string; mark: 'reminder' | 'overdue'; at: Date }): Promise<boolean> {
  return setControlMark(db, input.processInstanceId, input.mark, input.at);
}

export type FileDocumentResult =
  | { status: 'filed'; filing: Filing; created: boolean }
  | { status: 'not-registered' };

/**
 * The controller accepted the execution: the resolution is removed from control and the document
 * filed into the case file it was registered under (CMU 55/2018), its last hand-over (to the
 * department keeping the case file), in one transaction, once per document.
 */
export async function fileDocument(db: Db, input: { documentId: string; processInstanceId: string; reworkCount: number; step: string | null; at: Date }): Promise<FileDocumentResult> {
  const { documentId, processInstanceId, at } = input;
  // The case file the document was registered under: the nomenclature's file of its journal.
  const caseFile = await findRegistrationCaseFile(db, documentId, Journals.incoming);
  if (!caseFile) return { status: 'not-registered' };
  return db.transaction(async (trx) => {
    await removeFromControl(trx, processInstanceId, input.reworkCount, at);
    const filed = await insertFilingOnce(trx, { documentId, caseFileIndex: caseFile.caseFileIndex, filedAt: at, processInstanceId });
    if (filed.created) {
      await setDocumentStatus(trx, documentId, 'filed', at);
      await recordHandOver(trx, {
        eventKey: `filed:${documentId}`,
        documentId,
        action: 'filed',
        step: input.step,
        to: [{ department: caseFile.departmentCode }],
        reason: caseFile.caseFileIndex,
        at,
      });
    }
    return { status: 'filed' as const, ...filed };
  });
}

// ---------------------------------------------------------------------------------------------
// The reply

export type RegisterReplyResult =
  | { status: 'registered'; registration: Registration; incoming: Registration; created: boolean }
  | { status: 'approver-not-found' }
  | { status: 'document-not-found' }
  | { status: 'not-registered' };

/**
 * The reply letter to an incoming document (CMU 55/2018: an outgoing answer is registered in the
 * outgoing journal with a reference to the incoming registration): typeset as a PDF carrying its
 * outgoing index and the incoming one it answers, stored like a scan, made a document of its own
 * and registered in the OUTGOING journal (its own gapless yearly numbers), with the reply's
 * hand-over on the incoming document's route.
 *
 * Idempotent: the incoming registration row is locked first and one reply per incoming
 * registration is kept (a unique index backs it), so a retried task gets the first reply and never
 * a second number. Incoming registration row, then the counter row: one lock order.
 */
export async function registerReply(deps: { db: Db; files: FileStore; publicUrl: string }, input: {
  documentId: string;
  processInstanceId: string;
  approverId: number;
  addressee: string;
  summary: string;
  text: string;
  step: string | null;
  at: Date;
}): Promise<RegisterReplyResult> {
  const { db, files } = deps;
  const { documentId, at } = input;
  const [approverName] = await staffFullNames(db, [input.approverId]);
  if (approverName === undefined) return { status: 'approver-not-found' };
  const letter = await findLetterReference(db, documentId);
  if (!letter) return { status: 'document-not-found' };
  const resolution = await findResolutionOfProcess(db, input.processInstanceId);

  return db.transaction(async (trx): Promise<RegisterReplyResult> => {
    // The incoming registration row first: two attempts of the same task queue here.
    const incoming = await lockRegistration(trx, documentId, Journals.incoming);
    if (!incoming) return { status: 'not-registered' };
    const existing = await findReply(trx, incoming.id);
    if (existing) return { status: 'registered', registration: existing, incoming, created: false };

    // The number first, so the letter carries its own index.
    const taken = await takeJournalNumber(trx, { format: documentIndex, journalCode: Journals.outgoing, at });
    const replyId = randomUUID();
    const theirs = letter.theirNumber ? ` від ${letter.theirDate ?? '—'} № ${letter.theirNumber}` : '';
    const pdf = await renderAnswerPdf({
      verificationId: replyId,
      publicUrl: deps.publicUrl,
      registrationIndex: taken.registrationIndex,
      date: at,
      addressee: { name: input.addressee },
      subject: input.summary,
      body: input.text,
      signatory: { position: 'Керівник', name: approverName },
      inReplyTo: `На Ваш лист${theirs} (вх. № ${incoming.registrationIndex} від ${ukrainianDate(incoming.registeredAt)})`,
    });
    const stored = await files.commit(await files.receive(Readable.from([pdf])));
    await insertOutgoingDocument(trx, { id: replyId, addressee: input.addressee, summary: input.summary, file: stored, createdBy: input.approverId, at });
    const registration = await insertRegistration(trx, {
      documentId: replyId,
      journalCode: Journals.outgoing,
      year: taken.year,
      number: taken.number,
      caseFileIndex: taken.caseFileIndex,
      registrationIndex: taken.registrationIndex,
      registeredAt: at,
      inReplyTo: incoming.id,
    });
    await appendAudit(trx, {
      actor: REPLY_REGISTERED_BY,
      action: 'document.registered',
      entityType: 'document',
      entityId: replyId,
      details: { journal: Journals.outgoing, year: taken.year, number: taken.number, inReplyTo: documentId },
    });
    // The incoming document's route: the reply went out through the general office's outgoing journal.
    const fromDepartment = /^department:(.+)$/.exec(resolution?.responsibleExecutor ?? '')?.[1] ?? null;
    await recordHandOver(trx, {
      eventKey: `reply:${incoming.id}`,
      documentId,
      action: 'replied',
      step: input.step,
      from: { department: fromDepartment },
      to: [{ department: await departmentOfCaseFile(trx, registration.caseFileIndex) }],
      reason: registration.registrationIndex,
      at,
    });
    return { status: 'registered', registration, incoming, created: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Hand-overs of a document's tasks (the claim/complete pipeline, api/routes/tasks.ts)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The document a case's business key names, when the case is a document's (appeals have no document route). */
export async function documentOfBusinessKey(db: Queryable, businessKey: string | null | undefined): Promise<string | undefined> {
  return businessKey && UUID.test(businessKey) && (await isDocument(db, businessKey)) ? businessKey.toLowerCase() : undefined;
}

/** A person claimed a task of the document's case: it went from the department(s) it was offered to, to them. */
export async function recordTaskClaimed(deps: { db: Queryable; engine: EngineClient }, input: { documentId: string; task: EngineTask; user: StaffUser }): Promise<void> {
  const { task, user } = input;
  const [holder] = await holdersOf(deps.engine, deps.db, [task]);
  await recordHandOver(deps.db, {
    eventKey: `task:${task.id}:claimed:${user.username}`, documentId: input.documentId, action: 'claimed', step: task.taskDefinitionKey,
    from: { department: holder?.departments[0] ?? null },
    to: [{ department: user.department?.code ?? null, user: user.username }],
    byUser: user.username,
  });
}

/**
 * A person completed a task of the document's case: it went where the engine put it, the user tasks
 * this completion created (`next`; none when a worker or a parallel branch takes it on).
 * `accepted: false` (and a returned reply draft, `replyApproved: false`) is a return for rework,
 * its `reason` (`replyComment`) why.
 */
export async function recordTaskCompleted(deps: { db: Queryable; engine: EngineClient }, input: {
  documentId: string;
  task: EngineTask;
  next: EngineTask[];
  user: StaffUser;
  variables: Record<string, unknown>;
  at: Date;
}): Promise<void> {
  const { task, user, variables } = input;
  const holders = await holdersOf(deps.engine, deps.db, input.next);
  const users = await departmentsOfUsers(deps.db, holders.map((h) => h.assignee).filter((a): a is string => !!a));
  await recordHandOver(deps.db, {
    eventKey: `task:${task.id}:completed`, documentId: input.documentId, step: task.taskDefinitionKey, at: input.at,
    action: variables.accepted === false || variables.replyApproved === false ? 'returned' : 'completed',
    from: { department: user.department?.code ?? null, user: user.username },
    to: holders.flatMap((h): RouteParty[] => h.assignee
      ? [{ department: users.get(h.assignee) ?? null, user: h.assignee }]
      : h.departments.map((department) => ({ department }))),
    byUser: user.username,
    reason: typeof variables.reason === 'string' ? variables.reason : typeof variables.replyComment === 'string' ? variables.replyComment : null,
  });
}

// ---------------------------------------------------------------------------------------------
// Signatures

export const SEAL_ACTOR = 'system:sign-registration';

/** What is signed on a document: the body's seal on its registration, or a person's signature (DESIGN.md "Signatures"). */
export type SignRequest =
  /** The registration seal over the registration card (РМК) of the incoming registration. */
  | { purpose: 'registration'; documentId: string }
  /** The head signs the card with the case's resolution. */
  | { purpose: 'resolution'; documentId: string; processInstanceId: string; signerId: number }
  /** The controller accepts the execution (recorded first, once) and signs the acceptance. */
  | { purpose: 'approval'; documentId: string; processInstanceId: string; signerId: number; summary: string; reworkCount: number; at: Date }
  /** The approving head signs the reply's own card in the outgoing journal. */
  | { purpose: 'reply'; replyDocumentId: string; signerId: number };

/**
 * Signs a document's card (Law 2155-VIII, CMU 798/2023): XML-DSig over the card with the SHA-256
 * of the scan, and the resolution or acceptance where the purpose has one (lib/signing). One
 * signature per (document, purpose, signer): a retry gets the first one back. The signer of a
 * personal signature is a staff id the API set from the session, never a client's value.
 */
export async function signDocument(deps: { db: Queryable; signing: SigningService }, input: SignRequest): Promise<SignCardResult> {
  const { signing } = deps;
  switch (input.purpose) {
    case 'registration': {
      const seal = SystemSeals.registration;
      return signing.signRegistrationCard({
        documentId: input.documentId, journalCode: Journals.incoming, purpose: SignaturePurposes.registration,
        signer: { kind: 'system', name: seal.name }, signerSeal: seal, actor: SEAL_ACTOR,
      });
    }
    case 'resolution':
      return signing.signRegistrationCard({
        documentId: input.documentId, journalCode: Journals.incoming, purpose: SignaturePurposes.resolution,
        signer: { kind: 'user', userId: input.signerId }, attach: { processInstanceId: input.processInstanceId, with: 'resolution' },
      });
    case 'approval': {
      // CMU 55/2018: the controller accepts the execution and removes it from control; what was
      // accepted (the consolidated summary) is recorded before it is signed.
      const accepted = await recordAcceptance(deps.db, input.processInstanceId, {
        acceptedBy: input.signerId, reworkCount: input.reworkCount, summary: input.summary, at: input.at,
      });
      if (!accepted) return { status: 'no-resolution' };
      return signing.signRegistrationCard({
        documentId: input.documentId, journalCode: Journals.incoming, purpose: SignaturePurposes.approval,
        signer: { kind: 'user', userId: input.signerId }, attach: { processInstanceId: input.processInstanceId, with: 'approval' },
      });
    }
    case 'reply':
      return signing.signRegistrationCard({
        documentId: input.replyDocumentId, journalCode: Journals.outgoing, purpose: SignaturePurposes.reply,
        signer: { kind: 'user', userId: input.signerId },
      });
  }
}

// ---------------------------------------------------------------------------------------------
// What staff see

export interface DocumentView {
  card: DocumentCard;
  steps: CurrentStep[];
  /** False when the engine could not be asked (`steps` is then empty). */
  stepsKnown: boolean;
  replies: Registration[];
}

/** A document's card, where its case is now and its replies, for staff; every view audited (the card carries personal data, Law 2297-VI). */
export async function showDocument(deps: { db: Queryable; engine: EngineClient }, input: { documentId: string; viewer: StaffUser }): Promise<DocumentView> {
  // The engine first, then the card: workers commit to our database before they complete their
  // task, so a card read after the engine is never older than the steps shown beside it.
  const { steps, known } = await currentSteps(deps.engine, deps.db, input.documentId);
  const card = await findDocumentCard(deps.db, input.documentId);
  if (!card) throw new ProblemError('document-not-found');
  const replies = await listReplies(deps.db, card.id);
  await appendAudit(deps.db, { actor: userActor(input.viewer.id), action: 'document.view', entityType: 'document', entityId: card.id });
  return { card, steps, stepsKnown: known, replies };
}

export interface DocumentRouteView {
  history: RouteEntry[];
  now: {
    departments: Array<{ code: string; name: string }>;
    steps: TaskHolder[];
    /** Where it rests once no task holds it: the case file it was filed into. */
    filed?: { caseFileIndex: string; at: string };
  };
}

/** Where a document has been (its hand-overs) and where it is now (the engine's tasks, else its case file); every view audited. */
export async function showDocumentRoute(deps: { db: Queryable; engine: EngineClient }, input: { documentId: string; viewer: StaffUser }): Promise<DocumentRouteView> {
  const { db, engine } = deps;
  const { documentId } = input;
  // The engine first: a hand-over is recorded before the engine moves on, so history read after
  // the engine's state is never older than it.
  const holders = await holdersOf(engine, db, await activeTasksOfDocument(engine, documentId));
  if (!(await isDocument(db, documentId))) throw new ProblemError('document-not-found');
  const history = await routeHistory(db, documentId);
  const filing = await findFiling(db, documentId);
  const codes = [...new Set(holders.flatMap((h) => h.departments))];
  if (holders.length === 0 && filing?.department) codes.push(filing.department);
  const nameOf = await departmentNames(db, codes);
  await appendAudit(db, { actor: userActor(input.viewer.id), action: 'document.route.view', entityType: 'document', entityId: documentId });
  return {
    history,
    now: {
      departments: codes.map((code) => ({ code, name: nameOf.get(code) ?? code })),
      steps: holders,
      ...(filing && holders.length === 0 ? { filed: { caseFileIndex: filing.caseFileIndex, at: new Date(filing.filedAt).toISOString() } } : {}),
    },
  };
}
