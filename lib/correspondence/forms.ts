// The server side of the forms of an incoming document's execution (processes/incoming-document.bpmn)
// besides the form files (processes/forms/<task id>.form, whose JSON Schema lib/forms derives): what
// POST /api/v1/tasks/:id/complete checks and sets before the engine sees the variables (lib/manifest.ts
// UserTaskRules). Pure: everything else comes through the FormRuleContext.
import { toZoned } from '../calendar/index.ts';
import type { FormFieldError, FormRuleContext, UserTaskRules } from '../manifest.ts';
import { checkResolutionForm, parseExecutorKey, type ResolutionForm } from './resolution.ts';

const KYIV = 'Europe/Kyiv';

// check-registration-card: the form alone (a required `cardConfirmed` box). No tasklist form lets the
// clerk correct the card yet, so the one thing a completion can say is that the clerk compared the
// card with the scan and confirms it; the body's seal (sign-registration) follows this step and
// attests the card (Law 2155-VIII, CMU 55/2018), so a completion that confirms nothing is refused.

const resolveDocument: UserTaskRules = {
  // The resolution's executors (CMU 55/2018: executors, one of them responsible), a custom field of
  // the form (hromada-executors): department or person → role.
  fieldSchemas: {
    executors: {
      type: 'object',
      minProperties: 1,
      maxProperties: 20,
      propertyNames: { pattern: '^(department:[A-Za-z0-9-]{1,16}|user:[A-Za-z0-9_.-]{1,64})$' },
      additionalProperties: { type: 'string', enum: ['responsible', 'co-executor'] },
    },
  },
  // One responsible executor, a term not in the past (Kyiv date), departments that exist; people
  // are looked up when the resolution is planned (workers/topics/correspondence/plan-execution.ts).
  async rule(variables: Readonly<Record<string, unknown>>, context: FormRuleContext): Promise<FormFieldError[]> {
    const form = variables as unknown as ResolutionForm;
    const errors = checkResolutionForm(form, toZoned(new Date(), KYIV).date);
    const known = new Set(await context.departmentCodes());
    for (const key of Object.keys(form.executors)) {
      const ref = parseExecutorKey(key);
      if (ref?.kind === 'department' && !known.has(ref.code)) {
        errors.push({ field: `executors.${key}`, message: 'no such department', message_uk: 'такого підрозділу немає' });
      }
    }
    return errors;
  },
  completedBy: 'resolutionAuthor',
};

// execute-assignment (the executor's report) and consolidate-execution (the responsible executor's
// summary): the forms alone.

// review-execution: a return for rework says why (the form requires `reason` when `accepted` is false).
const reviewExecution: UserTaskRules = {
  // Who accepted is the server's (the controller signs the acceptance with their certificate, Law 2155-VIII).
  completedBy: 'reviewedBy',
  // The count of returns is the server's, never the client's.
  derives: ['reworkCount'],
  async derive(variables: Readonly<Record<string, unknown>>, context: FormRuleContext): Promise<Record<string, unknown>> {
    const current = Number((await context.processVariables()).reworkCount ?? 0);
    return { reworkCount: variables.accepted === false ? current + 1 : current };
  },
};

// The reply letter (CMU 55/2018: an outgoing answer registered with a reference to the incoming
// document): the responsible executor drafts it (draft-reply, the form alone), a head approves it with
// a personal signature or returns it with a comment (the form requires `replyComment` then).
const approveReply: UserTaskRules = {
  // The approving head signs the reply with their own certificate: the server names them.
  completedBy: 'replyApprovedBy',
};

export const executionForms = { resolveDocument, reviewExecution, approveReply } as const;
