// The use cases of the answer package of a public-information request (Law 2939-VI): the draft
// assembled from the departments' parts, the masks of personal data proposed by lib/masking and
// reviewed by a lawyer (Art. 6 p.7: restricted parts of a document are masked, the rest is given;
// Law 2297-VI), the answer signed with the signer's personal certificate as an embedded PDF
// signature (Law 2155-VIII), the public register entry, and what staff and the public may read of
// them. Access first, then the rules (lib/info-requests/masks.ts, pure), then the repositories
// (lib/info-requests/answers-repository.ts and repository.ts), which hold the SQL; each change and
// each view of personal data is audited in the transaction that makes it.
//
// Called by the request process's workers, so every step is idempotent: a retried task finds the
// result of the first attempt. Signing refuses an answer whose masks were not reviewed, so an answer
// is never sent unmasked because an earlier step failed or was skipped.
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Db, Queryable } from '../db.ts';
import type { EngineClient } from '../engine-client.ts';
import type { FileStore } from '../file-store.ts';
import { renderAnswerPdf, signPdf, type ScannedPage } from '../answer-pdf/index.ts';
import { compactVerifyCode, verifyCodeKey } from '../answer-pdf/verify-code.ts';
import { ukrainianDate } from '../appeals/outcomes.ts';
import { appendAudit, userActor } from '../audit.ts';
import { kyivDate } from '../calendar/index.ts';
import { formatRegistrationIndex } from '../correspondence/registration-index.ts';
import { maskMark } from '../masking/index.ts';
import { takeJournalNumber } from '../nomenclature/journal-repository.ts';
import { Journals } from '../nomenclature/journals.ts';
import { findScanState, listDocumentPages } from '../ocr/repository.ts';
import { ProblemError } from '../problem.ts';
import { buildTsQuery, parseSearchQuery } from '../search/index.ts';
import { findCertificateBySerial } from '../signing/certificates-repository.ts';
import { checkSignerCertificate } from '../signing/certificates.ts';
import type { SigningService } from '../signing/index.ts';
import { userPkcs12 } from '../signing/p12.ts';
import { staffFullNames, type StaffUser } from '../staff/repository.ts';
import {
  countInfoAnswerMasks, deleteInfoAnswerMasks, findInfoAnswer, findInfoAnswerMaskIds, findInfoAnswerOfRound, findInfoAnswerRequestId,
  findPdfByVerifyId, findPublicPdfForRegister, findRegisterRow, findSignedInfoAnswerPdf, insertInfoAnswer, insertInfoAnswerMasks,
  insertInfoRegisterEntry, insertSignedInfoAnswerPdf, isInfoAnswerPublished, isInfoAnswerSigned, isUuid, keepProposedInfoAnswerMasks,
  listInfoAnswerMasks, listInfoAnswersOfRequest, listInfoRegister, listPdfsByVerifyKey, lockInfoAnswerRound, markInfoAnswerMasksProposed,
  markInfoAnswerReviewed, clearInfoAnswerReview, removeInfoAnswerMasks, replaceInfoAnswerDraft,
  type InfoAnswerRow, type NewMaskRow, type RegisterRow, type SignedPdfRow,
} from './answers-repository.ts';
import { UserTasks } from './manifest.ts';
import {
  lawyerMask, maskedText, pageRects, proposeMasks, MaskInputError,
  type DocumentWords, type LawyerMask, type MaskTarget, type PageBounds,
} from './masks.ts';
import { scanPageImages } from './page-images.ts';
import { findInfoRequestForAnswer, listBranchDrafts, lockAnswerRegistration, storeAnswerRegistration, storeAnswerVerifyId } from './repository.ts';

export type { LawyerMask } from './masks.ts';
export type { SignedPdfRow } from './answers-repository.ts';

export type InfoAnswerErrorCode =
  | 'answer-not-found' | 'document-not-found' | 'scan-not-read' | 'masks-not-proposed' | 'masks-not-reviewed'
  | 'answer-signed' | 'answer-not-signed' | 'invalid-mask' | 'invalid-result';

/** A refusal the caller can act on (a worker maps it to a BPMN error or an incident, the API to a problem). */
export class InfoAnswerError extends Error {
  override name = 'InfoAnswerError';
  constructor(readonly code: InfoAnswerErrorCode, message: string, readonly field?: string) {
    super(message);
  }
}

/** What the register says an answered request ended with. */
export const InfoAnswerResults = ['provided', 'partly-provided', 'refused', 'forwarded'] as const;
export type InfoAnswerResult = (typeof InfoAnswerResults)[number];

/**
 * The position printed under the signature when the caller gives none: the person responsible for
 * access to public information (Law 2939-VI Art. 14 p.1 item 4 obliges the holder to appoint one).
 */
export const DEFAULT_SIGNER_POSITION = 'Уповноважена особа з питань доступу до публічної інформації';
export const ANSWER_SUBJECT_DEFAULT = 'Про надання публічної інформації';

/**
 * Who reviews masks and may open originals: lawyers (role `lawyer`, candidate group `lawyers`) and
 * administrators. Personal data is shown only to staff whose task needs it (Law 2297-VI Art. 10).
 */
export const INFO_ANSWER_STAFF = ['lawyer', 'admin'] as const;
/** The signed letter also goes to the public-information officer who sends it. */
export const INFO_ANSWER_SENDERS = ['lawyer', 'info-officer', 'admin'] as const;
/**
 * A clerk who posts a paper answer (user task post-info-answer) gets the letter, and the list to find
 * it, only while that task of the request is theirs or offered to their group (Law 2297-VI Art. 10).
 */
export const INFO_ANSWER_POSTERS = ['clerk'] as const;

/** The engine's open tasks, which say whether a clerk is posting this answer now. */
export type PostingTasks = Pick<EngineClient, 'queryTasks'>;

/** Staff of `roles` pass; a poster only with an open posting task of the request (unknown: refused alike). */
async function requireRoleOrPostingTask(engine: PostingTasks, user: StaffUser, roles: readonly string[], requestId: string | undefined): Promise<void> {
  if (roles.some((role) => user.roles.includes(role))) return;
  const post = UserTasks.postInfoAnswer;
  const tasks = requestId
    ? await engine.queryTasks({ processInstanceBusinessKey: requestId, taskDefinitionKey: post.id, active: true })
    : [];
  const mine = tasks.some((t) => t.assignee === user.username || (t.assignee === null && user.groups.some((g) => (post.candidateGroups as readonly string[]).includes(g))));
  if (!mine) {
    throw new ProblemError('forbidden', {
      detail: 'Only while a task of posting this answer is yours or offered to your group',
      detail_uk: 'Лише поки завдання надіслати цю відповідь поштою призначене вам або вашій групі',
    });
  }
}

async function answerRow(q: Queryable, answerId: string, lock = false): Promise<InfoAnswerRow> {
  const row = await findInfoAnswer(q, answerId, { lock });
  if (!row) throw new InfoAnswerError('answer-not-found', `no answer ${answerId}`);
  return row;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// ---- The process's steps ------------------------------------------------------------------

/**
 * The executor's draft: text and the registered documents whose scans go with the answer. Idempotent
 * by (requestId, round): the same draft again returns the same answer; a changed draft before signing
 * replaces the text and documents and drops the masks (they were measured on the old ones).
 */
export async function draftInfoAnswer(db: Db, input: { requestId: string; round: number; text: string; documentIds: readonly string[]; actor: string }): Promise<{ answerId: string }> {
  const documentIds = [...new Set(input.documentIds)];
  if (!isUuid(input.requestId)) throw new InfoAnswerError('answer-not-found', 'requestId must be a uuid');
  return db.transaction(async (trx) => {
    for (const id of documentIds) {
      if (!isUuid(id) || !(await findScanState(trx, id))) throw new InfoAnswerError('document-not-found', `no document ${id}`, 'documentIds');
    }
    await lockInfoAnswerRound(trx, input.requestId, input.round);
    const existing = await findInfoAnswerOfRound(trx, input.requestId, input.round);
    if (existing) {
      if (existing.text === input.text && sameIds(existing.documentIds, documentIds)) return { answerId: existing.id };
      if (await isInfoAnswerSigned(trx, existing.id)) throw new InfoAnswerError('answer-signed', 'the answer of this round is signed; draft a new round');
      await deleteInfoAnswerMasks(trx, existing.id);
      await replaceInfoAnswerDraft(trx, existing.id, { text: input.text, documentIds });
      await appendAudit(trx, { actor: input.actor, action: 'info-answer.redrafted', entityType: 'info-answer', entityId: existing.id, details: { documents: documentIds.length } });
      return { answerId: existing.id };
    }
    const answerId = await insertInfoAnswer(trx, { requestId: input.requestId, round: input.round, text: input.text, documentIds, createdBy: input.actor });
    await appendAudit(trx, { actor: input.actor, action: 'info-answer.drafted', entityType: 'info-answer', entityId: answerId, details: { round: input.round, documents: documentIds.length } });
    return { answerId };
  });
}

type PageSize = { width: number; height: number; dpi: number | null };

/** The OCR words of the answer's documents; refuses while a scan is unread (nothing could be masked on it). */
async function documentWords(q: Queryable, documentIds: readonly string[]): Promise<Array<DocumentWords & { sizes: Map<number, PageSize> }>> {
  const out: Array<DocumentWords & { sizes: Map<number, PageSize> }> = [];
  for (const documentId of documentIds) {
    const doc = await findScanState(q, documentId);
    if (!doc) throw new InfoAnswerError('document-not-found', `no document ${documentId}`);
    if (doc.ocrStatus !== 'done') {
      throw new InfoAnswerError('scan-not-read', `the scan of document ${documentId} is ${doc.ocrStatus === 'failed' ? 'unreadable' : 'not read yet'}: its personal data cannot be found`);
    }
    const pages = await listDocumentPages(q, documentId);
    out.push({
      documentId,
      pages: pages.map((p) => ({ pageNo: p.pageNo, words: p.words })),
      sizes: new Map(pages.map((p) => [p.pageNo, { width: p.width, height: p.height, dpi: p.dpi }])),
    });
  }
  return out;
}

/**
 * Detects personal data in the answer's text and in the OCR words of its scans and stores the masks
 * as proposed. Idempotent: once proposed, the stored proposal is returned untouched (a lawyer may
 * already be reviewing it).
 */
export async function proposeInfoAnswerMasks(db: Db, answerId: string, options: {
  publicNames?: readonly string[];
  publicValues?: readonly string[];
  /** Whose names `publicNames` are (staff ids), for the audit entry: who was kept public, by id. */
  publicStaffIds?: readonly number[];
} = {}): Promise<{ spans: number }> {
  return db.transaction(async (trx) => {
    const answer = await answerRow(trx, answerId, true);
    if (answer.masksProposedAt) return { spans: await countInfoAnswerMasks(trx, answerId, { origin: 'detected' }) };
    const documents = await documentWords(trx, answer.documentIds);
    const proposed = proposeMasks(answer.text, documents, { publicNames: options.publicNames ?? [], publicValues: options.publicValues ?? [] });
    await insertInfoAnswerMasks(trx, proposed.map((mask): NewMaskRow => ({ answerId, origin: 'detected', mask, createdBy: 'system:masking' })));
    await markInfoAnswerMasksProposed(trx, answerId);
    await appendAudit(trx, {
      actor: 'system:masking', action: 'info-answer.masks-proposed', entityType: 'info-answer', entityId: answerId,
      details: {
        text: proposed.filter((m) => m.target === 'text').length, page: proposed.filter((m) => m.target === 'page').length,
        ...(options.publicStaffIds ? { publicStaffIds: options.publicStaffIds.join(',') } : {}),
      },
    });
    return { spans: proposed.length };
  });
}

/**
 * The staff acting in the answer as the process knows them at this step: the executors who drafted
 * the round's parts (info_request_branches.drafted_by) and those the process names (the information
 * officer who triaged the request, the one who confirmed the copying fee, the head who returned an
 * earlier round and will approve and sign this one). Only they keep their names public (Law 2297-VI
 * Art. 5 p.2: an official's data about their duties).
 */
export function actingStaffIds(processStaffIds: readonly number[], draftedBy: ReadonlyArray<number | null>): number[] {
  return [...new Set([...draftedBy.filter((v): v is number => v !== null), ...processStaffIds])].sort((a, b) => a - b);
}

export type AssembleInfoAnswerResult =
  | { status: 'no-drafts' }
  | { status: 'proposed'; answerId: string; parts: number; documents: number; spans: number; publicStaffIds: number[] };

/**
 * Assembles the answer of a round from the departments' parts (one department: its text as it is;
 * several: each part under the department's name, Art. 14) and has personal data looked for in it.
 * A third party who shares a name with any of the body's other staff is a private person here and
 * is masked like anyone else. Both steps are idempotent by request and round, so a retried task
 * finds the first draft and proposal.
 */
export async function assembleInfoAnswer(db: Db, input: { requestId: string; round: number; processStaffIds: readonly number[]; actor: string }): Promise<AssembleInfoAnswerResult> {
  const parts = await listBranchDrafts(db, input.requestId, input.round);
  if (parts.length === 0) return { status: 'no-drafts' };
  const text = parts.length === 1 ? parts[0]!.text : parts.map((p) => `${p.departmentName}:\n${p.text}`).join('\n\n');
  const documentIds = [...new Set(parts.flatMap((p) => p.documentIds))];
  const { answerId } = await draftInfoAnswer(db, { requestId: input.requestId, round: input.round, text, documentIds, actor: input.actor });
  const acting = actingStaffIds(input.processStaffIds, parts.map((p) => p.draftedBy));
  const publicNames = await staffFullNames(db, acting);
  const { spans } = await proposeInfoAnswerMasks(db, answerId, { publicNames, publicStaffIds: acting });
  return { status: 'proposed', answerId, parts: parts.length, documents: documentIds.length, spans, publicStaffIds: acting };
}

export interface MaskReview {
  add?: readonly LawyerMask[];
  /** Ids of masks to remove (proposed or added): the lawyer judged the data public, e.g. an official's name. */
  remove?: readonly number[];
  /** The review is finished: every proposal still standing is kept. */
  done?: boolean;
}

/**
 * The lawyer's review. Adding or removing after the review was done reopens it unless `done` comes
 * with the change; nothing changes once the answer is signed. Audited (ids and counts, never values).
 */
export async function reviewInfoAnswerMasks(db: Db, answerId: string, review: MaskReview, lawyerUserId: number): Promise<{ reviewed: boolean; masks: number }> {
  return db.transaction(async (trx) => {
    const answer = await answerRow(trx, answerId, true);
    if (await isInfoAnswerSigned(trx, answerId)) throw new InfoAnswerError('answer-signed', 'the answer is signed; its masks cannot change');
    if (!answer.masksProposedAt) throw new InfoAnswerError('masks-not-proposed', 'personal data has not been looked for yet');
    const add = review.add ?? [];
    const remove = [...new Set(review.remove ?? [])];

    let bounds: PageBounds[] = [];
    if (add.some((m) => m.target !== 'text')) {
      const docs = await documentWords(trx, answer.documentIds);
      bounds = docs.flatMap((d) => d.pages.map((p) => ({
        documentId: d.documentId, pageNo: p.pageNo, words: p.words,
        width: d.sizes.get(p.pageNo)!.width, height: d.sizes.get(p.pageNo)!.height,
      })));
    }
    const rows = add.map((m, i): NewMaskRow => {
      try {
        return { answerId, origin: 'lawyer', mask: lawyerMask(m, answer.text, bounds, `add[${i}]`), createdBy: userActor(lawyerUserId), decidedBy: lawyerUserId };
      } catch (error) {
        if (error instanceof MaskInputError) throw new InfoAnswerError('invalid-mask', error.message, error.field);
        throw error;
      }
    });
    if (remove.length > 0) {
      const known = await findInfoAnswerMaskIds(trx, answerId, remove);
      const unknown = remove.filter((id) => !known.includes(id));
      if (unknown.length > 0) throw new InfoAnswerError('invalid-mask', `no masks ${unknown.join(', ')} in this answer`, 'remove');
      await removeInfoAnswerMasks(trx, remove, lawyerUserId);
    }
    if (rows.length > 0) await insertInfoAnswerMasks(trx, rows);

    const changed = rows.length > 0 || remove.length > 0;
    let reviewed = !!answer.reviewedAt;
    if (review.done) {
      await keepProposedInfoAnswerMasks(trx, answerId, lawyerUserId);
      await markInfoAnswerReviewed(trx, answerId, lawyerUserId);
      reviewed = true;
    } else if (changed && reviewed) {
      await clearInfoAnswerReview(trx, answerId);
      reviewed = false;
    }
    await appendAudit(trx, {
      actor: userActor(lawyerUserId), action: 'info-answer.masks-reviewed', entityType: 'info-answer', entityId: answerId,
      details: { added: rows.length, removed: remove.length, done: !!review.done },
    });
    return { reviewed, masks: await countInfoAnswerMasks(trx, answerId, 'applying') };
  });
}

export async function isInfoAnswerReviewed(db: Queryable, answerId: string): Promise<boolean> {
  const answer = await answerRow(db, answerId);
  return !!answer.reviewedAt;
}

export interface SignInfoAnswerDeps {
  db: Db;
  files: FileStore;
  signing: Pick<SigningService, 'caCertificatePem' | 'userCertificate'>;
  /** Holds the key-encryption key of the signing keys. */
  dataDir: string;
  /** Where the verification page lives (the QR code on the letter leads there). */
  publicUrl: string;
  now?: () => Date;
}

export interface SignInfoAnswerInput {
  signerUserId: number;
  /** The answer's own registration (outgoing index and date, YYYY-MM-DD). */
  registrationIndex: string;
  registeredOn: string;
  recipientName: string;
  recipientAddress: string;
  subject: string;
  /** Printed under the signature; DEFAULT_SIGNER_POSITION when absent. */
  signerPosition?: string;
  /** "На Ваш запит від 20.11.2026 № ЗПІ-17" */
  inReplyTo?: string;
}

async function storePdf(files: FileStore, pdf: Buffer): Promise<string> {
  const staged = await files.receive(Readable.from([pdf]));
  return (await files.commit(staged)).sha256;
}

const signedResult = (pdf: SignedPdfRow) => ({ pdfSha256: pdf.pdfSha256, verifyId: pdf.verifyId, signedAt: pdf.signedAt });

/**
 * Signs the reviewed answer once: the letter to the requester and the public copy (the addressee
 * masked too), each with the masked text and the scanned pages as images with the masks burned into
 * their pixels, signed with the signer's personal certificate, stored content-addressed. A retry
 * returns the stored letter. The unmasked original stays in info_answers and the documents.
 * `signedAt` is the moment of the signature, as stored with it (the PDF's signing time).
 */
export async function signInfoAnswer(deps: SignInfoAnswerDeps, answerId: string, input: SignInfoAnswerInput): Promise<{ pdfSha256: string; verifyId: string; signedAt: Date }> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const done = await findSignedInfoAnswerPdf(db, answerId, 'recipient');
  if (done) return signedResult(done);
  const first = await answerRow(db, answerId);
  if (!first.reviewedAt) throw new InfoAnswerError('masks-not-reviewed', 'the masks of personal data were not reviewed by a lawyer: the answer is not signed');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.registeredOn)) throw new Error('registeredOn must be YYYY-MM-DD');

  // Read before the transaction: issuing a certificate takes pool connections of its own.
  const bundle = await userPkcs12({ signing: deps.signing, dataDir: deps.dataDir }, input.signerUserId, randomBytes(18).toString('base64url'));
  const signerName = bundle.certificate.commonName;
  const position = input.signerPosition ?? DEFAULT_SIGNER_POSITION;

  return db.transaction(async (trx) => {
    // The answer row's lock makes a concurrent attempt wait, then find this one's result.
    const answer = await answerRow(trx, answerId, true);
    const again = await findSignedInfoAnswerPdf(trx, answerId, 'recipient');
    if (again) return signedResult(again);
    if (!answer.reviewedAt) throw new InfoAnswerError('masks-not-reviewed', 'the masks of personal data were not reviewed by a lawyer: the answer is not signed');

    const masks = await listInfoAnswerMasks(trx, answerId);
    if (masks.some((m) => m.state === 'proposed')) throw new InfoAnswerError('masks-not-reviewed', 'proposed masks are still undecided');
    const body = maskedText(answer.text, masks);
    const rects = pageRects(masks);
    const attachments: ScannedPage[] = [];
    for (const documentId of answer.documentIds) {
      const doc = await findScanState(trx, documentId);
      if (!doc) throw new InfoAnswerError('document-not-found', `no document ${documentId}`);
      if (doc.ocrStatus !== 'done') throw new InfoAnswerError('scan-not-read', `the scan of document ${documentId} was not read`);
      const pages = await listDocumentPages(trx, documentId);
      const file = deps.files.pathOf(doc.fileSha256);
      const actual = createHash('sha256').update(await readFile(file)).digest('hex');
      if (actual !== doc.fileSha256) throw new Error(`the stored scan of document ${documentId} is not the registered one; not signing`);
      const images = await scanPageImages(file, doc.fileType, pages.map((p) => ({ pageNo: p.pageNo, dpi: p.dpi })));
      pages.forEach((p, i) => attachments.push({ png: images[i]!, masks: rects.get(`${documentId}:${p.pageNo}`) ?? [] }));
    }

    const signedAt = now();
    const date = new Date(`${input.registeredOn}T12:00:00Z`);
    const subject = input.subject || ANSWER_SUBJECT_DEFAULT;
    const out: Record<'recipient' | 'public', { sha: string; verifyId: string }> = {} as never;
    for (const variant of ['recipient', 'public'] as const) {
      const verifyId = randomBytes(16).toString('base64url');
      const pdf = await renderAnswerPdf({
        verificationId: verifyId,
        publicUrl: deps.publicUrl,
        registrationIndex: input.registrationIndex,
        date,
        // The register's copy names nobody: the requester's own data is theirs (Law 2297-VI).
        addressee: variant === 'recipient'
          ? { name: input.recipientName, lines: input.recipientAddress.split('\n').map((l) => l.trim()).filter(Boolean) }
          : { name: `Запитувачу ${maskMark('name')}`, lines: [maskMark('address')] },
        subject,
        body,
        signatory: { position, name: signerName },
        ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
        attachments,
      });
      const signed = await signPdf(pdf, {
        p12: bundle.p12, passphrase: bundle.passphrase, name: signerName, signingTime: signedAt,
        reason: 'Відповідь на запит на публічну інформацію (Закон України «Про доступ до публічної інформації»)',
      });
      const sha = await storePdf(deps.files, signed);
      await insertSignedInfoAnswerPdf(trx, {
        answerId, variant, verifyId, pdfSha256: sha, maskedText: body,
        registrationIndex: input.registrationIndex, registeredOn: input.registeredOn, subject,
        signerUserId: input.signerUserId, signerPosition: position, certificateSerial: bundle.certificate.serial, signedAt,
      });
      out[variant] = { sha, verifyId };
    }
    await appendAudit(trx, {
      actor: userActor(input.signerUserId), action: 'info-answer.signed', entityType: 'info-answer', entityId: answerId,
      details: { certificateSerial: bundle.certificate.serial, pages: attachments.length, recipientPdf: out.recipient.sha, publicPdf: out.public.sha },
    });
    return { pdfSha256: out.recipient.sha, verifyId: out.recipient.verifyId, signedAt };
  });
}

/** The answer's outgoing number (CMU 55/2018), taken once per request: a retried task gets the same one. */
async function registerAnswer(db: Db, requestId: string, answerId: string, at: Date): Promise<{ index: string; on: string } | undefined> {
  return db.transaction(async (trx) => {
    const row = await lockAnswerRegistration(trx, requestId);
    if (!row) return undefined;
    if (row.answerIndex) {
      await storeAnswerRegistration(trx, requestId, { answerId });
      return { index: row.answerIndex, on: kyivDate(row.answerRegisteredOn as Date) };
    }
    const taken = await takeJournalNumber(trx, { journalCode: Journals.outgoing, at, format: formatRegistrationIndex });
    await storeAnswerRegistration(trx, requestId, { answerId, answerIndex: taken.registrationIndex, answerRegisteredOn: kyivDate(at) });
    return { index: taken.registrationIndex, on: kyivDate(at) };
  });
}

export type SignRequestAnswerResult =
  | { status: 'not-registered' }
  | { status: 'request-not-found' }
  | { status: 'signed'; answerIndex: string; pdfSha256: string; verifyId: string; signedAt: Date };

/**
 * The process's signing step: the answer of the registered request gets its own number in the
 * outgoing journal once, then is signed by the head who approved it (signInfoAnswer, which refuses
 * an answer whose masks the lawyer has not finished reviewing, Art. 6 p.7), and the request keeps
 * the letter's verification id.
 */
export async function signRequestAnswer(deps: SignInfoAnswerDeps, input: { requestId: string; answerId: string; signerUserId: number }): Promise<SignRequestAnswerResult> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const request = await findInfoRequestForAnswer(db, input.requestId);
  if (!request?.registrationIndex) return { status: 'not-registered' };
  const registration = await registerAnswer(db, input.requestId, input.answerId, now());
  if (!registration) return { status: 'request-not-found' };
  const signed = await signInfoAnswer(deps, input.answerId, {
    signerUserId: input.signerUserId,
    registrationIndex: registration.index,
    registeredOn: registration.on,
    // The letter's addressee (personal data): in the PDF only, never in a log.
    recipientName: request.requesterName ?? 'Запитувачу',
    recipientAddress: request.recipientAddress ?? '',
    subject: ANSWER_SUBJECT_DEFAULT,
    inReplyTo: `На Ваш запит від ${ukrainianDate(request.receivedOn)} № ${request.registrationIndex}`,
  });
  await storeAnswerVerifyId(db, input.requestId, signed.verifyId);
  return { status: 'signed', answerIndex: registration.index, ...signed };
}

export interface PublishInput {
  /** The request's registration index and the date it was received (YYYY-MM-DD). */
  requestIndex: string;
  receivedOn: string;
  subject: string;
  result: InfoAnswerResult;
}

/** Adds the signed, masked answer to the public register; a second call changes nothing. */
export async function publishInfoAnswer(db: Db, answerId: string, input: PublishInput): Promise<void> {
  if (!InfoAnswerResults.includes(input.result)) throw new InfoAnswerError('invalid-result', `result must be one of ${InfoAnswerResults.join(', ')}`, 'result');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.receivedOn)) throw new Error('receivedOn must be YYYY-MM-DD');
  await db.transaction(async (trx) => {
    await answerRow(trx, answerId, true);
    if (await isInfoAnswerPublished(trx, answerId)) return;
    const pdf = await findPublicPdfForRegister(trx, answerId);
    if (!pdf) throw new InfoAnswerError('answer-not-signed', 'only a signed answer goes to the register');
    const registerId = await insertInfoRegisterEntry(trx, {
      answerId, requestIndex: input.requestIndex, receivedOn: input.receivedOn, subject: input.subject, result: input.result,
      answerIndex: pdf.registrationIndex, answeredOn: pdf.registeredOn, maskedText: pdf.maskedText, publicPdfId: pdf.id,
    });
    await appendAudit(trx, { actor: 'system:info-register', action: 'info-answer.published', entityType: 'info-answer', entityId: answerId, details: { registerId } });
  });
}

/** The process's result of an answer as the register words it. */
const registerResult = { 'given': 'provided', 'partly-given': 'partly-provided' } as const;

/**
 * The process's publishing step: the registered request's signed answer goes to the register. The
 * subject shown is the request's number, never its wording, which may name people (Law 2297-VI).
 */
export async function publishRequestAnswer(db: Db, input: { requestId: string; answerId: string; result: 'given' | 'partly-given' }): Promise<{ status: 'not-registered' } | { status: 'published'; result: InfoAnswerResult }> {
  const request = await findInfoRequestForAnswer(db, input.requestId);
  if (!request?.registrationIndex) return { status: 'not-registered' };
  const result = registerResult[input.result];
  await publishInfoAnswer(db, input.answerId, {
    requestIndex: request.registrationIndex, receivedOn: request.receivedOn, subject: `Запит на публічну інформацію № ${request.registrationIndex}`, result,
  });
  return { status: 'published', result };
}

// ---- Reading, for the API ------------------------------------------------------------------

/** The answers of a request by round, for lawyers and administrators, or a clerk posting it now. */
export async function listInfoAnswers(deps: { db: Queryable; engine: PostingTasks }, input: { requestId: string; viewer: StaffUser }): Promise<Array<{ answerId: string; round: number }>> {
  await requireRoleOrPostingTask(deps.engine, input.viewer, INFO_ANSWER_STAFF, input.requestId);
  return listInfoAnswersOfRequest(deps.db, input.requestId);
}

export interface InfoAnswerPreview {
  answerId: string;
  requestId: string;
  round: number;
  /** The text as it will be sent: every mask not removed replaced by its mark. */
  maskedText: string;
  masks: Array<{ id: number; origin: string; state: string; kind: string } & MaskTarget>;
  pages: Array<{ documentId: string; pageNo: number; width: number; height: number; words: number }>;
  masksProposed: boolean;
  reviewed: boolean;
  signed: boolean;
}

/** What the lawyer reviews: no unmasked value, only where the masks lie (the original view is audited). */
export async function infoAnswerPreview(db: Queryable, answerId: string): Promise<InfoAnswerPreview> {
  const answer = await answerRow(db, answerId);
  const masks = await listInfoAnswerMasks(db, answerId);
  const pages: InfoAnswerPreview['pages'] = [];
  for (const documentId of answer.documentIds) {
    for (const p of await listDocumentPages(db, documentId)) pages.push({ documentId, pageNo: p.pageNo, width: p.width, height: p.height, words: p.words.length });
  }
  return {
    answerId, requestId: answer.requestId, round: answer.round,
    maskedText: maskedText(answer.text, masks),
    masks: masks.map((m) => ({ id: m.id, origin: m.origin, state: m.state, kind: m.kind, ...m.mask })),
    pages, masksProposed: !!answer.masksProposedAt, reviewed: !!answer.reviewedAt, signed: await isInfoAnswerSigned(db, answerId),
  };
}

/**
 * The unmasked original for staff whose task needs it: every call is logged with who, what, when
 * and why (Law 2297-VI; the reason is required).
 */
export async function infoAnswerOriginal(db: Db, answerId: string, viewer: { userId: number; reason: string }): Promise<{ text: string; pages: Array<{ documentId: string; pageNo: number; text: string; words: Array<{ text: string; left: number; top: number; width: number; height: number }> }> }> {
  return db.transaction(async (trx) => {
    const answer = await answerRow(trx, answerId);
    const pages = [];
    for (const documentId of answer.documentIds) {
      for (const p of await listDocumentPages(trx, documentId)) {
        pages.push({ documentId, pageNo: p.pageNo, text: p.text, words: p.words.map((w) => ({ text: w.text, left: w.left, top: w.top, width: w.width, height: w.height })) });
      }
    }
    await appendAudit(trx, {
      actor: userActor(viewer.userId), action: 'info-answer.original-viewed', entityType: 'info-answer', entityId: answerId,
      details: { reason: viewer.reason.slice(0, 500), documents: answer.documentIds.length },
    });
    return { text: answer.text, pages };
  });
}

/**
 * The signed letter to the requester, for its senders, or a clerk posting it now. The letter names
 * the requester and their address: every export is logged (Law 2297-VI).
 */
export async function exportInfoAnswerLetter(deps: { db: Queryable; engine: PostingTasks }, input: { answerId: string; viewer: StaffUser }): Promise<SignedPdfRow> {
  const requestId = await findInfoAnswerRequestId(deps.db, input.answerId);
  await requireRoleOrPostingTask(deps.engine, input.viewer, INFO_ANSWER_SENDERS, requestId);
  const pdf = await findSignedInfoAnswerPdf(deps.db, input.answerId, 'recipient');
  if (!pdf) throw new ProblemError('info-answer-not-signed');
  await appendAudit(deps.db, { actor: userActor(input.viewer.id), action: 'info-answer.letter-exported', entityType: 'info-answer', entityId: pdf.answerId, details: { pdfSha256: pdf.pdfSha256 } });
  return pdf;
}

// ---- Public: the register and verification ------------------------------------------------

export interface RegisterItem {
  id: string;
  requestIndex: string;
  receivedOn: string;
  subject: string;
  result: string;
  answerIndex: string;
  answeredOn: string;
  excerpt: string;
}

const EXCERPT = 280;

function registerItem(r: RegisterRow): RegisterItem {
  const text = r.maskedText.replace(/\s+/g, ' ').trim();
  return {
    id: r.id, requestIndex: r.requestIndex, receivedOn: r.receivedOn, subject: r.subject, result: r.result,
    answerIndex: r.answerIndex, answeredOn: r.answeredOn, excerpt: text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text,
  };
}

/** The public register: newest first, or by relevance to `q` (the document search's query rules). */
export async function searchInfoRegister(db: Queryable, input: { q?: string; page: number; pageSize: number }): Promise<{ total: number; items: RegisterItem[] }> {
  const tsquery = input.q ? buildTsQuery(parseSearchQuery(input.q).terms) : undefined;
  if (input.q && !tsquery) return { total: 0, items: [] };
  const { total, rows } = await listInfoRegister(db, { ...(tsquery ? { tsquery } : {}), limit: input.pageSize, offset: (input.page - 1) * input.pageSize });
  return { total, items: rows.map(registerItem) };
}

export async function findRegisterEntry(db: Queryable, id: string): Promise<(RegisterItem & { text: string; pdfSha256: string; verifyId: string }) | undefined> {
  const r = await findRegisterRow(db, id);
  if (!r) return undefined;
  return { ...registerItem(r), text: r.maskedText, pdfSha256: r.pdfSha256, verifyId: r.verifyId };
}

/**
 * The signed PDF of a verification code as a person gives it: exactly, or else with its separators
 * ignored (lib/answer-pdf/verify-code.ts), by the index on the code without hyphens. Two rows with
 * one key would be ambiguous: then nothing is found rather than a guess.
 */
export async function findPdfByVerifyCode(db: Queryable, text: string): Promise<SignedPdfRow | undefined> {
  const exact = compactVerifyCode(text);
  if (/^[A-Za-z0-9_-]{22}$/.test(exact)) {
    const found = await findPdfByVerifyId(db, exact);
    if (found) return found;
  }
  const key = verifyCodeKey(text);
  if (!key) return undefined;
  const rows = await listPdfsByVerifyKey(db, key, 2);
  return rows.length === 1 ? rows[0] : undefined;
}

export interface InfoAnswerVerification {
  verifyId: string;
  valid: boolean;
  problems: string[];
  registrationIndex: string;
  registeredOn: string;
  subject: string;
  sha256: string;
  signedAt: string;
  signer: { name: string; position: string };
  certificate: { serial: string; issuer: string; validFrom: string; validTo: string };
  copy: 'recipient' | 'public';
}

function commonName(pem: string): string {
  return new X509Certificate(pem).subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? '';
}

/**
 * What a signed answer itself shows, found by the code its QR code carries (Law 2155-VIII), and
 * whether the stored file and the signer's certificate still hold. Undefined when no answer has it.
 */
export async function verifyInfoAnswer(deps: { db: Queryable; files: Pick<FileStore, 'pathOf'>; signing: Pick<SigningService, 'caCertificatePem'> }, code: string): Promise<InfoAnswerVerification | undefined> {
  const { db, files } = deps;
  const pdf = await findPdfByVerifyCode(db, code);
  if (!pdf) return undefined;
  const problems: string[] = [];
  const bytes = await readFile(files.pathOf(pdf.pdfSha256)).catch(() => undefined);
  if (!bytes) problems.push('file-missing');
  else if (createHash('sha256').update(bytes).digest('hex') !== pdf.pdfSha256) problems.push('file-changed');
  const certificate = await findCertificateBySerial(db, pdf.certificateSerial);
  if (!certificate) problems.push('certificate-missing');
  const caPem = await deps.signing.caCertificatePem();
  const check = certificate ? checkSignerCertificate(certificate.certificatePem, caPem, pdf.signedAt) : undefined;
  problems.push(...(check?.problems ?? []));
  return {
    verifyId: pdf.verifyId, valid: problems.length === 0, problems,
    registrationIndex: pdf.registrationIndex, registeredOn: pdf.registeredOn, subject: pdf.subject, sha256: pdf.pdfSha256,
    signedAt: pdf.signedAt.toISOString(),
    signer: { name: certificate?.commonName ?? '', position: pdf.signerPosition },
    certificate: {
      serial: pdf.certificateSerial, issuer: commonName(caPem),
      validFrom: (certificate?.notBefore ?? pdf.signedAt).toISOString(), validTo: (certificate?.notAfter ?? pdf.signedAt).toISOString(),
    },
    copy: pdf.variant,
  };
}
