// The answer package of a public-information request (Law 2939-VI): the draft, the masks of personal
// data proposed by lib/masking and reviewed by a lawyer (Art. 6 p.7: restricted parts of a document
// are masked, the rest is given; Law 2297-VI), the answer signed with the signer's personal
// certificate as an embedded PDF signature (Law 2155-VIII), and the public register entry.
//
// Called by the request process's workers, so every step is idempotent: a retried task finds the
// result of the first attempt. Signing refuses an answer whose masks were not reviewed, so an answer
// is never sent unmasked because an earlier step failed or was skipped.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Db, Queryable } from '../db.ts';
import type { FileStore } from '../file-store.ts';
import { renderAnswerPdf, signPdf, type ScannedPage } from '../answer-pdf/index.ts';
import {
  lawyerMask, maskedText, pageRects, proposeMasks, MaskInputError,
  type DocumentWords, type LawyerMask, type MaskTarget, type NewMask, type PageBounds, type StoredMask,
} from './masks.ts';
import { scanPageImages } from './page-images.ts';
import { compactVerifyCode, verifyCodeKey } from '../answer-pdf/verify-code.ts';
import { maskMark, type PersonalDataKind } from '../masking/index.ts';
import { buildTsQuery, parseSearchQuery } from '../search/index.ts';
import type { SigningService } from '../signing/index.ts';
import { userPkcs12 } from '../signing/p12.ts';
import { appendAudit, userActor } from '../audit.ts';
import { listDocumentPages } from '../ocr/repository.ts';

export type { LawyerMask } from './masks.ts';

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

interface AnswerRow {
  id: string;
  request_id: string;
  round: number;
  text: string;
  document_ids: string[];
  masks_proposed_at: Date | null;
  reviewed_at: Date | null;
  reviewed_by: number | null;
}

async function answerRow(q: Queryable, answerId: string, lock = false): Promise<AnswerRow> {
  if (!isUuid(answerId)) throw new InfoAnswerError('answer-not-found', `no answer ${answerId}`);
  const query = q('info_answers').where({ id: answerId }).first('id', 'request_id', 'round', 'text', 'document_ids', 'masks_proposed_at', 'reviewed_at', 'reviewed_by');
  const row = (lock ? await query.forUpdate() : await query) as AnswerRow | undefined;
  if (!row) throw new InfoAnswerError('answer-not-found', `no answer ${answerId}`);
  return row;
}

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

async function isSigned(q: Queryable, answerId: string): Promise<boolean> {
  return !!(await q('info_answer_pdfs').where({ answer_id: answerId }).first('id'));
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

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
      if (!isUuid(id) || !(await trx('documents').where({ id }).first('id'))) throw new InfoAnswerError('document-not-found', `no document ${id}`, 'documentIds');
    }
    // Serialises two attempts at the same draft.
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`info-answer:${input.requestId}:${input.round}`]);
    const existing = await trx('info_answers').where({ request_id: input.requestId, round: input.round }).first('id', 'text', 'document_ids');
    if (existing) {
      if (existing.text === input.text && sameIds(existing.document_ids, documentIds)) return { answerId: existing.id as string };
      if (await isSigned(trx, existing.id)) throw new InfoAnswerError('answer-signed', 'the answer of this round is signed; draft a new round');
      await trx('info_answer_masks').where({ answer_id: existing.id }).delete();
      await trx('info_answers').where({ id: existing.id }).update({
        text: input.text, document_ids: documentIds, masks_proposed_at: null, reviewed_at: null, reviewed_by: null, updated_at: trx.fn.now(),
      });
      await appendAudit(trx, { actor: input.actor, action: 'info-answer.redrafted', entityType: 'info-answer', entityId: existing.id, details: { documents: documentIds.length } });
      return { answerId: existing.id as string };
    }
    const [row] = await trx('info_answers').insert({
      request_id: input.requestId, round: input.round, text: input.text, document_ids: documentIds, created_by: input.actor,
    }).returning('id');
    await appendAudit(trx, { actor: input.actor, action: 'info-answer.drafted', entityType: 'info-answer', entityId: row.id, details: { round: input.round, documents: documentIds.length } });
    return { answerId: row.id as string };
  });
}

/** The OCR words of the answer's documents; refuses while a scan is unread (nothing could be masked on it). */
async function documentWords(q: Queryable, documentIds: readonly string[]): Promise<Array<DocumentWords & { sizes: Map<number, { width: number; height: number; dpi: number | null }> }>> {
  const out: Array<DocumentWords & { sizes: Map<number, { width: number; height: number; dpi: number | null }> }> = [];
  for (const documentId of documentIds) {
    const doc = await q('documents').where({ id: documentId }).first('ocr_status');
    if (!doc) throw new InfoAnswerError('document-not-found', `no document ${documentId}`);
    if (doc.ocr_status !== 'done') {
      throw new InfoAnswerError('scan-not-read', `the scan of document ${documentId} is ${doc.ocr_status === 'failed' ? 'unreadable' : 'not read yet'}: its personal data cannot be found`);
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

function maskRow(answerId: string, m: NewMask, origin: 'detected' | 'lawyer', actor: string, lawyerUserId?: number) {
  const base = {
    answer_id: answerId, origin, state: origin === 'detected' ? 'proposed' : 'kept', kind: m.kind, created_by: actor,
    ...(lawyerUserId !== undefined ? { decided_by: lawyerUserId, decided_at: new Date() } : {}),
  };
  return m.target === 'text'
    ? { ...base, target: 'text', text_start: m.start, text_end: m.end }
    : { ...base, target: 'page', document_id: m.documentId, page_no: m.pageNo, rects: JSON.stringify(m.rects) };
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
    if (answer.masks_proposed_at) {
      const count = (await trx('info_answer_masks').where({ answer_id: answerId, origin: 'detected' }).count({ count: '*' }))[0]?.count;
      return { spans: Number(count) };
    }
    const documents = await documentWords(trx, answer.document_ids);
    const proposed = proposeMasks(answer.text, documents, { publicNames: options.publicNames ?? [], publicValues: options.publicValues ?? [] });
    for (let i = 0; i < proposed.length; i += 500) {
      await trx('info_answer_masks').insert(proposed.slice(i, i + 500).map((m) => maskRow(answerId, m, 'detected', 'system:masking')));
    }
    await trx('info_answers').where({ id: answerId }).update({ masks_proposed_at: trx.fn.now(), updated_at: trx.fn.now() });
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

function toStoredMask(r: Record<string, any>): StoredMask {
  const mask: MaskTarget = r.target === 'text'
    ? { target: 'text', start: r.text_start, end: r.text_end }
    : { target: 'page', documentId: r.document_id, pageNo: r.page_no, rects: r.rects };
  return { id: Number(r.id), origin: r.origin, state: r.state, kind: r.kind as PersonalDataKind, mask };
}

export async function listInfoAnswerMasks(q: Queryable, answerId: string): Promise<StoredMask[]> {
  const rows = await q('info_answer_masks').where({ answer_id: answerId }).orderBy('id')
    .select('id', 'origin', 'state', 'target', 'kind', 'text_start', 'text_end', 'document_id', 'page_no', 'rects');
  return rows.map(toStoredMask);
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
    if (await isSigned(trx, answerId)) throw new InfoAnswerError('answer-signed', 'the answer is signed; its masks cannot change');
    if (!answer.masks_proposed_at) throw new InfoAnswerError('masks-not-proposed', 'personal data has not been looked for yet');
    const add = review.add ?? [];
    const remove = [...new Set(review.remove ?? [])];

    let bounds: PageBounds[] = [];
    if (add.some((m) => m.target !== 'text')) {
      const docs = await documentWords(trx, answer.document_ids);
      bounds = docs.flatMap((d) => d.pages.map((p) => ({
        documentId: d.documentId, pageNo: p.pageNo, words: p.words,
        width: d.sizes.get(p.pageNo)!.width, height: d.sizes.get(p.pageNo)!.height,
      })));
    }
    const rows = add.map((m, i) => {
      try {
        return maskRow(answerId, lawyerMask(m, answer.text, bounds, `add[${i}]`), 'lawyer', userActor(lawyerUserId), lawyerUserId);
      } catch (error) {
        if (error instanceof MaskInputError) throw new InfoAnswerError('invalid-mask', error.message, error.field);
        throw error;
      }
    });
    if (remove.length > 0) {
      const known = await trx('info_answer_masks').where({ answer_id: answerId }).whereIn('id', remove).pluck('id');
      const unknown = remove.filter((id) => !known.map(Number).includes(id));
      if (unknown.length > 0) throw new InfoAnswerError('invalid-mask', `no masks ${unknown.join(', ')} in this answer`, 'remove');
      await trx('info_answer_masks').whereIn('id', remove).update({ state: 'removed', decided_by: lawyerUserId, decided_at: trx.fn.now() });
    }
    if (rows.length > 0) await trx('info_answer_masks').insert(rows);

    const changed = rows.length > 0 || remove.length > 0;
    let reviewed = !!answer.reviewed_at;
    if (review.done) {
      await trx('info_answer_masks').where({ answer_id: answerId, state: 'proposed' }).update({ state: 'kept', decided_by: lawyerUserId, decided_at: trx.fn.now() });
      await trx('info_answers').where({ id: answerId }).update({ reviewed_at: trx.fn.now(), reviewed_by: lawyerUserId, updated_at: trx.fn.now() });
      reviewed = true;
    } else if (changed && reviewed) {
      await trx('info_answers').where({ id: answerId }).update({ reviewed_at: null, reviewed_by: null, updated_at: trx.fn.now() });
      reviewed = false;
    }
    await appendAudit(trx, {
      actor: userActor(lawyerUserId), action: 'info-answer.masks-reviewed', entityType: 'info-answer', entityId: answerId,
      details: { added: rows.length, removed: remove.length, done: !!review.done },
    });
    const count = (await trx('info_answer_masks').where({ answer_id: answerId }).whereNot({ state: 'removed' }).count({ count: '*' }))[0]?.count;
    return { reviewed, masks: Number(count) };
  });
}

export async function isInfoAnswerReviewed(db: Queryable, answerId: string): Promise<boolean> {
  const answer = await answerRow(db, answerId);
  return !!answer.reviewed_at;
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
  const done = await db('info_answer_pdfs').where({ answer_id: answerId, variant: 'recipient' }).first('pdf_sha256', 'verify_id', 'signed_at');
  if (done) return { pdfSha256: done.pdf_sha256, verifyId: done.verify_id, signedAt: done.signed_at };
  const first = await answerRow(db, answerId);
  if (!first.reviewed_at) throw new InfoAnswerError('masks-not-reviewed', 'the masks of personal data were not reviewed by a lawyer: the answer is not signed');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.registeredOn)) throw new Error('registeredOn must be YYYY-MM-DD');

  // Read before the transaction: issuing a certificate takes pool connections of its own.
  const bundle = await userPkcs12({ signing: deps.signing, dataDir: deps.dataDir }, input.signerUserId, randomBytes(18).toString('base64url'));
  const signerName = bundle.certificate.commonName;
  const position = input.signerPosition ?? DEFAULT_SIGNER_POSITION;

  return db.transaction(async (trx) => {
    // The answer row's lock makes a concurrent attempt wait, then find this one's result.
    const answer = await answerRow(trx, answerId, true);
    const again = await trx('info_answer_pdfs').where({ answer_id: answerId, variant: 'recipient' }).first('pdf_sha256', 'verify_id', 'signed_at');
    if (again) return { pdfSha256: again.pdf_sha256 as string, verifyId: again.verify_id as string, signedAt: again.signed_at as Date };
    if (!answer.reviewed_at) throw new InfoAnswerError('masks-not-reviewed', 'the masks of personal data were not reviewed by a lawyer: the answer is not signed');

    const masks = await listInfoAnswerMasks(trx, answerId);
    if (masks.some((m) => m.state === 'proposed')) throw new InfoAnswerError('masks-not-reviewed', 'proposed masks are still undecided');
    const body = maskedText(answer.text, masks);
    const rects = pageRects(masks);
    const attachments: ScannedPage[] = [];
    for (const documentId of answer.document_ids) {
      const doc = await trx('documents').where({ id: documentId }).first('file_sha256', 'file_type', 'ocr_status');
      if (!doc) throw new InfoAnswerError('document-not-found', `no document ${documentId}`);
      if (doc.ocr_status !== 'done') throw new InfoAnswerError('scan-not-read', `the scan of document ${documentId} was not read`);
      const pages = await listDocumentPages(trx, documentId);
      const file = deps.files.pathOf(doc.file_sha256);
      const actual = createHash('sha256').update(await readFile(file)).digest('hex');
      if (actual !== doc.file_sha256) throw new Error(`the stored scan of document ${documentId} is not the registered one; not signing`);
      const images = await scanPageImages(file, doc.file_type, pages.map((p) => ({ pageNo: p.pageNo, dpi: p.dpi })));
      pages.forEach((p, i) => attachments.push({ png: images[i]!, masks: rects.get(`${documentId}:${p.pageNo}`) ?? [] }));
    }

    const signedAt = now();
    const date = new Date(`${input.registeredOn}T12:00:00Z`);
    const out: Record<'recipient' | 'public', { sha: string; verifyId: string; id?: number }> = {} as never;
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
        subject: input.subject || ANSWER_SUBJECT_DEFAULT,
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
      const [row] = await trx('info_answer_pdfs').insert({
        answer_id: answerId, variant, verify_id: verifyId, pdf_sha256: sha, masked_text: body,
        registration_index: input.registrationIndex, registered_on: input.registeredOn, subject: input.subject || ANSWER_SUBJECT_DEFAULT,
        signer_user_id: input.signerUserId, signer_position: position, certificate_serial: bundle.certificate.serial, signed_at: signedAt,
      }).returning('id');
      out[variant] = { sha, verifyId, id: Number(row.id) };
    }
    await appendAudit(trx, {
      actor: userActor(input.signerUserId), action: 'info-answer.signed', entityType: 'info-answer', entityId: answerId,
      details: { certificateSerial: bundle.certificate.serial, pages: attachments.length, recipientPdf: out.recipient.sha, publicPdf: out.public.sha },
    });
    return { pdfSha256: out.recipient.sha, verifyId: out.recipient.verifyId, signedAt };
  });
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
    if (await trx('info_register').where({ answer_id: answerId }).first('id')) return;
    const pdf = await trx('info_answer_pdfs').where({ answer_id: answerId, variant: 'public' }).first('id', 'masked_text', 'registration_index', 'registered_on');
    if (!pdf) throw new InfoAnswerError('answer-not-signed', 'only a signed answer goes to the register');
    const [row] = await trx('info_register').insert({
      answer_id: answerId, request_index: input.requestIndex, received_on: input.receivedOn, subject: input.subject, result: input.result,
      answer_index: pdf.registration_index, answered_on: pdf.registered_on, masked_text: pdf.masked_text, public_pdf_id: pdf.id,
    }).returning('id');
    await appendAudit(trx, { actor: 'system:info-register', action: 'info-answer.published', entityType: 'info-answer', entityId: answerId, details: { registerId: row.id } });
  });
}

// ---- Reading, for the API ------------------------------------------------------------------

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
  for (const documentId of answer.document_ids) {
    for (const p of await listDocumentPages(db, documentId)) pages.push({ documentId, pageNo: p.pageNo, width: p.width, height: p.height, words: p.words.length });
  }
  return {
    answerId, requestId: answer.request_id, round: answer.round,
    maskedText: maskedText(answer.text, masks),
    masks: masks.map((m) => ({ id: m.id, origin: m.origin, state: m.state, kind: m.kind, ...m.mask })),
    pages, masksProposed: !!answer.masks_proposed_at, reviewed: !!answer.reviewed_at, signed: await isSigned(db, answerId),
  };
}

export async function listInfoAnswersOfRequest(db: Queryable, requestId: string): Promise<Array<{ answerId: string; round: number }>> {
  if (!isUuid(requestId)) return [];
  const rows = await db('info_answers').where({ request_id: requestId }).orderBy('round').select('id', 'round');
  return rows.map((r) => ({ answerId: r.id, round: r.round }));
}

/**
 * The unmasked original for staff whose task needs it: every call is logged with who, what, when
 * and why (Law 2297-VI; the reason is required).
 */
export async function infoAnswerOriginal(db: Db, answerId: string, viewer: { userId: number; reason: string }): Promise<{ text: string; pages: Array<{ documentId: string; pageNo: number; text: string; words: Array<{ text: string; left: number; top: number; width: number; height: number }> }> }> {
  return db.transaction(async (trx) => {
    const answer = await answerRow(trx, answerId);
    const pages = [];
    for (const documentId of answer.document_ids) {
      for (const p of await listDocumentPages(trx, documentId)) {
        pages.push({ documentId, pageNo: p.pageNo, text: p.text, words: p.words.map((w) => ({ text: w.text, left: w.left, top: w.top, width: w.width, height: w.height })) });
      }
    }
    await appendAudit(trx, {
      actor: userActor(viewer.userId), action: 'info-answer.original-viewed', entityType: 'info-answer', entityId: answerId,
      details: { reason: viewer.reason.slice(0, 500), documents: answer.document_ids.length },
    });
    return { text: answer.text, pages };
  });
}

export interface SignedPdfRow {
  answerId: string;
  variant: 'recipient' | 'public';
  verifyId: string;
  pdfSha256: string;
  registrationIndex: string;
  registeredOn: string;
  subject: string;
  signerPosition: string;
  certificateSerial: string;
  signedAt: Date;
}

function pdfRow(r: Record<string, any>): SignedPdfRow {
  return {
    answerId: r.answer_id, variant: r.variant, verifyId: r.verify_id, pdfSha256: r.pdf_sha256, registrationIndex: r.registration_index,
    registeredOn: isoDate(r.registered_on), subject: r.subject, signerPosition: r.signer_position, certificateSerial: r.certificate_serial, signedAt: r.signed_at,
  };
}

const PDF_COLUMNS = ['answer_id', 'variant', 'verify_id', 'pdf_sha256', 'registration_index', 'registered_on', 'subject', 'signer_position', 'certificate_serial', 'signed_at'];

export async function findSignedInfoAnswerPdf(db: Queryable, answerId: string, variant: 'recipient' | 'public' = 'recipient'): Promise<SignedPdfRow | undefined> {
  if (!isUuid(answerId)) return undefined;
  const r = await db('info_answer_pdfs').where({ answer_id: answerId, variant }).first(PDF_COLUMNS);
  return r ? pdfRow(r) : undefined;
}

export async function findPdfByVerifyId(db: Queryable, verifyId: string): Promise<SignedPdfRow | undefined> {
  const r = await db('info_answer_pdfs').where({ verify_id: verifyId }).first(PDF_COLUMNS);
  return r ? pdfRow(r) : undefined;
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
  const rows = await db('info_answer_pdfs').whereRaw("replace(verify_id, '-', '') = ?", [key]).limit(2).select(PDF_COLUMNS);
  return rows.length === 1 ? pdfRow(rows[0]) : undefined;
}

/** A date column as YYYY-MM-DD, whatever the driver made of it. */
function isoDate(v: unknown): string {
  if (v instanceof Date) {
    const y = v.getFullYear();
    return `${y}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  }
  return String(v).slice(0, 10);
}

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

function registerItem(r: Record<string, any>): RegisterItem {
  const text = String(r.masked_text).replace(/\s+/g, ' ').trim();
  return {
    id: r.id, requestIndex: r.request_index, receivedOn: isoDate(r.received_on), subject: r.subject, result: r.result,
    answerIndex: r.answer_index, answeredOn: isoDate(r.answered_on), excerpt: text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text,
  };
}

/** The public register: newest first, or by relevance to `q` (the document search's query rules). */
export async function searchInfoRegister(db: Queryable, input: { q?: string; page: number; pageSize: number }): Promise<{ total: number; items: RegisterItem[] }> {
  const base = db('info_register');
  const tsquery = input.q ? buildTsQuery(parseSearchQuery(input.q).terms) : undefined;
  if (input.q && !tsquery) return { total: 0, items: [] };
  const filtered = tsquery ? base.whereRaw(`tsv @@ to_tsquery('simple', ?)`, [tsquery]) : base;
  const count = (await filtered.clone().count({ count: '*' }))[0]?.count;
  const rows = await filtered.clone()
    .select('id', 'request_index', 'received_on', 'subject', 'result', 'answer_index', 'answered_on', 'masked_text')
    .modify((qb) => {
      if (tsquery) qb.orderByRaw(`ts_rank(tsv, to_tsquery('simple', ?)) DESC, published_at DESC`, [tsquery]);
      else qb.orderBy('published_at', 'desc');
    })
    .orderBy('id')
    .limit(input.pageSize).offset((input.page - 1) * input.pageSize);
  return { total: Number(count), items: rows.map(registerItem) };
}

export async function findRegisterEntry(db: Queryable, id: string): Promise<(RegisterItem & { text: string; pdfSha256: string; verifyId: string }) | undefined> {
  if (!isUuid(id)) return undefined;
  const r = await db('info_register as r').join('info_answer_pdfs as p', 'p.id', 'r.public_pdf_id').where('r.id', id)
    .first('r.id', 'r.request_index', 'r.received_on', 'r.subject', 'r.result', 'r.answer_index', 'r.answered_on', 'r.masked_text', 'p.pdf_sha256', 'p.verify_id');
  if (!r) return undefined;
  return { ...registerItem(r), text: r.masked_text, pdfSha256: r.pdf_sha256, verifyId: r.verify_id };
}
