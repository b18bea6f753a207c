// Which variables are written on EVERY path that reaches a point of a process: a forward
// "must" data-flow analysis over the sequence flows, so a gateway's condition or a worker never
// meets a variable that some path left unset (the engine stops such an instance with an incident).
//
//   IN(node)  = ∩ OUT(predecessors), started from the universal set so loops reach a fixpoint;
//               a parallel join waits for a token on every incoming flow: ∪ there.
//   OUT(node) = IN(node) ∪ WRITES(node)
//   a start event: the variables the code starts the process with (contracts.startVariables);
//   a boundary event: the IN of the activity it is attached to (the activity did not complete);
//   a subprocess: its start gets the subprocess's IN and its local variables; it writes what all
//               its end events have, less its local variables;
//   a multi-instance activity: its element variable (and loopCounter, nrOf…) is written inside it;
//               it writes only its output parameters, because its collection may be empty.
// WRITES come from the topics' `writes.required`, the user tasks' `writes`, output parameters and
// an error boundary's code and message variables. Input parameters are local to the activity:
// they count inside it only (a worker's write of the same name stays local too).
import type { LintContracts } from './contracts.ts';
import { child, externalTopic, filled, inputNames, is, list, messageDefinition, outputNames, text, type ModdleElement } from './model.ts';

/** A set of variables, or null for "every variable" (not reached yet in the fixpoint, or never). */
export type Written = ReadonlySet<string> | null;

export interface WriteAnalysis {
  /** Written before the node starts (for an activity: before its input mapping). */
  in(node: ModdleElement): Written;
  /** Written when the node completes. */
  out(node: ModdleElement): Written;
  /** Variables the activity itself sees besides IN: its input parameters, a multi-instance's element variable. */
  locals(node: ModdleElement): string[];
}

const MULTI_INSTANCE_VARIABLES = ['loopCounter', 'nrOfInstances', 'nrOfActiveInstances', 'nrOfCompletedInstances'];

function meet(sets: Written[]): Written {
  let out: Set<string> | null = null;
  for (const s of sets) {
    if (s === null) continue;
    if (out === null) out = new Set(s);
    else for (const v of out) if (!s.has(v)) out.delete(v);
  }
  return out;
}

function join(sets: Written[]): Written {
  const out = new Set<string>();
  for (const s of sets) {
    if (s === null) return null;
    for (const v of s) out.add(v);
  }
  return out;
}

function plus(base: Written, more: Iterable<string>): Written {
  if (base === null) return null;
  const out = new Set(base);
  for (const v of more) out.add(v);
  return out;
}

function same(a: Written, b: Written): boolean {
  if (a === null || b === null) return a === b;
  if (a.size !== b.size) return false;
  for (const v of a) if (!b.has(v)) return false;
  return true;
}

function multiInstance(node: ModdleElement): ModdleElement | undefined {
  const loop = child(node, 'loopCharacteristics');
  return is(loop, 'bpmn:MultiInstanceLoopCharacteristics') ? loop : undefined;
}

export function localsOf(node: ModdleElement): string[] {
  const locals = inputNames(node);
  const mi = multiInstance(node);
  if (mi) {
    const element = filled(mi, 'elementVariable');
    if (element) locals.push(element);
    locals.push(...MULTI_INSTANCE_VARIABLES);
  }
  return locals;
}

/** What the node's own work writes (a task's worker or form), before locals and output mapping. */
function ownWrites(node: ModdleElement, contracts: LintContracts): string[] {
  if (is(node, 'bpmn:UserTask')) return [...(contracts.userTasks[node.id ?? '']?.writes ?? [])];
  const topic = externalTopic(node) ?? externalTopic(messageDefinition(node) ?? node);
  if (topic) return [...(contracts.topics[topic]?.writes.required ?? [])];
  if (is(node, 'bpmn:BoundaryEvent')) {
    return list(node, 'eventDefinitions')
      .filter((d) => is(d, 'bpmn:ErrorEventDefinition'))
      .flatMap((d) => [text(d, 'errorCodeVariable'), text(d, 'errorMessageVariable')])
      .filter((v): v is string => v !== undefined && v.length > 0);
  }
  return [];
}

/** The flow nodes directly in a container (process or subprocess). */
function nodesOf(container: ModdleElement): ModdleElement[] {
  return list(container, 'flowElements').filter((e) => is(e, 'bpmn:FlowNode'));
}

/** Runs the analysis for one process (all its subprocesses included). */
export function analyseWrites(process: ModdleElement, contracts: LintContracts): WriteAnalysis {
  const startVariables = contracts.startVariables[process.id ?? ''] ?? [];
  const containerOf = new Map<ModdleElement, ModdleElement>();
  const nodes: ModdleElement[] = [];
  const collect = (container: ModdleElement) => {
    for (const node of nodesOf(container)) {
      containerOf.set(node, container);
      nodes.push(node);
      if (is(node, 'bpmn:SubProcess')) collect(node);
    }
  };
  collect(process);
  // The engine follows sourceRef/targetRef of the sequence flows (not the nodes' incoming lists).
  const predecessors = new Map<ModdleElement, ModdleElement[]>();
  for (const container of [process, ...nodes.filter((n) => is(n, 'bpmn:SubProcess'))]) {
    for (const flow of list(container, 'flowElements')) {
      const source = child(flow, 'sourceRef');
      const target = child(flow, 'targetRef');
      if (!is(flow, 'bpmn:SequenceFlow') || !source || !target) continue;
      predecessors.set(target, [...(predecessors.get(target) ?? []), source]);
    }
  }

  const inSets = new Map<ModdleElement, Written>(nodes.map((n) => [n, null]));
  const inOf = (n: ModdleElement): Written => inSets.get(n) ?? null;
  const locals = new Map<ModdleElement, string[]>(nodes.map((n) => [n, localsOf(n)]));

  const entry = (container: ModdleElement): Written =>
    container === process ? new Set(startVariables) : plus(inOf(container), locals.get(container) ?? []);

  const outOf = (n: ModdleElement): Written => {
    const base = inOf(n);
    if (base === null) return null;
    const own = new Set(locals.get(n) ?? []);
    let writes: string[];
    if (is(n, 'bpmn:SubProcess')) {
      if (multiInstance(n)) {
        writes = [];
      } else {
        const ends = nodesOf(n).filter((e) => is(e, 'bpmn:EndEvent'));
        const atEnds = ends.length > 0 ? meet(ends.map(outOf)) : new Set<string>();
        if (atEnds === null) return null;
        writes = [...atEnds];
      }
    } else {
      writes = multiInstance(n) ? [] : ownWrites(n, contracts);
    }
    return plus(base, [...writes.filter((v) => !own.has(v)), ...outputNames(n)]);
  };

  const computeIn = (n: ModdleElement): Written => {
    if (is(n, 'bpmn:BoundaryEvent')) {
      const host = child(n, 'attachedToRef');
      return host && inSets.has(host) ? inOf(host) : entry(containerOf.get(n)!);
    }
    const incoming = predecessors.get(n) ?? [];
    if (incoming.length === 0) return entry(containerOf.get(n)!);
    const outs = incoming.map(outOf);
    return is(n, 'bpmn:ParallelGateway') && incoming.length > 1 ? join(outs) : meet(outs);
  };

  // Chaotic iteration: every set only shrinks from "everything", so this ends; the bound guards
  // against a malformed tree (a reference cycle moddle let through).
  for (let round = 0, changed = true; changed && round < 10 * nodes.length + 10; round += 1) {
    changed = false;
    for (const n of nodes) {
      const next = computeIn(n);
      if (!same(next, inOf(n))) {
        inSets.set(n, next);
        changed = true;
      }
    }
  }

  return { in: inOf, out: outOf, locals: (n) => locals.get(n) ?? localsOf(n) };
}
