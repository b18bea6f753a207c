// Registers an incoming document in the journal of incoming documents: CMU resolution 55 of
// 17.01.2018 requires every document to be registered once, on the day of receipt (after working
// hours: the next working day), with a number that has no gaps and no duplicates within the journal
// and year. The use case lives in lib/correspondence/service.ts (registerDocument), the date in
// lib/correspondence/registration-date.ts with the calendar held in the database; this module only
// adapts them to the process.
import { calendarCache } from '../../../lib/calendar/cache.ts';
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { registrationMoment } from '../../../lib/correspondence/registration-date.ts';
import { registerDocument } from '../../../lib/correspondence/service.ts';
import { Journals } from '../../../lib/nomenclature/journals.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.registerDocument;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export interface RegisterDocumentInput {
  documentId: string;
}

export interface RegisterDocumentOutput {
  registrationIndex: string;
  registrationNumber: number;
  journalCode: string;
  [variable: string]: unknown;
}

export function createHandler({ db, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  // Kept for this handler's life, reloaded when the calendar's revision changes.
  const calendar = calendarCache(db);
  return async (input, context): Promise<RegisterDocumentOutput> => {
    checkInput(input);
    const documentId = input[Variables.documentId] as string;
    const data = await calendar();
    const at = now();
    // Registration is idempotent per document and journal, so a retried or twice-delivered task
    // gets the number it already has instead of a second one. Its date (and so the numbering year)
    // follows the receipt: a letter of Friday evening is registered on Monday (CMU 55/2018).
    const result = await registerDocument(db, {
      documentId, journalCode: Journals.incoming, at,
      registeredAt: (receivedAt) => registrationMoment(receivedAt, at, data),
    });
    // The API stores the document before it starts the process, so a missing one is a broken
    // contract, not a business outcome: an incident for an administrator to look at.
    if (!result) throw new ContractError(`document ${documentId} does not exist`);
    const { registration, created } = result;
    (context?.log ?? log).info(
      { journal: registration.journalCode, year: registration.year, number: registration.number, created },
      created ? 'document registered' : 'document was already registered',
    );
    return {
      [Variables.registrationIndex]: registration.registrationIndex,
      [Variables.registrationNumber]: registration.number,
      [Variables.journalCode]: registration.journalCode,
    } as RegisterDocumentOutput;
  };
}
