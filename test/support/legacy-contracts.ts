// The process lint's contracts (lib/process-lint/contracts.ts) built from today's lib/contracts.ts.
// To be replaced by one that reads the domains' manifests; until then this is the only place where
// the two meet, so the lint of processes/ checks the diagrams against the names the code uses.
import {
  BpmnErrors,
  CandidateGroups,
  ProcessKeys,
  TopicContracts,
  UserTasks,
  Variables,
  type UserTaskContract,
  type UserTaskForm,
  type VariableSchema,
} from '../../lib/contracts.ts';
import type { LintContracts, LintUserTask, LintVariables } from '../../lib/process-lint/contracts.ts';

function variables(schema: VariableSchema): LintVariables {
  return { required: [...schema.required], properties: Object.keys(schema.properties) };
}

/**
 * What every completion of a user task sets (api/routes/tasks.ts createFormPipeline): the form's
 * top-level required fields, the fields with a default (ajv useDefaults), the completing user's id
 * (completedBy) and what derive always sets. Fields required only under a condition (if/then) are
 * not on every completion. A task without a form passes the submitted variables as they come: none.
 */
export function formWrites(form: UserTaskForm | undefined): string[] {
  if (!form) return [];
  const schema = form.schema as { required?: readonly string[]; properties?: Record<string, { default?: unknown }> };
  const withDefault = Object.entries(schema.properties ?? {}).filter(([, p]) => p.default !== undefined).map(([name]) => name);
  const writes = new Set([...(schema.required ?? []), ...withDefault, ...(form.derives ?? [])]);
  if (form.completedBy) writes.add(form.completedBy);
  return [...writes];
}

function userTask(task: UserTaskContract): LintUserTask {
  return {
    candidateGroups: [...task.candidateGroups],
    ...(task.dynamic ? { dynamic: { ...task.dynamic } } : {}),
    // No diagram uses camunda:formRef yet: the hromada: form keys are the legacy way.
    formKey: task.formKey,
    writes: formWrites(task.form),
  };
}

/**
 * The variables each process starts with, as the code passes them to the process-start outbox
 * (lib/process-start/repository.ts insertProcessLink, started by lib/process-start/starter.ts):
 * - incoming-document: lib/correspondence/intake.ts receiveIncomingDocument (the upload, api/routes/correspondence/documents.ts,
 *   and the scanner's hot folder, workers/hot-folder.ts);
 * - citizen-appeal: api/routes/appeals/index.ts (POST of an appeal);
 * - public-info-request: api/routes/info-requests/index.ts (POST of a request).
 */
const startVariables: Record<string, string[]> = {
  [ProcessKeys.incomingDocument]: [Variables.documentId],
  [ProcessKeys.citizenAppeal]: [Variables.appealId, Variables.receivedAt, Variables.deadlineRegime, Variables.appealPriority, Variables.appealType],
  [ProcessKeys.publicInfoRequest]: [Variables.infoRequestId, Variables.receivedAt, Variables.deadlineRegime],
};

/** The article that makes each BPMN error a business outcome (lib/contracts.ts BpmnErrors, in its comments). */
const errorArticles: Record<string, string> = {
  [BpmnErrors.infoMasksNotReviewed]: 'Law 2939-VI Art. 6 p.7',
};

export function legacyContracts(): LintContracts {
  return {
    processKeys: Object.values(ProcessKeys),
    candidateGroups: Object.values(CandidateGroups),
    topics: Object.fromEntries(Object.entries(TopicContracts).map(([topic, c]) => [topic, {
      reads: variables(c.reads),
      writes: variables(c.writes),
      throws: [...c.throws],
    }])),
    userTasks: Object.fromEntries((Object.values(UserTasks) as UserTaskContract[]).map((t) => [t.id, userTask(t)])),
    // No Camunda Form file exists yet (DESIGN.md 3a "Forms"): the diagrams use the legacy form keys.
    forms: [],
    errors: Object.fromEntries(Object.values(BpmnErrors).map((code) => [code, errorArticles[code] ? { article: errorArticles[code] } : {}])),
    // The instants the calendar computes for timers: legal-deadline, plan-execution, register-info-request,
    // record-appeal-outcome and record-info-request-step write them.
    dateVariables: [Variables.dueDateTime, Variables.reminderDateTime],
    startVariables,
  };
}
