// A task offered to a group that does not exist is seen by nobody. Every literal group (of a user
// task, or of who may start a process) is a declared role group; departments' groups are data and
// reach a diagram only through expressions, which user-task-contract checks.
import { contractsOf, hromadaRule, report } from '../rule-kit.ts';
import { commaList, is, text } from '../model.ts';
import { segments } from '../juel.ts';

/** The literal groups of a list, without the expressions among them (`clerks,${group}` → clerks). */
function literalGroups(value: string | undefined): string[] {
  if (value === undefined) return [];
  const parts = segments(value) ?? [{ kind: 'text' as const, text: value }];
  return parts.flatMap((part) => (part.kind === 'text' ? commaList(part.text) : []));
}

export default hromadaRule('candidate-groups-known', (config) => {
  const contracts = contractsOf(config, 'candidate-groups-known');
  const groups = new Set(contracts.candidateGroups);
  const known = contracts.candidateGroups.join(', ');
  return {
    check(node, reporter) {
      const value = is(node, 'bpmn:UserTask') ? text(node, 'candidateGroups') : is(node, 'bpmn:Process') ? text(node, 'candidateStarterGroups') : undefined;
      const id = node.id ?? '';
      for (const group of literalGroups(value)) {
        if (groups.has(group)) continue;
        report(reporter, id, {
          uk: `Групу кандидатів «${group}» (елемент «${id}») не оголошено: оберіть групу зі списку (${known}); групи підрозділів задаються виразом із даних справи`,
          en: `Candidate group "${group}" (element "${id}") is not declared: choose one of the list (${known}); departments' groups come from the case's data through an expression`,
        });
      }
    },
  };
});
