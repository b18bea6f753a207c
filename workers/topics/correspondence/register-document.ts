// Registers an incoming document in the journal of incoming documents: CMU resolution 55 of
// 17.01.2018 requires every document to be registered once, on the day of receipt (after working
// hours: the next working day), with a number that has no gaps and no duplicates within the journal
// and year. The numbering lives in lib/correspondence/registrations-repository.ts, the date in lib/correspondence/registration-date.ts
// with the calendar held in the database; this module only adapts them to the process.
import type { CalendarData } from '../../../lib/calendar/index.ts';
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { registrationMoment } from '../../../lib/correspondence/registration-date.ts';
import { calendarRevision, loadCalendarData } from '../../../lib/calendar/repository.ts';
import { Journals, registerDocument } from '../../../lib/correspondence/registrations-repository.ts';
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
  let calendar: { revision: number; data: CalendarData } | undefined;
  return async (input, context): Promise<RegisterDocumentOutput> => {
    checkInput(input);
    const documentId = input[Variables.documentId] as string;
    const revision = await calendarRevision(db);
    if (calendar?.revision !== revision) calendar = await loadCalendarData(db);
    const data = calendar.data;
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
