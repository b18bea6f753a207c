// Checks the required content of a request for public information (Law 2939-VI Art. 19 p.5) and
// the justification of a 48-hour claim (Art. 20 p.2). The rules are pure (lib/info-requests/check.ts);
// the service (lib/info-requests/service.ts) records the first outcome once; this hands it to the
// diagram's gateway as `infoCheck`.
import { Topics, TopicContracts, Variables } from '../../../lib/info-requests/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { checkInfoRequest } from '../../../lib/info-requests/service.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.checkInfoRequest;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    const requestId = input[Variables.infoRequestId] as string;
    const recorded = await checkInfoRequest(db, { requestId, at: now() });
    if (!recorded) throw new ContractError(`info request ${requestId} does not exist`);
    // Reason codes only, never the request's content (Law 2297-VI).
    (context?.log ?? log).info({ outcome: recorded.outcome, reasons: recorded.codes, created: recorded.created }, 'info request checked');
    return { [Variables.infoCheck]: recorded.outcome };
  };
}
