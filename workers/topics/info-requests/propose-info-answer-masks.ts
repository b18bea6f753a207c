// Assembles the answer to a request for public information from the departments' parts of the
// round and has personal data looked for in it (lib/info-requests/answers-service.ts, lib/masking):
// Law 2939-VI Art. 6 p.7, restricted parts are masked and the rest is given. Only the officials
// acting in THIS answer keep their names public (Law 2297-VI Art. 5 p.2: an official's data about
// their duties). Idempotent by request and round, so a retried task finds the first draft and proposal.
import { Topics, TopicContracts, Variables } from '../../../lib/info-requests/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { assembleInfoAnswer } from '../../../lib/info-requests/answers-service.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.proposeInfoAnswerMasks;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

/**
 * The staff the process names as acting in the answer at this step: the information officer who
 * triaged the request and the one who confirmed the copying fee, and the head who returned an
 * earlier round (who will approve and sign this one). The signatory of a first round is not known
 * yet: a name of theirs in the text is proposed for masking and the lawyer keeps it public at review.
 * The executors who drafted the round's parts are added by the service.
 */
export function processStaffIds(input: Readonly<Record<string, unknown>>): number[] {
  return [Variables.infoTriagedBy, Variables.paymentConfirmedBy, Variables.infoApprovedBy]
    .map((name) => input[name])
    .filter((v): v is number => typeof v === 'number');
}

export function createHandler({ db, log }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    const requestId = input[Variables.infoRequestId] as string;
    const round = input[Variables.answerRound] as number;
    const assembled = await assembleInfoAnswer(db, { requestId, round, processStaffIds: processStaffIds(input), actor: `worker:${topic}` });
    if (assembled.status === 'no-drafts') throw new ContractError(`${topic}: no department drafted round ${round} of info request ${requestId}`);
    // Ids only: names are personal data (Law 2297-VI).
    (context?.log ?? log).info({
      round, parts: assembled.parts, documents: assembled.documents, spans: assembled.spans, publicStaffIds: assembled.publicStaffIds,
    }, 'info answer drafted, masks proposed');
    return { [Variables.infoAnswerId]: assembled.answerId };
  };
}
