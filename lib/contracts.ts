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
import { executionForms } from './correspondence/forms.ts';
import { infoRequestForms } from './info-requests/forms.ts';

/** Process definition keys (the `id` of `<bpmn:process>`). */
export const ProcessKeys = {
  incomingDocument: 'incoming-document',
  /** A citizen's appeal under Law 393/96-ВР (processes/citizen-appeal.bpmn); business key: the appeal id. */
  citizenAppeal: 'citizen-appeal',
  /** A request for public information under Law 2939-VI (processes/public-info-request.bpmn); business key: the request id. */
  publicInfoRequest: 'public-info-request',
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
  /** The public-information unit (Law 2939-VI Art. 14 p.1 item 4): triage, fees, reminders (role info-officer). */
  infoUnit: 'info-unit',
  /** Lawyers: review the masking of personal data in answers (role lawyer). */
  lawyers: 'lawyers',
} as const;
export type CandidateGroup = (typeof CandidateGroups)[keyof typeof CandidateGroups];

/** External-task topics (`camunda:topic` of a service task with `camunda:type="external"`). */
export const Topics = {
  registerDocument: 'register-document',
  /** Reads the scan's text with word positions, page by page (workers/topics/correspondence/ingest-scan.ts). */
  ingestScan: 'ingest-scan',
  /** Queues an e-mail to a citizen (workers/topics/notifications/notify.ts); lib/notifications/dispatcher.ts sends it. */
  notify: 'notify',
  /** Registers a citizen's appeal: CMU 348 letter index, gapless yearly number (workers/topics/appeals/register-appeal.ts). */
  registerAppeal: 'register-appeal',
  /** Checks a citizen's appeal against Art. 5 and Art. 8 of Law 393/96-ВР (workers/topics/appeals/check-appeal.ts). */
  checkAppeal: 'check-appeal',
  /** Computes a legal deadline on the Ukrainian calendar (workers/topics/calendar/legal-deadline.ts, lib/calendar). */
  legalDeadline: 'legal-deadline',
  /** Signs the registration card with the body's registration seal (workers/topics/correspondence/sign-registration.ts, lib/signing). */
  signRegistration: 'sign-registration',
  /** Records a citizen-visible step of an appeal with its e-mail, in one transaction (workers/topics/appeals/record-appeal-outcome.ts). */
  recordAppealOutcome: 'record-appeal-outcome',
  /** Signs the approved answer to an appeal with the approving head's certificate (workers/topics/appeals/sign-appeal-answer.ts). */
  signAppealAnswer: 'sign-appeal-answer',
  /** Records a head's resolution, puts it on control and plans one task per executor (workers/topics/correspondence/plan-execution.ts). */
  planExecution: 'plan-execution',
  /** Marks the control of a resolution: a reminder before the term, or overdue (workers/topics/correspondence/mark-control.ts). */
  markControl: 'mark-control',
  /** Removes an executed incoming document from control and files it into its case file (workers/topics/correspondence/file-document.ts). */
  fileDocument: 'file-document',
  /** Signs an incoming card with a staff member's certificate: the head's resolution, the controller's acceptance, the approved reply (workers/topics/correspondence/sign-document.ts). */
  signDocument: 'sign-document',
  /** Registers the approved reply letter in the outgoing journal, referencing the incoming registration (workers/topics/correspondence/register-reply.ts). */
  registerReply: 'register-reply',
  // public-info-request (Law 2939-VI)
  /** Checks the required content of a request, Art. 19 p.5 and the urgency claim of Art. 20 p.2 (workers/topics/info-requests/check-info-request.ts). */
  checkInfoRequest: 'check-info-request',
  /** Registers a request in its own journal, `ЗІ-<n>` (workers/topics/info-requests/register-info-request.ts). */
  registerInfoRequest: 'register-info-request',
  /** Records a requester-visible step of a request with its e-mail, in one transaction (workers/topics/info-requests/record-info-request-step.ts). */
  recordInfoRequestStep: 'record-info-request-step',
  /** Stores one department's part of the answer (workers/topics/info-requests/record-info-branch.ts). */
  recordInfoBranch: 'record-info-branch',
  /** Assembles the draft answer and proposes the masks of personal data (workers/topics/info-requests/propose-info-answer-masks.ts). */
  proposeInfoAnswerMasks: 'propose-info-answer-masks',
  /** Signs the reviewed answer with the approving head's certificate (workers/topics/info-requests/sign-info-answer.ts). */
  signInfoAnswer: 'sign-info-answer',
  /** Adds the signed, masked answer to the public register (workers/topics/info-requests/publish-info-answer.ts). */
  publishInfoAnswer: 'publish-info-answer',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

/**
 * Business outcomes a worker reports as a BPMN error (`handleBpmnError`); each code must be caught
 * by an error boundary event in the diagram, because the engine turns an uncaught one into an
 * incident (enableExceptionsAfterUnhandledBpmnError). No topic has a business outcome yet: add
 * codes here, with the article of the law that makes them an outcome, when a topic needs one.
 */
export const BpmnErrors = {
  /** sign-info-answer: the lawyer's review of the masks is not done (Law 2939-VI Art. 6 p.7): back to the lawyer. */
  infoMasksNotReviewed: 'info-masks-not-reviewed',
} as const satisfies Record<string, string>;
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
  // (lib/correspondence/resolution.ts ResolutionForm) and its author's staff id (set by the server); what
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
  // public-info-request (Law 2939-VI; lib/info-requests/forms.ts validates the forms): the request's id
  // (also the business key); the Art. 19 p.5 check (ok | incomplete); which step record-info-request-step
  // records (an input parameter); the unit's triage: decision (assign | forward | defer | refuse), the
  // departments, extension (extend, extensionReason above), the copying fee (chargeCopies, copyPages),
  // forwarding (forwardTo above), deferral, refusal (refusalGround above, from a fixed list here); the
  // branches of the departments (Json array, multi-instance) and the element; a department's part,
  // its author (set by the server); the answer's round and id; the lawyer's review; the head's
  // approval (approval, approvalComment above), the approver (set by the server) and the result;
  // the payment confirmation; the officer who triaged the request (set by the server).
  infoRequestId: 'infoRequestId',
  infoCheck: 'infoCheck',
  infoStep: 'infoStep',
  infoDecision: 'infoDecision',
  infoDepartments: 'infoDepartments',
  chargeCopies: 'chargeCopies',
  copyPages: 'copyPages',
  deferredTo: 'deferredTo',
  deferralReason: 'deferralReason',
  refusalReason: 'refusalReason',
  infoBranches: 'infoBranches',
  infoBranch: 'branch',
  branchAnswerText: 'branchAnswerText',
  branchDocumentIds: 'branchDocumentIds',
  branchDraftedBy: 'branchDraftedBy',
  answerRound: 'answerRound',
  infoAnswerId: 'infoAnswerId',
  masksReviewed: 'masksReviewed',
  masksReviewedBy: 'masksReviewedBy',
  infoApprovedBy: 'infoApprovedBy',
  infoTriagedBy: 'infoTriagedBy',
  infoResult: 'infoResult',
  paid: 'paid',
  paymentConfirmedBy: 'paymentConfirmedBy',
  // public-info-request, an answer the requester asked for on paper (answerChannel `post`): the channel
  // (written by record-info-request-step at under-consideration), when signing ended (an output
  // mapping of sign-info-answer), and the clerk's posting form: the day posted, the postal tracking
  // number, the clerk (set by the server).
  answerChannel: 'answerChannel',
  infoAnswerSignedAt: 'infoAnswerSignedAt',
  answerPostedOn: 'answerPostedOn',
  postTrackingNumber: 'postTrackingNumber',
  answerPostedBy: 'answerPostedBy',
  // incoming-document, personal signatures and the reply (Law 2155-VIII; CMU 55/2018): sign-document's
  // purpose and signer (input parameters); the controller's staff id (set by the server) and the
  // responsible executor's consolidated summary; the reply letter drafted by the responsible executor,
  // the head's approval or return with a comment, the approving head's staff id (set by the server),
  // and what register-reply writes: the reply's document id and its outgoing index.
  signaturePurpose: 'signaturePurpose',
  signerId: 'signerId',
  reviewedBy: 'reviewedBy',
  executionSummary: 'summary',
  replyAddressee: 'replyAddressee',
  replySummary: 'replySummary',
  replyText: 'replyText',
  replyApproved: 'replyApproved',
  replyComment: 'replyComment',
  replyApprovedBy: 'replyApprovedBy',
  replyDocumentId: 'replyDocumentId',
  replyIndex: 'replyIndex',
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
  /**
   * The variables `derive` sets on every completion (not those it sets only sometimes): what the
   * process lint counts as written by the task (lib/process-lint/writes.ts).
   */
  readonly derives?: readonly string[];
}

export const UserTasks = {
  checkRegistrationCard: {
    id: 'check-registration-card',
    formKey: 'hromada:check-registration-card',
    candidateGroups: [CandidateGroups.clerks],
    form: executionForms.checkRegistrationCard,
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
  // The reply letter of a resolution with replyNeeded: drafted by the responsible executor, approved by a head.
  draftReply: {
    id: 'draft-reply',
    formKey: 'hromada:draft-reply',
    candidateGroups: [],
    dynamic: { candidateGroups: '${responsibleGroup}', assignee: '${responsibleUser}' },
    form: executionForms.draftReply,
  },
  approveReply: {
    id: 'approve-reply',
    formKey: 'hromada:approve-reply',
    candidateGroups: [CandidateGroups.heads],
    form: executionForms.approveReply,
  },
  // public-info-request (Law 2939-VI)
  triageInfoRequest: {
    id: 'triage-info-request',
    formKey: 'hromada:triage-info-request',
    candidateGroups: [CandidateGroups.infoUnit],
    form: infoRequestForms.triageInfoRequest,
  },
  confirmInfoPayment: {
    id: 'confirm-info-payment',
    formKey: 'hromada:confirm-info-payment',
    candidateGroups: [CandidateGroups.infoUnit],
    form: infoRequestForms.confirmInfoPayment,
  },
  prepareInfoAnswer: {
    id: 'prepare-info-answer',
    formKey: 'hromada:prepare-info-answer',
    candidateGroups: [],
    dynamic: { candidateGroups: "${branch.prop('candidateGroup').stringValue()}", assignee: '${null}' },
    form: infoRequestForms.prepareInfoAnswer,
  },
  reviewInfoAnswerMasks: {
    id: 'review-info-answer-masks',
    formKey: 'hromada:review-info-answer-masks',
    candidateGroups: [CandidateGroups.lawyers],
    form: infoRequestForms.reviewInfoAnswerMasks,
  },
  approveInfoAnswer: {
    id: 'approve-info-answer',
    formKey: 'hromada:approve-info-answer',
    candidateGroups: [CandidateGroups.heads],
    form: infoRequestForms.approveInfoAnswer,
  },
  postInfoAnswer: {
    id: 'post-info-answer',
    formKey: 'hromada:post-info-answer',
    candidateGroups: [CandidateGroups.clerks],
    form: infoRequestForms.postInfoAnswer,
  },
  infoRequestDueReminder: {
    id: 'info-request-due-reminder',
    formKey: 'hromada:info-request-due-reminder',
    candidateGroups: [CandidateGroups.infoUnit],
  },
  infoRequestOverdue: {
    id: 'info-request-overdue',
    formKey: 'hromada:info-request-overdue',
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
const DATE = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;

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
        [Variables.dueDateTime]: { type: 'string', minLength: 20 },
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
        // The head's form, already checked by the API (lib/correspondence/forms.ts): re-checked for shape only.
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
        // lib/correspondence/resolution.ts ExecutionAssignment, one per executor: the multi-instance collection.
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
  [Topics.signDocument]: {
    reads: {
      type: 'object',
      required: [Variables.documentId, Variables.signaturePurpose, Variables.signerId],
      properties: {
        [Variables.documentId]: uuid,
        // Input parameters of the service task: what is signed and by whom (a staff id the API set).
        [Variables.signaturePurpose]: { type: 'string', enum: ['resolution', 'approval', 'reply'] },
        [Variables.signerId]: { type: 'integer', minimum: 1 },
        // approval: the consolidated summary accepted and the returns before it, recorded with the acceptance.
        [Variables.executionSummary]: { type: 'string', minLength: 1 },
        [Variables.reworkCount]: { type: 'integer', minimum: 0 },
        // reply: the reply's own card (outgoing journal) is signed.
        [Variables.replyDocumentId]: uuid,
      },
    },
    writes: { type: 'object', required: [], properties: {} },
    throws: [],
  },
  [Topics.registerReply]: {
    reads: {
      type: 'object',
      required: [Variables.documentId, Variables.replyAddressee, Variables.replySummary, Variables.replyText, Variables.replyApprovedBy],
      properties: {
        [Variables.documentId]: uuid,
        [Variables.replyAddressee]: { type: 'string', minLength: 1, maxLength: 300 },
        [Variables.replySummary]: { type: 'string', minLength: 1, maxLength: 500 },
        [Variables.replyText]: { type: 'string', minLength: 1, maxLength: 10000 },
        [Variables.replyApprovedBy]: { type: 'integer', minimum: 1 },
      },
    },
    writes: {
      type: 'object',
      required: [Variables.replyDocumentId, Variables.replyIndex],
      properties: {
        [Variables.replyDocumentId]: uuid,
        // e.g. "7/01-16": number in the outgoing journal and year, then the case file index.
        [Variables.replyIndex]: { type: 'string', minLength: 3 },
      },
    },
    throws: [],
  },
  [Topics.checkInfoRequest]: {
    reads: { type: 'object', required: [Variables.infoRequestId], properties: { [Variables.infoRequestId]: uuid } },
    writes: {
      type: 'object',
      required: [Variables.infoCheck],
      properties: { [Variables.infoCheck]: { type: 'string', enum: ['ok', 'incomplete'] } },
    },
    throws: [],
  },
  [Topics.registerInfoRequest]: {
    reads: {
      type: 'object',
      required: [Variables.infoRequestId],
      properties: {
        [Variables.infoRequestId]: uuid,
        // From the legal-deadline task before it: stored with the registration for the requester.
        [Variables.dueDate]: DATE,
        [Variables.dueDateTime]: { type: 'string', minLength: 20 },
        [Variables.deadlineRegime]: { type: 'string', enum: ['public-info', 'public-info-urgent'] },
        [Variables.deadlineExplanation]: { type: 'object' },
      },
    },
    writes: {
      type: 'object',
      required: [Variables.registrationIndex, Variables.registrationNumber, Variables.journalCode, Variables.reminderDateTime],
      properties: {
        // e.g. "ЗІ-17": the letters and the gapless number within the year.
        [Variables.registrationIndex]: { type: 'string', minLength: 3 },
        [Variables.registrationNumber]: { type: 'integer', minimum: 1 },
        [Variables.journalCode]: { type: 'string', minLength: 1 },
        // One working day before the due day (48-hour term: 24 hours before), for the reminder timer.
        [Variables.reminderDateTime]: { type: 'string', minLength: 20 },
      },
    },
    throws: [],
  },
  [Topics.recordInfoRequestStep]: {
    reads: {
      type: 'object',
      required: [Variables.infoRequestId, Variables.infoStep],
      properties: {
        [Variables.infoRequestId]: uuid,
        // An input parameter of the service task (lib/info-requests/outcomes.ts INFO_STEPS).
        [Variables.infoStep]: { type: 'string', enum: ['under-consideration', 'term-extended', 'forwarded', 'deferred', 'refused', 'awaiting-payment', 'paid', 'answered', 'answer-posted'] },
        // The unit's map of department code -> true.
        [Variables.infoDepartments]: { type: 'object', minProperties: 1 },
        [Variables.answerRound]: { type: 'integer', minimum: 1 },
        [Variables.deadlineRegime]: { type: 'string' },
        [Variables.dueDate]: DATE,
        [Variables.dueDateTime]: { type: 'string', minLength: 20 },
        [Variables.deadlineExplanation]: { type: 'object' },
        [Variables.extensionReason]: { type: 'string', minLength: 1, maxLength: 1000 },
        [Variables.forwardTo]: { type: 'string', minLength: 1, maxLength: 300 },
        [Variables.deferredTo]: DATE,
        [Variables.deferralReason]: { type: 'string', minLength: 1, maxLength: 1000 },
        // deferred: the new term is explained from the receipt (lib/calendar computeSetTerm).
        [Variables.receivedAt]: { type: 'string', minLength: 16, maxLength: 40 },
        [Variables.refusalGround]: { type: 'string', enum: ['not-held', 'restricted', 'unpaid', 'incomplete'] },
        [Variables.refusalReason]: { type: 'string', minLength: 1, maxLength: 2000 },
        [Variables.copyPages]: { type: 'integer', minimum: 11 },
        [Variables.infoResult]: { type: 'string', enum: ['given', 'partly-given'] },
        // answer-posted: the clerk's posting form (lib/info-requests/forms.ts postInfoAnswer).
        [Variables.answerPostedOn]: DATE,
        [Variables.postTrackingNumber]: { type: 'string', minLength: 13, maxLength: 13 },
      },
    },
    writes: {
      type: 'object',
      required: [],
      properties: {
        // under-consideration: the departments' branches (multi-instance), the round and the reminder;
        // the way the requester wants the answer (a paper answer waits for the clerk who posts it).
        [Variables.infoBranches]: { type: 'array', minItems: 1, items: { type: 'object' } },
        [Variables.answerRound]: { type: 'integer', minimum: 1 },
        [Variables.reminderDateTime]: { type: 'string', minLength: 20 },
        [Variables.answerChannel]: { type: 'string', enum: ['email', 'post', 'portal'] },
      },
    },
    throws: [],
  },
  [Topics.recordInfoBranch]: {
    reads: {
      type: 'object',
      required: [Variables.infoRequestId, Variables.infoBranch, Variables.branchAnswerText, Variables.answerRound],
      properties: {
        [Variables.infoRequestId]: uuid,
        [Variables.infoBranch]: { type: 'object' },
        [Variables.branchAnswerText]: { type: 'string', minLength: 1, maxLength: 20000 },
        // Document id -> true.
        [Variables.branchDocumentIds]: { type: 'object' },
        [Variables.branchDraftedBy]: { type: 'integer', minimum: 1 },
        [Variables.answerRound]: { type: 'integer', minimum: 1 },
      },
    },
    writes: { type: 'object', required: [], properties: {} },
    throws: [],
  },
  [Topics.proposeInfoAnswerMasks]: {
    reads: {
      type: 'object',
      required: [Variables.infoRequestId, Variables.answerRound],
      properties: {
        [Variables.infoRequestId]: uuid,
        [Variables.answerRound]: { type: 'integer', minimum: 1 },
        // The officials acting in the answer as far as the process knows them here, whose names stay
        // public in it (Law 2297-VI Art. 5 p.2): staff ids the server set from the sessions of the
        // officer who triaged it, the one who confirmed the payment, and the head who returned an
        // earlier round (absent in round 1: no head has acted yet).
        [Variables.infoTriagedBy]: { type: 'integer', minimum: 1 },
        [Variables.paymentConfirmedBy]: { type: 'integer', minimum: 1 },
        [Variables.infoApprovedBy]: { type: 'integer', minimum: 1 },
      },
    },
    writes: { type: 'object', required: [Variables.infoAnswerId], properties: { [Variables.infoAnswerId]: uuid } },
    throws: [],
  },
  [Topics.signInfoAnswer]: {
    reads: {
      type: 'object',
      required: [Variables.infoRequestId, Variables.infoAnswerId, Variables.infoApprovedBy],
      properties: {
        [Variables.infoRequestId]: uuid,
        [Variables.infoAnswerId]: uuid,
        // The approving head's staff id: set by the API from the session, never by a client.
        [Variables.infoApprovedBy]: { type: 'integer', minimum: 1 },
      },
    },
    writes: { type: 'object', required: [], properties: {} },
    throws: [BpmnErrors.infoMasksNotReviewed],
  },
  [Topics.publishInfoAnswer]: {
    reads: {
      type: 'object',
      required: [Variables.infoRequestId, Variables.infoAnswerId, Variables.infoResult],
      properties: {
        [Variables.infoRequestId]: uuid,
        [Variables.infoAnswerId]: uuid,
        [Variables.infoResult]: { type: 'string', enum: ['given', 'partly-given'] },
      },
    },
    writes: { type: 'object', required: [], properties: {} },
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
