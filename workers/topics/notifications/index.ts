// The topics of e-mail to citizens: one module per topic of lib/notifications/manifest.ts; the runner subscribes
// them (workers/topics/index.ts finds this list by the domain's name).
import type { TopicModule } from '../../task-outcome.ts';
import * as notify from './notify.ts';

export const topicModules: readonly TopicModule[] = [
  notify,
];
