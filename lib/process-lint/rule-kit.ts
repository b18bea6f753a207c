// What every Hromada lint rule shares: bpmnlint's rule shape, bilingual messages, the contracts
// given through the rule's config, and the documented per-element exclusions (lint:allow).
import type { LintContracts } from './contracts.ts';
import { isExcluded } from './exclusions.ts';
import { walk, root, type ModdleElement } from './model.ts';

/** A finding in Ukrainian, the language the modeler shows first, with its English beside it. */
export interface Message {
  readonly uk: string;
  readonly en: string;
}

/** bpmnlint's reporter; extra keys of the third argument are copied into the report. */
export interface Reporter {
  report(id: string, message: string, context?: string[] | Record<string, unknown>): void;
}

export type EnterFn = (element: ModdleElement, reporter: Reporter) => boolean | void;
export type LeaveFn = (element: ModdleElement, reporter: Reporter) => void;

export interface RuleDefinition {
  meta?: { documentation?: { url?: string }; [key: string]: unknown };
  check: EnterFn | { enter?: EnterFn; leave?: LeaveFn };
}

export type RuleFactory = (config?: unknown) => RuleDefinition;

/** Reports one finding on an element: `message` in Ukrainian, `message_en` in English. */
export function report(reporter: Reporter, id: string | undefined, message: Message): void {
  reporter.report(id ?? '', message.uk, { message_en: message.en });
}

/** Our rules' config: `['error', { contracts }]` in the bpmnlint config (plugin.ts lintConfig). */
export function contractsOf(config: unknown, rule: string): LintContracts {
  const contracts = (config as { contracts?: LintContracts } | undefined)?.contracts;
  if (!contracts || typeof contracts !== 'object') throw new Error(`hromada/${rule}: the rule needs { contracts } in its config`);
  return contracts;
}

/**
 * Wraps a rule so that it skips the elements that carry a documented exclusion for it
 * (`lint:allow` = "<rule>: <reason>", see exclusions.ts): the report about such an element is
 * dropped, whichever element the rule was visiting when it made it. Used for our rules and for
 * bpmnlint's own, so an exclusion works the same in the test suite and in the modeler.
 */
export function withExclusions(rule: string, factory: RuleFactory): RuleFactory {
  return (config) => {
    const definition = factory(config);
    // Elements by id, per lint run: bpmnlint caches a rule per linter, and the modeler lints the
    // same (edited) tree again and again, so the index is rebuilt whenever a run enters the root.
    let indexedRoot: ModdleElement | undefined;
    let byId = new Map<string, ModdleElement>();
    const indexOf = (node: ModdleElement): Map<string, ModdleElement> => {
      const top = root(node);
      if (top !== indexedRoot || node === top) {
        indexedRoot = top;
        byId = new Map();
        walk(top, (element) => {
          if (element.id && !byId.has(element.id)) byId.set(element.id, element);
        });
      }
      return byId;
    };
    return withReporter(definition, (reporter, node) => {
      const index = indexOf(node);
      return {
        report(id, message, context) {
          const element = index.get(id);
          if (element && isExcluded(element, rule)) return;
          reporter.report(id, message, context);
        },
      };
    });
  };
}

/** The same rule with every report passed through `wrap` (made per visited node). */
export function withReporter(definition: RuleDefinition, wrap: (reporter: Reporter, node: ModdleElement) => Reporter): RuleDefinition {
  const check = definition.check;
  const enter = typeof check === 'function' ? check : check.enter;
  const leave = typeof check === 'function' ? undefined : check.leave;
  return {
    ...definition,
    check: {
      ...(enter ? { enter: (node: ModdleElement, reporter: Reporter) => enter(node, wrap(reporter, node)) } : {}),
      ...(leave ? { leave: (node: ModdleElement, reporter: Reporter) => leave(node, wrap(reporter, node)) } : {}),
    },
  };
}

/** One of our rules, with the documented exclusions applied (every rule file exports one). */
export function hromadaRule(name: string, factory: RuleFactory): RuleFactory {
  return withExclusions(name, factory);
}
