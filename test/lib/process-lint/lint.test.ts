import { expect } from 'chai';
import recommendedConfig from 'bpmnlint/config/recommended.js';
import { blocking, lintDiagram, type LintReport } from '../../../lib/process-lint/lint.ts';
import { hromadaRules, lintConfig, PLUGIN_PACKAGE, resolver } from '../../../lib/process-lint/plugin.ts';
import { fixtureContracts } from '../../support/process-lint.ts';

const diagram = (process: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="definitions" targetNamespace="https://hromada.kyiv.ua/bpmn">
  <bpmn:process id="demo" name="Демо" isExecutable="true" camunda:historyTimeToLive="P30D">${process}</bpmn:process>
  <bpmndi:BPMNDiagram id="diagram"><bpmndi:BPMNPlane id="plane" bpmnElement="demo">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="300" y="100" width="36" height="36" /></bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
const flowing = (startAttrs = '') => `<bpmn:startEvent id="start" name="Почато"${startAttrs}><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:endEvent id="end" name="Завершено"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />`;

const brief = (reports: readonly LintReport[]) => reports.map((r) => `${r.category} ${r.rule} ${r.id}`);

describe('process lint: lintDiagram and the plugin', () => {
  it('passes a small correct diagram under every rule (ours and bpmnlint\'s recommended)', async () => {
    const reports = await lintDiagram(diagram(flowing()), fixtureContracts);
    expect(brief(reports)).to.deep.equal(['error no-bpmndi f1']);
  });

  it('says bpmnlint\'s findings in Ukrainian first, with the English beside', async () => {
    const [report] = await lintDiagram(diagram(flowing()), fixtureContracts);
    expect(report).to.deep.equal({
      rule: 'no-bpmndi', id: 'f1', category: 'error',
      message: 'Елемент не має зображення на схемі (BPMN DI): додайте його на схему в моделері',
      message_en: 'Element is missing bpmndi',
    });
  });

  it('applies a documented exclusion to bpmnlint\'s rules too', async () => {
    const excluded = flowing().replace('<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />',
      '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end"><bpmn:extensionElements><camunda:properties>'
      + '<camunda:property name="lint:allow" value="no-bpmndi: приклад винятку з причиною" /></camunda:properties></bpmn:extensionElements></bpmn:sequenceFlow>');
    expect(await lintDiagram(diagram(excluded), fixtureContracts)).to.deep.equal([]);
  });

  it('reports a file that does not read, instead of throwing', async () => {
    const reports = await lintDiagram('<bpmn:definitions', fixtureContracts);
    expect(brief(reports)).to.deep.equal(['error bpmn-xml ']);
    expect(reports[0]!.message).to.match(/^Файл не читається як діаграма BPMN/);
    expect(blocking(reports)).to.have.length(1);
  });

  it('reports what the engine would silently ignore: an unknown camunda attribute', async () => {
    const reports = await lintDiagram(diagram(flowing(' camunda:initiatorr="x"')), fixtureContracts);
    expect(brief(reports)).to.include('error bpmn-xml start');
    expect(reports.find((r) => r.rule === 'bpmn-xml')!.message_en).to.match(/unknown attribute <camunda:initiatorr>/);
  });

  it('blocks on errors, not on warnings', async () => {
    // An exclusive gateway with one way in and one way out: bpmnlint's superfluous-gateway warns.
    const gateway = `<bpmn:startEvent id="start" name="Почато"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
      <bpmn:exclusiveGateway id="pass" name="Далі?"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:exclusiveGateway>
      <bpmn:endEvent id="end" name="Завершено"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pass" /><bpmn:sequenceFlow id="f2" sourceRef="pass" targetRef="end" />`;
    const reports = await lintDiagram(diagram(gateway), fixtureContracts);
    const warning = reports.find((r) => r.rule === 'superfluous-gateway');
    expect(warning?.category).to.equal('warn');
    expect(blocking(reports)).to.not.include(warning);
    expect(blocking(reports).every((r) => r.category === 'error')).to.equal(true);
  });

  it('blocks when a rule fails to run', async () => {
    const reports = await lintDiagram(diagram(flowing()), fixtureContracts, { rules: { 'hromada/process-key-declared': 'error' } });
    expect(brief(reports)).to.deep.equal(['error bpmnlint ']);
    expect(reports[0]!.message_en).to.match(/could not be checked \(hromada\/process-key-declared: the rule needs \{ contracts \}/);
  });

  it('configures all of bpmnlint\'s recommended rules and all of ours, with the contracts', () => {
    const { rules } = lintConfig(fixtureContracts);
    for (const [name, category] of Object.entries(recommendedConfig.rules)) expect(rules[`bpmnlint/${name}`], name).to.equal(category);
    for (const name of Object.keys(hromadaRules)) {
      expect(rules[`hromada/${name}`], name).to.deep.include.members(['error']);
      expect((rules[`hromada/${name}`] as readonly [string, { contracts: unknown }])[1].contracts).to.equal(fixtureContracts);
    }
    expect(Object.keys(hromadaRules)).to.have.members([
      'process-key-declared', 'history-ttl', 'topic-has-worker', 'topic-inputs-set', 'bpmn-errors-caught', 'gateway-variables-written',
      'user-task-contract', 'candidate-groups-known', 'timer-date-declared', 'no-code', 'lint-allow-reason',
    ]);
  });

  it('resolves rules from the imported modules only', () => {
    expect(resolver.resolveRule('bpmnlint', 'label-required')).to.be.a('function');
    expect(resolver.resolveRule(PLUGIN_PACKAGE, 'no-code')).to.be.a('function');
    expect(() => resolver.resolveRule('bpmnlint-plugin-other', 'no-code')).to.throw(/unknown rule/);
    expect(() => resolver.resolveRule('bpmnlint', 'no-such-rule')).to.throw(/unknown rule/);
    expect(resolver.resolveConfig('bpmnlint', 'recommended').rules).to.deep.equal(recommendedConfig.rules);
  });
});
