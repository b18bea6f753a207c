// A condition that reads a variable no path wrote fails the instance when the token gets there
// (JUEL: PropertyNotFoundException, an incident). So every variable a sequence flow's condition
// reads is written on every path that reaches it (writes.ts), not only on the paths someone
// tested: a variable a form may leave out needs a default, or a condition that does not read it.
import { contractsOf, hromadaRule, report } from '../rule-kit.ts';
import { child, is, text, walk } from '../model.ts';
import { variablesReadIn } from '../juel.ts';
import { analyseWrites } from '../writes.ts';

export default hromadaRule('gateway-variables-written', (config) => {
  const contracts = contractsOf(config, 'gateway-variables-written');
  return {
    check(node, reporter) {
      if (!is(node, 'bpmn:Process')) return;
      const analysis = analyseWrites(node, contracts);
      walk(node, (flow) => {
        if (!is(flow, 'bpmn:SequenceFlow')) return;
        const condition = text(child(flow, 'conditionExpression'), 'body');
        const source = child(flow, 'sourceRef');
        if (!condition || !source) return;
        const written = analysis.out(source);
        // Never reached from a start event: nothing to say (bpmnlint's no-disconnected says it).
        if (written === null) return;
        const id = flow.id ?? '';
        for (const variable of variablesReadIn(condition)) {
          if (written.has(variable)) continue;
          report(reporter, id, {
            uk: `Умова потоку «${id}» читає змінну «${variable}», яку задано не на кожному шляху до неї: задайте її в кожному попередньому завданні (обов’язкове поле форми, значення за замовчуванням, запис теми) або змініть умову`,
            en: `The condition of flow "${id}" reads "${variable}", which is not written on every path to it: write it in every task before (a required form field, a default, a topic's write) or change the condition`,
          });
        }
      });
    },
  };
});
