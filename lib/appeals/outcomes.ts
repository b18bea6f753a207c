// The citizen-visible steps of an appeal after its check (DESIGN.md "What the citizen sees"): the
// status each one sets, the note on the timeline and the e-mail that announces it. Pure: the
// repository (lib/appeals/repository.ts) stores what this returns, in one transaction.
import type { AppealStatus } from './vocabulary.ts';

export const APPEAL_OUTCOMES = ['under-consideration', 'forwarded', 'term-extended', 'answered', 'not-considered'] as const;
export type AppealOutcomeKind = (typeof APPEAL_OUTCOMES)[number];

/** Art. 15, 19: the answer's result. */
export const ANSWER_RESULTS = ['satisfied', 'explained', 'refused'] as const;
export type AnswerResult = (typeof ANSWER_RESULTS)[number];

export const answerResultNames: Record<AnswerResult, string> = {
  satisfied: 'Звернення задоволено',
  explained: 'Надано роз’яснення',
  refused: 'У задоволенні звернення відмовлено',
};

const LAW = 'Закону України «Про звернення громадян»';

/** Art. 15, 16: how a refusal is appealed; told to the citizen with every refusal. */
export const HOW_TO_APPEAL_UK = 'Рішення про відмову можна оскаржити до органу вищого рівня або до суду '
  + `(статті 15, 16 ${LAW}). Скаргу подають протягом одного року з моменту прийняття рішення, але не пізніше одного місяця з часу ознайомлення з ним (стаття 17).`;

export type AppealOutcome =
  | { kind: 'under-consideration'; departmentName: string; dueDate: string | null }
  | { kind: 'forwarded'; bodyName: string }
  | { kind: 'term-extended'; newDueDate: string; reason: string }
  | { kind: 'answered'; result: AnswerResult; text: string; refusalGround: string | null; signedAt: string }
  | { kind: 'not-considered'; code: string; article: string; reason: string };

export interface OutcomeRecord {
  status: AppealStatus;
  note: string;
  /** The appeal's `result` column, when the step gives one (shown to the citizen). */
  result?: Record<string, unknown>;
  /** The e-mail: a template of lib/notifications/templates.ts and its parameters (besides the common ones). */
  mail: { template: 'appeal-under-consideration' | 'forwarded' | 'term-extended' | 'answer-ready' | 'appeal-refused' | 'appeal-not-considered'; params: Record<string, string | undefined> };
}

/** "2026-12-11" -> "11.12.2026". */
export function ukrainianDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

export function describeOutcome(outcome: AppealOutcome): OutcomeRecord {
  switch (outcome.kind) {
    case 'under-consideration':
      return {
        status: 'under-consideration',
        note: `Звернення розглядає: ${outcome.departmentName}` + (outcome.dueDate ? `; строк розгляду — до ${ukrainianDate(outcome.dueDate)} (ст. 20 ${LAW})` : ''),
        mail: { template: 'appeal-under-consideration', params: { departmentName: outcome.departmentName, dueOn: outcome.dueDate ?? undefined } },
      };
    case 'forwarded':
      return {
        status: 'forwarded',
        note: `Переслано за належністю до: ${outcome.bodyName} (ст. 7 ${LAW})`,
        result: { kind: 'forwarded', bodyName: outcome.bodyName, article: 'ст. 7' },
        mail: { template: 'forwarded', params: { bodyName: outcome.bodyName } },
      };
    case 'term-extended':
      return {
        status: 'term-extended',
        note: `Строк розгляду продовжено до ${ukrainianDate(outcome.newDueDate)}: ${outcome.reason} (ст. 20 ${LAW})`,
        mail: { template: 'term-extended', params: { newDueOn: outcome.newDueDate, reason: outcome.reason } },
      };
    case 'answered': {
      const refused = outcome.result === 'refused';
      return {
        status: refused ? 'refused' : 'answered',
        note: refused
          ? `${answerResultNames.refused}: ${outcome.refusalGround ?? ''}`.trim()
          : answerResultNames[outcome.result],
        result: {
          kind: outcome.result,
          resultText: answerResultNames[outcome.result],
          answer: outcome.text,
          ...(refused ? { ground: outcome.refusalGround, howToAppeal: HOW_TO_APPEAL_UK } : {}),
          signedAt: outcome.signedAt,
        },
        mail: refused
          ? { template: 'appeal-refused', params: { ground: outcome.refusalGround ?? answerResultNames.refused } }
          : { template: 'answer-ready', params: {} },
      };
    }
    case 'not-considered':
      return {
        status: 'not-considered',
        note: `${outcome.reason} (${outcome.article} ${LAW})`,
        result: { kind: 'not-considered', reasons: [{ code: outcome.code, article: outcome.article, text_uk: outcome.reason }] },
        mail: { template: 'appeal-not-considered', params: { reason: outcome.reason } },
      };
  }
}
