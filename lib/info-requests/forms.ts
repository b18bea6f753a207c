// The server side of the forms of a request for public information (processes/public-info-request.bpmn)
// besides the form files (processes/forms/<task id>.form, whose JSON Schema lib/forms derives),
// checked by POST /api/v1/tasks/:id/complete before the engine sees anything (STYLE.md habit 8).
// Variable names are written out here rather than taken from lib/info-requests/manifest.ts, which imports this
// module (a value import back would be a cycle).
import { parseDateTime, toZoned } from '../calendar/index.ts';
import type { FormFieldError, FormRuleContext, UserTaskRules } from '../manifest.ts';
import { FREE_PAGES } from './fee.ts';
import { checkDeferralDate, checkExtensionInTime } from './terms.ts';
import { REFUSAL_GROUNDS } from './vocabulary.ts';

const KYIV = 'Europe/Kyiv';
const uuid = { type: 'string', format: 'uuid' } as const;

/** Grounds the unit may give at triage; `unpaid` follows only an unpaid fee (Art. 22 p.1 item 3). */
export const TRIAGE_REFUSAL_GROUNDS = REFUSAL_GROUNDS.filter((g) => g !== 'unpaid');

/**
 * The public-information unit's decision on a registered request: (a) held here, answered by one
 * or more departments, possibly with an extension to 20 working days (Art. 20 p.4) and a copying
 * fee (Art. 21); (b) forwarded to the holder (Art. 22 p.3); (d) deferred for force majeure (Art. 22
 * p.6-7); (e) refused on an Art. 22 p.1 ground.
 * The form requires what each decision needs (departments; the holder; the new term and its reason;
 * a ground of TRIAGE_REFUSAL_GROUNDS and a reason), a reason for an extension (Art. 20 p.4) and the
 * pages of a fee (Art. 21).
 */
const triageInfoRequest: UserTaskRules = {
  fieldSchemas: {
    // A set as a map (department code -> true), like the resolution's executors: the task API takes
    // objects, not arrays, as variables, and a map cannot name a department twice.
    infoDepartments: { type: 'object', minProperties: 1, maxProperties: 10, propertyNames: { pattern: '^[0-9A-Za-z-]{1,16}$' }, additionalProperties: { const: true } },
  },
  // The information officer handling the request: one of the officials whose name the answer may
  // carry unmasked (workers/topics/info-requests/propose-info-answer-masks.ts).
  completedBy: 'infoTriagedBy',
  async rule(variables, context) {
    const errors: FormFieldError[] = [];
    const decision = variables.infoDecision;
    if (decision !== 'assign') {
      for (const field of ['infoDepartments', 'extend', 'chargeCopies'] as const) {
        if (variables[field] !== undefined && variables[field] !== false) {
          errors.push({ field, message: 'only when the request is answered here', message_uk: 'лише коли запит виконується тут' });
        }
      }
    }
    if (decision === 'assign') {
      const known = new Set(await context.departmentCodes());
      for (const code of Object.keys(variables.infoDepartments as Record<string, true>)) {
        if (!known.has(code)) errors.push({ field: `infoDepartments.${code}`, message: 'no such department', message_uk: 'такого підрозділу немає' });
      }
      if (variables.chargeCopies === true && (variables.copyPages as number) <= FREE_PAGES) {
        errors.push({
          field: 'copyPages',
          message: `copies are free up to ${FREE_PAGES} pages (Law 2939-VI Art. 21)`,
          message_uk: `копії до ${FREE_PAGES} сторінок надаються безоплатно (ст. 21 Закону України «Про доступ до публічної інформації»)`,
        });
      }
      if (variables.extend === true) {
        const pv = await context.processVariables();
        if (pv.regime === 'public-info-urgent') {
          errors.push({ field: 'extend', message: 'a 48-hour request is not extended (Art. 20 p.2, p.4)', message_uk: 'строк відповіді на запит, що потребує відповіді протягом 48 годин, не продовжується (ст. 20)' });
        } else {
          const receivedAt = typeof pv.receivedAt === 'string' ? parseDateTime(pv.receivedAt, KYIV) : undefined;
          if (!receivedAt) return [missingFact('receivedAt')];
          errors.push(...checkExtensionInTime(receivedAt, new Date(), await context.calendar()));
        }
      }
    }
    if (decision === 'defer') errors.push(...checkDeferralDate(variables.deferredTo as string, toZoned(new Date(), KYIV).date));
    return errors;
  },
};

/** Art. 21: the requester paid the copying cost (the answer goes on), or did not (refusal, Art. 22 p.1 item 3). */
const confirmInfoPayment: UserTaskRules = {
  completedBy: 'paymentConfirmedBy',
};

/** A department's part of the answer: its text and the registered documents whose pages go with it. */
const prepareInfoAnswer: UserTaskRules = {
  fieldSchemas: {
    // Document id -> true (a set as a map, see infoDepartments); the form's default is {}.
    branchDocumentIds: { type: 'object', maxProperties: 20, propertyNames: uuid, additionalProperties: { const: true } },
  },
  completedBy: 'branchDraftedBy',
};

/** The lawyer confirms that the masks are reviewed (the marks themselves are edited through the answers API). */
const reviewInfoAnswerMasks: UserTaskRules = {
  completedBy: 'masksReviewedBy',
};

/** The head approves the masked answer with its result (signed with their certificate), or returns it. */
const approveInfoAnswer: UserTaskRules = {
  completedBy: 'infoApprovedBy',
  // The allOf above: an approval states the result, which the register publishes.
  writesWhen: [{ when: 'approval', equals: 'approve', writes: ['infoResult'] }],
  // A returned draft is drafted again as a new round: each round is its own answer (masks, review).
  derives: ['answerRound'],
  async derive(variables, context: FormRuleContext) {
    const { answerRound } = await context.processVariables();
    const before = typeof answerRound === 'number' ? answerRound : 1;
    return { answerRound: before + (variables.approval === 'return' ? 1 : 0) };
  },
};

/**
 * Ukrposhta's numbers, loosely: 13 digits (domestic), or the UPU S10 form of an international item
 * posted in Ukraine (two letters, nine digits, UA). Spaces and case as typed; no check digit.
 */
const UKRPOSHTA_NUMBER = /^(?:[0-9]{13}|[A-Z]{2}[0-9]{9}UA)$/;
const normalTrackingNumber = (typed: string) => typed.replace(/[\s-]+/g, '').toUpperCase();

/**
 * A paper answer (answerChannel `post`): the clerk prints the signed letter (GET
 * /api/v1/info-answers/{id}/pdf) and posts it. Civil Code Art. 255 p.2: what is handed to the post
 * before midnight of the last day is in time, so the day posted is the day the answer is given; it
 * cannot be in the future nor before the answer was signed.
 */
const postInfoAnswer: UserTaskRules = {
  completedBy: 'answerPostedBy',
  async rule(variables, context) {
    const errors: FormFieldError[] = [];
    const posted = variables.answerPostedOn as string;
    if (posted > toZoned(new Date(), KYIV).date) {
      errors.push({ field: 'answerPostedOn', message: 'the day posted cannot be in the future', message_uk: 'дата відправлення не може бути в майбутньому' });
    }
    const { infoAnswerSignedAt } = await context.processVariables();
    const signedAt = typeof infoAnswerSignedAt === 'string' ? parseDateTime(infoAnswerSignedAt, KYIV) : undefined;
    if (!signedAt) return [...errors, missingFact('infoAnswerSignedAt')];
    if (posted < toZoned(signedAt, KYIV).date) {
      errors.push({ field: 'answerPostedOn', message: 'the answer was signed later than that day', message_uk: 'відповідь підписано пізніше за цю дату' });
    }
    const typed = variables.postTrackingNumber;
    if (typeof typed === 'string' && !UKRPOSHTA_NUMBER.test(normalTrackingNumber(typed))) {
      errors.push({
        field: 'postTrackingNumber',
        message: 'an Ukrposhta number is 13 digits, or two letters, nine digits and UA',
        message_uk: 'номер відправлення Укрпошти — 13 цифр або дві літери, дев’ять цифр і UA',
      });
    }
    return errors;
  },
  // The number as the post office prints it, whatever spaces the clerk typed; only when one was
  // typed (the field is optional), so not on every completion.
  derives: [],
  async derive(variables) {
    const typed = variables.postTrackingNumber;
    return typeof typed === 'string' ? { postTrackingNumber: normalTrackingNumber(typed) } : {};
  },
};

function missingFact(name: string): FormFieldError {
  return { field: '(task)', message: `the case has no ${name}`, message_uk: `у справі немає ${name}` };
}

// info-request-due-reminder and info-request-overdue: the forms alone (acknowledgements, no fields).

export const infoRequestForms = { triageInfoRequest, confirmInfoPayment, prepareInfoAnswer, reviewInfoAnswerMasks, approveInfoAnswer, postInfoAnswer } as const;
