// The SQL of the answer package of a public-information request (Law 2939-VI): the draft, its masks
// of personal data, the signed PDFs and the public register entry. SQL only: an optional
// transaction in, rows out; the rules, the transactions, the signing and the audit are
// lib/info-requests/answers-service.ts. The draft and the original pages are personal data
// (Law 2297-VI): only the service's use cases read them, for the step that needs them.
import type { Queryable } from '../db.ts';
import type { MaskTarget, NewMask, StoredMask } from './masks.ts';
import type { PersonalDataKind } from '../masking/index.ts';

/** Ids typed by a person may be anything; PostgreSQL refuses a malformed uuid with an error, not "none". */
export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

export interface InfoAnswerRow {
  id: string;
  requestId: string;
  round: number;
  text: string;
  documentIds: string[];
  masksProposedAt: Date | null;
  reviewedAt: Date | null;
  reviewedBy: number | null;
}

/** The answer's row; `lock` takes it FOR UPDATE (the caller holds the transaction). */
export async function findInfoAnswer(q: Queryable, answerId: string, options: { lock?: boolean } = {}): Promise<InfoAnswerRow | undefined> {
  if (!isUuid(answerId)) return undefined;
  const query = q('info_answers').where({ id: answerId }).first('id', 'request_id', 'round', 'text', 'document_ids', 'masks_proposed_at', 'reviewed_at', 'reviewed_by');
  const r = options.lock ? await query.forUpdate() : await query;
  if (!r) return undefined;
  return {
    id: r.id, requestId: r.request_id, round: r.round, text: r.text, documentIds: r.document_ids,
    masksProposedAt: r.masks_proposed_at, reviewedAt: r.reviewed_at, reviewedBy: r.reviewed_by,
  };
}

/** The request an answer belongs to; undefined when there is no such answer. */
export async function findInfoAnswerRequestId(q: Queryable, answerId: string): Promise<string | undefined> {
  if (!isUuid(answerId)) return undefined;
  const row = await q('info_answers').where({ id: answerId }).first('request_id');
  return (row?.request_id as string | undefined) ?? undefined;
}

/** Serialises two attempts at the draft of one round, until the caller's transaction ends. */
export async function lockInfoAnswerRound(trx: Queryable, requestId: string, round: number): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`info-answer:${requestId}:${round}`]);
}

export async function findInfoAnswerOfRound(q: Queryable, requestId: string, round: number): Promise<{ id: string; text: string; documentIds: string[] } | undefined> {
  const row = await q('info_answers').where({ request_id: requestId, round }).first('id', 'text', 'document_ids');
  return row ? { id: row.id as string, text: row.text as string, documentIds: row.document_ids as string[] } : undefined;
}

export async function insertInfoAnswer(q: Queryable, input: { requestId: string; round: number; text: string; documentIds: readonly string[]; createdBy: string }): Promise<string> {
  const [row] = await q('info_answers').insert({
    request_id: input.requestId, round: input.round, text: input.text, document_ids: input.documentIds, created_by: input.createdBy,
  }).returning('id');
  return row.id as string;
}

/** A new text and documents: the proposal and the review, made on the old ones, are cleared. */
export async function replaceInfoAnswerDraft(q: Queryable, answerId: string, draft: { text: string; documentIds: readonly string[] }): Promise<void> {
  await q('info_answers').where({ id: answerId }).update({
    text: draft.text, document_ids: draft.documentIds, masks_proposed_at: null, reviewed_at: null, reviewed_by: null, updated_at: q.fn.now(),
  });
}

export async function markInfoAnswerMasksProposed(q: Queryable, answerId: string): Promise<void> {
  await q('info_answers').where({ id: answerId }).update({ masks_proposed_at: q.fn.now(), updated_at: q.fn.now() });
}

export async function markInfoAnswerReviewed(q: Queryable, answerId: string, lawyerUserId: number): Promise<void> {
  await q('info_answers').where({ id: answerId }).update({ reviewed_at: q.fn.now(), reviewed_by: lawyerUserId, updated_at: q.fn.now() });
}

export async function clearInfoAnswerReview(q: Queryable, answerId: string): Promise<void> {
  await q('info_answers').where({ id: answerId }).update({ reviewed_at: null, reviewed_by: null, updated_at: q.fn.now() });
}

export async function listInfoAnswersOfRequest(q: Queryable, requestId: string): Promise<Array<{ answerId: string; round: number }>> {
  if (!isUuid(requestId)) return [];
  const rows = await q('info_answers').where({ request_id: requestId }).orderBy('round').select('id', 'round');
  return rows.map((r) => ({ answerId: r.id, round: r.round }));
}

// ---- Masks ------------------------------------------------------------------------------------

export interface NewMaskRow {
  answerId: string;
  origin: 'detected' | 'lawyer';
  mask: NewMask;
  createdBy: string;
  /** A lawyer's mask is decided when it is made. */
  decidedBy?: number;
}

function maskColumns({ answerId, origin, mask: m, createdBy, decidedBy }: NewMaskRow) {
  const base = {
    answer_id: answerId, origin, state: origin === 'detected' ? 'proposed' : 'kept', kind: m.kind, created_by: createdBy,
    ...(decidedBy !== undefined ? { decided_by: decidedBy, decided_at: new Date() } : {}),
  };
  return m.target === 'text'
    ? { ...base, target: 'text', text_start: m.start, text_end: m.end }
    : { ...base, target: 'page', document_id: m.documentId, page_no: m.pageNo, rects: JSON.stringify(m.rects) };
}

export async function insertInfoAnswerMasks(q: Queryable, masks: readonly NewMaskRow[]): Promise<void> {
  // Batches keep one INSERT below PostgreSQL's 65535 bind parameters on a long scan.
  for (let i = 0; i < masks.length; i += 500) {
    await q('info_answer_masks').insert(masks.slice(i, i + 500).map(maskColumns));
  }
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

/** How many masks of the answer: of one origin, or those that will apply (not removed). */
export async function countInfoAnswerMasks(q: Queryable, answerId: string, which: { origin: 'detected' | 'lawyer' } | 'applying'): Promise<number> {
  const query = which === 'applying'
    ? q('info_answer_masks').where({ answer_id: answerId }).whereNot({ state: 'removed' })
    : q('info_answer_masks').where({ answer_id: answerId, origin: which.origin });
  const count = (await query.count({ count: '*' }))[0]?.count;
  return Number(count);
}

/** Which of these mask ids belong to the answer. */
export async function findInfoAnswerMaskIds(q: Queryable, answerId: string, ids: readonly number[]): Promise<number[]> {
  const known = await q('info_answer_masks').where({ answer_id: answerId }).whereIn('id', [...ids]).pluck('id');
  return known.map(Number);
}

export async function removeInfoAnswerMasks(q: Queryable, ids: readonly number[], lawyerUserId: number): Promise<void> {
  await q('info_answer_masks').whereIn('id', [...ids]).update({ state: 'removed', decided_by: lawyerUserId, decided_at: q.fn.now() });
}

/** Every proposal still standing becomes a kept mask, decided by the lawyer. */
export async function keepProposedInfoAnswerMasks(q: Queryable, answerId: string, lawyerUserId: number): Promise<void> {
  await q('info_answer_masks').where({ answer_id: answerId, state: 'proposed' }).update({ state: 'kept', decided_by: lawyerUserId, decided_at: q.fn.now() });
}

export async function deleteInfoAnswerMasks(q: Queryable, answerId: string): Promise<void> {
  await q('info_answer_masks').where({ answer_id: answerId }).delete();
}

// ---- Signed PDFs ------------------------------------------------------------------------------

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

export async function isInfoAnswerSigned(q: Queryable, answerId: string): Promise<boolean> {
  return !!(await q('info_answer_pdfs').where({ answer_id: answerId }).first('id'));
}

export async function findSignedInfoAnswerPdf(q: Queryable, answerId: string, variant: 'recipient' | 'public' = 'recipient'): Promise<SignedPdfRow | undefined> {
  if (!isUuid(answerId)) return undefined;
  const r = await q('info_answer_pdfs').where({ answer_id: answerId, variant }).first(PDF_COLUMNS);
  return r ? pdfRow(r) : undefined;
}

export async function findPdfByVerifyId(q: Queryable, verifyId: string): Promise<SignedPdfRow | undefined> {
  const r = await q('info_answer_pdfs').where({ verify_id: verifyId }).first(PDF_COLUMNS);
  return r ? pdfRow(r) : undefined;
}

/** Up to `limit` PDFs whose verification id without hyphens is `key` (by the index on that expression). */
export async function listPdfsByVerifyKey(q: Queryable, key: string, limit: number): Promise<SignedPdfRow[]> {
  const rows = await q('info_answer_pdfs').whereRaw("replace(verify_id, '-', '') = ?", [key]).limit(limit).select(PDF_COLUMNS);
  return rows.map(pdfRow);
}

export interface NewSignedPdf {
  answerId: string;
  variant: 'recipient' | 'public';
  verifyId: string;
  pdfSha256: string;
  maskedText: string;
  registrationIndex: string;
  registeredOn: string;
  subject: string;
  signerUserId: number;
  signerPosition: string;
  certificateSerial: string;
  signedAt: Date;
}

export async function insertSignedInfoAnswerPdf(q: Queryable, pdf: NewSignedPdf): Promise<number> {
  const [row] = await q('info_answer_pdfs').insert({
    answer_id: pdf.answerId, variant: pdf.variant, verify_id: pdf.verifyId, pdf_sha256: pdf.pdfSha256, masked_text: pdf.maskedText,
    registration_index: pdf.registrationIndex, registered_on: pdf.registeredOn, subject: pdf.subject,
    signer_user_id: pdf.signerUserId, signer_position: pdf.signerPosition, certificate_serial: pdf.certificateSerial, signed_at: pdf.signedAt,
  }).returning('id');
  return Number(row.id);
}

/** What the register entry copies from the public PDF. */
export async function findPublicPdfForRegister(q: Queryable, answerId: string): Promise<{ id: number; maskedText: string; registrationIndex: string; registeredOn: unknown } | undefined> {
  const pdf = await q('info_answer_pdfs').where({ answer_id: answerId, variant: 'public' }).first('id', 'masked_text', 'registration_index', 'registered_on');
  return pdf ? { id: pdf.id, maskedText: pdf.masked_text, registrationIndex: pdf.registration_index, registeredOn: pdf.registered_on } : undefined;
}

// ---- The public register ----------------------------------------------------------------------

/** A date column as YYYY-MM-DD, whatever the driver made of it. */
function isoDate(v: unknown): string {
  if (v instanceof Date) {
    const y = v.getFullYear();
    return `${y}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  }
  return String(v).slice(0, 10);
}

export async function isInfoAnswerPublished(q: Queryable, answerId: string): Promise<boolean> {
  return !!(await q('info_register').where({ answer_id: answerId }).first('id'));
}

export async function insertInfoRegisterEntry(q: Queryable, entry: {
  answerId: string; requestIndex: string; receivedOn: string; subject: string; result: string;
  answerIndex: string; answeredOn: unknown; maskedText: string; publicPdfId: number;
}): Promise<string> {
  const [row] = await q('info_register').insert({
    answer_id: entry.answerId, request_index: entry.requestIndex, received_on: entry.receivedOn, subject: entry.subject, result: entry.result,
    answer_index: entry.answerIndex, answered_on: entry.answeredOn, masked_text: entry.maskedText, public_pdf_id: entry.publicPdfId,
  }).returning('id');
  return row.id as string;
}

export interface RegisterRow {
  id: string;
  requestIndex: string;
  receivedOn: string;
  subject: string;
  result: string;
  answerIndex: string;
  answeredOn: string;
  maskedText: string;
}

function registerRow(r: Record<string, any>): RegisterRow {
  return {
    id: r.id, requestIndex: r.request_index, receivedOn: isoDate(r.received_on), subject: r.subject, result: r.result,
    answerIndex: r.answer_index, answeredOn: isoDate(r.answered_on), maskedText: String(r.masked_text),
  };
}

/** A page of the register: newest first, or by relevance to a tsquery (lib/search's query rules). */
export async function listInfoRegister(q: Queryable, input: { tsquery?: string; limit: number; offset: number }): Promise<{ total: number; rows: RegisterRow[] }> {
  const base = q('info_register');
  const { tsquery } = input;
  const filtered = tsquery ? base.whereRaw(`tsv @@ to_tsquery('simple', ?)`, [tsquery]) : base;
  const count = (await filtered.clone().count({ count: '*' }))[0]?.count;
  const rows = await filtered.clone()
    .select('id', 'request_index', 'received_on', 'subject', 'result', 'answer_index', 'answered_on', 'masked_text')
    .modify((qb) => {
      if (tsquery) qb.orderByRaw(`ts_rank(tsv, to_tsquery('simple', ?)) DESC, published_at DESC`, [tsquery]);
      else qb.orderBy('published_at', 'desc');
    })
    .orderBy('id')
    .limit(input.limit).offset(input.offset);
  return { total: Number(count), rows: rows.map(registerRow) };
}

export async function findRegisterRow(q: Queryable, id: string): Promise<(RegisterRow & { pdfSha256: string; verifyId: string }) | undefined> {
  if (!isUuid(id)) return undefined;
  const r = await q('info_register as r').join('info_answer_pdfs as p', 'p.id', 'r.public_pdf_id').where('r.id', id)
    .first('r.id', 'r.request_index', 'r.received_on', 'r.subject', 'r.result', 'r.answer_index', 'r.answered_on', 'r.masked_text', 'p.pdf_sha256', 'p.verify_id');
  if (!r) return undefined;
  return { ...registerRow(r), pdfSha256: r.pdf_sha256, verifyId: r.verify_id };
}
