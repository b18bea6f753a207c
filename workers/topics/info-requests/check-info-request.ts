// Checks the required content of a request for public information (Law 2939-VI Art. 19 p.5) and
// the justification of a 48-hour claim (Art. 20 p.2). The rules are pure (lib/info-requests/check.ts);
// this records the first outcome once and hands it to the diagram's gateway as `infoCheck`.
import { checkInfoRequest } from '../../../lib/info-requests/index.ts';
import { Topics, TopicContracts, Variables } from '../../../lib/info-requests/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { findInfoRequestForCheck, recordInfoCheck } from '../../../lib/info-requests/repository.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.checkInfoRequest;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    const requestId = input[Variables.infoRequestId] as string;
    const request = await findInfoRequestForCheck(db, requestId);
    if (!request) throw new ContractError(`info request ${requestId} does not exist`);
    if (request.checkOutcome) return { [Variables.infoCheck]: request.checkOutcome };
    const { outcome, reasons } = checkInfoRequest(request);
    const recorded = await recordInfoCheck(db, { requestId, outcome, reasons, at: now() });
    if (!recorded) throw new ContractError(`info request ${requestId} does not exist`);
    // Reason codes only, never the request's content (Law 2297-VI).
    (context?.log ?? log).info({ outcome: recorded.outcome, reasons: reasons.map((r) => r.code), created: recorded.created }, 'info request checked');
    return { [Variables.infoCheck]: recorded.outcome };
  };
}
