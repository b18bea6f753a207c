import { fileURLToPath } from 'node:url';
import { expectFindings, lintFixture } from '../../../support/process-lint.ts';

const dir = fileURLToPath(new URL('./user-task-contract/', import.meta.url));
const lint = (file: string) => lintFixture(dir, file, 'user-task-contract');

describe('hromada/user-task-contract', () => {
  it('passes the declared form (formRef, or the legacy formKey still named) and groups, and the dynamic expressions', async () => {
    expectFindings(await lint('valid.bpmn'), []);
  });

  it('skips a task excluded with a reason', async () => {
    expectFindings(await lint('valid-excluded.bpmn'), []);
  });

  it('reports a user task the manifest does not declare', async () => {
    expectFindings(await lint('invalid-undeclared.bpmn'), [['draft', /User task "draft" is not declared in the domain manifest/]]);
  });

  it('reports another form, a form without its file, a contract without a form and a task without one', async () => {
    expectFindings(await lint('invalid-form.bpmn'), [
      ['review', /Task "review" uses form "other-form", but the manifest names another: set camunda:formRef="review-form"/],
      ['legacy-review', /Form "legacy-review-form" of task "legacy-review" is not among the form files/],
      ['formless', /The domain manifest names no form for task "formless"/],
      ['execute', /Task "execute" has no form: set camunda:formRef="execute-form"/],
    ]);
  });

  it('reports a legacy form key the manifest does not name, and formRef beside formKey', async () => {
    expectFindings(await lint('invalid-form-key.bpmn'), [
      ['review', /camunda:formKey "hromada:review", which the manifest does not name: set camunda:formRef="review-form"/],
      ['legacy-review', /camunda:formKey "hromada:other", which the manifest does not name: set camunda:formRef="legacy-review-form"/],
      ['execute', /both camunda:formRef and the legacy camunda:formKey/],
    ]);
  });

  it('reports a form not bound to the diagram\'s own deployment', async () => {
    expectFindings(await lint('invalid-binding.bpmn'), [
      ['review', /The form of task "review" must come from the diagram's own deployment: set camunda:formRefBinding="deployment"/],
      ['execute', /The form of task "execute" must come from the diagram's own deployment/],
    ]);
  });

  it('reports other groups, a person assigned to a group task, and dynamic expressions that differ', async () => {
    expectFindings(await lint('invalid-groups.bpmn'), [
      ['review', /candidate groups of task "review" \(clerks\) differ from the manifest: set camunda:candidateGroups="heads"/],
      ['legacy-review', /Task "legacy-review" is assigned to people/],
      ['execute', /set camunda:candidateGroups="\$\{assignment\.prop\('candidateGroup'\)\.stringValue\(\)\}"/],
      ['execute', /set camunda:assignee="\$\{null\}"/],
    ]);
  });
});
