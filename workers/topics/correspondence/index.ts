// The topics of incoming correspondence: one module per topic of lib/correspondence/manifest.ts; the runner subscribes
// them (workers/topics/index.ts finds this list by the domain's name).
import type { TopicModule } from '../../task-outcome.ts';
import * as ingestScan from './ingest-scan.ts';
import * as registerDocument from './register-document.ts';
import * as signRegistration from './sign-registration.ts';
import * as planExecution from './plan-execution.ts';
import * as markControl from './mark-control.ts';
import * as fileDocument from './file-document.ts';
import * as signDocument from './sign-document.ts';
import * as registerReply from './register-reply.ts';

export const topicModules: readonly TopicModule[] = [
  ingestScan,
  registerDocument,
  signRegistration,
  planExecution,
  markControl,
  fileDocument,
  signDocument,
  registerReply,
];
