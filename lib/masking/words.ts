// Masking a scanned page: the OCR words (lib/ocr, boxes in pixels of the page image) are joined
// into one text, the detector's spans are mapped back to the words they touch, and each touched
// word becomes a rectangle to paint black on the image itself (lib/answer-pdf burns them in).
// A word only partly inside a span is covered whole: "тел.:0671234567," hides its punctuation
// too, which is better than leaving a digit visible.
import type { PageWord } from '../ocr/types.ts';
import type { PersonalDataKind, PersonalDataSpan } from './types.ts';

export interface WordsPage {
  /** 1-based. */
  pageNo: number;
  words: readonly PageWord[];
}

export interface WordPosition {
  pageNo: number;
  wordIndex: number;
  start: number;
  end: number;
}

export interface WordsText {
  /** Words of a page joined by spaces, pages by a blank line: what the detector reads. */
  text: string;
  positions: WordPosition[];
}

export interface MaskRect {
  left: number;
  top: number;
  width: number;
  height: number;
  kind: PersonalDataKind;
}

export interface PageMasks {
  pageNo: number;
  rects: MaskRect[];
}

export function textOfWords(pages: readonly WordsPage[]): WordsText {
  let text = '';
  const positions: WordPosition[] = [];
  for (const page of pages) {
    if (text.length > 0) text += '\n\n';
    page.words.forEach((word, wordIndex) => {
      const w = word.text.trim();
      if (!w) return;
      if (positions.length > 0 && !text.endsWith('\n')) text += ' ';
      positions.push({ pageNo: page.pageNo, wordIndex, start: text.length, end: text.length + w.length });
      text += w;
    });
  }
  return { text, positions };
}

/**
 * The rectangles to black out, per page, for spans found in `textOfWords(pages).text`. Each box
 * grows by `padding` pixels: OCR boxes are tight and anti-aliased edges of letters lie outside.
 */
export function maskWords(pages: readonly WordsPage[], spans: readonly PersonalDataSpan[], options: { padding?: number } = {}): PageMasks[] {
  const padding = options.padding ?? 2;
  const { positions } = textOfWords(pages);
  const byPage = new Map<number, MaskRect[]>();
  for (const page of pages) byPage.set(page.pageNo, []);
  for (const span of spans) {
    for (const p of positions) {
      if (p.end <= span.start || p.start >= span.end) continue;
      const word = pages.find((pg) => pg.pageNo === p.pageNo)!.words[p.wordIndex]!;
      byPage.get(p.pageNo)!.push({
        left: Math.max(0, word.left - padding),
        top: Math.max(0, word.top - padding),
        width: word.width + 2 * padding,
        height: word.height + 2 * padding,
        kind: span.kind,
      });
    }
  }
  return [...byPage].map(([pageNo, rects]) => ({ pageNo, rects }));
}
