// The runner's side of the contracts: every topic a manifest declares has exactly one worker module
// in its domain's folder, serving the declared variables, and every topic is used by a diagram
// (the diagrams' side, every external task having a worker, is the process lint's topic-has-worker).
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allTopics, domains } from '../../lib/domains.ts';
import { loadTopicModules } from '../../workers/topics/index.ts';

const processesDir = fileURLToPath(new URL('../../processes/', import.meta.url));

describe('workers: one module per topic of the manifests', () => {
  it('serves every declared topic once, from the domain that declares it, with the declared contract', async () => {
    for (const domain of domains.filter((d) => d.layers.workers)) {
      const modules = await loadTopicModules([domain]);
      const served = modules.map((m) => m.topic);
      expect(served, `workers/topics/${domain.name}/index.ts lists each topic once`).to.deep.equal([...new Set(served)]);
      expect([...served].sort(), `workers/topics/${domain.name}/ serves exactly the topics of lib/${domain.name}/manifest.ts`)
        .to.deep.equal(Object.keys(domain.topics).sort());
      for (const module of modules) {
        const contract = domain.topics[module.topic]!;
        expect(module.reads, `${module.topic} reads`).to.deep.equal(contract.reads);
        expect(module.writes, `${module.topic} writes`).to.deep.equal(contract.writes);
      }
    }
  });

  it('has no topic that no diagram uses', () => {
    const diagrams = readdirSync(processesDir).filter((f) => f.endsWith('.bpmn')).map((f) => readFileSync(processesDir + f, 'utf8')).join('\n');
    for (const { domain, topic, contract } of allTopics()) {
      if (contract.unusedBecause) continue;
      expect(diagrams.includes(`camunda:topic="${topic}"`), `${topic} (lib/${domain}/manifest.ts) is used by a diagram in processes/`).to.equal(true);
    }
  });

  it('declares each topic, process key and user task in one domain only', () => {
    const topics = allTopics().map((t) => t.topic);
    expect(topics).to.deep.equal([...new Set(topics)]);
    const tasks = domains.flatMap((d) => Object.values(d.userTasks).map((t) => t.id));
    expect(tasks).to.deep.equal([...new Set(tasks)]);
    const keys = domains.flatMap((d) => d.processes.map((p) => p.key));
    expect(keys).to.deep.equal([...new Set(keys)]);
  });
});

describe('domains: e-mail templates', () => {
  it('names each template in one domain only', () => {
    const names = domains.flatMap((d) => Object.keys(d.mail));
    expect(names).to.deep.equal([...new Set(names)]);
    expect(names.length).to.be.greaterThan(10);
  });
});
