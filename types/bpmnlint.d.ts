// A local declaration of the part of bpmnlint 11.15 that lib/process-lint uses, written from its
// sources (lib/linter.js, lib/types.d.ts, rules/*.js, config/recommended.js): the package ships
// JavaScript with no declaration for its entry point or its rule modules.

declare module 'bpmnlint' {
  export interface Resolver {
    resolveRule(pkg: string, ruleName: string): unknown;
    resolveConfig(pkg: string, configName: string): unknown;
  }
  export interface BpmnlintReport {
    id?: string;
    message: string;
    category: 'error' | 'warn' | 'info' | 'rule-error';
    [key: string]: unknown;
  }
  export class Linter {
    constructor(options: { config?: unknown; resolver: Resolver });
    /** Reports keyed by rule name (`label-required`, `hromada/no-code`). */
    lint(moddleRoot: unknown, config?: unknown): Promise<Record<string, BpmnlintReport[]>>;
  }
}

declare module 'bpmnlint/config/recommended.js' {
  const config: { rules: Record<string, 'error' | 'warn' | 'off'> };
  export default config;
}

declare module 'bpmnlint/rules/*' {
  /** A rule factory: (config) => { check(node, reporter) }. */
  const factory: import('../lib/process-lint/rule-kit.ts').RuleFactory;
  export default factory;
}
