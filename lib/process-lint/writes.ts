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
// WRITES come from the topics' `writes.required` (and their `writesWhen` for the literal value of
// the task's input parameter), the user tasks' `writes`, output parameters and an error boundary's
// code and message variables. Input parameters are local to the activity: they count inside it
// only (a worker's write of the same name stays local too).
//
// A user task's conditional writes (`writesWhen`: "when `when` equals V, the completion also sets
// W") travel as facts beside the variables, met like them: the task adds its facts; a sequence
// flow whose condition tests exactly `when` against V (juel.ts equalityTest) turns the facts into
// written variables for the path after it; any activity that writes `when` again ends them, so a
// flow after a later decision never counts an earlier task's writes. A fact needs the task to
// write `when` on every completion: otherwise the condition may read an older value.
import type { LintConditionalWrite, LintContracts } from './contracts.ts';
import { equalityTest } from './juel.ts';
import { child, externalTopic, filled, inputNames, is, list, literalInput, messageDefinition, outputNames, text, type ModdleElement } from './model.ts';

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
  if (topic) {
    const contract = contracts.topics[topic];
    const step = contract?.writesWhen ? literalInput(node, contract.writesWhen.parameter) : undefined;
    const byStep = step !== undefined && Object.hasOwn(contract!.writesWhen!.values, step) ? contract!.writesWhen!.values[step]! : [];
    return [...(contract?.writes.required ?? []), ...byStep];
  }
  if (is(node, 'bpmn:BoundaryEvent')) {
    return list(node, 'eventDefinitions')
      .filter((d) => is(d, 'bpmn:ErrorEventDefinition'))
      .flatMap((d) => [text(d, 'errorCodeVariable'), text(d, 'errorMessageVariable')])
      .filter((v): v is string => v !== undefined && v.length > 0);
  }
  return [];
}

/**
 * Every variable the node may write, unconditional or not: a fact about a variable it writes ends
 * there. A subprocess may write what any node inside it may.
 */
function mayWrite(node: ModdleElement, contracts: LintContracts): Set<string> {
  const out = new Set<string>([...ownWrites(node, contracts), ...outputNames(node)]);
  if (is(node, 'bpmn:UserTask')) {
    for (const w of contracts.userTasks[node.id ?? '']?.writesWhen ?? []) for (const v of w.writes) out.add(v);
  }
  const topic = externalTopic(node) ?? externalTopic(messageDefinition(node) ?? node);
  const contract = topic === undefined ? undefined : contracts.topics[topic];
  if (contract) {
    for (const v of contract.writes.properties) out.add(v);
    for (const vs of Object.values(contract.writesWhen?.values ?? {})) for (const v of vs) out.add(v);
  }
  if (is(node, 'bpmn:SubProcess')) for (const inner of nodesOf(node)) for (const v of mayWrite(inner, contracts)) out.add(v);
  return out;
}

/** A fact travels in the sets as a name no variable can have: NUL, the task's id, NUL, the index of its write. */
const FACT = '\u0000';
const isFact = (name: string) => name.startsWith(FACT);

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
  const incomingFlows = new Map<ModdleElement, Array<{ source: ModdleElement; condition?: string }>>();
  for (const container of [process, ...nodes.filter((n) => is(n, 'bpmn:SubProcess'))]) {
    for (const flow of list(container, 'flowElements')) {
      const source = child(flow, 'sourceRef');
      const target = child(flow, 'targetRef');
      if (!is(flow, 'bpmn:SequenceFlow') || !source || !target) continue;
      const condition = text(child(flow, 'conditionExpression'), 'body');
      incomingFlows.set(target, [...(incomingFlows.get(target) ?? []), { source, ...(condition !== undefined ? { condition } : {}) }]);
    }
  }

  // The conditional writes of the user tasks, by fact name.
  const facts = new Map<string, LintConditionalWrite>();
  const factsOf = new Map<ModdleElement, string[]>();
  for (const n of nodes) {
    const task = is(n, 'bpmn:UserTask') ? contracts.userTasks[n.id ?? ''] : undefined;
    if (!task?.writesWhen || multiInstance(n)) continue;
    const names: string[] = [];
    task.writesWhen.forEach((w, i) => {
      if (!task.writes.includes(w.when)) return;
      const name = `${FACT}${n.id ?? ''}${FACT}${i}`;
      facts.set(name, w);
      names.push(name);
    });
    factsOf.set(n, names);
  }
  const mayWrites = new Map<ModdleElement, Set<string>>(nodes.map((n) => [n, mayWrite(n, contracts)]));

  const inSets = new Map<ModdleElement, Written>(nodes.map((n) => [n, null]));
  const inOf = (n: ModdleElement): Written => inSets.get(n) ?? null;
  const locals = new Map<ModdleElement, string[]>(nodes.map((n) => [n, localsOf(n)]));

  const entry = (container: ModdleElement): Written =>
    container === process ? new Set(startVariables) : plus(inOf(container), locals.get(container) ?? []);

  const outOf = (n: ModdleElement): Written => {
    const inSet = inOf(n);
    if (inSet === null) return null;
    const own = new Set(locals.get(n) ?? []);
    // The facts about a variable this node (re)writes end here; its own facts start here.
    const rewritten = mayWrites.get(n) ?? new Set<string>();
    let base: Written = new Set([...inSet].filter((v) => !isFact(v) || !rewritten.has(facts.get(v)!.when)));
    let writes: string[];
    if (is(n, 'bpmn:SubProcess')) {
      if (multiInstance(n)) {
        writes = [];
      } else {
        const ends = nodesOf(n).filter((e) => is(e, 'bpmn:EndEvent'));
        const atEnds = ends.length > 0 ? meet(ends.map(outOf)) : new Set<string>();
        if (atEnds === null) return null;
        // What holds at its ends already starts from its IN: the facts that lasted through it.
        writes = [...atEnds];
        base = new Set([...inSet].filter((v) => !isFact(v)));
      }
    } else {
      writes = multiInstance(n) ? [] : [...ownWrites(n, contracts), ...(factsOf.get(n) ?? [])];
    }
    return plus(base, [...writes.filter((v) => !own.has(v)), ...outputNames(n)]);
  };

  /** What holds after a flow: its source's OUT, and the facts its condition makes true as writes. */
  const acrossFlow = (flow: { source: ModdleElement; condition?: string }): Written => {
    const out = outOf(flow.source);
    const test = out === null || flow.condition === undefined ? undefined : equalityTest(flow.condition);
    if (out === null || !test) return out;
    const more: string[] = [];
    for (const v of out) {
      const fact = isFact(v) ? facts.get(v) : undefined;
      if (fact && fact.when === test.variable && holds(fact, test)) more.push(...fact.writes);
    }
    return more.length > 0 ? plus(out, more) : out;
  };

  const computeIn = (n: ModdleElement): Written => {
    if (is(n, 'bpmn:BoundaryEvent')) {
      const host = child(n, 'attachedToRef');
      return host && inSets.has(host) ? inOf(host) : entry(containerOf.get(n)!);
    }
    const incoming = incomingFlows.get(n) ?? [];
    if (incoming.length === 0) return entry(containerOf.get(n)!);
    const outs = incoming.map(acrossFlow);
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

  const variables = (w: Written): Written => (w === null ? null : new Set([...w].filter((v) => !isFact(v))));
  return { in: (n) => variables(inOf(n)), out: (n) => variables(outOf(n)), locals: (n) => locals.get(n) ?? localsOf(n) };
}

/**
 * Whether a condition that passed means `when` equals the fact's value: `== V` for any value;
 * for a boolean also `!= !V` (the task writes `when` on every completion, so it is true or false).
 */
function holds(fact: LintConditionalWrite, test: { value: string | boolean; negated: boolean }): boolean {
  if (!test.negated) return test.value === fact.equals;
  return typeof fact.equals === 'boolean' && typeof test.value === 'boolean' && test.value === !fact.equals;
}
