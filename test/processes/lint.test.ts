// Every diagram in processes/ against every lint rule (lib/process-lint: ours and bpmnlint's
// recommended), with the contracts the domains' manifests declare (lib/process-lint/from-manifests.ts).
// The findings not fixed yet are listed below, each with why, so the list only shrinks: a new
// finding fails this spec, and so does a listed one that is gone (take it off the list).
import { expect } from 'chai';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserTasks as AppealTasks } from '../../lib/appeals/manifest.ts';
import { UserTasks as CorrespondenceTasks } from '../../lib/correspondence/manifest.ts';
import { allTopics, allUserTasks, domains, processKeys } from '../../lib/domains.ts';
import type { FormRuleContext } from '../../lib/manifest.ts';
import { blocking, lintDiagram, type LintReport } from '../../lib/process-lint/lint.ts';
import { formWrites, lintContracts } from '../../lib/process-lint/from-manifests.ts';
import { readFormFiles, shippedUserTaskForms } from '../../lib/process-forms.ts';

const processesDir = fileURLToPath(new URL('../../processes/', import.meta.url));
const diagrams = readdirSync(processesDir).filter((f) => f.endsWith('.bpmn')).sort();

/** Known findings: `<rule> <element>` → why it is there and what would fix it. None are left. */
const KNOWN_ERRORS: Record<string, Record<string, string>> = {};

const KNOWN_WARNINGS: Record<string, string[]> = {};

/** `<rule> <element> (<the variable or call it is about>)`, as the keys above. */
function key(r: LintReport): string {
  const about = /"(\w+)", which is not (set|written)/.exec(r.message_en)?.[1] ?? /\$\{(?:\w+\.)?(\w+)\(/.exec(r.message_en)?.[1];
  return `${r.rule} ${r.id}${about ? ` (${about})` : ''}`;
}

describe('process lint of processes/', () => {
  const forms = new Map([...readFormFiles()].map(([id, file]) => [id, file.form]));
  const contracts = lintContracts(domains, forms);

  it('finds the diagrams', () => {
    expect(diagrams).to.include.members(['citizen-appeal.bpmn', 'incoming-document.bpmn', 'public-info-request.bpmn']);
  });

  for (const file of diagrams) {
    it(`${file}: passes every rule but the known findings`, async () => {
      const reports = await lintDiagram(readFileSync(path.join(processesDir, file), 'utf8'), contracts);
      const shown = reports.map((r) => `${r.category} ${key(r)}: ${r.message_en}`).join('\n');
      expect(blocking(reports).map(key).sort(), shown).to.deep.equal(Object.keys(KNOWN_ERRORS[file] ?? {}).sort());
      expect(reports.filter((r) => r.category === 'warn').map((r) => `${r.rule} ${r.id}`).sort(), shown).to.deep.equal([...(KNOWN_WARNINGS[file] ?? [])].sort());
    });
  }

  describe('the contracts of the manifests (lib/process-lint/from-manifests.ts)', () => {
    it('has start variables for every process key', () => {
      expect(Object.keys(contracts.startVariables)).to.have.members(processKeys());
    });

    it('counts as written what every completion sets: required fields, defaults, the completing user, derived variables', () => {
      const writes = (task: { form: string; rules?: Parameters<typeof formWrites>[1] }) => formWrites(forms.get(task.form), task.rules);
      expect(writes(AppealTasks.considerAppeal)).to.have.members(['decision', 'shortTerm']);
      expect(writes(CorrespondenceTasks.reviewExecution)).to.have.members(['accepted', 'reviewedBy', 'reworkCount']);
      expect(writes(AppealTasks.prepareAppealAnswer)).to.have.members(['requestExtension']);
      // Art. 8 p.2: the head's decision on a repeat is on every completion, so the gateway after it can read it.
      expect(writes(AppealTasks.decideRepeatAppeal)).to.have.members(['repeatDecision']);
      expect(writes(CorrespondenceTasks.reviewOverdue)).to.deep.equal([]);
      expect(formWrites(undefined)).to.deep.equal([]);
    });

    it('names the form files of every user task, and only those', () => {
      expect([...contracts.forms].sort()).to.deep.equal([...allUserTasks().values()].map((t) => t.form).sort());
    });

    it('passes the conditional writes on: a topic\'s per step, a form\'s per decision', () => {
      expect(contracts.topics['record-info-request-step']!.writesWhen?.values['under-consideration']).to.include('answerRound');
      expect(contracts.userTasks['prepare-appeal-answer']!.writesWhen).to.deep.equal([{ when: 'requestExtension', equals: false, writes: ['answerText', 'answerResult'] }]);
      expect(contracts.userTasks['approve-info-answer']!.writesWhen).to.deep.equal([{ when: 'approval', equals: 'approve', writes: ['infoResult'] }]);
    });

    it('declares a topic\'s step-dependent writes for every value of its step parameter, each a variable it may write', () => {
      for (const { topic, contract } of allTopics()) {
        if (!contract.writesWhen) continue;
        const parameter = contract.reads.properties[contract.writesWhen.parameter] as { enum?: readonly string[] } | undefined;
        expect(contract.reads.required, `${topic}: the step is read`).to.include(contract.writesWhen.parameter);
        expect(Object.keys(contract.writesWhen.values).sort(), `${topic}: a list per step`).to.deep.equal([...(parameter?.enum ?? [])].sort());
        for (const written of Object.values(contract.writesWhen.values)) {
          expect(Object.keys(contract.writes.properties), `${topic}: what a step writes is in its writes`).to.include.members([...written]);
        }
      }
    });

    it('declares a form\'s conditional writes only where its schema requires them for that decision, which every completion sets', () => {
      const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: false, strict: false });
      ajvFormats.default(ajv);
      let seen = 0;
      for (const entry of shippedUserTaskForms().values()) {
        const task = entry.task;
        for (const w of entry.rules.writesWhen ?? []) {
          seen += 1;
          expect(formWrites(entry.form, entry.rules), `${task.id}: ${w.when} is set on every completion`).to.include(w.when);
          const property = (entry.schema as { properties: Record<string, { type?: string }> }).properties[w.when];
          expect(property?.type, `${task.id}: ${w.when} holds the kind of value it is compared with`).to.equal(typeof w.equals);
          const validate = ajv.compile(entry.schema);
          validate({ [w.when]: w.equals });
          const missing = (validate.errors ?? []).filter((e) => e.keyword === 'required').map((e) => (e.params as { missingProperty: string }).missingProperty);
          expect(missing, `${task.id}: with ${w.when} = ${String(w.equals)} the form requires what it declares`).to.include.members([...w.writes]);
        }
      }
      expect(seen).to.be.at.least(2);
    });

    it('lists in derives only what derive sets on every completion', async () => {
      const context: FormRuleContext = {
        processVariables: async () => ({}),
        calendar: async () => { throw new Error('not needed'); },
        departmentCodes: async () => [],
      };
      for (const task of allUserTasks().values()) {
        const form = task.rules;
        if (!form?.derive) {
          expect(form?.derives, `${task.id}: derives without derive`).to.equal(undefined);
          continue;
        }
        expect(form.derives, `${task.id}: a form with derive lists what it sets`).to.be.an('array');
        const set = Object.keys(await form.derive({}, context));
        expect(set, `${task.id}: derive({}) sets every variable in derives`).to.include.members([...form.derives!]);
      }
    });
  });
});
