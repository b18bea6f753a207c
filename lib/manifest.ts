// What a domain declares about itself, as data (DESIGN.md section 3, "A domain"): the processes it
// owns, the external-task topics with the variables each reads and writes, the BPMN errors that are
// business outcomes, the user tasks with their candidate groups and forms, and its e-mails. The
// runner subscribes, the API validates task completions and serves forms, the process lint checks
// the diagrams, and the modeler offers element templates, all by looping over the manifests named
// in lib/domains.ts. Types only: a manifest imports this module, never the other way round.
import type { CalendarData } from './calendar/index.ts';
import type { TemplateDefinition } from './notifications/template-kit.ts';

/** The small subset of JSON Schema the topic contracts use; ajv validates variables against it. */
export interface VariableSchema {
  readonly type: 'object';
  readonly required: readonly string[];
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/**
 * What every registering topic writes (register-document, register-appeal, register-info-request):
 * the index (`124/01-15` CMU 55/2018; `К-124/КО` CMU 348; `ЗІ-17`), its gapless number within the
 * journal and the Kyiv year, and the journal.
 */
export const registrationWrites = {
  type: 'object',
  required: ['registrationIndex', 'registrationNumber', 'journalCode'],
  properties: {
    registrationIndex: { type: 'string', minLength: 3 },
    registrationNumber: { type: 'integer', minimum: 1 },
    journalCode: { type: 'string', minLength: 1 },
  },
} as const satisfies VariableSchema;

export interface TopicContract {
  /** Variables the worker fetches (the subscription asks the engine for these only) and validates. */
  readonly reads: VariableSchema;
  /** Variables the worker sets when it completes the task. */
  readonly writes: VariableSchema;
  /** Business outcomes the worker may report; the diagram must catch each on the task. */
  readonly throws: readonly string[];
  /**
   * Writes that depend on the step an input parameter names (e.g. `infoStep`): the value of that
   * parameter → what the worker then always writes. The process lint counts them as written after
   * a task whose input parameter has that literal value.
   */
  readonly writesWhen?: { readonly parameter: string; readonly values: Readonly<Record<string, readonly string[]>> };
  /** Why no shipped diagram uses the topic, when none does (a building block for analysts' diagrams). */
  readonly unusedBecause?: string;
}

/** A BPMN error code a worker reports as a business outcome, with the article that makes it one. */
export interface BpmnErrorContract {
  readonly code: string;
  readonly article: string;
  readonly summary: string;
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
 * The server side of a user task's form, besides what the form file says (processes/forms/<id>.form,
 * from which lib/forms derives the JSON Schema the API checks with defaults): an optional rule for
 * what a schema cannot say (dates against the calendar, facts of the case), the variable the server
 * sets to the completing user's staff id (never taken from the client), variables derived on the
 * server (counters), and the JSON Schemas of the form's custom (`hromada-*`) fields.
 */
export interface UserTaskRules {
  readonly rule?: (variables: Readonly<Record<string, unknown>>, context: FormRuleContext) => Promise<FormFieldError[]>;
  readonly completedBy?: string;
  readonly derive?: (variables: Readonly<Record<string, unknown>>, context: FormRuleContext) => Promise<Record<string, unknown>>;
  /**
   * The variables `derive` sets on every completion (not those it sets only sometimes): what the
   * process lint counts as written by the task (lib/process-lint/writes.ts).
   */
  readonly derives?: readonly string[];
  /**
   * Writes that hold only on some completions: when the variable `when` has the value `equals`,
   * the completion also sets `writes` (e.g. an approval sets the result). The process lint counts
   * them after a sequence flow whose condition tests exactly that.
   */
  readonly writesWhen?: ReadonlyArray<{ readonly when: string; readonly equals: string | boolean; readonly writes: readonly string[] }>;
  /**
   * The JSON Schema of each field of a custom component type (lib/forms/components.ts CUSTOM_TYPES),
   * by the field's key: what no form-js component can say (a map of executors, a set of departments).
   */
  readonly fieldSchemas?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface UserTaskContract {
  /** The `id` of `<bpmn:userTask>`: the task definition key the API and the UI look tasks up by. */
  readonly id: string;
  /**
   * The legacy `camunda:formKey` (`hromada:<task id>`): the diagrams now use `camunda:formRef`, but
   * tasks of instances still running on an older diagram version carry this key; the API finds
   * their form by the task definition key all the same.
   */
  readonly formKey: string;
  readonly candidateGroups: readonly string[];
  /** The id of the Camunda Form (processes/forms/<id>.form) the diagram references with camunda:formRef. */
  readonly form: string;
  /** What POST /api/v1/tasks/:id/complete checks and sets besides the form's schema (STYLE.md habit 8). */
  readonly rules?: UserTaskRules;
  /**
   * For a task offered per executor: the exact `camunda:candidateGroups` and `camunda:assignee`
   * expressions the diagram uses (departments' groups are data, not names known to the code).
   */
  readonly dynamic?: { readonly candidateGroups: string; readonly assignee: string };
}

/**
 * A user task's contract as the manifests write it: the form file and the legacy form key both
 * follow from the task's id (`processes/forms/<id>.form`, `hromada:<id>`).
 */
export function userTask<const I extends string>(id: I, candidateGroups: readonly string[], more: Pick<UserTaskContract, 'rules' | 'dynamic'> = {}): UserTaskContract & { readonly id: I } {
  return { id, formKey: `hromada:${id}`, form: id, candidateGroups, ...more };
}

export interface ProcessContract {
  /** The `id` of `<bpmn:process>`, deployed and started under this key. */
  readonly key: string;
  /** The diagram in processes/. */
  readonly file: string;
  /** The variable that holds the business key (the case's id in the application database). */
  readonly businessKey: string;
  /** What the code that starts the process passes (the process-start outbox row's variables). */
  readonly startVariables: readonly string[];
}

export interface DomainManifest {
  /** The one name of the domain: its folder in lib/, workers/topics/ and api/routes/. */
  readonly name: string;
  readonly summary: string;
  readonly processes: readonly ProcessContract[];
  /** Topic name → contract. */
  readonly topics: Readonly<Record<string, TopicContract>>;
  readonly errors: readonly BpmnErrorContract[];
  readonly userTasks: Readonly<Record<string, UserTaskContract>>;
  /** Variables a timer may wait for (legal terms, reminder instants): `${name}` in a timer. */
  readonly dateVariables: readonly string[];
  /** The e-mails the domain sends, by template name (lib/<domain>/mail.ts; rendered by lib/notifications). */
  readonly mail: Readonly<Record<string, TemplateDefinition>>;
  /** Whether the domain has routes (api/routes/<name>/index.ts) and topics (workers/topics/<name>/index.ts). */
  readonly layers: { readonly api: boolean; readonly workers: boolean };
}

/** The names of the variables a topic reads: what its subscription fetches. */
export function variablesRead(contract: TopicContract): string[] {
  return Object.keys(contract.reads.properties);
}
