// Assembles the answer to a request for public information from the departments' parts of the
// round and has personal data looked for in it (lib/info-requests/answers-repository.ts, lib/masking): Law
// 2939-VI Art. 6 p.7, restricted parts are masked and the rest is given. Only the officials acting
// in THIS answer keep their names public (Law 2297-VI Art. 5 p.2: an official's data about their
// duties): a third party who shares a name with any of the body's other staff is a private person
// here and is masked like anyone else. Both calls are idempotent by request and round, so a
// retried task finds the first draft and proposal.
import { Topics, TopicContracts, Variables } from '../../../lib/info-requests/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { draftInfoAnswer, proposeInfoAnswerMasks } from '../../../lib/info-requests/answers-repository.ts';
import { listBranchDrafts } from '../../../lib/info-requests/repository.ts';
import { staffFullNames } from '../../../lib/staff/repository.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.proposeInfoAnswerMasks;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

/**
 * The staff acting in the answer as the process knows them at this step: the executors who drafted
 * the round's parts (info_request_branches.drafted_by), the information officer who triaged the
 * request and the one who confirmed the copying fee, and the head who returned an earlier round
 * (who will approve and sign this one). The signatory of a first round is not known yet: a name of
 * theirs in the text is proposed for masking and the lawyer keeps it public at review.
 */
export function actingStaffIds(input: Readonly<Record<string, unknown>>, draftedBy: ReadonlyArray<number | null>): number[] {
  const fromProcess = [Variables.infoTriagedBy, Variables.paymentConfirmedBy, Variables.infoApprovedBy]
    .map((name) => input[name])
    .filter((v): v is number => typeof v === 'number');
  return [...new Set([...draftedBy.filter((v): v is number => v !== null), ...fromProcess])].sort((a, b) => a - b);
}

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
    const acting = actingStaffIds(input, parts.map((p) => p.draftedBy));
    const publicNames = await staffFullNames(db, acting);
    const { spans } = await proposeInfoAnswerMasks(db, answerId, { publicNames, publicStaffIds: acting });
    // Ids only: names are personal data (Law 2297-VI).
    (context?.log ?? log).info({ round, parts: parts.length, documents: documentIds.length, spans, publicStaffIds: acting }, 'info answer drafted, masks proposed');
    return { [Variables.infoAnswerId]: answerId };
  };
}
