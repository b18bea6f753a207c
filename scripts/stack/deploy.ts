// Deploys the diagrams in processes/, each as a deployment of its own together with the Camunda Forms
// it references (processes/forms/<id>.form, camunda:formRef with formRefBinding="deployment": the
// engine looks the form up in the diagram's own deployment, so a case keeps the form of its version).
// The engine's duplicate filter compares a deployment with the last one of the same name: when the
// diagram or one of its forms changed, the diagram and all its forms are deployed again (a new
// version); when none did, nothing is.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import type { EngineClient } from '../../lib/engine-client.ts';
import { readFormFiles } from '../../lib/process-forms.ts';
import { filled, walk, type ModdleElement } from '../../lib/process-lint/model.ts';

/** The form ids a diagram references with camunda:formRef (user tasks and start events), sorted. */
export async function formRefs(xml: string): Promise<string[]> {
  const { rootElement } = await new BpmnModdle({ camunda }).fromXML(xml);
  const refs = new Set<string>();
  walk(rootElement as ModdleElement, (element) => {
    const ref = filled(element, 'formRef');
    if (ref) refs.add(ref);
  });
  return [...refs].sort();
}

export async function deployProcesses(engine: EngineClient, root: string): Promise<Array<{ key: string; version: number }>> {
  const dir = path.join(root, 'processes');
  const forms = readFormFiles(path.join(dir, 'forms'));
  const names = readdirSync(dir).sort();
  const deployed: Array<{ key: string; version: number }> = [];
  for (const name of names.filter((n) => n.endsWith('.bpmn'))) {
    const content = readFileSync(path.join(dir, name));
    const files: Array<{ name: string; content: Buffer }> = [{ name, content }];
    for (const id of await formRefs(content.toString('utf8'))) {
      const form = forms.get(id);
      if (!form) throw new Error(`processes/${name} references form "${id}", but processes/forms/${id}.form does not exist`);
      files.push({ name: `forms/${form.name}`, content: form.content });
    }
    const result = await engine.deploy(`hromada:${name}`, files, { changedOnly: false });
    deployed.push(...Object.values(result.deployedProcessDefinitions ?? {}).map((d) => ({ key: d.key, version: d.version })));
  }
  // Decision tables reference nothing: deployed as before, each only when it changed.
  const decisions = names.filter((n) => n.endsWith('.dmn')).map((n) => ({ name: n, content: readFileSync(path.join(dir, n)) }));
  if (decisions.length > 0) await engine.deploy('hromada', decisions);
  return deployed;
}
