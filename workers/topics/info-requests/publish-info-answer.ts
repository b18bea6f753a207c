// Adds the signed, masked answer to the public register of answered requests (Law 2939-VI; the
// register and its copy are lib/info-requests/answers-service.ts). The subject shown is the request's number,
// never its wording, which may name people (Law 2297-VI). Idempotent: a second call changes nothing.
import { Topics, TopicContracts, Variables } from '../../../lib/info-requests/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { publishRequestAnswer } from '../../../lib/info-requests/answers-service.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.publishInfoAnswer;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, log }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    const requestId = input[Variables.infoRequestId] as string;
    const published = await publishRequestAnswer(db, {
      requestId, answerId: input[Variables.infoAnswerId] as string, result: input[Variables.infoResult] as 'given' | 'partly-given',
    });
    if (published.status === 'not-registered') throw new ContractError(`info request ${requestId} does not exist or is not registered`);
    (context?.log ?? log).info({ result: published.result }, 'info answer published');
    return {};
  };
}
