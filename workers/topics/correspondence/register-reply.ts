// The reply letter to an incoming document (CMU 55/2018, KMDA instruction 1747/2018: an outgoing
// answer is registered in the outgoing journal with a reference to the incoming registration): once
// a head approved the draft, the letter is typeset as a PDF (lib/answer-pdf) carrying its outgoing
// index and the incoming one it answers, stored like a scan, made a document of its own and
// registered in the OUTGOING journal (own gapless yearly numbers, index joined to the journal's case
// file of the nomenclature), `registrations.in_reply_to` pointing at the incoming registration. The
// incoming document's route records the reply (lib/correspondence/service.ts registerReply). Its
// card is then signed by the approving head (sign-document, purpose `reply`).
//
// Idempotent: the incoming registration row is locked and one reply per incoming registration is
// kept (a unique index backs it), so a retried task gets the first reply and never a second number.
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { createFileStore, type FileStore } from '../../../lib/file-store.ts';
import { registerReply } from '../../../lib/correspondence/service.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.registerReply;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, config, log, now, files }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  const store: FileStore = files ?? createFileStore(config.filesDir);
  const publicUrl = config.api.publicUrl;
  return async (input, context) => {
    checkInput(input);
    const processInstanceId = context?.task?.processInstanceId;
    if (!processInstanceId) throw new ContractError(`${topic}: the task's process instance is unknown`);
    const documentId = input[Variables.documentId] as string;
    const approverId = input[Variables.replyApprovedBy] as number;
    const result = await registerReply({ db, files: store, publicUrl }, {
      documentId, processInstanceId, approverId,
      addressee: input[Variables.replyAddressee] as string,
      summary: input[Variables.replySummary] as string,
      text: input[Variables.replyText] as string,
      step: context?.task?.activityId ?? null,
      at: now(),
    });
    if (result.status === 'approver-not-found') throw new ContractError(`${topic}: the approving head ${approverId} does not exist`);
    if (result.status === 'document-not-found') throw new ContractError(`${topic}: document ${documentId} does not exist`);
    if (result.status === 'not-registered') throw new ContractError(`${topic}: document ${documentId} is not registered in the incoming journal`);
    (context?.log ?? log).info({ replyDocumentId: result.registration.documentId, created: result.created }, result.created ? 'reply registered' : 'reply was already registered');
    return {
      [Variables.replyDocumentId]: result.registration.documentId,
      [Variables.replyIndex]: result.registration.registrationIndex,
    };
  };
}
