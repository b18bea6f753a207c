// The one place where the names shared by the diagrams (processes/*.bpmn) and the code are declared:
// process keys, external-task topics, BPMN error codes, user tasks with their form keys, and candidate
// groups. Code imports these constants instead of typing strings, and test/processes/contracts.test.ts
// checks every diagram against them, so a typo is a failing test instead of an incident in production.
//
// A changed topic contract (other variables, other meaning) gets a new topic name beside the old one
// (e.g. `register-document.v2`): instances already running on the old diagram version keep polling the
// old topic until they finish.

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
} as const;

export interface UserTaskContract {
  /** The `id` of `<bpmn:userTask>`: the task definition key the API and the UI look tasks up by. */
  readonly id: string;
  /** `camunda:formKey`: the `hromada:` prefix names a form the API serves, not an embedded Camunda form. */
  readonly formKey: string;
  readonly candidateGroups: readonly CandidateGroup[];
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
  },
  prepareAppealAnswer: {
    id: 'prepare-appeal-answer',
    formKey: 'hromada:prepare-appeal-answer',
    candidateGroups: [CandidateGroups.executors],
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
