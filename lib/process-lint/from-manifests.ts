// The process lint's contracts (lib/process-lint/contracts.ts) built from the domains' manifests:
// what the test suite checks processes/ against, and what the API will hand the browser modeler.
import type { DomainManifest, TopicContract, UserTaskContract, UserTaskForm, VariableSchema } from '../manifest.ts';
import { CandidateGroups } from '../staff/groups.ts';
import type { LintContracts, LintTopic, LintUserTask, LintVariables } from './contracts.ts';

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

function topicWritesWhen(w: NonNullable<TopicContract['writesWhen']>): NonNullable<LintTopic['writesWhen']> {
  return { parameter: w.parameter, values: Object.fromEntries(Object.entries(w.values).map(([value, writes]) => [value, [...writes]])) };
}

function userTask(task: UserTaskContract): LintUserTask {
  return {
    candidateGroups: [...task.candidateGroups],
    ...(task.dynamic ? { dynamic: { ...task.dynamic } } : {}),
    formKey: task.formKey,
    writes: formWrites(task.form),
    ...(task.form?.writesWhen ? { writesWhen: task.form.writesWhen.map((w) => ({ when: w.when, equals: w.equals, writes: [...w.writes] })) } : {}),
  };
}

export function lintContracts(domains: readonly DomainManifest[]): LintContracts {
  const processes = domains.flatMap((d) => d.processes);
  return {
    processKeys: processes.map((p) => p.key),
    candidateGroups: Object.values(CandidateGroups),
    topics: Object.fromEntries(domains.flatMap((d) => Object.entries(d.topics)).map(([topic, c]) => [topic, {
      reads: variables(c.reads),
      writes: variables(c.writes),
      throws: [...c.throws],
      ...(c.writesWhen ? { writesWhen: topicWritesWhen(c.writesWhen) } : {}),
    }])),
    userTasks: Object.fromEntries(domains.flatMap((d) => Object.values(d.userTasks)).map((t) => [t.id, userTask(t)])),
    forms: [],
    errors: Object.fromEntries(domains.flatMap((d) => d.errors).map((e) => [e.code, { article: e.article }])),
    dateVariables: [...new Set(domains.flatMap((d) => d.dateVariables))],
    startVariables: Object.fromEntries(processes.map((p) => [p.key, [...p.startVariables]])),
  };
}
