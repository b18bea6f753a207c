// Masking personal data in answers to public-information requests (Law 2939-VI Art. 6 p.7; Law
// 2297-VI): detection in Ukrainian text, replacement in text, rectangles over OCR words for scans.
// Pure: no I/O. Pieces: detect.ts (patterns and checks), names.ts + gazetteer.ts (people),
// checksums.ts (РНОКПП, Luhn, IBAN), apply.ts (text), words.ts (scanned pages).
import { applyMasks } from './apply.ts';
import { detectPersonalData } from './detect.ts';
import type { DetectOptions, PersonalDataSpan } from './types.ts';
import { maskWords, textOfWords, type PageMasks, type WordsPage } from './words.ts';

export { applyMasks } from './apply.ts';
export { detectPersonalData } from './detect.ts';
export { isValidIban, isValidLuhn, isValidRnokpp } from './checksums.ts';
export { MaskLabels, PersonalDataKinds, maskMark, type DetectOptions, type PersonalDataKind, type PersonalDataSpan } from './types.ts';
export { maskWords, textOfWords, type MaskRect, type PageMasks, type WordPosition, type WordsPage, type WordsText } from './words.ts';

/** Detects and masks in one step: the masked text and the spans a reviewer can add to or remove. */
export function maskText(text: string, options: DetectOptions = {}): { masked: string; spans: PersonalDataSpan[] } {
  const spans = detectPersonalData(text, options);
  return { masked: applyMasks(text, spans), spans };
}

/** Detects in the OCR words of scanned pages: the spans (over `text`) and the rectangles per page. */
export function maskScan(pages: readonly WordsPage[], options: DetectOptions = {}): { text: string; spans: PersonalDataSpan[]; pages: PageMasks[] } {
  const { text } = textOfWords(pages);
  const spans = detectPersonalData(text, options);
  return { text, spans, pages: maskWords(pages, spans) };
}
