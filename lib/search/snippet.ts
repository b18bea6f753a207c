// Highlighted snippets. PostgreSQL's ts_headline marks the matches but escapes nothing, and the text
// is the correspondent's (anything may be in it), so the database marks matches with two control
// characters that never occur in text, and this module escapes everything and only then turns the
// markers into <mark> elements.

/** What the repository passes to ts_headline as StartSel and StopSel. */
export const MARK_START = '\u0002';
export const MARK_STOP = '\u0003';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Safe HTML: the text escaped, the marked matches in <mark>, stray or unbalanced markers dropped. */
export function markedToHtml(marked: string): string {
  let out = '';
  let open = false;
  let plain = '';
  const flush = () => { out += escapeHtml(plain); plain = ''; };
  for (const ch of marked) {
    if (ch === MARK_START) {
      if (!open) { flush(); out += '<mark>'; open = true; }
    } else if (ch === MARK_STOP) {
      if (open) { flush(); out += '</mark>'; open = false; }
    } else if (ch < ' ' && ch !== '\n' && ch !== '\t') {
      // Other control characters (OCR noise) would only confuse a browser.
      plain += ' ';
    } else {
      plain += ch;
    }
  }
  flush();
  if (open) out += '</mark>';
  return out;
}

/** ts_headline options: a few short fragments around the matches, our markers around each match. */
export function headlineOptions(opts: { maxWords: number; minWords: number; maxFragments: number }): string {
  return [
    `StartSel=${MARK_START}`, `StopSel=${MARK_STOP}`, `MaxWords=${opts.maxWords}`, `MinWords=${opts.minWords}`,
    `MaxFragments=${opts.maxFragments}`, 'FragmentDelimiter=" … "', 'HighlightAll=false',
  ].join(', ');
}
