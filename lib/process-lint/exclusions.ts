// Documented exclusions: an element the rule cannot judge right (the diagram is right and the
// rule cannot see why) carries, in its extension elements,
//   <camunda:properties><camunda:property name="lint:allow" value="<rule>: <reason>"/></camunda:properties>
// one property per excluded rule. The reason is required: an exclusion without one excludes
// nothing and is itself a finding (rules/lint-allow-reason.ts), so every exception is explained
// where an analyst sees it.
import { extensions, list, text, type ModdleElement } from './model.ts';

export const ALLOW_PROPERTY = 'lint:allow';

export interface Exclusion {
  /** The rule's name without its package (`no-code`, `label-required`), or '' when none is given. */
  readonly rule: string;
  /** The reason, trimmed; '' when none is given. */
  readonly reason: string;
  /** The value as written. */
  readonly value: string;
}

/** "hromada/no-code: reason" or "no-code: reason" → { rule: 'no-code', reason: 'reason' }. */
export function parseExclusion(value: string): Exclusion {
  const colon = value.indexOf(':');
  const name = (colon < 0 ? value : value.slice(0, colon)).trim();
  const reason = colon < 0 ? '' : value.slice(colon + 1).trim();
  return { rule: name.replace(/^(hromada|bpmnlint)\//, ''), reason, value };
}

/** Every lint:allow property of the element, well-formed or not. */
export function exclusionsOf(element: ModdleElement): Exclusion[] {
  return extensions(element, 'camunda:Properties')
    .flatMap((properties) => list(properties, 'values'))
    .filter((property) => text(property, 'name') === ALLOW_PROPERTY)
    .map((property) => parseExclusion(text(property, 'value') ?? ''));
}

/** The rule that checks the exclusions themselves cannot be excluded. */
const NOT_EXCLUDABLE = 'lint-allow-reason';

/** Whether the element is excluded from the rule by an exclusion that gives a reason. */
export function isExcluded(element: ModdleElement, rule: string): boolean {
  return rule !== NOT_EXCLUDABLE && exclusionsOf(element).some((e) => e.rule === rule && e.reason.length > 0);
}
