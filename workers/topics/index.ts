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
  recordAppealOutcome,
  signAppealAnswer,
];
