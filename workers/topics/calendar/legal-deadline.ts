// Computes a case's legal deadline (lib/calendar) with the calendar held in the database, and
// hands the diagram the due date, the instant its timers wait for (`${dueDateTime}`), and the
// explanation shown to the citizen and the official. Storing the date on the case's own row is
// the business of the stream that owns the case (e.g. appeals); this topic only answers.
//
// Idempotent: the result depends only on the inputs and the calendar, and the only effect is the
// variables the task completes with, so a retried task gives the same answer. Should an
// administrator change the calendar between two attempts, the later attempt gives the answer of
// the calendar in force, which is the one the law asks for.
import { computeDeadline, parseDateTime, type CalendarData, type Deadline, type Regime } from '../../../lib/calendar/index.ts';
import { Topics, TopicContracts, Variables } from '../../../lib/calendar/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { calendarRevision, loadCalendarData } from '../../../lib/calendar/repository.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.legalDeadline;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export interface LegalDeadlineOutput {
  dueDate: string;
  dueDateTime: string;
  deadlineExplanation: Deadline;
  [variable: string]: unknown;
}

export function createHandler({ db, log }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  // Kept for this handler's life, reloaded when the calendar's revision changes.
  let cached: { revision: number; data: CalendarData } | undefined;

  return async (input, context): Promise<LegalDeadlineOutput> => {
    checkInput(input);
    const regime = input[Variables.deadlineRegime] as Regime;
    const receivedAt = parseDateTime(input[Variables.receivedAt] as string, 'Europe/Kyiv');
    if (!receivedAt || receivedAt.getUTCFullYear() < 1900 || receivedAt.getUTCFullYear() > 2099) {
      // Not the value: it is the citizen's case, and the message goes to Cockpit.
      throw new ContractError(`${topic}: ${Variables.receivedAt} is not an ISO 8601 date-time between 1900 and 2099`);
    }
    const revision = await calendarRevision(db);
    if (cached?.revision !== revision) cached = await loadCalendarData(db);

    const deadline = computeDeadline({ regime, received: receivedAt, calendar: cached.data });
    // For terms in hours `due` is a date-time; its calendar day is the date the case shows.
    const dueDate = deadline.due.slice(0, 10);
    (context?.log ?? log).info({ regime, dueDate, calendarRevision: cached.revision }, 'legal deadline computed');
    return {
      [Variables.dueDate]: dueDate,
      [Variables.dueDateTime]: deadline.dueDateTime,
      // The whole Deadline, internal date and dueDateTime included: the one shape a case stores
      // as its term (lib/calendar/stored-term.ts), so the diagram and the portal need nothing else.
      [Variables.deadlineExplanation]: deadline,
    } as LegalDeadlineOutput;
  };
}
