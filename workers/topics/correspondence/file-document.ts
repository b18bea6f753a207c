// The controller accepted the execution: the resolution is removed from control and the document
// is filed into its case file of the nomenclature (CMU 55/2018, KMDA instruction 1747/2018), which
// is its last hand-over (to the department keeping the case file).
//
// Idempotent: the filing and its hand-over are unique per document; a retried task returns the
// first filing's index and date.
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { fileDocument, removeFromControl } from '../../../lib/correspondence/resolutions-repository.ts';
import { recordHandOver } from '../../../lib/correspondence/route-repository.ts';
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
    // The case file the document was registered under: the nomenclature's file of its journal.
    const registration = await db('registrations as r').join('case_files as c', 'c.index', 'r.case_file_index')
      .leftJoin('departments as d', 'd.id', 'c.department_id')
      .where({ 'r.document_id': documentId, 'r.journal_code': 'incoming' }).first('r.case_file_index', 'd.code');
    if (!registration) throw new ContractError(`document ${documentId} is not registered in the incoming journal`);
    const at = now();
    const result = await db.transaction(async (trx) => {
      await removeFromControl(trx, processInstanceId, Number(input[Variables.reworkCount] ?? 0), at);
      const filed = await fileDocument(trx, { documentId, caseFileIndex: registration.case_file_index, filedAt: at, processInstanceId });
      if (filed.created) {
        await trx('documents').where({ id: documentId }).update({ status: 'filed', updated_at: at });
        await recordHandOver(trx, {
          eventKey: `filed:${documentId}`,
          documentId,
          action: 'filed',
          step: context?.task?.activityId ?? null,
          to: [{ department: registration.code ?? null }],
          reason: registration.case_file_index,
          at,
        });
      }
      return filed;
    });
    (context?.log ?? log).info({ caseFileIndex: result.filing.caseFileIndex, created: result.created }, 'document filed');
    return {
      [Variables.caseFileIndex]: result.filing.caseFileIndex,
      [Variables.filedAt]: new Date(result.filing.filedAt).toISOString(),
    };
  };
}
