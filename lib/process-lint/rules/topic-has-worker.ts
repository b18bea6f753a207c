// Work outside people's hands is done by our external-task workers only (DESIGN.md 3a: no Java
// classes, expressions, connectors or decision tables in the engine): every service, send and
// business rule task, and every message event with an implementation, is an external task whose
// topic a worker serves. A topic nobody serves would wait forever.
import { contractsOf, hromadaRule, report, type Reporter } from '../rule-kit.ts';
import { filled, isAny, messageDefinition, text, type ModdleElement } from '../model.ts';

const TASKS = ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask'];

export default hromadaRule('topic-has-worker', (config) => {
  const contracts = contractsOf(config, 'topic-has-worker');
  const known = Object.keys(contracts.topics).sort().join(', ');

  function checkExternal(id: string, carrier: ModdleElement, reporter: Reporter): void {
    if (text(carrier, 'type') !== 'external') {
      report(reporter, id, {
        uk: `Завдання «${id}» виконується не зовнішнім виконавцем: зробіть його зовнішнім (camunda:type="external") з темою з маніфесту домену — Java-класи, вирази, конектори й таблиці рішень у діаграмах не допускаються`,
        en: `Task "${id}" is not done by an external worker: make it external (camunda:type="external") with a topic of the domain manifest; Java classes, expressions, connectors and decision tables are not allowed in diagrams`,
      });
      return;
    }
    const topic = filled(carrier, 'topic');
    if (!topic) {
      report(reporter, id, {
        uk: `Зовнішнє завдання «${id}» не має теми (camunda:topic): оберіть тему зі списку (${known})`,
        en: `External task "${id}" has no topic (camunda:topic): choose one of the list (${known})`,
      });
    } else if (!(topic in contracts.topics)) {
      report(reporter, id, {
        uk: `Тема зовнішнього завдання «${topic}» не має виконавця (worker): оберіть тему зі списку (${known}) або додайте worker до маніфесту домену`,
        en: `The external task topic "${topic}" has no worker: choose a topic of the list (${known}) or add a worker to the domain manifest`,
      });
    }
  }

  return {
    check(node, reporter) {
      const id = node.id ?? '';
      if (isAny(node, TASKS)) {
        checkExternal(id, node, reporter);
        return;
      }
      // A message event is implemented like a service task when it names an implementation.
      const message = isAny(node, ['bpmn:IntermediateThrowEvent', 'bpmn:EndEvent']) ? messageDefinition(node) : undefined;
      if (message && ['type', 'topic', 'class', 'expression', 'delegateExpression'].some((p) => text(message, p) !== undefined)) {
        checkExternal(id, message, reporter);
      }
    },
  };
});
