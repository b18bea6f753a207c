// What a request for public information is and what the requester is told about it (Law 2939-VI).
// Statuses come from the one vocabulary of every stream (lib/cases/vocabulary.ts, DESIGN.md
// "What the citizen sees").
export { statusNames, type CaseStatus } from '../cases/vocabulary.ts';

/** Art. 19 p.3-4: oral, written (post), phone, e-mail; `portal` is the only public one, a clerk enters the rest. */
export const INFO_CHANNELS = ['portal', 'post', 'phone', 'oral', 'email'] as const;
export type InfoChannel = (typeof INFO_CHANNELS)[number];

/** Art. 19 p.5: how the requester wants the answer (by e-mail, by post, on the portal). */
export const ANSWER_CHANNELS = ['email', 'post', 'portal'] as const;
export type AnswerChannel = (typeof ANSWER_CHANNELS)[number];

/** How a case ends (Art. 20, 22). */
export const INFO_RESULTS = ['given', 'partly-given', 'refused', 'forwarded', 'deferred'] as const;
export type InfoResult = (typeof INFO_RESULTS)[number];

export const infoResultNames: Record<InfoResult, string> = {
  'given': 'Інформацію надано',
  'partly-given': 'Інформацію надано частково',
  'refused': 'У задоволенні запиту відмовлено',
  'forwarded': 'Запит переслано належному розпоряднику',
  'deferred': 'Розгляд запиту відстрочено',
};

/** Art. 22 p.1: the only four grounds of a refusal. */
export const REFUSAL_GROUNDS = ['not-held', 'restricted', 'unpaid', 'incomplete'] as const;
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number];

export const refusalGrounds: Record<RefusalGround, { article: string; text_uk: string }> = {
  'not-held': { article: 'ст. 22 ч. 1 п. 1', text_uk: 'розпорядник інформації не володіє і не зобов’язаний відповідно до його компетенції володіти інформацією, щодо якої зроблено запит' },
  'restricted': { article: 'ст. 22 ч. 1 п. 2', text_uk: 'інформація належить до категорії інформації з обмеженим доступом (ст. 6 ч. 2)' },
  'unpaid': { article: 'ст. 22 ч. 1 п. 3', text_uk: 'особа не оплатила передбачені статтею 21 фактичні витрати, пов’язані з копіюванням або друком' },
  'incomplete': { article: 'ст. 22 ч. 1 п. 4', text_uk: 'не дотримано вимог до запиту на інформацію, передбачених статтею 19 ч. 5' },
};

export const LAW_INFO = 'Закону України «Про доступ до публічної інформації»';

/** Art. 23: refusal, deferral, late or no answer may be appealed; told with every refusal and deferral. */
export const HOW_TO_APPEAL_INFO_UK = 'Рішення, дії чи бездіяльність розпорядника інформації можна оскаржити до керівника розпорядника, '
  + `вищого органу або суду (стаття 23 ${LAW_INFO}).`;
