// Queues an e-mail to a citizen: the diagram says which template, to whom, with what parameters and
// under which event key; this only writes the outbox row (in a transaction) and completes. Sending is
// lib/notifications/dispatcher.ts's job, so a slow or absent mail server never holds up a case.
// Idempotent by the event key: a retried or twice-delivered task finds its row and queues nothing.
import { Topics, TopicContracts, Variables } from '../../../lib/notifications/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { enqueueMessage, InvalidMessageError, isTemplateName, TemplateError } from '../../../lib/notifications/index.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.notify;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, log }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    const template = input[Variables.notifyTemplate] as string;
    const eventKey = input[Variables.notifyEventKey] as string;
    if (!isTemplateName(template)) throw new ContractError(`unknown e-mail template "${template}"`);
    let queued: boolean;
    try {
      queued = await db.transaction((trx) => enqueueMessage(trx, {
        eventKey,
        to: input[Variables.notifyTo] as string,
        template,
        params: (input[Variables.notifyParams] ?? {}) as Record<string, string>,
      }));
    } catch (error) {
      // A message that could never be sent: an incident with the reason (names, never values).
      if (error instanceof TemplateError || error instanceof InvalidMessageError) throw new ContractError(error.message);
      throw error;
    }
    (context?.log ?? log).info({ eventKey, template, queued }, queued ? 'e-mail queued' : 'e-mail was already queued');
    return {};
  };
}
