// Assembles the answer to a request for public information from the departments' parts of the
// round and has personal data looked for in it (lib/repos/info-answers.ts, lib/masking): Law
// 2939-VI Art. 6 p.7, restricted parts are masked and the rest is given. Staff names are passed as
// public: officials' data about their duties is not masked (Law 2297-VI Art. 5 p.2). Both calls are
// idempotent by request and round, so a retried task finds the first draft and proposal.
import { Topics, TopicContracts, Variables, type VariableSchema } from '../../lib/contracts.ts';
import { draftInfoAnswer, proposeInfoAnswerMasks } from '../../lib/repos/info-answers.ts';
import { listBranchDrafts } from '../../lib/repos/info-requests.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../task-outcome.ts';

export const topic = Topics.proposeInfoAnswerMasks;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, log }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    const requestId = input[Variables.infoRequestId] as string;
    const round = input[Variables.answerRound] as number;
    const parts = await listBranchDrafts(db, requestId, round);
    if (parts.length === 0) throw new ContractError(`${topic}: no department drafted round ${round} of info request ${requestId}`);
    // One department: its text as it is; several: each part under the department's name.
    const text = parts.length === 1 ? parts[0]!.text : parts.map((p) => `${p.departmentName}:\n${p.text}`).join('\n\n');
    const documentIds = [...new Set(parts.flatMap((p) => p.documentIds))];
    const { answerId } = await draftInfoAnswer(db, { requestId, round, text, documentIds, actor: `worker:${topic}` });
    const publicNames = await db('staff_users').pluck('full_name') as string[];
    const { spans } = await proposeInfoAnswerMasks(db, answerId, { publicNames });
    (context?.log ?? log).info({ round, parts: parts.length, documents: documentIds.length, spans }, 'info answer drafted, masks proposed');
    return { [Variables.infoAnswerId]: answerId };
  };
}
