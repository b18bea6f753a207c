// The one place where the names shared by the diagrams (processes/*.bpmn) and the code are declared:
// process keys, external-task topics, BPMN error codes, user tasks with their form keys, and candidate
// groups. Code imports these constants instead of typing strings, and test/processes/contracts.test.ts
// checks every diagram against them, so a typo is a failing test instead of an incident in production.
//
// A changed topic contract (other variables, other meaning) gets a new topic name beside the old one
// (e.g. `register-document.v2`): instances already running on the old diagram version keep polling the
// old topic until they finish.

import type { CalendarData } from './calendar/index.ts';
import { appealForms } from './appeals/forms.ts';
import { executionForms } from './records/forms.ts';

/** Process definition keys (the `id` of `<bpmn:process>`). */
export const ProcessKeys = {
  incomingDocument: 'incoming-document',
  /** A citizen's appeal under Law 393/96-ВР (processes/citizen-appeal.bpmn); business key: the appeal id. */
  citizenAppeal: 'citizen-appeal',
} as const;
export type ProcessKey = (typeof ProcessKeys)[keyof typeof ProcessKeys];

/**
 * Candidate groups of user tasks. Each is a role's or a department's `candidate_group` in the
 * application database (migrations/20261126000000_foundation.ts seeds the same five).
 */
export const CandidateGroups = {
  clerks: 'clerks',
  heads: 'heads',
  executors: 'executors',
  analysts: 'analysts',
  admins: 'admins',
} as const;
export type CandidateGroup = (typeof CandidateGroups)[keyof typeof CandidateGroups];

/** External-task topics (`camunda:topic` of a service task with `camunda:type="external"`). */
export const Topics = {
  registerDocument: 'register-document',
  /** Reads the scan's text with word positions, page by page (workers/topics/ingest-scan.ts). */
  ingestScan: 'ingest-scan',
  /** Queues an e-mail to a citizen (workers/topics/notify.ts); lib/mail-dispatcher.ts sends it. */
  notify: 'notify',
  /** Registers a citizen's appeal: CMU 348 letter index, gapless yearly number (workers/topics/register-appeal.ts). */
  registerAppeal: 'register-appeal',
  /** Checks a citizen's appeal against Art. 5 and Art. 8 of Law 393/96-ВР (workers/topics/check-appeal.ts). */
  checkAppeal: 'check-appeal',
  /** Computes a legal deadline on the Ukrainian calendar (workers/topics/legal-deadline.ts, lib/calendar). */
  legalDeadline: 'legal-deadline',
  /** Signs the registration card with the body's registration seal (workers/topics/sign-registration.ts, lib/signing). */
  signRegistration: 'sign-registration',
  /** Records a citizen-visible step of an appeal with its e-mail, in one transaction (workers/topics/record-appeal-outcome.ts). */
  recordAppealOutcome: 'record-appeal-outcome',
  /** Signs the approved answer to an appeal with the approving head's certificate (workers/topics/sign-appeal-answer.ts). */
  signAppealAnswer: 'sign-appeal-answer',
  /** Records a head's resolution, puts it on control and plans one task per executor (workers/topics/plan-execution.ts). */
  planExecution: 'plan-execution',
  /** Marks the control of a resolution: a reminder before the term, or overdue (workers/topics/mark-control.ts). */
  markControl: 'mark-control',
  /** Removes an executed incoming document from control and files it into its case file (workers/topics/file-document.ts). */
  fileDocument: 'file-document',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

/**
 * Business outcomes a worker reports as a BPMN error (`handleBpmnError`); each code must be caught
 * by an error boundary event in the diagram, because the engine turns an uncaught one into an
 * incident (enableExceptionsAfterUnhandledBpmnError). No topic has a business outcome yet: add
 * codes here, with the article of the law that makes them an outcome, when a topic needs one.
 */
export const BpmnErrors = {} as const satisfies Record<string, string>;
export type BpmnErrorCode = (typeof BpmnErrors)[keyof typeof BpmnErrors];

/** Process variable names shared by the API, the workers and the diagrams. */
export const Variables = {
  documentId: 'documentId',
  registrationIndex: 'registrationIndex',
  registrationNumber: 'registrationNumber',
  journalCode: 'journalCode',
  // ingest-scan: pages of the scan and whether its text could be read ('done' or 'failed').
  pageCount: 'pageCount',
  ocrStatus: 'ocrStatus',
  // notify: usually input parameters of the service task, so they stay local to it.
  notifyTemplate: 'notifyTemplate',
  notifyTo: 'notifyTo',
  notifyParams: 'notifyParams',
  notifyEventKey: 'notifyEventKey',
  // citizen-appeal: the appeal's id (also the business key); the check's outcome (ok | anonymous |
  // incomplete | repeat | complaint-late); the user tasks' camunda:priority (Art. 22); the heads'
  // decisions: on a repeat ('consider' | 'not-considered') and the resolution ('here' | 'forward', Art. 7).
  appealId: 'appealId',
  appealCheck: 'appealCheck',
  appealPriority: 'appealPriority',
  repeatDecision: 'repeatDecision',
  appealResolution: 'appealResolution',
  // legal-deadline: the regime (lib/calendar REGIMES) and the receipt in; the due date, the
  // instant for timers (`${dueDateTime}`, the end of working hours) and the explanation (Json) out.
  deadlineRegime: 'regime',
  receivedAt: 'receivedAt',
  dueDate: 'dueDate',
  dueDateTime: 'dueDateTime',
  deadlineExplanation: 'deadlineExplanation',
  // citizen-appeal, from the heads' consideration to closure (lib/appeals/forms.ts validates the
  // forms): the type (Art. 3); which step record-appeal-outcome records (an input parameter); the
  // head's decision (consider | forward, Art. 7), the body forwarded to, the body a complaint is
  // about, the executing department, the 15-day term; the executor's request for an extension and
  // the head's answer (Art. 20); the answer, its result and the ground of a refusal; the head's
  // approval (approve | return), the approving head's staff id (set by the server) and the count
  // of returns; the reminder's instant for the boundary timer.
  appealType: 'appealType',
  appealOutcome: 'appealOutcome',
  decision: 'decision',
  forwardTo: 'forwardTo',
  complainedBody: 'complainedBody',
  executorsDepartment: 'executorsDepartment',
  shortTerm: 'shortTerm',
  requestExtension: 'requestExtension',
  extend: 'extend',
  newDueDate: 'newDueDate',
  extensionReason: 'extensionReason',
  answerText: 'answerText',
  answerResult: 'answerResult',
  refusalGround: 'refusalGround',
  approval: 'approval',
  approvalComment: 'approvalComment',
  approvedBy: 'approvedBy',
  answerReturns: 'answerReturns',
  reminderDateTime: 'reminderDateTime',
  // incoming-document after registration (CMU 55/2018): the head's resolution as the form sends it
  // (lib/records/resolution.ts ResolutionForm) and its author's staff id (set by the server); what
  // plan-execution derives: one Json assignment per executor (the multi-instance collection and its
  // element), the responsible executor's group and user, the term and the internal control date
  // (dueDateTime and reminderDateTime above for the timers); the controller's decision, the reason
  // of a return and the count of returns (derived by the server); mark-control's mark
  // ('reminder' | 'overdue', an input parameter); where file-document filed the document.
  executors: 'executors',
  term: 'term',
  resolutionText: 'text',
  replyNeeded: 'replyNeeded',
  resolutionAuthor: 'resolutionAuthor',
  executionAssignments: 'executionAssignments',
  executionAssignment: 'assignment',
  responsibleGroup: 'responsibleGroup',
  responsibleUser: 'responsibleUser',
  termDate: 'termDate',
  controlDate: 'controlDate',
  executionAccepted: 'accepted',
  reworkReason: 'reason',
  reworkCount: 'reworkCount',
  controlMark: 'controlMark',
  caseFileIndex: 'caseFileIndex',
  filedAt: 'filedAt',
} as const;

export interface UserTaskContract {
  /** The `id` of `<bpmn:userTask>`: the task definition key the API and the UI look tasks up by. */
  readonly id: string;
  /** `camunda:formKey`: the `hromada:` prefix names a form the API serves, not an embedded Camunda form. */
  readonly formKey: string;
  readonly candidateGroups: readonly CandidateGroup[];
  /** What POST /api/v1/tasks/:id/complete checks before the engine sees the variables (STYLE.md habit 8). */
  readonly form?: UserTaskForm;
  /**
   * For a task offered per executor: the exact `camunda:candidateGroups` and `camunda:assignee`
   * expressions the diagram uses (departments' groups are data, not names known to the code).
   */
  readonly dynamic?: { readonly candidateGroups: string; readonly assignee: string };
}

/** What a form rule may consult besides the submitted variables; each loaded on first use. */
export interface FormRuleContext {
  /** The variables of the task's process instance, as the engine holds them now. */
  processVariables(): Promise<Readonly<Record<string, unknown>>>;
  /** The legal calendar in force (lib/calendar). */
  calendar(): Promise<CalendarData>;
  /** Codes of the departments that exist. */
  departmentCodes(): Promise<readonly string[]>;
}

export interface FormFieldError {
  field: string;
  message: string;
  message_uk: string;
}

/**
 * The server side of a user task's form: a JSON Schema of the variables (ajv, with defaults), an
 * optional rule for what a schema cannot say (dates against the calendar, facts of the case), the
 * variable the server sets to the completing user's staff id (never taken from the client), and
 * variables derived on the server (counters). A task without a form keeps the generic checks.
 */
export interface UserTaskForm {
  readonly schema: Readonly<Record<string, unknown>>;
  readonly rule?: (variables: Readonly<Record<string, unknown>>, context: FormRuleContext) => Promise<FormFieldError[]>;
  readonly completedBy?: string;
  readonly derive?: (variables: Readonly<Record<string, unknown>>, context: FormRuleContext) => Promise<Record<string, unknown>>;
}

export const UserTasks = {
  checkRegistrationCard: {
    id: 'check-registration-card',
    formKey: 'hromada:check-registration-card',
    candidateGroups: [CandidateGroups.clerks],
  },
  // citizen-appeal (Law 393/96-ВР)
  returnAppealToAuthor: {
    id: 'return-appeal-to-author',
    formKey: 'hromada:return-appeal-to-author',
    candidateGroups: [CandidateGroups.clerks],
  },
  decideRepeatAppeal: {
    id: 'decide-repeat-appeal',
    formKey: 'hromada:decide-repeat-appeal',
    candidateGroups: [CandidateGroups.heads],
  },
  considerAppeal: {
    id: 'consider-appeal',
    formKey: 'hromada:consider-appeal',
    candidateGroups: [CandidateGroups.heads],
    form: appealForms.considerAppeal,
  },
  prepareAppealAnswer: {
    id: 'prepare-appeal-answer',
    formKey: 'hromada:prepare-appeal-answer',
    candidateGroups: [CandidateGroups.executors],
    form: appealForms.prepareAppealAnswer,
  },
  extendAppealTerm: {
    id: 'extend-appeal-term',
    formKey: 'hromada:extend-appeal-term',
    candidateGroups: [CandidateGroups.heads],
    form: appealForms.extendAppealTerm,
  },
  approveAppealAnswer: {
    id: 'approve-appeal-answer',
    formKey: 'hromada:approve-appeal-answer',
    candidateGroups: [CandidateGroups.heads],
    form: appealForms.approveAppealAnswer,
  },
  appealDueReminder: {
    id: 'appeal-due-reminder',
    formKey: 'hromada:appeal-due-reminder',
    candidateGroups: [CandidateGroups.executors],
  },
  appealOverdue: {
    id: 'appeal-overdue',
    formKey: 'hromada:appeal-overdue',
    candidateGroups: [CandidateGroups.heads],
  },
  // incoming-document after registration (CMU 55/2018, KMDA instruction 1747/2018); the controller
  // is the heads' group: the author of a resolution controls its execution.
  resolveDocument: {
    id: 'resolve-document',
    formKey: 'hromada:resolve-document',
    candidateGroups: [CandidateGroups.heads],
    form: executionForms.resolveDocument,
  },
  executeAssignment: {
    id: 'execute-assignment',
    formKey: 'hromada:execute-assignment',
    candidateGroups: [],
    dynamic: {
      candidateGroups: "${assignment.prop('candidateGroup').stringValue()}",
      assignee: "${assignment.hasProp('username') ? assignment.prop('username').stringValue() : null}",
    },
    form: executionForms.executeAssignment,
  },
  consolidateExecution: {
    id: 'consolidate-execution',
    formKey: 'hromada:consolidate-execution',
    candidateGroups: [],
    dynamic: { candidateGroups: '${responsibleGroup}', assignee: '${responsibleUser}' },
    form: executionForms.consolidateExecution,
  },
  reviewExecution: {
    id: 'review-execution',
    formKey: 'hromada:review-execution',
    candidateGroups: [CandidateGroups.heads],
    form: executionForms.reviewExecution,
  },
  reviewOverdue: {
    id: 'review-overdue',
    formKey: 'hromada:review-overdue',
    candidateGroups: [CandidateGroups.heads],
  },
} as const satisfies Record<string, UserTaskContract>;

/** The small subset of JSON Schema the contracts use; ajv validates variables against it. */
export interface VariableSchema {
  readonly type: 'object';
  readonly required: readonly string[];
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface TopicContract {
  /** Variables the worker fetches (the subscription asks the engine for these only) and validates. */
  readonly reads: VariableSchema;
  /** Variables the worker sets when it completes the task. */
  readonly writes: VariableSchema;
  /** Business outcomes the worker may report; the diagram must catch each. */
  readonly throws: readonly BpmnErrorCode[];
}

const uuid = { type: 'string', format: 'uuid' } as const;

export const TopicContracts = {
  [Topics.registerDocument]: {
    reads: {
      type: 'object',
      required: [Variables.documentId],
      properties: { [Variables.documentId]: uuid },
    },
    writes: {
      type: 'object',
      required: [Variables.registrationIndex, Variables.registrationNumber, Variables.journalCode],
      properties: {
        // e.g. "124/01-15": number within the journal and year, then the case file index (CMU 55/2018).
        [Variables.registrationIndex]: { type: 'string', minLength: 3 },
        [Variables.registrationNumber]: { type: 'integer', minimum: 1 },
        [Variables.journalCode]: { type: 'string', minLength: 1 },
      },
    },
    throws: [],
  },
  [Topics.notify]: {
    reads: {
      type: 'object',
      required: [Variables.notifyTemplate, Variables.notifyTo, Variables.notifyEventKey],
      properties: {
        // A template name of lib/notifications/templates.ts, e.g. "appeal-registered".
        [Variables.notifyTemplate]: { type: 'string', minLength: 1 },
        // The address the citizen gave.
        [Variables.notifyTo]: { type: 'string', minLength: 3 },
        // The template's parameters (a Json variable); strings only.
        [Variables.notifyParams]: { type: 'object' },
        // One e-mail per key, so a retried task queues its e-mail once: the process instance and the
        // task, as notifyEventKeyExpression(activityId) writes it. Colon-separated, no empty part.
        [Variables.notifyEventKey]: { type: 'string', pattern: '^[^\\s:]+(:[^\\s:]+)+$', maxLength: 200 },
      },
    },
    writes: { type: 'object', required: [], properties: {} },
    throws: [],
  },
  [Topics.ingestScan]: {
    reads: {
      type: 'object',
      required: [Variables.documentId],
      properties: { [Variables.documentId]: uuid },
    },
    writes: {
      type: 'object',
      required: [Variables.ocrStatus],
      properties: {
        // 'failed' only for a scan that can never be read (empty, damaged, password-protected, over
        // the limits); a technical failure is retried and then an incident, never this.
        [Variables.ocrStatus]: { type: 'string', enum: ['done', 'failed'] },
        // Absent when the file could not be opened far enough to count its pages.
        [Variables.pageCount]: { type: 'integer', minimum: 1 },
      },
    },
    throws: [],
  },
  [Topics.registerAppeal]: {
    reads: {
      type: 'object',
      required: [Variables.appealId],
      properties: {
        [Variables.appealId]: uuid,
        // Written by the `legal-deadline` task that runs before registration; stored with the
        // registration so the citizen sees the term and how it was computed.
        [Variables.dueDate]: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        [Variables.deadlineExplanation]: { type: 'object' },
      },
    },
    writes: {
      type: 'object',
      required: [Variables.registrationIndex, Variables.registrationNumber, Variables.journalCode],
      properties: {
        // e.g. "К-124", "К-124/КО": surname initial and number within the year, marks (CMU 348).
        [Variables.registrationIndex]: { type: 'string', minLength: 3 },
        [Variables.registrationNumber]: { type: 'integer', minimum: 1 },
        [Variables.journalCode]: { type: 'string', minLength: 1 },
      },
    },
    throws: [],
  },
  [Topics.checkAppeal]: {
    reads: {
      type: 'object',
      required: [Variables.appealId],
      properties: { [Variables.appealId]: uuid },
    },
    writes: {
      type: 'object',
      required: [Variables.appealCheck],
      properties: {
        [Variables.appealCheck]: { type: 'string', enum: ['ok', 'anonymous', 'incomplete', 'repeat', 'complaint-late'] },
      },
    },
    throws: [],
  },
  [Topics.legalDeadline]: {
    reads: {
      type: 'object',
      required: [Variables.deadlineRegime, Variables.receivedAt],
      properties: {
        [Variables.deadlineRegime]: {
          type: 'string',
          enum: ['appeal-short', 'appeal', 'appeal-max', 'public-info', 'public-info-urgent', 'public-info-extended', 'admin-service'],
        },
        // ISO 8601 date-time, e.g. "2025-11-28T16:50:00+02:00"; Kyiv time when it has no offset.
        [Variables.receivedAt]: { type: 'string', minLength: 16, maxLength: 40 },
      },
    },
    writes: {
      type: 'object',
      required: [Variables.dueDate, Variables.dueDateTime, Variables.deadlineExplanation],
      properties: {
        [Variables.dueDate]: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        [Variables.dueDateTime]: { type: 'string', minLength: 20 },
        [Variables.deadlineExplanation]: { type: 'object' },
      },
    },
    throws: [],
  },
  [Topics.signRegistration]: {
    reads: {
      type: 'object',
      required: [Variables.documentId],
      properties: { [Variables.documentId]: uuid },
    },
    // Nothing for the diagram: the signature is kept in the application database (table signatures).
    writes: { type: 'object', required: [], properties: {} },
    throws: [],
  },
  [Topics.recordAppealOutcome]: {
    reads: {
      type: 'object',
      required: [Variables.appealId, Variables.appealOutcome],
      properties: {
        [Variables.appealId]: uuid,
        // An input parameter of the service task: which step this is (lib/appeals/outcomes.ts).
        [Variables.appealOutcome]: { type: 'string', enum: ['under-consideration', 'forwarded', 'term-extended', 'answered', 'not-considered'] },
        // under-consideration: the department and the term (recomputed when the head chose 15 days).
        [Variables.executorsDepartment]: { type: 'string', pattern: '^[0-9A-Za-z-]{1,16}$' },
        [Variables.dueDate]: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        [Variables.dueDateTime]: { type: 'string', minLength: 20 },
        [Variables.deadlineExplanation]: { type: 'object' },
        // forwarded (Art. 7)
        [Variables.forwardTo]: { type: 'string', minLength: 1, maxLength: 300 },
        // term-extended (Art. 20)
        [Variables.newDueDate]: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        [Variables.extensionReason]: { type: 'string', minLength: 1, maxLength: 500 },
        [Variables.receivedAt]: { type: 'string', minLength: 16, maxLength: 40 },
        // not-considered: the repeat path (Art. 8 p.2) has no other variable.
      },
    },
    writes: {
      type: 'object',
      required: [],
      properties: {
        // under-consideration and term-extended: the instants the answer task's timers wait for.
        [Variables.reminderDateTime]: { type: 'string', minLength: 20 },
        [Variables.dueDate]: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        [Variables.dueDateTime]: { type: 'string', minLength: 20 },
        [Variables.deadlineExplanation]: { type: 'object' },
      },
    },
    throws: [],
  },
  [Topics.signAppealAnswer]: {
    reads: {
      type: 'object',
      required: [Variables.appealId, Variables.answerText, Variables.answerResult, Variables.approvedBy],
      properties: {
        [Variables.appealId]: uuid,
        [Variables.answerText]: { type: 'string', minLength: 1, maxLength: 10000 },
        [Variables.answerResult]: { type: 'string', enum: ['satisfied', 'explained', 'refused'] },
        [Variables.refusalGround]: { type: 'string', minLength: 1, maxLength: 500 },
        // The staff id of the head who approved: set by the API from the session, never by a client.
        [Variables.approvedBy]: { type: 'integer', minimum: 1 },
      },
    },
    // Nothing for the diagram: the signed answer is kept in the application database (appeal_answers).
    writes: { type: 'object', required: [], properties: {} },
    throws: [],
  },
  [Topics.planExecution]: {
    reads: {
      type: 'object',
      required: [Variables.documentId, Variables.executors, Variables.resolutionText, Variables.resolutionAuthor],
      properties: {
        [Variables.documentId]: uuid,
        // The head's form, already checked by the API (lib/records/forms.ts): re-checked for shape only.
        [Variables.executors]: { type: 'object', minProperties: 1 },
        [Variables.term]: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        [Variables.resolutionText]: { type: 'string', minLength: 1 },
        [Variables.replyNeeded]: { type: 'boolean' },
        [Variables.resolutionAuthor]: { type: 'integer', minimum: 1 },
      },
    },
    writes: {
      type: 'object',
      required: [Variables.executionAssignments, Variables.responsibleGroup, Variables.responsibleUser, Variables.termDate,
        Variables.controlDate, Variables.dueDateTime, Variables.reminderDateTime, Variables.reworkCount],
      properties: {
        // lib/records/resolution.ts ExecutionAssignment, one per executor: the multi-instance collection.
        [Variables.executionAssignments]: { type: 'array', minItems: 1, items: { type: 'object' } },
        [Variables.responsibleGroup]: { type: 'string', minLength: 1 },
        // Null when the responsible executor is a department: its group is offered the task.
        [Variables.responsibleUser]: { type: ['string', 'null'] },
        [Variables.termDate]: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        [Variables.controlDate]: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        // The escalation and reminder timers' instants (ISO date-times with offset).
        [Variables.dueDateTime]: { type: 'string', minLength: 20 },
        [Variables.reminderDateTime]: { type: 'string', minLength: 20 },
        [Variables.reworkCount]: { type: 'integer', minimum: 0 },
      },
    },
    throws: [],
  },
  [Topics.markControl]: {
    reads: {
      type: 'object',
      required: [Variables.documentId, Variables.controlMark],
      properties: {
        [Variables.documentId]: uuid,
        [Variables.controlMark]: { type: 'string', enum: ['reminder', 'overdue'] },
      },
    },
    writes: { type: 'object', required: [], properties: {} },
    throws: [],
  },
  [Topics.fileDocument]: {
    reads: {
      type: 'object',
      required: [Variables.documentId],
      properties: {
        [Variables.documentId]: uuid,
        [Variables.reworkCount]: { type: 'integer', minimum: 0 },
      },
    },
    writes: {
      type: 'object',
      required: [Variables.caseFileIndex, Variables.filedAt],
      properties: {
        [Variables.caseFileIndex]: { type: 'string', minLength: 1 },
        [Variables.filedAt]: { type: 'string', minLength: 20 },
      },
    },
    throws: [],
  },
} as const satisfies Record<Topic, TopicContract>;

/**
 * The notifyEventKey input parameter of a `notify` task: one e-mail per process instance and task.
 * The task's id is written out because an input mapping runs before the activity starts, when
 * `execution.currentActivityId` is still null (checked on 7.24: the key would end in ":").
 */
export function notifyEventKeyExpression(activityId: string): string {
  return `\${execution.processInstanceId}:${activityId}`;
}

/** The names of the variables a topic reads: what its subscription fetches. */
export function variablesRead(topic: Topic): string[] {
  return Object.keys(TopicContracts[topic].reads.properties);
}
