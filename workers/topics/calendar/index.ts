// The topics of the legal calendar: one module per topic of lib/calendar/manifest.ts; the runner subscribes
// them (workers/topics/index.ts finds this list by the domain's name).
import type { TopicModule } from '../../task-outcome.ts';
import * as legalDeadline from './legal-deadline.ts';

export const topicModules: readonly TopicModule[] = [
  legalDeadline,
];
