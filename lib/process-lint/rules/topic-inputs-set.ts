// A worker validates the variables it reads (workers/runner): a required one that some path left
// unset fails the task into an incident. So every variable of a topic's `reads.required` is set on
// every path that reaches the task: a start variable, an earlier write (writes.ts), or the task's
// own input parameter.
import { contractsOf, hromadaRule, report } from '../rule-kit.ts';
import { externalTopic, is, messageDefinition, walk } from '../model.ts';
import { analyseWrites } from '../writes.ts';

export default hromadaRule('topic-inputs-set', (config) => {
  const contracts = contractsOf(config, 'topic-inputs-set');
  return {
    check(node, reporter) {
      if (!is(node, 'bpmn:Process')) return;
      const analysis = analyseWrites(node, contracts);
      walk(node, (element) => {
        if (!is(element, 'bpmn:FlowNode')) return;
        const topic = externalTopic(element) ?? externalTopic(messageDefinition(element) ?? element);
        const contract = topic === undefined ? undefined : contracts.topics[topic];
        if (!contract) return;
        const written = analysis.in(element);
        // Never reached from a start event: nothing to say (bpmnlint's no-disconnected says it).
        if (written === null) return;
        const seen = new Set([...written, ...analysis.locals(element)]);
        for (const variable of contract.reads.required) {
          if (seen.has(variable)) continue;
          const id = element.id ?? '';
          report(reporter, id, {
            uk: `Тема «${topic}» читає змінну «${variable}», але її задано не на кожному шляху до завдання «${id}»: задайте її раніше (змінна запуску процесу, обов’язкове поле форми, запис попереднього завдання) або вхідним параметром завдання (camunda:inputParameter)`,
            en: `Topic "${topic}" reads "${variable}", which is not set on every path to task "${id}": set it earlier (a start variable, a required form field, an earlier task's write) or as an input parameter of the task (camunda:inputParameter)`,
          });
        }
      });
    },
  };
});
