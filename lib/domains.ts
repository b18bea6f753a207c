// The one list of domains (and of the kernels that own topics). A new domain is a folder in lib/
// with its manifest.ts, named here; its topics live in workers/topics/<name>/index.ts and its
// routes in api/routes/<name>/index.ts, found by the name. Everything that loops over domains
// (the runner, the API's routes and task forms, the process starter, the process lint, the
// modeler) reads this list.
import type { DomainManifest, TopicContract, UserTaskContract } from './manifest.ts';
import type { TemplateDefinition } from './notifications/template-kit.ts';
import { manifest as calendar } from './calendar/manifest.ts';
import { manifest as notifications } from './notifications/manifest.ts';
import { manifest as correspondence } from './correspondence/manifest.ts';
import { manifest as appeals } from './appeals/manifest.ts';
import { manifest as infoRequests } from './info-requests/manifest.ts';

export const domains: readonly DomainManifest[] = [calendar, notifications, correspondence, appeals, infoRequests];

/** Every e-mail template of every domain, by name (names are unique across domains: checked by test). */
export const mailTemplates: Readonly<Record<string, TemplateDefinition>> = Object.assign({}, ...domains.map((d) => d.mail));

/** Every topic of every domain with its contract and the domain that owns it. */
export function allTopics(list: readonly DomainManifest[] = domains): Array<{ domain: string; topic: string; contract: TopicContract }> {
  return list.flatMap((d) => Object.entries(d.topics).map(([topic, contract]) => ({ domain: d.name, topic, contract })));
}

/** Every user task of every domain, by its task definition key. */
export function allUserTasks(list: readonly DomainManifest[] = domains): Map<string, UserTaskContract & { domain: string }> {
  return new Map(list.flatMap((d) => Object.values(d.userTasks).map((t) => [t.id, { ...t, domain: d.name }] as const)));
}

/** The process keys every domain owns: what the process starter may start. */
export function processKeys(list: readonly DomainManifest[] = domains): string[] {
  return list.flatMap((d) => d.processes.map((p) => p.key));
}

/** The topics a worker process subscribes (the domains with workers): what /health expects polled. */
export function workerTopics(list: readonly DomainManifest[] = domains): string[] {
  return list.filter((d) => d.layers.workers).flatMap((d) => Object.keys(d.topics));
}
