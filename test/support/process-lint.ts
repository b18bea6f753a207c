// Running one process-lint rule on a small fixture diagram (test/lib/process-lint/rules/<rule>/*.bpmn)
// against small contracts, so each rule's spec sees only its own findings.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { LintContracts } from '../../lib/process-lint/contracts.ts';
import { lintDiagram, type LintReport } from '../../lib/process-lint/lint.ts';
import { ruleNames } from '../../lib/process-lint/plugin.ts';

export const fixtureContracts: LintContracts = {
  processKeys: ['demo'],
  candidateGroups: ['clerks', 'heads'],
  topics: {
    register: {
      reads: { required: ['caseId'], properties: ['caseId', 'note'] },
      writes: { required: ['registrationIndex'], properties: ['registrationIndex', 'registeredOn'] },
      throws: [],
    },
    check: {
      reads: { required: ['caseId'], properties: ['caseId'] },
      writes: { required: ['checkResult'], properties: ['checkResult', 'checkNote'] },
      throws: [],
    },
    sign: {
      reads: { required: ['caseId', 'signerId'], properties: ['caseId', 'signerId'] },
      writes: { required: [], properties: [] },
      throws: ['not-reviewed'],
    },
    archive: {
      reads: { required: ['registrationIndex'], properties: ['registrationIndex'] },
      writes: { required: [], properties: [] },
      throws: [],
    },
    notify: {
      reads: { required: ['template'], properties: ['template', 'params'] },
      writes: { required: [], properties: [] },
      throws: [],
    },
  },
  userTasks: {
    review: { candidateGroups: ['heads'], form: 'review-form', writes: ['approved', 'reviewedBy'] },
    'legacy-review': { candidateGroups: ['clerks', 'heads'], formKey: 'hromada:legacy-review', form: 'legacy-review-form', writes: ['accepted'] },
    execute: {
      candidateGroups: [],
      dynamic: { candidateGroups: "${assignment.prop('candidateGroup').stringValue()}", assignee: '${null}' },
      form: 'execute-form',
      writes: ['report'],
    },
    formless: { candidateGroups: ['clerks'], writes: [] },
  },
  // legacy-review-form has no file yet.
  forms: ['review-form', 'execute-form'],
  errors: { 'not-reviewed': { article: 'Law 2939-VI Art. 6 p.7' } },
  dateVariables: ['dueDateTime', 'reminderDateTime'],
  startVariables: { demo: ['caseId', 'receivedAt'] },
};

/**
 * The fixture contracts with conditional writes (writes.ts): a step-dependent topic and user tasks
 * whose completion sets some variables only with a given decision.
 */
export const conditionalContracts: LintContracts = {
  ...fixtureContracts,
  topics: {
    ...fixtureContracts.topics,
    'record-step': {
      reads: { required: ['caseId', 'step'], properties: ['caseId', 'step'] },
      writes: { required: [], properties: ['registrationIndex', 'reminderAt'] },
      writesWhen: { parameter: 'step', values: { registered: ['registrationIndex'], extended: ['reminderAt'], closed: [] } },
      throws: [],
    },
    remind: {
      reads: { required: ['reminderAt'], properties: ['reminderAt'] },
      writes: { required: [], properties: [] },
      throws: [],
    },
  },
  userTasks: {
    ...fixtureContracts.userTasks,
    approve: {
      candidateGroups: ['heads'], writes: ['approval', 'approvedBy'],
      writesWhen: [{ when: 'approval', equals: 'approve', writes: ['signerId'] }],
    },
    draft: {
      candidateGroups: ['clerks'], writes: ['requestExtension'],
      writesWhen: [{ when: 'requestExtension', equals: false, writes: ['template'] }, { when: 'requestExtension', equals: true, writes: ['reminderAt'] }],
    },
    // Rewrites the decision, with no conditional writes of its own.
    recheck: { candidateGroups: ['heads'], writes: ['approval'] },
    // Declares a conditional write on a variable it does not set on every completion.
    loose: { candidateGroups: ['heads'], writes: [], writesWhen: [{ when: 'approval', equals: 'approve', writes: ['signerId'] }] },
  },
};

/** The reports of one of our rules alone on a fixture beside the spec. */
export async function lintFixture(dir: string, file: string, rule: string, contracts: LintContracts = fixtureContracts): Promise<LintReport[]> {
  const xml = readFileSync(path.join(dir, file), 'utf8');
  return lintDiagram(xml, contracts, { rules: { [`hromada/${rule}`]: ['error', { contracts, rules: ruleNames }] } });
}

/**
 * Exactly these findings, in this order: each as [element id, a pattern of its English message].
 * Every finding is also said in Ukrainian (message) and blocks (error).
 */
export function expectFindings(reports: readonly LintReport[], expected: ReadonlyArray<readonly [string, RegExp]>): void {
  const shown = reports.map((r) => `${r.id}: ${r.message_en}`).join('\n');
  expect(reports.map((r) => r.id), shown).to.deep.equal(expected.map(([id]) => id));
  reports.forEach((r, i) => {
    expect(r.message_en, shown).to.match(expected[i]![1]);
    expect(r.message, 'in Ukrainian').to.match(/[а-яєіїґ]/i);
    expect(r.category).to.equal('error');
  });
}
