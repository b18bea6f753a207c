// The requester-visible steps of a request for public information after its registration
// (DESIGN.md "What the citizen sees"): the status each step sets, the note on the timeline, the
// result shown when the case ends, and the e-mail that announces it. Pure: lib/info-requests/repository.ts
// stores what this returns, in one transaction.
import { ukrainianDate } from '../appeals/outcomes.ts';
import type { AppealStatus } from '../appeals/vocabulary.ts';
import { formatHryvnias } from './fee.ts';
import {
  HOW_TO_APPEAL_INFO_UK, LAW_INFO, infoResultNames, refusalGrounds, type InfoResult, type RefusalGround,
} from './vocabulary.ts';

export const INFO_STEPS = ['under-consideration', 'term-extended', 'forwarded', 'deferred', 'refused', 'awaiting-payment', 'paid', 'answered', 'answer-posted'] as const;
export type InfoStepKind = (typeof INFO_STEPS)[number];

export type InfoStep =
  | { kind: 'under-consideration'; departmentNames: string[]; dueDate: string | null }
  | { kind: 'term-extended'; newDueDate: string; reason: string }
  | { kind: 'forwarded'; holder: string }
  | { kind: 'deferred'; newDueDate: string; reason: string }
  | { kind: 'refused'; ground: RefusalGround; reason: string }
  | { kind: 'awaiting-payment'; pages: number; feeKopecks: number; rateKopecks: number }
  | { kind: 'paid' }
  | { kind: 'answered'; result: Extract<InfoResult, 'given' | 'partly-given'>; answerUrl: string | null; answerChannel: string }
  | { kind: 'answer-posted'; postedOn: string; trackingNumber: string | null };

export type InfoMailTemplate = 'info-term-extended' | 'info-forwarded' | 'info-deferred' | 'info-refused' | 'info-fee' | 'info-answer-ready';

export interface InfoStepRecord {
  status: AppealStatus;
  note: string;
  /** Set when the step ends the case: info_requests.result and result_details. */
  result?: { kind: InfoResult; details: Record<string, unknown> };
  mail?: { template: InfoMailTemplate; params: Record<string, string | undefined> };
}

const howToGet: Record<string, string> = {
  email: 'Відповідь надіслано на вашу електронну адресу; її також можна переглянути за посиланням.',
  post: 'Відповідь надіслано поштою на вказану вами адресу; її також можна переглянути за посиланням.',
  portal: 'Відповідь можна переглянути на порталі за посиланням.',
};

export function describeInfoStep(step: InfoStep): InfoStepRecord {
  switch (step.kind) {
    case 'under-consideration':
      return {
        status: 'under-consideration',
        note: `Запит опрацьовує: ${step.departmentNames.join('; ')}` + (step.dueDate ? `; строк відповіді — до ${ukrainianDate(step.dueDate)} (ст. 20 ${LAW_INFO})` : ''),
      };
    case 'term-extended':
      return {
        status: 'term-extended',
        note: `Строк розгляду запиту продовжено до ${ukrainianDate(step.newDueDate)} (20 робочих днів, ст. 20 ч. 4 ${LAW_INFO}): ${step.reason}`,
        mail: { template: 'info-term-extended', params: { newDueOn: step.newDueDate, reason: step.reason } },
      };
    case 'forwarded':
      return {
        status: 'forwarded',
        note: `Запит переслано належному розпоряднику інформації: ${step.holder} (ст. 22 ч. 3 ${LAW_INFO})`,
        result: { kind: 'forwarded', details: { kind: 'forwarded', holder: step.holder, article: 'ст. 22 ч. 3', resultText: infoResultNames.forwarded } },
        mail: { template: 'info-forwarded', params: { holder: step.holder } },
      };
    case 'deferred':
      return {
        status: 'deferred',
        note: `Розгляд запиту відстрочено до ${ukrainianDate(step.newDueDate)} через обставини непереборної сили: ${step.reason} (ст. 22 ч. 6–7 ${LAW_INFO})`,
        result: {
          kind: 'deferred',
          details: { kind: 'deferred', newDueDate: step.newDueDate, reason: step.reason, article: 'ст. 22 ч. 6–7', howToAppeal: HOW_TO_APPEAL_INFO_UK, resultText: infoResultNames.deferred },
        },
        mail: { template: 'info-deferred', params: { newDueOn: step.newDueDate, reason: step.reason } },
      };
    case 'refused': {
      const ground = refusalGrounds[step.ground];
      return {
        status: 'refused',
        note: `У задоволенні запиту відмовлено: ${ground.text_uk} (${ground.article} ${LAW_INFO}). ${step.reason}`,
        result: {
          kind: 'refused',
          details: {
            kind: 'refused', ground: step.ground, groundText: ground.text_uk, article: ground.article, reason: step.reason,
            howToAppeal: HOW_TO_APPEAL_INFO_UK, resultText: infoResultNames.refused,
          },
        },
        mail: { template: 'info-refused', params: { ground: `${ground.text_uk} (${ground.article} ${LAW_INFO})`, reason: step.reason } },
      };
    }
    case 'awaiting-payment':
      return {
        status: 'awaiting-payment',
        note: `Обсяг копій — ${step.pages} с.; понад 10 сторінок запитувач відшкодовує фактичні витрати: ${formatHryvnias(step.feeKopecks)} `
          + `(${formatHryvnias(step.rateKopecks)} за сторінку понад десяту; ст. 21 ${LAW_INFO}, постанова КМУ № 740). Відповідь буде надано після оплати.`,
        mail: { template: 'info-fee', params: { pages: String(step.pages), amount: formatHryvnias(step.feeKopecks), rate: formatHryvnias(step.rateKopecks) } },
      };
    case 'paid':
      return { status: 'under-consideration', note: 'Оплату витрат на копіювання отримано (ст. 21)' };
    // A paper answer is given the day it is posted (Civil Code Art. 255 p.2); the e-mail, if any, follows with `answered`.
    case 'answer-posted':
      return {
        status: 'answered',
        note: `Відповідь надіслано поштою ${ukrainianDate(step.postedOn)}` + (step.trackingNumber ? `, поштове відправлення № ${step.trackingNumber}` : ''),
      };
    case 'answered':
      return {
        status: 'answered',
        note: infoResultNames[step.result],
        result: { kind: step.result, details: { kind: step.result, resultText: infoResultNames[step.result], answerUrl: step.answerUrl, howToGet: howToGet[step.answerChannel] ?? howToGet.portal } },
        mail: { template: 'info-answer-ready', params: { answerUrl: step.answerUrl ?? undefined, howToGet: howToGet[step.answerChannel] ?? howToGet.portal } },
      };
  }
}
