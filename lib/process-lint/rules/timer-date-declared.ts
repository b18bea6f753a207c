// A legal term is computed by the calendar (lib/calendar: working days, holidays, martial law) and
// reaches a timer as a declared date variable; a timer never computes a date itself. So a timer is
// `${variable}` with a declared date variable, or an explicit ISO 8601 value of its kind.
import { contractsOf, hromadaRule, report } from '../rule-kit.ts';
import { child, is, owner, text } from '../model.ts';
import { plainVariable } from '../juel.ts';

const DATE_TIME = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?';
const DURATION = 'P(?=\\d|T\\d)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?';
const ISO: Record<string, RegExp> = {
  timeDate: new RegExp(`^${DATE_TIME}$`),
  timeDuration: new RegExp(`^${DURATION}$`),
  // R[n]/duration, R[n]/start/duration, R[n]/duration/end
  timeCycle: new RegExp(`^R\\d*/((${DATE_TIME})/)?${DURATION}(/(${DATE_TIME}))?$`),
};
const EXAMPLE: Record<string, string> = {
  timeDate: '2026-01-30T18:00:00+02:00',
  timeDuration: 'P5D, PT48H',
  timeCycle: 'R3/PT1H',
};

export default hromadaRule('timer-date-declared', (config) => {
  const contracts = contractsOf(config, 'timer-date-declared');
  const dates = new Set(contracts.dateVariables);
  const known = contracts.dateVariables.join(', ');
  return {
    check(node, reporter) {
      if (!is(node, 'bpmn:TimerEventDefinition')) return;
      const id = owner(node).id ?? '';
      const kinds = ['timeDate', 'timeDuration', 'timeCycle'].filter((k) => child(node, k) !== undefined);
      if (kinds.length === 0) {
        report(reporter, id, {
          uk: `Таймер «${id}» не має значення: задайте дату (timeDate) змінною-строком зі списку (${known}) або явним значенням ISO 8601`,
          en: `Timer "${id}" has no value: set its date (timeDate) to a date variable of the list (${known}) or to an explicit ISO 8601 value`,
        });
        return;
      }
      for (const kind of kinds) {
        const value = (text(child(node, kind), 'body') ?? '').trim();
        const variable = plainVariable(value);
        if (variable !== undefined ? dates.has(variable) : ISO[kind]!.test(value)) continue;
        report(reporter, id, variable !== undefined
          ? {
            uk: `Таймер «${id}» чекає на змінну «${variable}», яка не є оголошеною датою: використайте змінну-строк зі списку (${known}) — строки рахує календар, а не діаграма`,
            en: `Timer "${id}" waits for "${variable}", which is not a declared date variable: use one of the list (${known}); terms are computed by the calendar, not the diagram`,
          }
          : {
            uk: `Таймер «${id}» має значення «${value}», яке не є ні змінною-строком, ні значенням ISO 8601: задайте \${змінна} зі списку (${known}) або явне значення (напр. ${EXAMPLE[kind]})`,
            en: `Timer "${id}" has the value "${value}", which is neither a date variable nor an ISO 8601 value: set \${variable} of the list (${known}) or an explicit value (e.g. ${EXAMPLE[kind]})`,
          });
      }
    },
  };
});
