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

export const APPEAL_STATUSES = [
  'received',
  'registered',
  'under-consideration',
  'clarification-needed',
  'term-extended',
  'forwarded',
  // Requests for public information only: deferral for force majeure (Law 2939-VI Art. 22 p.6-7).
  'deferred',
  'awaiting-payment',
  'answered',
  'refused',
  'not-considered',
] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** The words the portal shows; one vocabulary for every stream (DESIGN.md). */
export const statusNames: Record<AppealStatus, string> = {
  'received': 'Отримано',
  'registered': 'Зареєстровано',
  'under-consideration': 'На розгляді',
  'clarification-needed': 'Потребує уточнення',
  'term-extended': 'Строк продовжено',
  'forwarded': 'Переслано за належністю',
  'deferred': 'Розгляд відстрочено',
  'awaiting-payment': 'Очікує оплати',
  'answered': 'Надано відповідь',
  'refused': 'Відмовлено',
  'not-considered': 'Залишено без розгляду',
};

/** Statuses after which nothing more happens to the appeal. */
export const FINAL_STATUSES: readonly AppealStatus[] = ['forwarded', 'answered', 'refused', 'not-considered'];
