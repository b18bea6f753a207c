// The topics of citizens' appeals: one module per topic of lib/appeals/manifest.ts; the runner subscribes
// them (workers/topics/index.ts finds this list by the domain's name).
import type { TopicModule } from '../../task-outcome.ts';
import * as registerAppeal from './register-appeal.ts';
import * as checkAppeal from './check-appeal.ts';
import * as recordAppealOutcome from './record-appeal-outcome.ts';
import * as signAppealAnswer from './sign-appeal-answer.ts';

export const topicModules: readonly TopicModule[] = [
  registerAppeal,
  checkAppeal,
  recordAppealOutcome,
  signAppealAnswer,
];
