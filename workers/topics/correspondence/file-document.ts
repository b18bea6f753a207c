// The controller accepted the execution: the resolution is removed from control and the document
// is filed into its case file of the nomenclature (CMU 55/2018, KMDA instruction 1747/2018), which
// is its last hand-over (to the department keeping the case file); lib/correspondence/service.ts
// fileDocument.
//
// Idempotent: the filing and its hand-over are unique per document; a retried task returns the
// first filing's index and date.
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { fileDocument } from '../../../lib/correspondence/service.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.fileDocument;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    const processInstanceId = context?.task?.processInstanceId;
    if (!processInstanceId) throw new ContractError(`${topic}: the task's process instance is unknown`);
    const documentId = input[Variables.documentId] as string;
    const result = await fileDocument(db, {
      documentId, processInstanceId,
      reworkCount: Number(input[Variables.reworkCount] ?? 0),
      step: context?.task?.activityId ?? null,
      at: now(),
    });
    if (result.status === 'not-registered') throw new ContractError(`document ${documentId} is not registered in the incoming journal`);
    (context?.log ?? log).info({ caseFileIndex: result.filing.caseFileIndex, created: result.created }, 'document filed');
    return {
      [Variables.caseFileIndex]: result.filing.caseFileIndex,
      [Variables.filedAt]: new Date(result.filing.filedAt).toISOString(),
    };
  };
}
