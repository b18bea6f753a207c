// Reading the moddle tree (bpmn-moddle with the Camunda descriptor) the lint rules get from bpmnlint.
// Pure: only the objects moddle built, so the rules run in the browser modeler as they do in Node.

/** One property of a moddle type, as its descriptor lists it. */
export interface ModdleProperty {
  readonly name: string;
  readonly type: string;
  readonly isAttr?: boolean;
  readonly isBody?: boolean;
  readonly isMany?: boolean;
  readonly isReference?: boolean;
  readonly ns: { readonly name: string; readonly prefix: string; readonly localName: string };
}

export interface ModdleElement {
  readonly $type: string;
  readonly $parent?: ModdleElement;
  readonly $descriptor: { readonly isGeneric?: boolean; readonly properties: readonly ModdleProperty[] };
  $instanceOf(type: string): boolean;
  readonly id?: string;
  readonly [property: string]: unknown;
}

export function is(element: ModdleElement | undefined, type: string): boolean {
  return element !== undefined && typeof element.$instanceOf === 'function' && element.$instanceOf(type);
}

export function isAny(element: ModdleElement | undefined, types: readonly string[]): boolean {
  return types.some((type) => is(element, type));
}

/** A string property, or undefined when it is absent or not a string. */
export function text(element: ModdleElement | undefined, property: string): string | undefined {
  const value = element?.[property];
  return typeof value === 'string' ? value : undefined;
}

/** A string property, trimmed; undefined when absent or blank. */
export function filled(element: ModdleElement | undefined, property: string): string | undefined {
  const value = text(element, property)?.trim();
  return value ? value : undefined;
}

export function list(element: ModdleElement | undefined, property: string): ModdleElement[] {
  const value = element?.[property];
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}

export function child(element: ModdleElement | undefined, property: string): ModdleElement | undefined {
  const value = element?.[property];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as ModdleElement) : undefined;
}

/** The extension elements of a type, e.g. `camunda:InputOutput`. */
export function extensions(element: ModdleElement | undefined, type: string): ModdleElement[] {
  return list(child(element, 'extensionElements'), 'values').filter((value) => is(value, type));
}

/** Depth first, every contained element (not references), the element itself first. */
export function walk(element: ModdleElement, visit: (element: ModdleElement) => void): void {
  visit(element);
  if (element.$descriptor.isGeneric) return;
  for (const property of element.$descriptor.properties) {
    if (property.isAttr || property.isReference || isSimpleType(property.type)) continue;
    const value = element[property.name];
    if (Array.isArray(value)) for (const item of value as ModdleElement[]) walk(item, visit);
    else if (value !== null && typeof value === 'object') walk(value as ModdleElement, visit);
  }
}

function isSimpleType(type: string): boolean {
  return type === 'String' || type === 'Boolean' || type === 'Integer' || type === 'Real';
}

export function root(element: ModdleElement): ModdleElement {
  let current = element;
  while (current.$parent) current = current.$parent;
  return current;
}

/**
 * The element a finding about `element` is reported on and excluded on: the element itself when
 * it is a flow element, a process or another root element (an error, a message), else the nearest such
 * ancestor (a timer definition reports on its event, an input parameter on its task).
 */
export function owner(element: ModdleElement): ModdleElement {
  let current: ModdleElement | undefined = element;
  while (current) {
    // An event definition is a root element too in BPMN's model, but its event is what people see.
    const reportable = isAny(current, ['bpmn:FlowElement', 'bpmn:RootElement', 'bpmn:Definitions']) && !is(current, 'bpmn:EventDefinition');
    if (reportable && current.id) return current;
    current = current.$parent;
  }
  return element;
}

/** The names of a Camunda input/output mapping (camunda:inputParameter, camunda:outputParameter). */
export function inputNames(element: ModdleElement): string[] {
  return extensions(element, 'camunda:InputOutput')
    .flatMap((io) => list(io, 'inputParameters'))
    .map((p) => text(p, 'name'))
    .filter((name): name is string => name !== undefined);
}

/**
 * The literal value of an input parameter (`<camunda:inputParameter name="x">text</…>`): undefined
 * when there is no such parameter, or its value is an expression, a script, a list or a map.
 */
export function literalInput(element: ModdleElement, name: string): string | undefined {
  const parameter = extensions(element, 'camunda:InputOutput')
    .flatMap((io) => list(io, 'inputParameters'))
    .find((p) => text(p, 'name') === name);
  if (!parameter || child(parameter, 'definition') !== undefined) return undefined;
  const value = text(parameter, 'value');
  return value === undefined || /[$#]\{/.test(value) ? undefined : value;
}

export function outputNames(element: ModdleElement): string[] {
  return extensions(element, 'camunda:InputOutput')
    .flatMap((io) => list(io, 'outputParameters'))
    .map((p) => text(p, 'name'))
    .filter((name): name is string => name !== undefined);
}

/** A comma-separated Camunda list (candidateGroups, candidateUsers), trimmed, without empty parts. */
export function commaList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}

/** An external task's topic: service, send and business rule tasks, and message events (camunda:type="external"). */
export function externalTopic(element: ModdleElement): string | undefined {
  if (text(element, 'type') !== 'external') return undefined;
  return filled(element, 'topic');
}

/** The element that carries camunda:type/topic for an event: its message event definition. */
export function messageDefinition(element: ModdleElement): ModdleElement | undefined {
  return list(element, 'eventDefinitions').find((d) => is(d, 'bpmn:MessageEventDefinition'));
}
