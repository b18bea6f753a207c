// The one list of topic modules the runner subscribes. A topic declared in lib/contracts.ts without
// a module here would leave its tasks waiting forever; test/processes/contracts.test.ts checks that.
import type { TopicModule } from '../task-outcome.ts';
import * as ingestScan from './correspondence/ingest-scan.ts';
import * as notify from './notifications/notify.ts';
import * as registerDocument from './correspondence/register-document.ts';
import * as registerAppeal from './appeals/register-appeal.ts';
import * as checkAppeal from './appeals/check-appeal.ts';
import * as legalDeadline from './calendar/legal-deadline.ts';
import * as signRegistration from './correspondence/sign-registration.ts';
import * as recordAppealOutcome from './appeals/record-appeal-outcome.ts';
import * as signAppealAnswer from './appeals/sign-appeal-answer.ts';
import * as planExecution from './correspondence/plan-execution.ts';
import * as markControl from './correspondence/mark-control.ts';
import * as fileDocument from './correspondence/file-document.ts';
import * as checkInfoRequest from './info-requests/check-info-request.ts';
import * as registerInfoRequest from './info-requests/register-info-request.ts';
import * as recordInfoRequestStep from './info-requests/record-info-request-step.ts';
import * as recordInfoBranch from './info-requests/record-info-branch.ts';
import * as proposeInfoAnswerMasks from './info-requests/propose-info-answer-masks.ts';
import * as signInfoAnswer from './info-requests/sign-info-answer.ts';
import * as publishInfoAnswer from './info-requests/publish-info-answer.ts';
import * as signDocument from './correspondence/sign-document.ts';
import * as registerReply from './correspondence/register-reply.ts';

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
