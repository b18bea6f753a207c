// The files a citizen sends with a case (scans of letters, documents): how many, and the name shown
// to staff. Pure; the rows are lib/cases/repository.ts's, the bytes the file store's.

/** Laws 393/96-ВР and 2939-VI set no number; five keeps one request within a sane size at the default upload limit. */
export const MAX_CASE_ATTACHMENTS = 5;

/**
 * A name fit for display to staff, never for finding the file: no directories (some browsers send
 * a full path), no control or bidi-override characters (a name can disguise its extension with
 * U+202E), no lone surrogate (half a character, see lib/storable-text.ts), NFC, at most 200
 * characters. Null when nothing is left.
 */
export function sanitiseDisplayName(name: string | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.normalize('NFC').replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, '').replace(/\s+/g, ' ').trim();
  return clean === '' ? null : [...clean].slice(0, 200).join('');
}
