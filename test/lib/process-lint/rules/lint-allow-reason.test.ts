import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { lintDiagram } from '../../../../lib/process-lint/lint.ts';
import { ruleNames } from '../../../../lib/process-lint/plugin.ts';
import { expectFindings, fixtureContracts, lintFixture } from '../../../support/process-lint.ts';

const dir = fileURLToPath(new URL('./lint-allow-reason/', import.meta.url));
const lint = (file: string) => lintFixture(dir, file, 'lint-allow-reason');

describe('hromada/lint-allow-reason', () => {
  it('passes exclusions that name a rule and give a reason', async () => {
    expectFindings(await lint('valid.bpmn'), []);
  });

  it('reports an exclusion without a reason and one naming no known rule', async () => {
    expectFindings(await lint('invalid.bpmn'), [
      ['a', /The lint:allow exclusion of element "a" \("no-code"\) gives no reason/],
      ['b', /\("no-code:   "\) gives no reason/],
      ['c', /names the unknown rule "no-such-rule"/],
    ]);
  });

  it('lets an exclusion without a reason exclude nothing', async () => {
    const contracts = fixtureContracts;
    const xml = readFileSync(`${dir}invalid-not-excluded.bpmn`, 'utf8');
    const reports = await lintDiagram(xml, contracts, {
      rules: Object.fromEntries(['no-code', 'lint-allow-reason'].map((r) => [`hromada/${r}`, ['error', { contracts, rules: ruleNames }] as const])),
    });
    expect(reports.map((r) => [r.rule, r.id])).to.have.deep.members([['hromada/no-code', 'sign'], ['hromada/lint-allow-reason', 'sign']]);
  });
});
