// Every diagram in processes/ against every lint rule (lib/process-lint: ours and bpmnlint's
// recommended), with the contracts the domains' manifests declare (lib/process-lint/from-manifests.ts).
// The findings not fixed yet are listed below, each with why, so the list only shrinks: a new
// finding fails this spec, and so does a listed one that is gone (take it off the list).
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserTasks as AppealTasks } from '../../lib/appeals/manifest.ts';
import { UserTasks as CorrespondenceTasks } from '../../lib/correspondence/manifest.ts';
import { allUserTasks, domains, processKeys } from '../../lib/domains.ts';
import type { FormRuleContext } from '../../lib/manifest.ts';
import { blocking, lintDiagram, type LintReport } from '../../lib/process-lint/lint.ts';
import { formWrites, lintContracts } from '../../lib/process-lint/from-manifests.ts';
import { readFormFiles } from '../../lib/process-forms.ts';

const processesDir = fileURLToPath(new URL('../../processes/', import.meta.url));
const diagrams = readdirSync(processesDir).filter((f) => f.endsWith('.bpmn')).sort();

/** Known findings: `<rule> <element>` → why it is there and what would fix it. */
const KNOWN_ERRORS: Record<string, Record<string, string>> = {
  'citizen-appeal.bpmn': {
    // prepare-appeal-answer requires answerText and answerResult only when requestExtension is not
    // true (an if/then of its schema); the path to signing passes `requestExtension != true`. The
    // contracts cannot say "written when": a lint:allow on the service task, or conditional writes
    // in the manifest.
    'hromada/topic-inputs-set sign-appeal-answer (answerText)': 'conditionally required form fields',
    'hromada/topic-inputs-set sign-appeal-answer (answerResult)': 'conditionally required form fields',
    // Dates computed in the engine (Art. 5: 10 days to return; Art. 7: 5 days to forward): the
    // calendar should compute them in a worker and the user tasks read ${variable}.
    'hromada/no-code return-appeal-to-author (dateTime)': 'camunda:dueDate="${dateTime().plusDays(10).toDate()}"',
    'hromada/no-code consider-appeal (dateTime)': 'camunda:followUpDate="${dateTime().plusDays(5).toDate()}"',
  },
  'incoming-document.bpmn': {
    // A Spin JSON array iterated with .elements(): a method call outside the allow-list.
    'hromada/no-code execute-assignment (elements)': 'camunda:collection="${executionAssignments.elements()}"',
  },
  'public-info-request.bpmn': {
    // record-info-request-step writes answerRound at its under-consideration step only; its contract
    // cannot say which step writes what (writes.required is empty for every step).
    'hromada/topic-inputs-set record-info-branch (answerRound)': 'step-dependent writes',
    'hromada/topic-inputs-set propose-info-answer-masks (answerRound)': 'step-dependent writes',
    // approve-info-answer requires infoResult only with approval = approve, the only way to publishing.
    'hromada/topic-inputs-set publish-info-answer (infoResult)': 'conditionally required form field',
    'hromada/no-code department-branch (elements)': 'camunda:collection="${infoBranches.elements()}"',
    // The instant signing ended, taken from the engine's clock by an output mapping.
    'hromada/no-code sign-info-answer (now)': 'camunda:outputParameter infoAnswerSignedAt="${now().toInstant().toString()}"',
  },
};

const KNOWN_WARNINGS: Record<string, string[]> = {
  // Two flows (check ok, repeat to consider) enter the user task without a joining gateway; the
  // fix adds a gateway before consider-appeal, in lines another change is editing.
  'citizen-appeal.bpmn': ['fake-join consider-appeal'],
};

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
