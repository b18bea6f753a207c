// The lint that keeps diagrams and code agreeing on names (STYLE.md, habit 4): every diagram in
// processes/ may use only the process keys, topics, candidate groups, form keys and error codes
// declared in lib/contracts.ts, and every declared topic has a worker module to serve it.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BpmnErrors,
  CandidateGroups,
  ProcessKeys,
  TopicContracts,
  Topics,
  UserTasks,
} from '../../lib/contracts.ts';
import { topicModules } from '../../workers/topics/index.ts';

const processesDir = fileURLToPath(new URL('../../processes/', import.meta.url));

interface Element {
  /** Local name without the namespace prefix, e.g. `serviceTask`. */
  name: string;
  attributes: Record<string, string>;
}

/** Start tags with their attributes: enough for names in attributes, without an XML dependency. */
function elements(xml: string): Element[] {
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const out: Element[] = [];
  for (const tag of withoutComments.matchAll(/<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g)) {
    const attributes: Record<string, string> = {};
    for (const attr of (tag[3] ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes[attr[1]!] = decode(attr[2] ?? attr[3] ?? '');
    }
    out.push({ name: tag[2]!, attributes });
  }
  return out;
}

function decode(value: string): string {
  return value
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}

const declared = {
  processKeys: new Set<string>(Object.values(ProcessKeys)),
  topics: new Set<string>(Object.values(Topics)),
  groups: new Set<string>(Object.values(CandidateGroups)),
  errorCodes: new Set<string>(Object.values(BpmnErrors)),
  userTasks: new Map<string, { formKey: string; candidateGroups: readonly string[]; dynamic?: { candidateGroups: string; assignee: string } }>(
    Object.values(UserTasks).map((t) => [t.id, t]),
  ),
};
const formKeys = new Set<string>([...declared.userTasks.values()].map((t) => t.formKey));

const diagrams = readdirSync(processesDir).filter((f) => f.endsWith('.bpmn')).sort();

describe('process contracts', () => {
  it('finds the diagrams', () => {
    expect(diagrams).to.include('incoming-document.bpmn');
  });

  for (const file of diagrams) {
    describe(file, () => {
      const all = elements(readFileSync(path.join(processesDir, file), 'utf8'));
      const processes = all.filter((e) => e.name === 'process');

      it('declares executable processes with a history time-to-live and a known key', () => {
        expect(processes, 'at least one <process>').to.not.be.empty;
        for (const p of processes) {
          const id = p.attributes.id ?? '(no id)';
          expect(p.attributes.isExecutable, `${id}: isExecutable`).to.equal('true');
          // Mandatory since Camunda 7.20; without it the deployment fails (enforceHistoryTimeToLive).
          expect(p.attributes['camunda:historyTimeToLive'], `${id}: camunda:historyTimeToLive`).to.match(/^(P\d+D|\d+)$/);
          expect(declared.processKeys.has(id), `process key "${id}" is declared in ProcessKeys`).to.equal(true);
          expect(p.attributes.name, `${id}: a name for Cockpit and the task list`).to.be.a('string').and.not.empty;
        }
      });

      it('uses only declared external-task topics', () => {
        for (const e of all) {
          const topic = e.attributes['camunda:topic'];
          if (e.attributes['camunda:type'] === 'external') {
            expect(topic, `${e.name} ${e.attributes.id}: an external task needs camunda:topic`).to.be.a('string');
          }
          if (topic !== undefined) {
            expect(declared.topics.has(topic), `topic "${topic}" (${e.attributes.id}) is declared in Topics`).to.equal(true);
          }
        }
      });

      it('uses only declared candidate groups and form keys, matching the user task contracts', () => {
        for (const e of all) {
          const groups = e.attributes['camunda:candidateGroups'];
          // A task offered per executor takes its group from process variables: the contract names the expressions.
          const dynamic = declared.userTasks.get(e.attributes.id ?? '')?.dynamic;
          if (e.name === 'userTask' && dynamic) {
            expect(groups, `${e.attributes.id}: camunda:candidateGroups`).to.equal(dynamic.candidateGroups);
            expect(e.attributes['camunda:assignee'], `${e.attributes.id}: camunda:assignee`).to.equal(dynamic.assignee);
            expect(e.attributes['camunda:formKey'], `${e.attributes.id}: camunda:formKey`).to.equal(declared.userTasks.get(e.attributes.id ?? '')!.formKey);
            continue;
          }
          for (const group of groups?.split(',').map((g) => g.trim()) ?? []) {
            expect(declared.groups.has(group), `candidate group "${group}" (${e.attributes.id}) is declared in CandidateGroups`).to.equal(true);
          }
          const formKey = e.attributes['camunda:formKey'];
          if (formKey !== undefined) {
            expect(formKeys.has(formKey), `form key "${formKey}" (${e.attributes.id}) is declared in UserTasks`).to.equal(true);
          }
          if (e.name !== 'userTask') continue;
          const id = e.attributes.id ?? '';
          const contract = declared.userTasks.get(id);
          expect(contract, `user task "${id}" is declared in UserTasks`).to.not.equal(undefined);
          expect(formKey, `${id}: camunda:formKey`).to.equal(contract!.formKey);
          expect(groups?.split(',').map((g) => g.trim()), `${id}: camunda:candidateGroups`).to.deep.equal([...contract!.candidateGroups]);
        }
      });

      it('uses only declared BPMN error codes', () => {
        for (const e of all.filter((x) => x.name === 'error')) {
          const code = e.attributes.errorCode;
          expect(code, `<error id="${e.attributes.id}"> needs an errorCode`).to.be.a('string');
          expect(declared.errorCodes.has(code!), `error code "${code}" is declared in BpmnErrors`).to.equal(true);
        }
      });
    });
  }

  it('has exactly one worker module for every declared topic, serving its declared contract', () => {
    const served = topicModules.map((m) => m.topic);
    expect([...served].sort(), 'one module per topic').to.deep.equal([...new Set(served)].sort());
    for (const topic of declared.topics) {
      const module = topicModules.find((m) => m.topic === topic);
      expect(module, `workers/topics/index.ts lists a module for "${topic}"`).to.not.equal(undefined);
      const contract = TopicContracts[topic as keyof typeof TopicContracts];
      expect(module!.reads, `${topic} reads`).to.deep.equal(contract.reads);
      expect(module!.writes, `${topic} writes`).to.deep.equal(contract.writes);
    }
  });

  it('catches every BPMN error a topic may throw in the diagrams that use the topic', () => {
    const caught = new Set<string>();
    for (const file of diagrams) {
      const all = elements(readFileSync(path.join(processesDir, file), 'utf8'));
      for (const e of all.filter((x) => x.name === 'error')) caught.add(e.attributes.errorCode ?? '');
    }
    for (const [topic, contract] of Object.entries(TopicContracts)) {
      for (const code of contract.throws as readonly string[]) {
        expect(caught.has(code), `${topic} throws "${code}": some diagram must declare and catch it`).to.equal(true);
      }
    }
  });

  describe('the lint itself', () => {
    it('reads prefixed and unprefixed tags, single and double quotes, and entities', () => {
      const parsed = elements(`<?xml version="1.0"?><!-- <bpmn:process id="commented-out"> -->
        <definitions><process id='p' isExecutable="true" name="A &amp; B"/><bpmn:serviceTask id="s" camunda:topic="t" /></definitions>`);
      expect(parsed.map((e) => e.name)).to.deep.equal(['definitions', 'process', 'serviceTask']);
      expect(parsed[1]!.attributes).to.deep.equal({ id: 'p', isExecutable: 'true', name: 'A & B' });
      expect(parsed[2]!.attributes['camunda:topic']).to.equal('t');
    });
  });
});
