// Lints one diagram as the engine will read it: bpmn-moddle with the Camunda descriptor, then
// bpmnlint with our plugin (plugin.ts). The same function serves the test suite, the deployment
// check and, bundled, the modeler; it never throws for a bad diagram, it reports it.
import { BpmnModdle, type ImportResult } from 'bpmn-moddle';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import { Linter } from 'bpmnlint';
import type { LintContracts } from './contracts.ts';
import { lintConfig, resolver, type LintConfig } from './plugin.ts';

export interface LintReport {
  /**
   * `hromada/<rule>` for ours, the bare name for bpmnlint's own, `bpmn-xml` when the file does not
   * read, `bpmnlint` when the lint itself could not run.
   */
  readonly rule: string;
  /** The element the finding is about ('' for the whole file). */
  readonly id: string;
  /** Ukrainian, saying what to do. */
  readonly message: string;
  readonly message_en: string;
  readonly category: 'error' | 'warn';
}

/** Reports of the file itself: unreadable XML, unknown elements or attributes, unresolved references. */
const XML_RULE = 'bpmn-xml';
/** The report of a lint that could not run at all. */
const LINT_RULE = 'bpmnlint';

export async function lintDiagram(xml: string, contracts: LintContracts, config: LintConfig = lintConfig(contracts)): Promise<LintReport[]> {
  const moddle = new BpmnModdle({ camunda });
  let parsed: ImportResult;
  try {
    parsed = await moddle.fromXML(xml);
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0] ?? '';
    return [{
      rule: XML_RULE, id: '', category: 'error',
      message: `Файл не читається як діаграма BPMN (${reason}): збережіть діаграму з моделера ще раз`,
      message_en: `The file does not read as a BPMN diagram (${reason}): save the diagram from the modeler again`,
    }];
  }
  // The engine ignores what it does not know: a misspelt camunda: attribute would silently do nothing.
  const reports: LintReport[] = parsed.warnings.map((w) => ({
    rule: XML_RULE, id: w.element?.id ?? '', category: 'error',
    message: `Діаграма містить те, чого рушій не знає (${w.message.split('\n')[0]}): виправте або приберіть цей елемент чи атрибут`,
    message_en: `The diagram holds something the engine does not know (${w.message.split('\n')[0]}): correct or remove that element or attribute`,
  }));
  const linter = new Linter({ resolver });
  let results: Awaited<ReturnType<Linter['lint']>>;
  try {
    results = await linter.lint(parsed.rootElement, config);
  } catch (err) {
    // A rule that cannot even be set up (a config without contracts, an unknown rule): nothing was checked.
    const reason = (err as Error).message;
    return [...reports, {
      rule: LINT_RULE, id: '', category: 'error',
      message: `Перевірку діаграми не вдалося виконати (${reason}): повідомте розробників`,
      message_en: `The diagram could not be checked (${reason}): tell the developers`,
    }];
  }
  for (const [rule, found] of Object.entries(results)) {
    for (const r of found) {
      // 'rule-error': a rule that threw; it blocks, because its check did not happen.
      const category = r.category === 'warn' || r.category === 'info' ? 'warn' : 'error';
      const en = typeof r.message_en === 'string' ? r.message_en : r.message;
      reports.push({ rule, id: r.id ?? '', message: r.message, message_en: en, category });
    }
  }
  return reports;
}

/** What blocks a deployment: errors; warnings are shown and do not block. */
export function blocking(reports: readonly LintReport[]): LintReport[] {
  return reports.filter((r) => r.category === 'error');
}
