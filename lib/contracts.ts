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
} as const satisfies Record<Topic, TopicContract>;

/** The names of the variables a topic reads: what its subscription fetches. */
export function variablesRead(topic: Topic): string[] {
  return Object.keys(TopicContracts[topic].reads.properties);
}
