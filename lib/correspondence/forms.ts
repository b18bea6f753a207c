// The server side of the forms of an incoming document's execution (processes/incoming-document.bpmn):
// what POST /api/v1/tasks/:id/complete checks before the engine sees the variables (lib/manifest.ts
// UserTaskForm). Pure: everything else comes through the FormRuleContext.
import { toZoned } from '../calendar/index.ts';
import type { FormFieldError, FormRuleContext, UserTaskForm } from '../manifest.ts';
import { checkResolutionForm, parseExecutorKey, type ResolutionForm } from './resolution.ts';

const KYIV = 'Europe/Kyiv';

/**
 * The clerk's card check (check-registration-card). No tasklist form lets the clerk correct the card
 * yet, so the one thing a completion can say is that the clerk compared the card with the scan and
 * confirms it: `cardConfirmed: true`, nothing else. The body's seal (sign-registration) follows this
 * step and attests the card (Law 2155-VIII, CMU 55/2018), so an empty completion, or one that
 * confirms nothing, is refused instead of passing as a check.
 */
const checkRegistrationCard: UserTaskForm = {
  schema: {
    type: 'object',
    required: ['cardConfirmed'],
    properties: { cardConfirmed: { const: true } },
    additionalProperties: false,
  },
};

const resolveDocument: UserTaskForm = {
  schema: {
    type: 'object',
    required: ['executors', 'text'],
    properties: {
      executors: {
        type: 'object',
        minProperties: 1,
        maxProperties: 20,
        propertyNames: { pattern: '^(department:[A-Za-z0-9-]{1,16}|user:[A-Za-z0-9_.-]{1,64})$' },
        additionalProperties: { type: 'string', enum: ['responsible', 'co-executor'] },
      },
      term: { type: 'string', format: 'date' },
      text: { type: 'string', minLength: 1, maxLength: 4000 },
      replyNeeded: { type: 'boolean' },
    },
    additionalProperties: false,
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

const executeAssignment: UserTaskForm = {
  schema: {
    type: 'object',
    required: ['report'],
    properties: { report: { type: 'string', minLength: 1, maxLength: 4000 } },
    additionalProperties: false,
  },
};

const consolidateExecution: UserTaskForm = {
  schema: {
    type: 'object',
    required: ['summary'],
    properties: { summary: { type: 'string', minLength: 1, maxLength: 4000 } },
    additionalProperties: false,
  },
};

const reviewExecution: UserTaskForm = {
  schema: {
    type: 'object',
    required: ['accepted'],
    properties: {
      accepted: { type: 'boolean' },
      reason: { type: 'string', minLength: 1, maxLength: 2000 },
    },
    // A return for rework says why.
    if: { properties: { accepted: { const: false } }, required: ['accepted'] },
    then: { required: ['reason'] },
    additionalProperties: false,
  },
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
// document): the responsible executor drafts it, a head approves it with a personal signature or
// returns it with a comment.
const draftReply: UserTaskForm = {
  schema: {
    type: 'object',
    required: ['replyAddressee', 'replySummary', 'replyText'],
    properties: {
      replyAddressee: { type: 'string', minLength: 1, maxLength: 300, pattern: '\\S' },
      replySummary: { type: 'string', minLength: 1, maxLength: 500, pattern: '\\S' },
      replyText: { type: 'string', minLength: 1, maxLength: 10000, pattern: '\\S' },
    },
    additionalProperties: false,
  },
};

const approveReply: UserTaskForm = {
  schema: {
    type: 'object',
    required: ['replyApproved'],
    properties: {
      replyApproved: { type: 'boolean' },
      replyComment: { type: 'string', minLength: 1, maxLength: 2000 },
    },
    // A returned draft says why.
    if: { properties: { replyApproved: { const: false } }, required: ['replyApproved'] },
    then: { required: ['replyComment'] },
    additionalProperties: false,
  },
  // The approving head signs the reply with their own certificate: the server names them.
  completedBy: 'replyApprovedBy',
};

export const executionForms = { checkRegistrationCard, resolveDocument, executeAssignment, consolidateExecution, reviewExecution, draftReply, approveReply } as const;
