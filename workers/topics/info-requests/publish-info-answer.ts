// Adds the signed, masked answer to the public register of answered requests (Law 2939-VI; the
// register and its copy are lib/info-requests/answers-repository.ts). The subject shown is the request's number,
// never its wording, which may name people (Law 2297-VI). Idempotent: a second call changes nothing.
import { Topics, TopicContracts, Variables } from '../../../lib/info-requests/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { publishInfoAnswer } from '../../../lib/info-requests/answers-repository.ts';
import { findInfoRequestForAnswer } from '../../../lib/info-requests/repository.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.publishInfoAnswer;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

const registerResult = { 'given': 'provided', 'partly-given': 'partly-provided' } as const;

export function createHandler({ db, log }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    const requestId = input[Variables.infoRequestId] as string;
    const request = await findInfoRequestForAnswer(db, requestId);
    if (!request?.registrationIndex) throw new ContractError(`info request ${requestId} does not exist or is not registered`);
    const result = registerResult[input[Variables.infoResult] as keyof typeof registerResult];
    await publishInfoAnswer(db, input[Variables.infoAnswerId] as string, {
      requestIndex: request.registrationIndex, receivedOn: request.receivedOn, subject: `Запит на публічну інформацію № ${request.registrationIndex}`, result,
    });
    (context?.log ?? log).info({ result }, 'info answer published');
    return {};
  };
}
