// Checks a registered appeal against Law 393/96-ВР: the required content (Art. 5) and the grounds
// for not considering it (Art. 8, and Art. 17 for late complaints). The rules are pure
// (lib/appeals/check.ts); this module gathers the facts, records the outcome on the appeal and its
// timeline once, and hands the outcome to the diagram's gateway as `appealCheck`.
import { checkAppeal, trackingPageUrl } from '../../../lib/appeals/index.ts';
import { Topics, TopicContracts, Variables } from '../../../lib/appeals/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { findAppealForCheck, findEarlierDecidedAppeal, recordAppealCheck } from '../../../lib/appeals/repository.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.checkAppeal;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, log, now }: WorkerDeps, options: { trackingUrl?: string } = {}): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  // The e-mail links to the portal's page, never with the code (only its hash is stored).
  const trackingUrl = options.trackingUrl ?? trackingPageUrl();
  return async (input, context) => {
    checkInput(input);
    const appealId = input[Variables.appealId] as string;
    const appeal = await findAppealForCheck(db, appealId);
    if (!appeal) throw new ContractError(`appeal ${appealId} does not exist`);
    // A retried task: the first recorded outcome stands, whatever has changed since.
    if (appeal.checkOutcome) return { [Variables.appealCheck]: appeal.checkOutcome };

    const earlier = await findEarlierDecidedAppeal(db, appeal);
    const { outcome, reasons } = checkAppeal({ ...appeal, earlierDecidedAppeal: earlier !== undefined });
    const recorded = await recordAppealCheck(db, { appealId, outcome, reasons, repeatOf: earlier, at: now(), trackingUrl });
    if (!recorded) throw new ContractError(`appeal ${appealId} does not exist`);
    // Reason codes, never the appeal's content (Law 2297-VI).
    (context?.log ?? log).info({ outcome: recorded.outcome, reasons: reasons.map((r) => r.code), created: recorded.created }, 'appeal checked');
    return { [Variables.appealCheck]: recorded.outcome };
  };
}
