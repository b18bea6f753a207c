// Every user task is the one its domain's manifest declares: the API looks tasks up by their
// definition key, renders and re-validates the declared form (DESIGN.md 3a "Forms"), and offers
// the task to the declared groups, or, for a task offered per executor, through the exact
// expressions the manifest names (departments' groups are data).
import { contractsOf, hromadaRule, report } from '../rule-kit.ts';
import { commaList, filled, is, text } from '../model.ts';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));

export default hromadaRule('user-task-contract', (config) => {
  const contracts = contractsOf(config, 'user-task-contract');
  const forms = new Set(contracts.forms);
  return {
    check(node, reporter) {
      if (!is(node, 'bpmn:UserTask')) return;
      const id = node.id ?? '';
      const contract = contracts.userTasks[id];
      if (!contract) {
        report(reporter, id, {
          uk: `Користувацьке завдання «${id}» не оголошено в маніфесті домену: задайте id завдання з маніфесту або оголосіть завдання там (групи, форма, змінні)`,
          en: `User task "${id}" is not declared in the domain manifest: use a task id of the manifest or declare the task there (groups, form, variables)`,
        });
        return;
      }

      const formRef = filled(node, 'formRef');
      const formKey = filled(node, 'formKey');
      const wanted = contract.form !== undefined ? `camunda:formRef="${contract.form}"` : contract.formKey !== undefined ? `camunda:formKey="${contract.formKey}"` : undefined;
      if (wanted === undefined) {
        report(reporter, id, {
          uk: `Маніфест домену не визначає форми завдання «${id}»: оголосіть у маніфесті форму (Camunda Forms), яку заповнює виконавець`,
          en: `The domain manifest names no form for task "${id}": declare the form (Camunda Forms) the assignee fills in the manifest`,
        });
      } else if (formRef !== undefined) {
        if (formRef !== contract.form) {
          report(reporter, id, {
            uk: `Завдання «${id}» використовує форму «${formRef}», а маніфест визначає іншу: задайте ${wanted}`,
            en: `Task "${id}" uses form "${formRef}", but the manifest names another: set ${wanted}`,
          });
        } else if (!forms.has(formRef)) {
          report(reporter, id, {
            uk: `Форми «${formRef}» завдання «${id}» немає серед файлів форм: додайте файл форми (Camunda Forms) з цим id або оберіть наявну`,
            en: `Form "${formRef}" of task "${id}" is not among the form files: add a form file (Camunda Forms) with this id or choose an existing one`,
          });
        }
        // The launcher deploys a diagram together with the forms it references (scripts/stack/deploy.ts):
        // the deployment's own version is the one a case keeps, whatever is deployed after it.
        if (filled(node, 'formRefBinding') !== 'deployment') {
          report(reporter, id, {
            uk: `Форму завдання «${id}» має бути взято з того самого розгортання, що й діаграму: задайте camunda:formRefBinding="deployment"`,
            en: `The form of task "${id}" must come from the diagram's own deployment: set camunda:formRefBinding="deployment"`,
          });
        }
        if (formKey !== undefined) {
          report(reporter, id, {
            uk: `Завдання «${id}» має і camunda:formRef, і застарілий camunda:formKey: приберіть camunda:formKey`,
            en: `Task "${id}" has both camunda:formRef and the legacy camunda:formKey: remove camunda:formKey`,
          });
        }
      } else if (formKey !== undefined) {
        // The legacy key is accepted only while the manifest still names it (the diagrams move to formRef).
        if (formKey !== contract.formKey) {
          report(reporter, id, {
            uk: `Завдання «${id}» має camunda:formKey «${formKey}», якого маніфест не визначає: задайте ${wanted}`,
            en: `Task "${id}" has camunda:formKey "${formKey}", which the manifest does not name: set ${wanted}`,
          });
        }
      } else {
        report(reporter, id, {
          uk: `Завдання «${id}» не має форми: задайте ${wanted}`,
          en: `Task "${id}" has no form: set ${wanted}`,
        });
      }

      const groups = text(node, 'candidateGroups');
      const assignee = text(node, 'assignee');
      if (contract.dynamic) {
        if (groups !== contract.dynamic.candidateGroups) {
          report(reporter, id, {
            uk: `Групи кандидатів завдання «${id}» задано не так, як у маніфесті: задайте camunda:candidateGroups="${contract.dynamic.candidateGroups}"`,
            en: `The candidate groups of task "${id}" differ from the manifest: set camunda:candidateGroups="${contract.dynamic.candidateGroups}"`,
          });
        }
        if (assignee !== contract.dynamic.assignee) {
          report(reporter, id, {
            uk: `Виконавця завдання «${id}» задано не так, як у маніфесті: задайте camunda:assignee="${contract.dynamic.assignee}"`,
            en: `The assignee of task "${id}" differs from the manifest: set camunda:assignee="${contract.dynamic.assignee}"`,
          });
        }
        return;
      }
      const declared = contract.candidateGroups.join(',');
      if (!sameSet(commaList(groups), contract.candidateGroups)) {
        report(reporter, id, {
          uk: `Групи кандидатів завдання «${id}» (${groups ?? 'немає'}) не збігаються з маніфестом: задайте camunda:candidateGroups="${declared}"`,
          en: `The candidate groups of task "${id}" (${groups ?? 'none'}) differ from the manifest: set camunda:candidateGroups="${declared}"`,
        });
      }
      if (filled(node, 'assignee') !== undefined || filled(node, 'candidateUsers') !== undefined) {
        report(reporter, id, {
          uk: `Завдання «${id}» призначено особам (camunda:assignee або camunda:candidateUsers), а маніфест пропонує його групам (${declared}): приберіть призначення`,
          en: `Task "${id}" is assigned to people (camunda:assignee or camunda:candidateUsers), but the manifest offers it to groups (${declared}): remove the assignment`,
        });
      }
    },
  };
});
