// Every process keeps its history for a set time: mandatory since Camunda 7.20 (without
// camunda:historyTimeToLive the engine refuses the deployment, enforceHistoryTimeToLive), and
// the time is how long the records of the case are kept.
import { hromadaRule, report } from '../rule-kit.ts';
import { is, text } from '../model.ts';

const TTL = /^(P\d+D|\d+)$/;

export default hromadaRule('history-ttl', () => {
  return {
    check(node, reporter) {
      if (!is(node, 'bpmn:Process')) return;
      const id = node.id ?? '';
      const ttl = text(node, 'historyTimeToLive')?.trim();
      if (ttl === undefined || ttl === '') {
        report(reporter, id, {
          uk: `Процес «${id}» не має строку зберігання історії: задайте camunda:historyTimeToLive як P<днів>D (напр. P1825D) або кількість днів`,
          en: `Process "${id}" has no history time to live: set camunda:historyTimeToLive to P<days>D (e.g. P1825D) or a number of days`,
        });
      } else if (!TTL.test(ttl)) {
        report(reporter, id, {
          uk: `Строк зберігання історії процесу «${id}» («${ttl}») має неправильний формат: задайте P<днів>D (напр. P1825D) або кількість днів`,
          en: `The history time to live of process "${id}" ("${ttl}") is malformed: use P<days>D (e.g. P1825D) or a number of days`,
        });
      }
    },
  };
});
