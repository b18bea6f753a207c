// Checks a registered appeal against Law 393/96-ВР: the required content (Art. 5) and the grounds
// for not considering it (Art. 8, and Art. 17 for late complaints). The rules are pure
// (lib/appeals/check.ts); this module gathers the facts, records the outcome on the appeal and its
// timeline once, and hands the outcome to the diagram's gateway as `appealCheck`.
//
// It also hands the diagram the body's two terms that run from receipt, on the legal calendar
// (lib/calendar, held in the database): Art. 5, a defective appeal is returned within 10 days
// (`returnDueDateTime`, the clerks' task's due date), and Art. 7, an appeal outside the body's
// competence is forwarded within 5 days (`forwardDueDateTime`, the head's follow-up date). Calendar
// days from the day of receipt; a last day off moves forward (Civil Code Art. 254 p.5) and the day
// ends with the working hours (Art. 255), as every legal term the calendar computes.
import { checkAppeal, trackingPageUrl } from '../../../lib/appeals/index.ts';
import { Topics, TopicContracts, Variables } from '../../../lib/appeals/manifest.ts';
import { computeDeadline, parseDateTime, type CalendarData } from '../../../lib/calendar/index.ts';
import { calendarRevision, loadCalendarData } from '../../../lib/calendar/repository.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { findAppealForCheck, findEarlierDecidedAppeal, recordAppealCheck } from '../../../lib/appeals/repository.ts';
import { ContractError, variablesValidator, type TopicHandler, type VariableValues, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.checkAppeal;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, log, now }: WorkerDeps, options: { trackingUrl?: string } = {}): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  // The e-mail links to the portal's page, never with the code (only its hash is stored).
  const trackingUrl = options.trackingUrl ?? trackingPageUrl();
  // Kept for this handler's life, reloaded when the calendar's revision changes.
  let cached: { revision: number; data: CalendarData } | undefined;
  async function calendar(): Promise<CalendarData> {
    const revision = await calendarRevision(db);
    if (cached?.revision !== revision) cached = await loadCalendarData(db);
    return cached.data;
  }
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
    const appeal = await findAppealForCheck(db, appealId);
    if (!appeal) throw new ContractError(`appeal ${appealId} does not exist`);
    // A retried task: the first recorded outcome stands, whatever has changed since.
    if (appeal.checkOutcome) return { [Variables.appealCheck]: appeal.checkOutcome, ...(await terms(receivedAt)) };

    const earlier = await findEarlierDecidedAppeal(db, appeal);
    const { outcome, reasons } = checkAppeal({ ...appeal, earlierDecidedAppeal: earlier !== undefined });
    const recorded = await recordAppealCheck(db, { appealId, outcome, reasons, repeatOf: earlier, at: now(), trackingUrl });
    if (!recorded) throw new ContractError(`appeal ${appealId} does not exist`);
    // Reason codes, never the appeal's content (Law 2297-VI).
    (context?.log ?? log).info({ outcome: recorded.outcome, reasons: reasons.map((r) => r.code), created: recorded.created }, 'appeal checked');
    return { [Variables.appealCheck]: recorded.outcome, ...(await terms(receivedAt)) };
  };
}
