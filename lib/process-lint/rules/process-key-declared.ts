// Every executable process has a key the code declares (a process is started by its key: an
// unknown one is never started) and a name for Cockpit and the task list; a diagram deploys at
// least one executable process.
import { contractsOf, hromadaRule, report } from '../rule-kit.ts';
import { filled, is, list } from '../model.ts';

export default hromadaRule('process-key-declared', (config) => {
  const contracts = contractsOf(config, 'process-key-declared');
  const keys = new Set(contracts.processKeys);
  return {
    check(node, reporter) {
      if (is(node, 'bpmn:Definitions')) {
        const executable = list(node, 'rootElements').some((e) => is(e, 'bpmn:Process') && e.isExecutable === true);
        if (!executable) {
          report(reporter, node.id, {
            uk: 'У діаграмі немає виконуваного процесу: позначте процес як виконуваний (isExecutable="true")',
            en: 'The diagram has no executable process: mark the process executable (isExecutable="true")',
          });
        }
        return;
      }
      if (!is(node, 'bpmn:Process') || node.isExecutable !== true) return;
      const id = node.id ?? '';
      if (!keys.has(id)) {
        const known = contracts.processKeys.join(', ');
        report(reporter, id, {
          uk: `Ключ процесу «${id}» не оголошено: задайте id процесу з маніфесту домену (${known}) або оголосіть ключ у маніфесті`,
          en: `Process key "${id}" is not declared: use a process id of the domain manifest (${known}) or declare the key there`,
        });
      }
      if (!filled(node, 'name')) {
        report(reporter, id, {
          uk: `Процес «${id}» не має назви: задайте назву (name) — її показують Cockpit і список завдань`,
          en: `Process "${id}" has no name: set its name (Cockpit and the task list show it)`,
        });
      }
    },
  };
});
