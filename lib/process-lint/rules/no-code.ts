// No code runs inside the engine (DESIGN.md 3a: "scripts, Java classes and expressions beyond
// plain variable references and an allow-list are refused"): what a process does beyond routing
// is an external task whose worker is reviewed, tested and versioned with the code. So: no script
// tasks, scripts, Java classes, delegate or method expressions, listeners that run any of those;
// and every expression anywhere (conditions, parameters, assignees, groups, due dates, timers,
// loop collections) has one of the shapes that only read data (juel.ts isAllowedValue).
import { hromadaRule, report, type Reporter } from '../rule-kit.ts';
import { is, isAny, owner, text, type ModdleElement } from '../model.ts';
import { hasExpression, isAllowedValue } from '../juel.ts';

/** Camunda attributes that name code to run: a Java class, a delegate, a method expression and its result. */
const CODE_ATTRIBUTES = new Set(['class', 'expression', 'delegateExpression', 'resultVariable', 'formHandlerClass', 'variableMappingClass', 'variableMappingDelegateExpression']);
const LISTENERS = ['camunda:ExecutionListener', 'camunda:TaskListener'];
/** Text people read, never evaluated by the engine (a lint:allow reason is a camunda:Property). */
const NOT_EVALUATED = ['bpmn:Documentation', 'bpmn:TextAnnotation', 'camunda:Property', 'camunda:Properties'];

const shown = (value: string) => (value.length > 120 ? `${value.slice(0, 117)}...` : value);

export default hromadaRule('no-code', () => {
  return {
    check(node, reporter) {
      const id = owner(node).id ?? '';
      if (is(node, 'bpmn:ScriptTask')) {
        report(reporter, id, {
          uk: `Завдання-скрипт «${id}» виконує код у рушії: замініть його зовнішнім завданням (camunda:type="external") з темою з маніфесту домену`,
          en: `Script task "${id}" runs code in the engine: replace it with an external task (camunda:type="external") with a topic of the domain manifest`,
        });
        return;
      }
      if (isAny(node, LISTENERS)) {
        if (['class', 'expression', 'delegateExpression'].some((a) => text(node, a) !== undefined) || node.script !== undefined) {
          report(reporter, id, {
            uk: `Слухач подій елемента «${id}» виконує код у рушії (Java-клас, вираз або скрипт): приберіть його — побічні дії робить зовнішнє завдання з темою з маніфесту домену`,
            en: `A listener of element "${id}" runs code in the engine (a Java class, an expression or a script): remove it; side effects belong to an external task with a topic of the domain manifest`,
          });
        }
        // Its attributes and script are the listener's code, reported once above.
        return false;
      }
      if (is(node, 'camunda:Script')) {
        const parameter = isAny(node.$parent, ['camunda:InputParameter', 'camunda:OutputParameter']) ? text(node.$parent, 'name') : undefined;
        report(reporter, id, parameter !== undefined
          ? {
            uk: `Параметр «${parameter}» елемента «${id}» є скриптом і виконує код у рушії: задайте значення текстом або змінною \${змінна}, а обчислення перенесіть у зовнішнє завдання`,
            en: `Parameter "${parameter}" of element "${id}" is a script and runs code in the engine: give it a text or \${variable} value and move the computation to an external task`,
          }
          : {
            uk: `Елемент «${id}» містить скрипт, який виконує код у рушії: приберіть його й перенесіть обчислення в зовнішнє завдання`,
            en: `Element "${id}" holds a script that runs code in the engine: remove it and move the computation to an external task`,
          });
        return false;
      }
      if (isAny(node, NOT_EVALUATED)) return false;
      if (is(node, 'bpmn:Expression') && text(node, 'language') !== undefined) {
        report(reporter, id, {
          uk: `Умова елемента «${id}» написана мовою скриптів «${text(node, 'language')}» і виконує код у рушії: запишіть її виразом \${...} із порівнянь змінних`,
          en: `The condition of element "${id}" is written in the script language "${text(node, 'language')}" and runs code in the engine: write it as a \${...} expression comparing variables`,
        });
        return;
      }
      checkAttributes(node, id, reporter);
    },
  };
});

function checkAttributes(node: ModdleElement, id: string, reporter: Reporter): void {
  for (const property of node.$descriptor.properties) {
    if (!(property.isAttr || property.isBody) || property.type !== 'String') continue;
    const value = text(node, property.name);
    if (value === undefined) continue;
    if (property.ns.prefix === 'camunda' && CODE_ATTRIBUTES.has(property.ns.localName)) {
      report(reporter, id, {
        uk: `Атрибут camunda:${property.ns.localName} елемента «${id}» виконує код у рушії (Java-клас, делегат або виклик методу): приберіть його — роботу робить зовнішнє завдання з темою з маніфесту домену`,
        en: `Attribute camunda:${property.ns.localName} of element "${id}" runs code in the engine (a Java class, a delegate or a method call): remove it; the work is done by an external task with a topic of the domain manifest`,
      });
    } else if (hasExpression(value) && !isAllowedValue(value)) {
      report(reporter, id, {
        uk: `Вираз «${shown(value)}» елемента «${id}» виконує код у рушії (виклики методів, арифметика, біни): дозволено лише \${змінна}, порівняння змінних зі значеннями через && || !, \${execution.processInstanceId}, \${execution.getVariable('x')}, \${v.prop('p').stringValue()}, \${v.elements()} і \${null}; обчислення перенесіть у зовнішнє завдання`,
        en: `Expression "${shown(value)}" of element "${id}" runs code in the engine (method calls, arithmetic, beans): only \${variable}, comparisons of variables with values joined by && || !, \${execution.processInstanceId}, \${execution.getVariable('x')}, \${v.prop('p').stringValue()}, \${v.elements()} and \${null} are allowed; move the computation to an external task`,
      });
    }
  }
}
