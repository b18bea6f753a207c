// What the process lint checks a diagram against: the names and variables the domains' manifests
// declare. Data only (no functions, no classes), so the API can send it to the browser modeler as
// JSON and the same rules run there and in the test suite (lib/process-lint/plugin.ts).

/** A topic's variables as its worker sees them: `required` are always there, `properties` may be. */
export interface LintVariables {
  readonly required: readonly string[];
  readonly properties: readonly string[];
}

export interface LintTopic {
  readonly reads: LintVariables;
  readonly writes: LintVariables;
  /** BPMN error codes the worker may report (handleBpmnError): each must be caught on the task. */
  readonly throws: readonly string[];
  /**
   * Writes that depend on the step an input parameter of the task names: a task whose
   * camunda:inputParameter `parameter` is the literal value V also writes `values[V]`.
   */
  readonly writesWhen?: { readonly parameter: string; readonly values: Readonly<Record<string, readonly string[]>> };
}

/** Variables a user task's completion sets only when its variable `when` has the value `equals`. */
export interface LintConditionalWrite {
  readonly when: string;
  readonly equals: string | boolean;
  readonly writes: readonly string[];
}

export interface LintUserTask {
  /** Role groups the task is offered to (empty for a `dynamic` task). */
  readonly candidateGroups: readonly string[];
  /** A task offered per executor: the exact expressions of camunda:candidateGroups and camunda:assignee. */
  readonly dynamic?: { readonly candidateGroups: string; readonly assignee: string };
  /** The Camunda Form id (camunda:formRef) the task must use. */
  readonly form?: string;
  /** The legacy camunda:formKey, still accepted while the diagrams move to formRef. */
  readonly formKey?: string;
  /** Variables every completion sets: the form's required fields, its defaults, the server-set ones. */
  readonly writes: readonly string[];
  /**
   * Variables some completions set: counted only after a sequence flow whose condition tests
   * exactly `when` against `equals`, on a path from this task (writes.ts).
   */
  readonly writesWhen?: readonly LintConditionalWrite[];
}

export interface LintContracts {
  readonly processKeys: readonly string[];
  /** Role groups; departments' groups are data and reach a diagram only through dynamic expressions. */
  readonly candidateGroups: readonly string[];
  readonly topics: Readonly<Record<string, LintTopic>>;
  readonly userTasks: Readonly<Record<string, LintUserTask>>;
  /** Ids of the form files that exist. */
  readonly forms: readonly string[];
  /** Declared BPMN error codes, with the article of the law that makes each a business outcome. */
  readonly errors: Readonly<Record<string, { readonly article?: string }>>;
  /** Variables a timer may wait for: legal terms and reminder instants computed by the calendar. */
  readonly dateVariables: readonly string[];
  /** Per process key: the variables the code sets when it starts the process. */
  readonly startVariables: Readonly<Record<string, readonly string[]>>;
}
