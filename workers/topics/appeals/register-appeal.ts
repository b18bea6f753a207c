// Registers a citizen's appeal in the appeals journal: CMU resolution 348 of 14.04.1997 (initial
// letter of the author's surname and a sequential number within the year, marks КО and БП), on the
// day of receipt. Every appeal is registered, including those that will not be considered (that is
// what the БП mark is for); the check comes after. The numbering is the case kernel's (lib/cases/service.ts).
import { Topics, TopicContracts, Variables } from '../../../lib/appeals/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { asStoredTerm } from '../../../lib/calendar/index.ts';
import { registerAppeal } from '../../../lib/appeals/service.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.registerAppeal;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, config, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    const appealId = input[Variables.appealId] as string;
    // Idempotent per appeal: a retried task finds the index it already has.
    const result = await registerAppeal(db, {
      appealId,
      at: now(),
      dueDate: input[Variables.dueDate] as string | undefined,
      // The one stored shape; a case started before legal-deadline gave dueDateTime in it gets it here.
      dueExplanation: asStoredTerm(input[Variables.deadlineExplanation], input[Variables.dueDateTime] as string | undefined),
      // The e-mail links to the portal's page, never with the code (only its hash is stored).
      trackingUrl: config.cases.trackingUrl,
    });
    // The API stores the appeal before it starts the process: a missing one is a broken contract.
    if (!result) throw new ContractError(`appeal ${appealId} does not exist`);
    (context?.log ?? log).info(
      { journal: result.journalCode, year: result.year, number: result.registrationNumber, created: result.created },
      result.created ? 'appeal registered' : 'appeal was already registered',
    );
    return {
      [Variables.registrationIndex]: result.registrationIndex,
      [Variables.registrationNumber]: result.registrationNumber,
      [Variables.journalCode]: result.journalCode,
    };
  };
}

