// Stores one department's part of the answer to a request for public information (the diagram runs
// one branch per department the unit assigned). The text stays in the application database, not in
// the engine: the parts of parallel branches would overwrite each other there, and texts may carry
// personal data that must not linger in engine history.
import { Topics, TopicContracts, Variables } from '../../../lib/info-requests/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { recordBranchDraft } from '../../../lib/info-requests/repository.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.recordInfoBranch;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    const branch = input[Variables.infoBranch] as { department?: unknown };
    if (typeof branch.department !== 'string') throw new ContractError(`${topic}: ${Variables.infoBranch} has no department`);
    const stored = await recordBranchDraft(db, {
      requestId: input[Variables.infoRequestId] as string,
      departmentCode: branch.department,
      round: input[Variables.answerRound] as number,
      text: input[Variables.branchAnswerText] as string,
      documentIds: Object.keys((input[Variables.branchDocumentIds] as Record<string, unknown> | null | undefined) ?? {}),
      draftedBy: (input[Variables.branchDraftedBy] as number | undefined) ?? null,
      at: now(),
    });
    if (stored === 'department-not-found') throw new ContractError(`${topic}: no department ${branch.department}`);
    (context?.log ?? log).info({ department: branch.department, round: input[Variables.answerRound], stored }, 'info answer part stored');
    return {};
  };
}
