// Signs the reviewed answer to a request for public information with the personal certificate of
// the head who approved it (Law 2155-VIII; Law 2939-VI Art. 22 p.1 for refusals is signed elsewhere:
// refusals are recorded steps). lib/info-requests/answers-service.ts gives the answer its own number
// in the outgoing journal once (CMU 55/2018), then renders and signs the PDF; it refuses an answer
// whose masks the lawyer has not finished reviewing (Art. 6 p.7), which goes back to the lawyer as a
// BPMN error. It hands the diagram the moment of the signature as stored with it
// (`infoAnswerSignedAt`, UTC ISO 8601): a paper answer cannot be posted before it
// (lib/info-requests/forms.ts postInfoAnswer).
import { BpmnErrors, Topics, TopicContracts, Variables } from '../../../lib/info-requests/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { InfoAnswerError, signRequestAnswer } from '../../../lib/info-requests/answers-service.ts';
import { createSigningService } from '../../../lib/signing/index.ts';
import { BusinessError, ContractError, keepLocked, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.signInfoAnswer;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, config, log, now, files }: WorkerDeps, options: { dataDir?: string; publicUrl?: string } = {}): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    if (!files) throw new Error(`${topic} needs the file store`);
    const dataDir = options.dataDir ?? config.dataDir;
    const publicUrl = options.publicUrl ?? config.api.publicUrl;
    const requestId = input[Variables.infoRequestId] as string;
    // Rendering burns masks into every scanned page (seconds a page) and a new signer's key takes
    // tens of seconds: keep the task while it runs.
    const stopKeeping = keepLocked(context);
    try {
      const signed = await signRequestAnswer({ db, files, signing: createSigningService({ db, dataDir, files, now }), dataDir, publicUrl, now }, {
        requestId,
        answerId: input[Variables.infoAnswerId] as string,
        signerUserId: input[Variables.infoApprovedBy] as number,
      });
      if (signed.status === 'not-registered') throw new ContractError(`info request ${requestId} does not exist or is not registered`);
      if (signed.status === 'request-not-found') throw new ContractError(`info request ${requestId} does not exist`);
      (context?.log ?? log).info({ answerIndex: signed.answerIndex, pdfSha256: signed.pdfSha256 }, 'info answer signed');
      return { [Variables.infoAnswerSignedAt]: signed.signedAt.toISOString() };
    } catch (err) {
      if (err instanceof InfoAnswerError && err.code === 'masks-not-reviewed') {
        throw new BusinessError(BpmnErrors.infoMasksNotReviewed, err.message);
      }
      if (err instanceof InfoAnswerError) throw new ContractError(`${topic}: ${err.code}: ${err.message}`);
      throw err;
    } finally {
      stopKeeping();
    }
  };
}
