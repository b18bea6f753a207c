// The masks of an answer to a public-information request, without I/O: what the detector proposes
// over the answer's text and over the OCR words of the scanned pages that go with it, what a
// lawyer's change means, and what finally gets masked (Law 2939-VI Art. 6 p.7: the restricted parts
// are masked, the rest of the document is given; Law 2297-VI: personal data of third parties).
import { applyMasks, detectPersonalData, PersonalDataKinds, textOfWords, type DetectOptions, type PersonalDataKind, type WordsPage } from '../masking/index.ts';

export type MaskOrigin = 'detected' | 'lawyer';
/** proposed: found, not yet reviewed; kept: will be masked; removed: the lawyer found it public. */
export type MaskState = 'proposed' | 'kept' | 'removed';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type MaskTarget =
  | { target: 'text'; start: number; end: number }
  | { target: 'page'; documentId: string; pageNo: number; rects: Rect[] };

export type NewMask = MaskTarget & { kind: PersonalDataKind };

export interface StoredMask {
  id: number;
  origin: MaskOrigin;
  state: MaskState;
  kind: PersonalDataKind;
  mask: MaskTarget;
}

/** Pages of one registered document as OCR read them (lib/ocr/repository.ts). */
export interface DocumentWords {
  documentId: string;
  pages: WordsPage[];
}

/** OCR boxes are tight; anti-aliased edges of the letters lie just outside them. */
export const WORD_PADDING = 3;

/** Masks the detector proposes: one per span of the text, one per span and page of a scan. */
export function proposeMasks(text: string, documents: readonly DocumentWords[], options: DetectOptions = {}): NewMask[] {
  const out: NewMask[] = detectPersonalData(text, options).map((s) => ({ target: 'text', start: s.start, end: s.end, kind: s.kind }));
  for (const doc of documents) {
    const { text: words, positions } = textOfWords(doc.pages.map((p) => ({ ...p, words: ocrReadings(p.words) })));
    for (const span of detectPersonalData(words, options)) {
      // A span split over two pages (a name at a page break) becomes one mask per page.
      const byPage = new Map<number, Rect[]>();
      for (const p of positions) {
        if (p.end <= span.start || p.start >= span.end) continue;
        const word = doc.pages.find((pg) => pg.pageNo === p.pageNo)!.words[p.wordIndex]!;
        const rects = byPage.get(p.pageNo) ?? [];
        rects.push(padded(word));
        byPage.set(p.pageNo, rects);
      }
      for (const [pageNo, rects] of byPage) out.push({ target: 'page', documentId: doc.documentId, pageNo, rects, kind: span.kind });
    }
    // An e-mail address OCR cut in two at its "@" ("liubomyr.hnatiuk45 @ukr.net"): the detector sees
    // a domain without a mailbox, so the pair is masked here.
    for (const page of doc.pages) {
      page.words.forEach((w, i) => {
        const next = page.words[i + 1];
        if (next && SPLIT_EMAIL_LOCAL.test(w.text.trim()) && SPLIT_EMAIL_DOMAIN.test(next.text.trim())) {
          out.push({ target: 'page', documentId: doc.documentId, pageNo: page.pageNo, rects: [padded(w), padded(next)], kind: 'email' });
        }
      });
    }
  }
  return out;
}

const SPLIT_EMAIL_LOCAL = /^[\p{L}\d][\p{L}\d._%+-]*$/u;
const SPLIT_EMAIL_DOMAIN = /^@[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.\p{L}{2,}[.,;:)]*$/u;

/**
 * What OCR misreads in personal data, read back before detection. Each change keeps the word's
 * length, so offsets into the words' text still hold: a passport series in Latin look-alikes
 * (cyrillicSeries), the initial "З." read as the digit "3." ("Коваленко 3.Ю."), and an IBAN's "UA"
 * read as "04" or "0A" before its groups of four digits (the IBAN check digits still decide).
 */
export function ocrReadings<T extends { text: string }>(words: readonly T[]): T[] {
  return words.map((w, i) => {
    let text = cyrillicSeries(w.text);
    if (/^3\.\p{Lu}\.[,;]?$/u.test(text)) text = `З${text.slice(1)}`;
    const next = words[i + 1]?.text ?? '';
    const previous = words[i - 1]?.text ?? '';
    // Only at the start of a run of groups: "0437" inside a card or an IBAN is digits.
    if (/^[0OО][4AА]\d{2}$/u.test(text) && /^\d{4}$/.test(next) && !/\d$/.test(previous)) text = `UA${text.slice(2)}`;
    return text === w.text ? w : { ...w, text };
  });
}

const LATIN_LOOKALIKES: Record<string, string> = { A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', I: 'І', K: 'К', M: 'М', O: 'О', P: 'Р', T: 'Т', X: 'Х' };

/**
 * OCR with English beside Ukrainian reads the two Cyrillic letters of an old passport's series as
 * their Latin look-alikes ("EA 068716"), which the detector would not take for a series. Only a
 * two-letter capital token, alone or before six digits, is read back; the length never changes, so
 * offsets into the words' text still hold.
 */
export function cyrillicSeries(word: string): string {
  const m = /^([ABCEHIKMOPTX]{2})(\d{6})?$/.exec(word);
  return m ? [...m[1]!].map((c) => LATIN_LOOKALIKES[c]!).join('') + (m[2] ?? '') : word;
}

function padded(r: Rect, padding = WORD_PADDING): Rect {
  return {
    left: Math.max(0, Math.floor(r.left - padding)),
    top: Math.max(0, Math.floor(r.top - padding)),
    width: Math.ceil(r.width + 2 * padding),
    height: Math.ceil(r.height + 2 * padding),
  };
}

/** What will be masked once the review is done: everything not removed. */
export function effectiveMasks(masks: readonly StoredMask[]): StoredMask[] {
  return masks.filter((m) => m.state !== 'removed');
}

/** The answer's text with every effective text mask replaced by its mark ("[приховано: ПІБ]"). */
export function maskedText(text: string, masks: readonly StoredMask[]): string {
  const spans = effectiveMasks(masks).flatMap((m) => (m.mask.target === 'text'
    ? [{ start: m.mask.start, end: m.mask.end, kind: m.kind, text: text.slice(m.mask.start, m.mask.end) }]
    : []));
  return applyMasks(text, spans);
}

/** Rectangles to burn into each page, keyed `${documentId}:${pageNo}`. */
export function pageRects(masks: readonly StoredMask[]): Map<string, Rect[]> {
  const out = new Map<string, Rect[]>();
  for (const m of effectiveMasks(masks)) {
    if (m.mask.target !== 'page') continue;
    const key = `${m.mask.documentId}:${m.mask.pageNo}`;
    out.set(key, [...(out.get(key) ?? []), ...m.mask.rects]);
  }
  return out;
}

export class MaskInputError extends Error {
  override name = 'MaskInputError';
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
  }
}

/** A page of an answer's scans as the lawyer sees it, to check a rectangle against. */
export interface PageBounds {
  documentId: string;
  pageNo: number;
  width: number;
  height: number;
  /** Word boxes, for a mask given as a word rather than a rectangle. */
  words: readonly Rect[];
}

/** What a lawyer adds: a span of the text, a rectangle on a page, or a word of a page by its index. */
export type LawyerMask =
  | { target: 'text'; start: number; end: number; kind?: PersonalDataKind }
  | { target: 'page'; documentId: string; pageNo: number; rect: Rect; kind?: PersonalDataKind }
  | { target: 'word'; documentId: string; pageNo: number; wordIndex: number; kind?: PersonalDataKind };

/**
 * Checks a lawyer's mask against the answer (a span inside the text, a rectangle on a page of one
 * of its documents) and turns it into a stored shape. The kind defaults to 'name', the commonest.
 */
export function lawyerMask(input: LawyerMask, text: string, pages: readonly PageBounds[], field: string): NewMask {
  const kind = input.kind ?? 'name';
  if (!PersonalDataKinds.includes(kind)) throw new MaskInputError(`${field}.kind`, 'unknown kind');
  if (input.target === 'text') {
    if (!(Number.isInteger(input.start) && Number.isInteger(input.end) && input.start >= 0 && input.end > input.start && input.end <= text.length)) {
      throw new MaskInputError(field, `the span must lie inside the text (0..${text.length})`);
    }
    return { target: 'text', start: input.start, end: input.end, kind };
  }
  const page = pages.find((p) => p.documentId === input.documentId && p.pageNo === input.pageNo);
  if (!page) throw new MaskInputError(field, 'no such page among the answer\'s documents');
  if (input.target === 'word') {
    const word = page.words[input.wordIndex];
    if (!word) throw new MaskInputError(`${field}.wordIndex`, 'no such word on the page');
    return { target: 'page', documentId: page.documentId, pageNo: page.pageNo, rects: [padded(word)], kind };
  }
  const r = input.rect;
  if (!(r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.left < page.width && r.top < page.height)) {
    throw new MaskInputError(`${field}.rect`, `the rectangle must lie on the page (${page.width}×${page.height} px)`);
  }
  return { target: 'page', documentId: page.documentId, pageNo: page.pageNo, rects: [{ ...r }], kind };
}
