// The topics of requests for public information: one module per topic of lib/info-requests/manifest.ts; the runner subscribes
// them (workers/topics/index.ts finds this list by the domain's name).
import type { TopicModule } from '../../task-outcome.ts';
import * as checkInfoRequest from './check-info-request.ts';
import * as registerInfoRequest from './register-info-request.ts';
import * as recordInfoRequestStep from './record-info-request-step.ts';
import * as recordInfoBranch from './record-info-branch.ts';
import * as proposeInfoAnswerMasks from './propose-info-answer-masks.ts';
import * as signInfoAnswer from './sign-info-answer.ts';
import * as publishInfoAnswer from './publish-info-answer.ts';

export const topicModules: readonly TopicModule[] = [
  checkInfoRequest,
  registerInfoRequest,
  recordInfoRequestStep,
  recordInfoBranch,
  proposeInfoAnswerMasks,
  signInfoAnswer,
  publishInfoAnswer,
];
