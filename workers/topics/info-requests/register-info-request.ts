// Registers a request for public information in its own journal (`ЗІ-<n>`, gapless within the year)
// with the legal term the legal-deadline task computed (Law 2939-VI Art. 20), and gives the
// diagram the instant of the reminder one working day before the due day.
import { Topics, TopicContracts, Variables } from '../../../lib/info-requests/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { infoReminderDateTime } from '../../../lib/info-requests/index.ts';
import { registerInfoRequest } from '../../../lib/info-requests/service.ts';
import { calendarCache } from '../../../lib/calendar/cache.ts';
import { asStoredTerm } from '../../../lib/calendar/index.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.registerInfoRequest;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, config, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  const trackingUrl = config.cases.trackingUrl;
  const calendar = calendarCache(db);
  return async (input, context) => {
    checkInput(input);
    const requestId = input[Variables.infoRequestId] as string;
    const dueDate = input[Variables.dueDate] as string | undefined;
    const dueDateTime = input[Variables.dueDateTime] as string | undefined;
    if (!dueDate || !dueDateTime) throw new ContractError(`${topic} runs after legal-deadline: ${Variables.dueDate} and ${Variables.dueDateTime} are missing`);
    const result = await registerInfoRequest(db, {
      // The one stored shape; a case started before legal-deadline gave dueDateTime in it gets it here.
      requestId, at: now(), dueDate, dueExplanation: asStoredTerm(input[Variables.deadlineExplanation], dueDateTime), trackingUrl,
    });
    if (!result) throw new ContractError(`info request ${requestId} does not exist`);
    (context?.log ?? log).info({ journal: result.journalCode, year: result.year, number: result.registrationNumber, created: result.created }, 'info request registered');
    return {
      [Variables.registrationIndex]: result.registrationIndex,
      [Variables.registrationNumber]: result.registrationNumber,
      [Variables.journalCode]: result.journalCode,
      [Variables.reminderDateTime]: infoReminderDateTime({ dueDate, dueDateTime, regime: input[Variables.deadlineRegime] as string | undefined }, await calendar(), now()),
    };
  };
}

