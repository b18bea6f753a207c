// Requests for public information (Law 2939-VI): what processes/public-info-request.bpmn and the code share.
import { userTask, type BpmnErrorContract, type DomainManifest, type TopicContract, type UserTaskContract } from '../manifest.ts';
import { Variables as CalendarVariables } from '../calendar/manifest.ts';
import { Variables as NotifyVariables } from '../notifications/manifest.ts';
import { CandidateGroups } from '../staff/groups.ts';
import { mailTemplates } from './mail.ts';
import { infoRequestForms } from './forms.ts';

/** Process definition keys (the `id` of `<bpmn:process>`). */
export const ProcessKeys = {
  publicInfoRequest: 'public-info-request',
} as const;

/** External-task topics (`camunda:topic` of a service task with `camunda:type="external"`). */
export const Topics = {
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

/** Process variable names shared by the API, the workers and the diagram (the kernels' too). */
export const Variables = {
  ...CalendarVariables,
  ...NotifyVariables,
  registrationIndex: 'registrationIndex',
  registrationNumber: 'registrationNumber',
  journalCode: 'journalCode',
  forwardTo: 'forwardTo',
  extend: 'extend',
  extensionReason: 'extensionReason',
  refusalGround: 'refusalGround',
  approval: 'approval',
  approvalComment: 'approvalComment',
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
  answerChannel: 'answerChannel',
  infoAnswerSignedAt: 'infoAnswerSignedAt',
  answerPostedOn: 'answerPostedOn',
  postTrackingNumber: 'postTrackingNumber',
  answerPostedBy: 'answerPostedBy',
} as const;

/**
 * Business outcomes a worker reports as a BPMN error (`handleBpmnError`); each code must be caught
 * by an error boundary event on the task, because the engine turns an uncaught one into an
 * incident (enableExceptionsAfterUnhandledBpmnError).
 */
export const BpmnErrors = {
  /** sign-info-answer: the lawyer's review of the masks is not done (Law 2939-VI Art. 6 p.7): back to the lawyer. */
  infoMasksNotReviewed: 'info-masks-not-reviewed',
} as const satisfies Record<string, string>;

const ERRORS: readonly BpmnErrorContract[] = [{
  code: BpmnErrors.infoMasksNotReviewed,
  article: 'Закон № 2939-VI, ст. 6 ч. 7',
  summary: 'Відповідь не підписують, доки юрист не перевірив приховування персональних даних',
}];

export const UserTasks = {
  // public-info-request (Law 2939-VI)
  triageInfoRequest: userTask('triage-info-request', [CandidateGroups.infoUnit], { rules: infoRequestForms.triageInfoRequest }),
  confirmInfoPayment: userTask('confirm-info-payment', [CandidateGroups.infoUnit], { rules: infoRequestForms.confirmInfoPayment }),
  prepareInfoAnswer: userTask('prepare-info-answer', [], {
    dynamic: { candidateGroups: "${branch.prop('candidateGroup').stringValue()}", assignee: '${null}' },
    rules: infoRequestForms.prepareInfoAnswer,
  }),
  reviewInfoAnswerMasks: userTask('review-info-answer-masks', [CandidateGroups.lawyers], { rules: infoRequestForms.reviewInfoAnswerMasks }),
  approveInfoAnswer: userTask('approve-info-answer', [CandidateGroups.heads], { rules: infoRequestForms.approveInfoAnswer }),
  postInfoAnswer: userTask('post-info-answer', [CandidateGroups.clerks], { rules: infoRequestForms.postInfoAnswer }),
  infoRequestDueReminder: userTask('info-request-due-reminder', [CandidateGroups.infoUnit]),
  infoRequestOverdue: userTask('info-request-overdue', [CandidateGroups.heads]),
} as const satisfies Record<string, UserTaskContract>;

const uuid = { type: 'string', format: 'uuid' } as const;
const DATE = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;

export const TopicContracts = {
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
    // What each step writes (workers/topics/info-requests/record-info-request-step.ts): the process
    // lint counts them after a task whose input parameter infoStep is that step.
    writesWhen: {
      parameter: Variables.infoStep,
      values: {
        'under-consideration': [Variables.infoBranches, Variables.answerRound, Variables.reminderDateTime, Variables.answerChannel],
        'term-extended': [Variables.reminderDateTime],
        forwarded: [], deferred: [], refused: [], 'awaiting-payment': [], paid: [], answered: [], 'answer-posted': [],
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
    writes: {
      type: 'object',
      required: [Variables.infoAnswerSignedAt],
      properties: {
        // The moment of the signature as stored with it (UTC, ISO 8601): a paper answer is not posted before it.
        [Variables.infoAnswerSignedAt]: { type: 'string', minLength: 20, maxLength: 40 },
      },
    },
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

export const manifest = {
  name: 'info-requests',
  summary: 'Requests for public information (Law 2939-VI): 5 working days or 48 hours, answers masked and signed',
  processes: [{
    key: ProcessKeys.publicInfoRequest,
    file: 'public-info-request.bpmn',
    businessKey: Variables.infoRequestId,
    startVariables: [Variables.infoRequestId, Variables.receivedAt, Variables.deadlineRegime],
  }],
  topics: TopicContracts,
  errors: ERRORS,
  userTasks: UserTasks,
  dateVariables: [Variables.dueDateTime, Variables.reminderDateTime],
  mail: mailTemplates,
  layers: { api: true, workers: true },
} as const satisfies DomainManifest;
