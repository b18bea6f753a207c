// What an appeal is and what the citizen is told about it: the kinds of Law 393/96-ВР and the one
// status vocabulary of DESIGN.md "What the citizen sees", in plain Ukrainian.

/** Art. 3: пропозиція (зауваження), заява (клопотання), скарга. */
export const APPEAL_TYPES = ['proposal', 'application', 'complaint'] as const;
export type AppealType = (typeof APPEAL_TYPES)[number];

export const appealTypeNames: Record<AppealType, string> = {
  proposal: 'Пропозиція (зауваження)',
  application: 'Заява (клопотання)',
  complaint: 'Скарга',
};

/**
 * How the appeal reached us. Art. 5: written (paper, post), oral (personal reception, phone) or
 * electronic (the portal, e-mail). Only `portal` is open to the public; the rest a clerk enters.
 */
export const APPEAL_CHANNELS = ['portal', 'paper', 'oral', 'phone', 'email'] as const;
export type AppealChannel = (typeof APPEAL_CHANNELS)[number];

/** Electronic appeals need an e-mail or other contact and no signature (Art. 5 p.6-7). */
export function isElectronic(channel: AppealChannel): boolean {
  return channel === 'portal' || channel === 'email';
}

/** Written appeals are signed and dated by the author (Art. 5 p.6). */
export function isWritten(channel: AppealChannel): boolean {
  return channel === 'paper';
}

// The status vocabulary is every stream's (lib/cases/vocabulary.ts); appeals speak it too.
export { APPEAL_STATUSES, FINAL_STATUSES, statusNames, type AppealStatus } from '../cases/vocabulary.ts';

/** Departments by role in the flow (codes of the foundation migration). */
export const AppealDepartments = {
  /** Загальний відділ (канцелярія): receives and registers. */
  records: '01',
  /** Керівництво: considers and resolves (Art. 7, 14). */
  management: '02',
} as const;
