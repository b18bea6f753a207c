// The server side of the appeal forms (STYLE.md habit 8) besides the form files (processes/forms/<task
// id>.form, whose JSON Schema lib/forms derives): the rules a schema cannot express, checked by POST
// /api/v1/tasks/:id/complete before the engine sees anything, and what the server sets itself.
// lib/appeals/manifest.ts attaches them to the user tasks.
//
// Variable names are written out here rather than taken from lib/appeals/manifest.ts, which imports this
// module: a value import back would be a cycle. test/lib/appeals/closure.test.ts checks they agree.
import type { FormFieldError, FormRuleContext, UserTaskRules } from '../manifest.ts';
import { parseDateTime } from '../calendar/index.ts';
import { checkForwarding } from './forwarding.ts';
import { checkExtension, maxAppealDue } from './terms.ts';

/**
 * Art. 7 and Art. 20: forward (the form requires forwardTo), or consider here in a department (the
 * form requires executorsDepartment), in 15 days or a month (shortTerm, false by default).
 */
const considerAppeal: UserTaskRules = {
  async rule(variables, context) {
    if (variables.decision === 'forward') {
      const { appealType } = await context.processVariables();
      return checkForwarding({
        appealType: appealType as string | undefined,
        forwardTo: variables.forwardTo as string,
        complainedBody: variables.complainedBody as string | undefined,
      });
    }
    const department = variables.executorsDepartment as string;
    if (!(await context.departmentCodes()).includes(department)) {
      return [{ field: 'executorsDepartment', message: 'no such department', message_uk: 'такого підрозділу немає' }];
    }
    return [];
  },
};

/**
 * prepare-appeal-answer: the form says it all (the executor drafts the answer with its result, or
 * asks the head for more time, Art. 20, with a reason; Art. 15: a refusal states its ground). What the
 * process lint needs besides: a draft (no extension asked) carries the answer that is signed.
 */
const prepareAppealAnswer: UserTaskRules = {
  writesWhen: [{ when: 'requestExtension', equals: false, writes: ['answerText', 'answerResult'] }],
};

/** The head extends the term (Art. 20: at most 45 days in total, telling the author), or does not. */
const extendAppealTerm: UserTaskRules = {
  async rule(variables, context) {
    if (variables.extend !== true) return [];
    const pv = await context.processVariables();
    const receivedAt = typeof pv.receivedAt === 'string' ? parseDateTime(pv.receivedAt, 'Europe/Kyiv') : undefined;
    if (!receivedAt) return [missingFact('receivedAt')];
    return checkExtension({
      requested: variables.newDueDate as string,
      currentDue: typeof pv.dueDate === 'string' ? pv.dueDate : null,
      maxDue: maxAppealDue(receivedAt, await context.calendar()),
    });
  },
};

/** The head approves the draft (it is then signed with their certificate) or returns it with a comment. */
const approveAppealAnswer: UserTaskRules = {
  // The signer is whoever completes the task in this session, never a name the client sends.
  completedBy: 'approvedBy',
  derives: ['answerReturns'],
  async derive(variables, context: FormRuleContext) {
    const { answerReturns } = await context.processVariables();
    const before = typeof answerReturns === 'number' ? answerReturns : 0;
    return { answerReturns: before + (variables.approval === 'return' ? 1 : 0) };
  },
};

function missingFact(name: string): FormFieldError {
  return { field: '(task)', message: `the case has no ${name}`, message_uk: `у справі немає ${name}` };
}

// decide-repeat-appeal (Art. 8 p.2: the head decides whether a repeat is considered, repeatDecision),
// return-appeal-to-author, appeal-due-reminder and appeal-overdue: the forms alone.

export const appealForms = { considerAppeal, prepareAppealAnswer, extendAppealTerm, approveAppealAnswer } as const;
