// A local declaration of the part of bpmn-moddle 10.3 that lib/process-lint uses, written from its
// sources (dist/index.js): the package's own types (dist/types) describe the model only and are not
// reachable from its main entry point.

declare module 'bpmn-moddle' {
  export interface ImportWarning {
    message: string;
    element?: { id?: string };
  }
  export interface ImportResult {
    /** The bpmn:Definitions, as a moddle element. */
    rootElement: unknown;
    warnings: ImportWarning[];
  }
  export class BpmnModdle {
    /** `packages`: extra descriptors by prefix, e.g. { camunda: <camunda-bpmn-moddle/resources/camunda.json> }. */
    constructor(packages?: Record<string, unknown>);
    /** Rejects when the XML cannot be read at all; what it reads with doubts comes back as warnings. */
    fromXML(xml: string): Promise<ImportResult>;
  }
}
