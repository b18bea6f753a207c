// Incoming correspondence (CMU 55/2018, KMDA instruction 1747/2018): what processes/incoming-document.bpmn
// and the code share. The one name of the domain is "correspondence" (lib/correspondence,
// workers/topics/correspondence, api/routes/correspondence); the process key stays as deployed.
import { registrationWrites, userTask, type BpmnErrorContract, type DomainManifest, type TopicContract, type UserTaskContract } from '../manifest.ts';
import { Variables as CalendarVariables } from '../calendar/manifest.ts';
import { Variables as NotifyVariables } from '../notifications/manifest.ts';
import { CandidateGroups } from '../staff/groups.ts';
import { executionForms } from './forms.ts';

/** Process definition keys (the `id` of `<bpmn:process>`). */
export const ProcessKeys = {
  incomingDocument: 'incoming-document',
} as const;

/** External-task topics (`camunda:topic` of a service task with `camunda:type="external"`). */
export const Topics = {
  registerDocument: 'register-document',
  /** Reads the scan's text with word positions, page by page (workers/topics/correspondence/ingest-scan.ts). */
  ingestScan: 'ingest-scan',
  /** Signs the registration card with the body's registration seal (workers/topics/correspondence/sign-registration.ts, lib/signing). */
  signRegistration: 'sign-registration',
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
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

/** Process variable names shared by the API, the workers and the diagram (the kernels' too). */
export const Variables = {
  ...CalendarVariables,
  ...NotifyVariables,
  documentId: 'documentId',
  registrationIndex: 'registrationIndex',
  registrationNumber: 'registrationNumber',
  journalCode: 'journalCode',
  pageCount: 'pageCount',
  ocrStatus: 'ocrStatus',
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

export const UserTasks = {
  checkRegistrationCard: userTask('check-registration-card', [CandidateGroups.clerks]),
  // incoming-document after registration (CMU 55/2018, KMDA instruction 1747/2018); the controller
  // is the heads' group: the author of a resolution controls its execution.
  resolveDocument: userTask('resolve-document', [CandidateGroups.heads], { rules: executionForms.resolveDocument }),
  executeAssignment: userTask('execute-assignment', [], {
    dynamic: {
      candidateGroups: "${assignment.prop('candidateGroup').stringValue()}",
      assignee: "${assignment.hasProp('username') ? assignment.prop('username').stringValue() : null}",
    },
  }),
  consolidateExecution: userTask('consolidate-execution', [], { dynamic: { candidateGroups: '${responsibleGroup}', assignee: '${responsibleUser}' } }),
  reviewExecution: userTask('review-execution', [CandidateGroups.heads], { rules: executionForms.reviewExecution }),
  reviewOverdue: userTask('review-overdue', [CandidateGroups.heads]),
  // The reply letter of a resolution with replyNeeded: drafted by the responsible executor, approved by a head.
  draftReply: userTask('draft-reply', [], { dynamic: { candidateGroups: '${responsibleGroup}', assignee: '${responsibleUser}' } }),
  approveReply: userTask('approve-reply', [CandidateGroups.heads], { rules: executionForms.approveReply }),
} as const satisfies Record<string, UserTaskContract>;

const uuid = { type: 'string', format: 'uuid' } as const;
const DATE = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;

export const TopicContracts = {
  [Topics.registerDocument]: {
    reads: {
      type: 'object',
      required: [Variables.documentId],
      properties: { [Variables.documentId]: uuid },
    },
    writes: registrationWrites,
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
} as const satisfies Record<Topic, TopicContract>;

/** Business outcomes its workers report as BPMN errors: none in this domain yet. */
const ERRORS: readonly BpmnErrorContract[] = [];

export const manifest = {
  name: 'correspondence',
  summary: 'Incoming correspondence (CMU 55/2018): scans, registration, resolution, execution on control, replies, filing',
  processes: [{
    key: ProcessKeys.incomingDocument,
    file: 'incoming-document.bpmn',
    businessKey: Variables.documentId,
    startVariables: [Variables.documentId],
  }],
  topics: TopicContracts,
  errors: ERRORS,
  userTasks: UserTasks,
  dateVariables: [Variables.dueDateTime, Variables.reminderDateTime],
  mail: {},
  layers: { api: true, workers: true },
} as const satisfies DomainManifest;
