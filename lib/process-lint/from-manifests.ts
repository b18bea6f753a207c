// The process lint's contracts (lib/process-lint/contracts.ts) built from the domains' manifests and
// the form files (processes/forms/, read by the caller: lib/process-forms.ts): what the test suite
// checks processes/ against, and what the API will hand the browser modeler. Pure.
import { alwaysWritten, type CamundaForm } from '../forms/index.ts';
import type { DomainManifest, TopicContract, UserTaskContract, UserTaskRules, VariableSchema } from '../manifest.ts';
import { CandidateGroups } from '../staff/groups.ts';
import type { LintContracts, LintTopic, LintUserTask, LintVariables } from './contracts.ts';

function variables(schema: VariableSchema): LintVariables {
  return { required: [...schema.required], properties: Object.keys(schema.properties) };
}

/**
 * What every completion of a user task sets (api/routes/tasks.ts createFormPipeline), from its form
 * file: the fields required whatever else is chosen, the fields with a default (ajv useDefaults);
 * and from its rules: the completing user's id (completedBy) and what derive always sets. Fields
 * required only when shown (conditional.hide) are not on every completion. Without its form file
 * (the lint reports that) only the rules count.
 */
export function formWrites(form: CamundaForm | undefined, rules: UserTaskRules = {}): string[] {
  const writes = new Set([...(form ? alwaysWritten(form) : []), ...(rules.derives ?? [])]);
  if (rules.completedBy) writes.add(rules.completedBy);
  return [...writes];
}

function topicWritesWhen(w: NonNullable<TopicContract['writesWhen']>): NonNullable<LintTopic['writesWhen']> {
  return { parameter: w.parameter, values: Object.fromEntries(Object.entries(w.values).map(([value, writes]) => [value, [...writes]])) };
}

function userTask(task: UserTaskContract, forms: ReadonlyMap<string, CamundaForm>): LintUserTask {
  return {
    candidateGroups: [...task.candidateGroups],
    ...(task.dynamic ? { dynamic: { ...task.dynamic } } : {}),
    form: task.form,
    formKey: task.formKey,
    writes: formWrites(forms.get(task.form), task.rules),
    ...(task.rules?.writesWhen ? { writesWhen: task.rules.writesWhen.map((w) => ({ when: w.when, equals: w.equals, writes: [...w.writes] })) } : {}),
  };
}

/** `forms`: the form files by id (lib/process-forms.ts readFormFiles). */
export function lintContracts(domains: readonly DomainManifest[], forms: ReadonlyMap<string, CamundaForm>): LintContracts {
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
    userTasks: Object.fromEntries(domains.flatMap((d) => Object.values(d.userTasks)).map((t) => [t.id, userTask(t, forms)])),
    forms: [...forms.keys()],
    errors: Object.fromEntries(domains.flatMap((d) => d.errors).map((e) => [e.code, { article: e.article }])),
    dateVariables: [...new Set(domains.flatMap((d) => d.dateVariables))],
    startVariables: Object.fromEntries(processes.map((p) => [p.key, [...p.startVariables]])),
  };
}
