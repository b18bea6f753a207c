// The server side of the appeal forms (STYLE.md habit 8): a JSON Schema of each user task's
// variables and the rules a schema cannot express, checked by POST /api/v1/tasks/:id/complete
// before the engine sees anything. lib/appeals/manifest.ts attaches them to the user tasks.
//
// Variable names are written out here rather than taken from lib/appeals/manifest.ts, which imports this
// module: a value import back would be a cycle. test/lib/appeals/forms.test.ts checks they agree.
import type { FormFieldError, FormRuleContext, UserTaskForm } from '../manifest.ts';
import { parseDateTime } from '../calendar/index.ts';
import { checkForwarding } from './forwarding.ts';
import { checkExtension, maxAppealDue } from './terms.ts';

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const;
const date = { type: 'string', format: 'date' } as const;

/** Art. 7 and Art. 20: forward, or consider here in a department, in 15 days or a month. */
const considerAppeal: UserTaskForm = {
  schema: {
    type: 'object',
    required: ['decision'],
    properties: {
      decision: { type: 'string', enum: ['consider', 'forward'] },
      forwardTo: text(300),
      complainedBody: text(300),
      executorsDepartment: { type: 'string', pattern: '^[0-9A-Za-z-]{1,16}$' },
      shortTerm: { type: 'boolean', default: false },
    },
    additionalProperties: false,
    allOf: [
      { if: { properties: { decision: { const: 'forward' } } }, then: { required: ['forwardTo'] } },
      { if: { properties: { decision: { const: 'consider' } } }, then: { required: ['executorsDepartment'] } },
    ],
  },
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

/** The executor drafts the answer, or asks the head for more time (Art. 20). */
const prepareAppealAnswer: UserTaskForm = {
  schema: {
    type: 'object',
    properties: {
      requestExtension: { type: 'boolean', default: false },
      extensionReason: text(500),
      answerText: text(10000),
      answerResult: { type: 'string', enum: ['satisfied', 'explained', 'refused'] },
      refusalGround: text(500),
    },
    additionalProperties: false,
    allOf: [
      {
        if: { properties: { requestExtension: { const: true } }, required: ['requestExtension'] },
        then: { required: ['extensionReason'] },
        else: { required: ['answerText', 'answerResult'] },
      },
      // Art. 15: a refusal states its ground.
      { if: { properties: { answerResult: { const: 'refused' } }, required: ['answerResult'] }, then: { required: ['refusalGround'] } },
    ],
  },
  // The if/then/else above: a draft (no extension asked) carries the answer that is signed.
  writesWhen: [{ when: 'requestExtension', equals: false, writes: ['answerText', 'answerResult'] }],
};

/** The head extends the term (Art. 20: at most 45 days in total, telling the author), or does not. */
const extendAppealTerm: UserTaskForm = {
  schema: {
    type: 'object',
    required: ['extend'],
    properties: {
      extend: { type: 'boolean' },
      newDueDate: date,
      extensionReason: text(500),
    },
    additionalProperties: false,
    allOf: [{ if: { properties: { extend: { const: true } } }, then: { required: ['newDueDate', 'extensionReason'] } }],
  },
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

/** The head approves the draft (it is then signed with their certificate) or returns it. */
const approveAppealAnswer: UserTaskForm = {
  schema: {
    type: 'object',
    required: ['approval'],
    properties: {
      approval: { type: 'string', enum: ['approve', 'return'] },
      approvalComment: text(2000),
    },
    additionalProperties: false,
    allOf: [{ if: { properties: { approval: { const: 'return' } } }, then: { required: ['approvalComment'] } }],
  },
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

export const appealForms = { considerAppeal, prepareAppealAnswer, extendAppealTerm, approveAppealAnswer } as const;
