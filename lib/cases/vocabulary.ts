// The one status vocabulary of every stream (DESIGN.md "What the citizen sees"): what a citizen is
// told about an appeal, a request for public information and, later, a service application, in
// plain Ukrainian. Pure.

export const CASE_STATUSES = [
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
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The words the portal shows; one vocabulary for every stream (DESIGN.md). */
export const statusNames: Record<CaseStatus, string> = {
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
export const FINAL_STATUSES: readonly CaseStatus[] = ['forwarded', 'answered', 'refused', 'not-considered'];

/** The names the appeals code has used since the start; the same vocabulary. */
export { CASE_STATUSES as APPEAL_STATUSES };
export type AppealStatus = CaseStatus;
