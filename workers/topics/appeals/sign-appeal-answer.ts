// Signs the approved answer to an appeal with the personal certificate of the head who approved
// it (Law 393/96-ВР Art. 15; Law 2155-VIII; DESIGN.md "Signatures": staff approve with their
// personal signature). The approver's staff id is set by the API from the session when the head
// completes the approval task, never by the client. lib/appeals/answer-signing.ts does the signing.
import { Topics, TopicContracts, Variables } from '../../../lib/appeals/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { signAppealAnswer } from '../../../lib/appeals/answer-signing.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.signAppealAnswer;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, config, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    // WorkerDeps carries no data folder; the worker process's own configuration names it.
    const appealId = input[Variables.appealId] as string;
    const result = input[Variables.answerResult] as 'satisfied' | 'explained' | 'refused';
    const refusalGround = (input[Variables.refusalGround] as string | undefined) ?? null;
    if (result === 'refused' && !refusalGround) throw new ContractError(`${topic}: a refusal needs ${Variables.refusalGround} (Art. 15)`);
    // One answer per appeal: a retried task gets the first signature back.
    const signed = await signAppealAnswer({ db, dataDir: config.dataDir, now }, {
      appealId,
      signerUserId: input[Variables.approvedBy] as number,
      result,
      text: input[Variables.answerText] as string,
      refusalGround: result === 'refused' ? refusalGround : null,
    });
    if (signed.status === 'appeal-not-found') throw new ContractError(`appeal ${appealId} does not exist`);
    if (signed.status === 'not-registered') throw new ContractError(`appeal ${appealId} is not registered`);
    (context?.log ?? log).info(
      { certificateSerial: signed.answer.certificateSerial, created: signed.created },
      signed.created ? 'appeal answer signed' : 'appeal answer was already signed',
    );
    return {};
  };
}
