// A business outcome a worker reports as a BPMN error must be caught on the task that may report
// it: the engine turns an uncaught one into an incident (enableExceptionsAfterUnhandledBpmnError).
// And every bpmn:Error carries a code the domain declares.
import { contractsOf, hromadaRule, report } from '../rule-kit.ts';
import { child, externalTopic, filled, is, list, messageDefinition, type ModdleElement } from '../model.ts';

/** The error codes caught by error boundary events attached to the activity. */
function caughtOn(activity: ModdleElement): Set<string> {
  const codes = new Set<string>();
  const container = activity.$parent;
  for (const e of list(container, 'flowElements')) {
    if (!is(e, 'bpmn:BoundaryEvent') || child(e, 'attachedToRef') !== activity) continue;
    for (const d of list(e, 'eventDefinitions')) {
      const code = is(d, 'bpmn:ErrorEventDefinition') ? filled(child(d, 'errorRef'), 'errorCode') : undefined;
      if (code) codes.add(code);
    }
  }
  return codes;
}

export default hromadaRule('bpmn-errors-caught', (config) => {
  const contracts = contractsOf(config, 'bpmn-errors-caught');
  const declared = Object.keys(contracts.errors).sort();
  return {
    check(node, reporter) {
      const id = node.id ?? '';
      if (is(node, 'bpmn:Error')) {
        const code = filled(node, 'errorCode');
        if (!code) {
          report(reporter, id, {
            uk: `Помилка BPMN «${id}» не має коду (errorCode): задайте код, оголошений у маніфесті домену (${declared.join(', ')})`,
            en: `BPMN error "${id}" has no errorCode: set a code the domain manifest declares (${declared.join(', ')})`,
          });
        } else if (!(code in contracts.errors)) {
          report(reporter, id, {
            uk: `Код помилки BPMN «${code}» не оголошено: використайте код із маніфесту домену (${declared.join(', ')}) або оголосіть його там разом зі статтею закону, що робить його результатом`,
            en: `BPMN error code "${code}" is not declared: use a code of the domain manifest (${declared.join(', ')}) or declare it there with the article of the law that makes it an outcome`,
          });
        }
        return;
      }
      if (!is(node, 'bpmn:FlowNode')) return;
      const topic = externalTopic(node) ?? externalTopic(messageDefinition(node) ?? node);
      const throws = topic === undefined ? [] : contracts.topics[topic]?.throws ?? [];
      if (throws.length === 0) return;
      const caught = caughtOn(node);
      for (const code of throws) {
        if (caught.has(code)) continue;
        report(reporter, id, {
          uk: `Тема «${topic}» може повідомити помилку BPMN «${code}», але завдання «${id}» її не перехоплює: додайте до завдання граничну подію помилки з кодом «${code}» — неперехоплена помилка зупиняє справу інцидентом`,
          en: `Topic "${topic}" may report BPMN error "${code}", but task "${id}" does not catch it: attach an error boundary event with code "${code}" to the task; an uncaught error stops the case with an incident`,
        });
      }
    },
  };
});
