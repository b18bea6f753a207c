// The one list of topic modules the runner subscribes. A topic declared in lib/contracts.ts without
// a module here would leave its tasks waiting forever; test/processes/contracts.test.ts checks that.
import type { TopicModule } from '../task-outcome.ts';
import * as ingestScan from './ingest-scan.ts';
import * as notify from './notify.ts';
import * as registerDocument from './register-document.ts';
import * as registerAppeal from './register-appeal.ts';
import * as checkAppeal from './check-appeal.ts';
import * as legalDeadline from './legal-deadline.ts';
import * as signRegistration from './sign-registration.ts';
import * as recordAppealOutcome from './record-appeal-outcome.ts';
import * as signAppealAnswer from './sign-appeal-answer.ts';
import * as planExecution from './plan-execution.ts';
import * as markControl from './mark-control.ts';
import * as fileDocument from './file-document.ts';
import * as checkInfoRequest from './check-info-request.ts';
import * as registerInfoRequest from './register-info-request.ts';
import * as recordInfoRequestStep from './record-info-request-step.ts';
import * as recordInfoBranch from './record-info-branch.ts';
import * as proposeInfoAnswerMasks from './propose-info-answer-masks.ts';
import * as signInfoAnswer from './sign-info-answer.ts';
import * as publishInfoAnswer from './publish-info-answer.ts';
import * as signDocument from './sign-document.ts';
import * as registerReply from './register-reply.ts';

export const topicModules: readonly TopicModule[] = [
  registerDocument,
  ingestScan,
  notify,
  registerAppeal,
  checkAppeal,
  legalDeadline,
  signRegistration,
  planExecution,
  markControl,
  fileDocument,
  signDocument,
  registerReply,
  recordAppealOutcome,
  signAppealAnswer,
  checkInfoRequest,
  registerInfoRequest,
  recordInfoRequestStep,
  recordInfoBranch,
  proposeInfoAnswerMasks,
  signInfoAnswer,
  publishInfoAnswer,
];
