// Copies and printouts, Law 2939-VI Art. 21 and CMU resolution 740 of 13.07.2011: up to ten pages
// are free; beyond that the requester pays only the actual cost, at most the limit CMU 740 sets
// per page (0.1 % of the minimum wage for an A4/A3 page). Our reading, decided here: the first ten
// pages stay free whatever the volume, and each page from the eleventh is charged. The rate is
// configuration (HROMADA_INFO_COPY_RATE_KOPECKS, lib/config.ts cases.copyRateKopecks), because the body's own rate and the minimum wage
// both change by decision, not by release. Information about the requester themself and
// information of public interest is always free (Art. 21 p.4): the unit does not charge then.

export const FREE_PAGES = 10;

/** The fee in kopecks; 0 up to ten pages. */
export function copyFeeKopecks(pages: number, rateKopecks: number): number {
  if (!Number.isSafeInteger(pages) || pages < 0) throw new RangeError('pages must be a non-negative integer');
  return Math.max(0, pages - FREE_PAGES) * rateKopecks;
}

/** 123456 -> "1234,56 грн". */
export function formatHryvnias(kopecks: number): string {
  return `${Math.floor(kopecks / 100)},${String(kopecks % 100).padStart(2, '0')} грн`;
}
