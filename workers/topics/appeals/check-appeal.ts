// Checks a registered appeal against Law 393/96-ВР: the required content (Art. 5) and the grounds
// for not considering it (Art. 8, and Art. 17 for late complaints). The rules are pure
// (lib/appeals/check.ts); the service (lib/appeals/service.ts) gathers the facts and records the
// outcome on the appeal and its timeline once; this hands it to the diagram's gateway as `appealCheck`.
import { Topics, TopicContracts, Variables } from '../../../lib/appeals/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { checkAppeal } from '../../../lib/appeals/service.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.checkAppeal;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, config, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    const appealId = input[Variables.appealId] as string;
    // The e-mail links to the portal's page, never with the code (only its hash is stored).
    const checked = await checkAppeal(db, { appealId, at: now(), trackingUrl: config.cases.trackingUrl });
    if (!checked) throw new ContractError(`appeal ${appealId} does not exist`);
    // Reason codes, never the appeal's content (Law 2297-VI).
    (context?.log ?? log).info({ outcome: checked.outcome, reasons: checked.codes, created: checked.created }, 'appeal checked');
    return { [Variables.appealCheck]: checked.outcome };
  };
}
