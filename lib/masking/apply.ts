// Replacing the found spans in text: each span becomes a mark saying what kind of data was there,
// the rest of the text stays as it was (Law 2939-VI Art. 6 p.7: restricted information, not documents).
import { maskMark, type PersonalDataSpan } from './types.ts';

export function applyMasks(text: string, spans: readonly PersonalDataSpan[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.end <= at) continue;
    out += text.slice(at, Math.max(at, s.start)) + maskMark(s.kind);
    at = s.end;
  }
  return out + text.slice(at);
}
