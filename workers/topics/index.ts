// The one list of topic modules the runner subscribes. A topic declared in lib/contracts.ts without
// a module here would leave its tasks waiting forever; test/processes/contracts.test.ts checks that.
import type { TopicModule } from '../task-outcome.ts';
import * as registerDocument from './register-document.ts';

export const topicModules: readonly TopicModule[] = [
  registerDocument,
];
