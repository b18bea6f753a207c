// Orthodox Easter (Великдень), on which Easter and Trinity (Трійця, Easter + 49 days) depend as
// public holidays (Labour Code Art. 73).
import { addDays, makeDate, type IsoDate } from './dates.ts';

/** The years orthodoxEaster computes: the Julian calendar runs 13 days behind the Gregorian from 1 March 1900 to 28 February 2100. */
export const EASTER_YEARS = { first: 1900, last: 2099 } as const;

/** Meeus' Julian algorithm gives the Julian-calendar date, 13 days added give the Gregorian one. */
export function orthodoxEaster(year: number): IsoDate {
  if (!Number.isInteger(year) || year < EASTER_YEARS.first || year > EASTER_YEARS.last) {
    throw new RangeError(`Orthodox Easter is computed for 1900-2099 only, not ${year}`);
  }
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  return addDays(makeDate(year, month, day), 13);
}
