// Checks a registered appeal against Law 393/96-ВР: the required content (Art. 5) and the grounds
// for not considering it (Art. 8, and Art. 17 for late complaints). The rules are pure
// (lib/appeals/check.ts); the service (lib/appeals/service.ts) gathers the facts and records the
// outcome on the appeal and its timeline once; this hands it to the diagram's gateway as `appealCheck`.
//
// It also hands the diagram the body's two terms that run from receipt, on the legal calendar
// (lib/calendar, held in the database): Art. 5, a defective appeal is returned within 10 days
// (`returnDueDateTime`, the clerks' task's due date), and Art. 7, an appeal outside the body's
// competence is forwarded within 5 days (`forwardDueDateTime`, the head's follow-up date). Calendar
// days from the day of receipt; a last day off moves forward (Civil Code Art. 254 p.5) and the day
// ends with the working hours (Art. 255), as every legal term the calendar computes.
import { Topics, TopicContracts, Variables } from '../../../lib/appeals/manifest.ts';
import { checkAppeal } from '../../../lib/appeals/service.ts';
import { calendarCache } from '../../../lib/calendar/cache.ts';
import { computeDeadline, parseDateTime } from '../../../lib/calendar/index.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { ContractError, variablesValidator, type TopicHandler, type VariableValues, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.checkAppeal;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, config, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  const calendar = calendarCache(db);
  /** Art. 5 and Art. 7: the ends of the two terms, from the receipt. */
  async function terms(receivedAt: Date): Promise<VariableValues> {
    const data = await calendar();
    return {
      [Variables.returnDueDateTime]: computeDeadline({ regime: 'appeal-return', received: receivedAt, calendar: data }).dueDateTime,
      [Variables.forwardDueDateTime]: computeDeadline({ regime: 'appeal-forward', received: receivedAt, calendar: data }).dueDateTime,
    };
  }

  return async (input, context) => {
    checkInput(input);
    const appealId = input[Variables.appealId] as string;
    const receivedAt = parseDateTime(input[Variables.receivedAt] as string, 'Europe/Kyiv');
    if (!receivedAt) throw new ContractError(`${topic}: ${Variables.receivedAt} is not an ISO 8601 date-time`);
    // The e-mail links to the portal's page, never with the code (only its hash is stored). A
    // retried task gets the first recorded outcome back, whatever has changed since.
    const checked = await checkAppeal(db, { appealId, at: now(), trackingUrl: config.cases.trackingUrl });
    if (!checked) throw new ContractError(`appeal ${appealId} does not exist`);
    // Reason codes, never the appeal's content (Law 2297-VI).
    (context?.log ?? log).info({ outcome: checked.outcome, reasons: checked.codes, created: checked.created }, 'appeal checked');
    return { [Variables.appealCheck]: checked.outcome, ...(await terms(receivedAt)) };
  };
}
