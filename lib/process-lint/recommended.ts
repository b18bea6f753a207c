// bpmnlint's `recommended` rules, imported one by one so a bundler puts them into the modeler's
// bundle (nothing is looked up by package name at run time), and their messages in Ukrainian,
// each saying what to do, so the modeler shows every finding in Ukrainian first.
import recommendedConfig from 'bpmnlint/config/recommended.js';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process.js';
import conditionalFlows from 'bpmnlint/rules/conditional-flows.js';
import endEventRequired from 'bpmnlint/rules/end-event-required.js';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway.js';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event.js';
import fakeJoin from 'bpmnlint/rules/fake-join.js';
import global from 'bpmnlint/rules/global.js';
import labelRequired from 'bpmnlint/rules/label-required.js';
import linkEvent from 'bpmnlint/rules/link-event.js';
import noBpmndi from 'bpmnlint/rules/no-bpmndi.js';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway.js';
import noDisconnected from 'bpmnlint/rules/no-disconnected.js';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows.js';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork.js';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split.js';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end.js';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start.js';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway.js';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements.js';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event.js';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition.js';
import startEventRequired from 'bpmnlint/rules/start-event-required.js';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event.js';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway.js';
import superfluousLabel from 'bpmnlint/rules/superfluous-label.js';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination.js';
import { withReporter, type RuleFactory } from './rule-kit.ts';

/** Rule name → category, as bpmnlint's recommended config sets them. */
export const recommendedRules: Readonly<Record<string, 'error' | 'warn' | 'off'>> = recommendedConfig.rules;

export const recommendedFactories: Readonly<Record<string, RuleFactory>> = {
  'ad-hoc-sub-process': adHocSubProcess,
  'conditional-flows': conditionalFlows,
  'end-event-required': endEventRequired,
  'event-based-gateway': eventBasedGateway,
  'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'fake-join': fakeJoin,
  'global': global,
  'label-required': labelRequired,
  'link-event': linkEvent,
  'no-bpmndi': noBpmndi,
  'no-complex-gateway': noComplexGateway,
  'no-disconnected': noDisconnected,
  'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'no-gateway-join-fork': noGatewayJoinFork,
  'no-implicit-split': noImplicitSplit,
  'no-implicit-end': noImplicitEnd,
  'no-implicit-start': noImplicitStart,
  'no-inclusive-gateway': noInclusiveGateway,
  'no-overlapping-elements': noOverlappingElements,
  'single-blank-start-event': singleBlankStartEvent,
  'single-event-definition': singleEventDefinition,
  'start-event-required': startEventRequired,
  'sub-process-blank-start-event': subProcessBlankStartEvent,
  'superfluous-gateway': superfluousGateway,
  'superfluous-label': superfluousLabel,
  'superfluous-termination': superfluousTermination,
};

const scope = (type: string) => (type === 'Sub process' ? 'Підпроцес' : 'Процес');

/** bpmnlint's English messages (bpmnlint 11.15) and what the modeler says in Ukrainian. */
const TRANSLATIONS: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [/^A <Start Event> is not allowed in <Ad Hoc Sub Process>$/, () => 'Початкова подія не допускається в ad-hoc підпроцесі: приберіть її'],
  [/^An <End Event> is not allowed in <Ad Hoc Sub Process>$/, () => 'Кінцева подія не допускається в ad-hoc підпроцесі: приберіть її'],
  [/^Sequence flow is missing condition$/, () => 'Потік не має умови, хоча елемент розгалужує за умовами: задайте умову або зробіть потік типовим (default)'],
  [/^(Process|Sub process) is missing end event$/, (m) => `${scope(m[1]!)} не має кінцевої події: додайте її`],
  [/^(Process|Sub process) is missing start event$/, (m) => `${scope(m[1]!)} не має початкової події: додайте її`],
  [/^(Process|Sub process) has multiple blank start events$/, (m) => `${scope(m[1]!)} має кілька початкових подій без типу: залиште одну`],
  [/^An <Event-based Gateway> must have at least 2 outgoing <Sequence Flows>$/, () => 'Шлюз за подіями має мати щонайменше два вихідні потоки: додайте потік'],
  [/^A <Sequence Flow> outgoing from an <Event-based Gateway> must not be conditional$/, () => 'Потік зі шлюзу за подіями не може мати умови: приберіть умову'],
  [/^Start event is missing event definition$/, () => 'Початкова подія підпроцесу-події не має типу: задайте тип (повідомлення, таймер, помилка тощо)'],
  [/^Start event must be blank$/, () => 'Початкова подія підпроцесу має бути без типу: приберіть визначення події'],
  [/^Incoming flows do not join$/, () => 'Вхідні потоки не об’єднано шлюзом: додайте перед елементом шлюз, що їх об’єднує'],
  [/^Element is missing name$/, () => 'Глобальний елемент не має назви: задайте назву'],
  [/^Element is unused$/, () => 'Глобальний елемент ніде не використано: приберіть його'],
  [/^Element name is not unique$/, () => 'Назва глобального елемента не унікальна: задайте іншу назву'],
  [/^Element is missing label\/name$/, () => 'Елемент не має назви: задайте назву (її бачать аналітики й працівники)'],
  [/^Link event is missing link name$/, () => 'Подія-посилання не має назви посилання: задайте її'],
  [/^Link (catch|throw) event with link name <(.*)> missing in scope$/, (m) => `У цій області немає події-посилання (${m[1] === 'catch' ? 'перехоплення' : 'надсилання'}) з назвою «${m[2]}»: додайте її`],
  [/^Duplicate link catch event with link name <(.*)> in scope$/, (m) => `Дві події-посилання з назвою «${m[1]}» в одній області: перейменуйте одну`],
  [/^Element is missing bpmndi$/, () => 'Елемент не має зображення на схемі (BPMN DI): додайте його на схему в моделері'],
  [/^Element type <(.*)> is discouraged$/, (m) => `Тип елемента ${m[1]} не рекомендовано: замініть його`],
  [/^Element is not connected$/, () => 'Елемент не з’єднано з процесом: з’єднайте його потоками або приберіть'],
  [/^SequenceFlow is a duplicate$/, () => 'Потік дублює інший: приберіть зайвий'],
  [/^Duplicate outgoing sequence flows$/, () => 'Вихідні потоки дублюються: приберіть зайвий'],
  [/^Duplicate incoming sequence flows$/, () => 'Вхідні потоки дублюються: приберіть зайвий'],
  [/^Gateway forks and joins$/, () => 'Шлюз і об’єднує, і розгалужує потоки: розділіть його на два шлюзи'],
  [/^Element is an implicit end$/, () => 'Елемент неявно завершує процес: додайте після нього кінцеву подію'],
  [/^Element is an implicit start$/, () => 'Елемент неявно починає процес: додайте перед ним початкову подію'],
  [/^Flow splits implicitly$/, () => 'Потоки розгалужуються без шлюзу: додайте шлюз'],
  [/^Element overlaps with other element$/, () => 'Елемент накладається на інший на схемі: розсуньте їх'],
  [/^Element is outside of parent boundary$/, () => 'Елемент виходить за межі батьківського елемента на схемі: перемістіть його всередину'],
  [/^Event has multiple event definitions$/, () => 'Подія має кілька визначень: залиште одне'],
  [/^Gateway is superfluous\. It only has one source and target\.$/, () => 'Зайвий шлюз: він має лише один вхідний і один вихідний потік — приберіть його'],
  [/^Sequence flow has superfluous label$/, () => 'Зайва назва потоку: назву мають лише потоки з умовою, типові та ті, що виходять зі шлюзу-розгалуження — приберіть її'],
  [/^Termination is superfluous\.$/, () => 'Зайва подія завершення (terminate): інших гілок немає — зробіть звичайну кінцеву подію'],
];

/** The Ukrainian of one of bpmnlint's messages, or undefined for a message this table lacks. */
export function translateRecommended(message: string): string | undefined {
  for (const [pattern, uk] of TRANSLATIONS) {
    const m = pattern.exec(message);
    if (m) return uk(m);
  }
  return undefined;
}

/**
 * bpmnlint's rule with its message in Ukrainian first and the English original in `message_en`,
 * the shape of our own reports (rule-kit.ts report).
 */
export function inUkrainian(factory: RuleFactory): RuleFactory {
  return (config) => withReporter(factory(config), (reporter) => ({
    report(id, message, context) {
      const uk = translateRecommended(message);
      if (uk === undefined) return reporter.report(id, message, context);
      const extra = Array.isArray(context) ? { path: context } : context ?? {};
      reporter.report(id, uk, { ...extra, message_en: message });
    },
  }));
}
