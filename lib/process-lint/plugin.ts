// The Hromada bpmnlint plugin: our rules by name, the config that runs them with bpmnlint's
// recommended rules, and the resolver that hands bpmnlint every rule from these imports (no
// look-up by package name at run time: the modeler's bundle carries the same modules).
import type { LintContracts } from './contracts.ts';
import { inUkrainian, recommendedFactories, recommendedRules } from './recommended.ts';
import { withExclusions, type RuleFactory } from './rule-kit.ts';
import bpmnErrorsCaught from './rules/bpmn-errors-caught.ts';
import candidateGroupsKnown from './rules/candidate-groups-known.ts';
import gatewayVariablesWritten from './rules/gateway-variables-written.ts';
import historyTtl from './rules/history-ttl.ts';
import lintAllowReason from './rules/lint-allow-reason.ts';
import noCode from './rules/no-code.ts';
import processKeyDeclared from './rules/process-key-declared.ts';
import timerDateDeclared from './rules/timer-date-declared.ts';
import topicHasWorker from './rules/topic-has-worker.ts';
import topicInputsSet from './rules/topic-inputs-set.ts';
import userTaskContract from './rules/user-task-contract.ts';

/** The package bpmnlint derives from the `hromada/` prefix of a rule name. */
export const PLUGIN_PACKAGE = 'bpmnlint-plugin-hromada';

export const hromadaRules: Readonly<Record<string, RuleFactory>> = {
  'process-key-declared': processKeyDeclared,
  'history-ttl': historyTtl,
  'topic-has-worker': topicHasWorker,
  'topic-inputs-set': topicInputsSet,
  'bpmn-errors-caught': bpmnErrorsCaught,
  'gateway-variables-written': gatewayVariablesWritten,
  'user-task-contract': userTaskContract,
  'candidate-groups-known': candidateGroupsKnown,
  'timer-date-declared': timerDateDeclared,
  'no-code': noCode,
  'lint-allow-reason': lintAllowReason,
};

/** bpmnlint's recommended rules as the modeler shows them: in Ukrainian, with the exclusions applied. */
const bpmnlintRules: Readonly<Record<string, RuleFactory>> = Object.fromEntries(
  Object.entries(recommendedFactories).map(([name, factory]) => [name, withExclusions(name, inUkrainian(factory))]),
);

/**
 * Recommended rules that do not fit how we model, off with the reason. None so far: the shipped
 * diagrams pass them all at error level (test/processes/lint.test.ts).
 */
const RECOMMENDED_OFF: Readonly<Record<string, string>> = {};

export type RuleSetting = 'error' | 'warn' | 'off' | readonly ['error' | 'warn', unknown];

export interface LintConfig {
  rules: Record<string, RuleSetting>;
}

/** Every rule name a lint:allow exclusion may name. */
export const ruleNames: readonly string[] = [...Object.keys(recommendedRules), ...Object.keys(hromadaRules)];

/** bpmnlint's recommended rules and all of ours (`hromada/<rule>`, errors) with the contracts in their config. */
export function lintConfig(contracts: LintContracts): LintConfig {
  const rules: Record<string, RuleSetting> = {};
  for (const [name, category] of Object.entries(recommendedRules)) rules[`bpmnlint/${name}`] = name in RECOMMENDED_OFF ? 'off' : category;
  for (const name of Object.keys(hromadaRules)) rules[`hromada/${name}`] = ['error', { contracts, rules: ruleNames }];
  return { rules };
}

/** bpmnlint's Resolver over the imported rules: `bpmnlint/*` from bpmnlint's own, `hromada/*` ours. */
export const resolver = {
  resolveRule(pkg: string, ruleName: string): RuleFactory {
    const factory = pkg === 'bpmnlint' ? bpmnlintRules[ruleName] : pkg === PLUGIN_PACKAGE ? hromadaRules[ruleName] : undefined;
    if (!factory) throw new Error(`unknown rule <${pkg}/${ruleName}>`);
    return factory;
  },
  resolveConfig(pkg: string, configName: string): { rules: Record<string, RuleSetting> } {
    if (pkg === 'bpmnlint' && configName === 'recommended') return { rules: { ...recommendedRules } };
    throw new Error(`unknown config <${pkg}/${configName}>`);
  },
};
