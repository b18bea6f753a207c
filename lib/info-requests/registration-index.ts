// The registration index of a request for public information: requests are registered apart from
// other correspondence and from citizens' appeals (CMU 55/2018 lets a body keep separate journals
// for separate kinds of documents), in the journal `info-requests`, with a gapless number within
// the calendar year after the letters "ЗІ" (запит на інформацію): `ЗІ-17`. Our choice: the letters
// keep the number apart from appeals' `К-17` and documents' `17/01-15` when a clerk files or searches.

export const INFO_REQUESTS_JOURNAL = 'info-requests';
export const INFO_INDEX_PREFIX = 'ЗІ';

export function formatInfoRequestIndex(number: number): string {
  if (!Number.isSafeInteger(number) || number < 1) throw new RangeError(`registration number must be a positive integer, got ${number}`);
  return `${INFO_INDEX_PREFIX}-${number}`;
}

/** Reads back what formatInfoRequestIndex writes; undefined when malformed. */
export function parseInfoRequestIndex(text: string): number | undefined {
  const match = /^ЗІ-([1-9][0-9]*)$/u.exec(text.trim());
  const number = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(number) ? number : undefined;
}
