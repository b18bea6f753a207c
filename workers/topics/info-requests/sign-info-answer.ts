// Signs the reviewed answer to a request for public information with the personal certificate of
// the head who approved it (Law 2155-VIII; Law 2939-VI Art. 22 p.1 for refusals is signed elsewhere:
// refusals are recorded steps). The answer gets its own number in the outgoing journal once (CMU
// 55/2018), then lib/info-requests/answers-repository.ts renders and signs the PDF; it refuses an answer whose
// masks the lawyer has not finished reviewing (Art. 6 p.7), which goes back to the lawyer as a BPMN error.
// It hands the diagram the moment of the signature as stored with it (`infoAnswerSignedAt`, UTC ISO
// 8601): a paper answer cannot be posted before it (lib/info-requests/forms.ts postInfoAnswer).
import { readRuntimeConfig } from '../../../lib/config.ts';
import { BpmnErrors, Topics, TopicContracts, Variables } from '../../../lib/info-requests/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { ukrainianDate } from '../../../lib/appeals/outcomes.ts';
import type { Db } from '../../../lib/db.ts';
import { InfoAnswerError, signInfoAnswer } from '../../../lib/info-requests/answers-repository.ts';
import { findInfoRequestForAnswer } from '../../../lib/info-requests/repository.ts';
import { takeJournalNumber } from '../../../lib/nomenclature/journal-repository.ts';
import { Journals } from '../../../lib/nomenclature/journals.ts';
import { formatRegistrationIndex } from '../../../lib/correspondence/registration-index.ts';
import { createSigningService } from '../../../lib/signing/index.ts';
import { BusinessError, ContractError, keepLocked, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';
import { kyivDate } from '../../../lib/calendar/index.ts';

export const topic = Topics.signInfoAnswer;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

/** The answer's outgoing number, taken once per request (a retried task gets the same one). */
async function answerRegistration(db: Db, requestId: string, answerId: string, at: Date): Promise<{ index: string; on: string } | undefined> {
  return db.transaction(async (trx) => {
    const row = await trx('info_requests').where({ id: requestId }).forUpdate().first('answer_index', 'answer_registered_on');
    if (!row) return undefined;
    if (row.answer_index) {
      await trx('info_requests').where({ id: requestId }).update({ answer_id: answerId });
      return { index: row.answer_index as string, on: kyivDate(row.answer_registered_on as Date) };
    }
    const taken = await takeJournalNumber(trx, { journalCode: Journals.outgoing, at, format: formatRegistrationIndex });
    await trx('info_requests').where({ id: requestId }).update({ answer_id: answerId, answer_index: taken.registrationIndex, answer_registered_on: kyivDate(at) });
    return { index: taken.registrationIndex, on: kyivDate(at) };
  });
}

export function createHandler({ db, log, now, files }: WorkerDeps, options: { dataDir?: string; publicUrl?: string } = {}): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    if (!files) throw new Error(`${topic} needs the file store`);
    const config = readRuntimeConfig();
    const dataDir = options.dataDir ?? config.dataDir;
    const publicUrl = options.publicUrl ?? config.api.publicUrl;
    const requestId = input[Variables.infoRequestId] as string;
    const answerId = input[Variables.infoAnswerId] as string;
    const request = await findInfoRequestForAnswer(db, requestId);
    if (!request?.registrationIndex) throw new ContractError(`info request ${requestId} does not exist or is not registered`);
    const registration = await answerRegistration(db, requestId, answerId, now());
    if (!registration) throw new ContractError(`info request ${requestId} does not exist`);
    // Rendering burns masks into every scanned page (seconds a page) and a new signer's key takes
    // tens of seconds: keep the task while it runs.
    const stopKeeping = keepLocked(context);
    try {
      const signed = await signInfoAnswer({ db, files, signing: createSigningService({ db, dataDir, files, now }), dataDir, publicUrl, now }, answerId, {
        signerUserId: input[Variables.infoApprovedBy] as number,
        registrationIndex: registration.index,
        registeredOn: registration.on,
        // The letter's addressee (personal data): in the PDF only, never in a log.
        recipientName: request.requesterName ?? 'Запитувачу',
        recipientAddress: request.recipientAddress ?? '',
        subject: 'Про надання публічної інформації',
        inReplyTo: `На Ваш запит від ${ukrainianDate(request.receivedOn)} № ${request.registrationIndex}`,
      });
      await db('info_requests').where({ id: requestId }).update({ answer_verify_id: signed.verifyId });
      (context?.log ?? log).info({ answerIndex: registration.index, pdfSha256: signed.pdfSha256 }, 'info answer signed');
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
