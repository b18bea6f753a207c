// The topic modules of every domain that has workers (lib/domains.ts), each found by the domain's
// name in workers/topics/<name>/index.ts. A topic in a manifest without a module here would leave
// its tasks waiting forever; test/processes/contracts.test.ts checks both ways.
import { domains } from '../../lib/domains.ts';
import type { DomainManifest } from '../../lib/manifest.ts';
import type { TopicModule } from '../task-outcome.ts';

export async function loadTopicModules(list: readonly DomainManifest[] = domains): Promise<TopicModule[]> {
  const modules: TopicModule[] = [];
  for (const domain of list.filter((d) => d.layers.workers)) {
    const loaded = (await import(`./${domain.name}/index.ts`)) as { topicModules: readonly TopicModule[] };
    modules.push(...loaded.topicModules);
  }
  return modules;
}
