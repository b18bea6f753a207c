// The registration journals (журнали реєстрації) and the year their numbering restarts in. Pure.

/** Journals seeded by the migrations: correspondence's three, and the citizens' cases' own (CMU 348: appeals apart). */
export const Journals = {
  incoming: 'incoming',
  outgoing: 'outgoing',
  internal: 'internal',
  appeals: 'appeals',
  infoRequests: 'info-requests',
} as const;
export type JournalCode = (typeof Journals)[keyof typeof Journals];

const kyivYear = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Kyiv', year: 'numeric' });

/**
 * The year whose numbering a registration at `at` belongs to: numbers restart each calendar year
 * (CMU 55/2018), and the year is Kyiv's, so a letter registered at 00:30 on 1 January Kyiv time
 * (22:30 UTC on 31 December) opens the new year's numbering.
 */
export function registrationYear(at: Date): number {
  if (Number.isNaN(at.getTime())) throw new RangeError('registration time is not a valid date');
  return Number(kyivYear.format(at));
}
