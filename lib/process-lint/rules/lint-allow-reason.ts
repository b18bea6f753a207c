// An exclusion says why (exclusions.ts): `lint:allow` = "<rule>: <reason>", naming a rule that
// exists. One without a reason, or naming no known rule, excludes nothing and is reported here, so
// a silenced finding is always explained where the next analyst looks.
import { hromadaRule, report } from '../rule-kit.ts';
import { exclusionsOf } from '../exclusions.ts';
import { child, owner } from '../model.ts';

export default hromadaRule('lint-allow-reason', (config) => {
  // The rule names an exclusion may use (plugin.ts gives them); any name when not given.
  const rules = (config as { rules?: readonly string[] } | undefined)?.rules;
  return {
    check(node, reporter) {
      if (child(node, 'extensionElements') === undefined) return;
      const id = owner(node).id ?? '';
      for (const exclusion of exclusionsOf(node)) {
        if (exclusion.rule === '' || exclusion.reason === '') {
          report(reporter, id, {
            uk: `Виняток lint:allow елемента «${id}» («${exclusion.value}») не має причини: запишіть «<правило>: <причина>», напр. «no-code: …», або приберіть виняток`,
            en: `The lint:allow exclusion of element "${id}" ("${exclusion.value}") gives no reason: write "<rule>: <reason>", e.g. "no-code: …", or remove it`,
          });
        } else if (rules !== undefined && !rules.includes(exclusion.rule)) {
          report(reporter, id, {
            uk: `Виняток lint:allow елемента «${id}» називає невідоме правило «${exclusion.rule}»: оберіть правило зі списку (${rules.join(', ')})`,
            en: `The lint:allow exclusion of element "${id}" names the unknown rule "${exclusion.rule}": choose one of the list (${rules.join(', ')})`,
          });
        }
      }
    },
  };
});
