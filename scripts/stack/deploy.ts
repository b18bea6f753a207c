// Deploys every diagram in processes/ as one deployment. The engine's own duplicate filter
// (deploy-changed-only) makes an edited diagram a new version and leaves an unchanged one alone.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EngineClient } from '../../lib/engine-client.ts';

export async function deployProcesses(engine: EngineClient, root: string): Promise<Array<{ key: string; version: number }>> {
  const dir = path.join(root, 'processes');
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.bpmn') || name.endsWith('.form') || name.endsWith('.dmn'))
    .sort()
    .map((name) => ({ name, content: readFileSync(path.join(dir, name)) }));
  const result = await engine.deploy('hromada', files);
  return Object.values(result.deployedProcessDefinitions ?? {}).map((d) => ({ key: d.key, version: d.version }));
}
