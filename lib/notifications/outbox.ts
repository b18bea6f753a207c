// How the rest of the system sends a citizen an e-mail: enqueue it inside the transaction that
// changes the state it announces. The message then exists if and only if the change committed, and
// lib/notifications/dispatcher.ts delivers it later, whatever happens to the SMTP server meanwhile.
import type { Tx } from '../db.ts';
import { insertOutboxMessage } from './repository.ts';
import { checkParams, type TemplateName } from './templates.ts';

export interface OutgoingMessage {
  /**
   * What happened, one key per e-mail, e.g. `appeal:<id>:registered`. Ids only, no personal data.
   * A second enqueue with the same key is a no-op: that is what keeps a retried worker or a
   * repeated request from sending the e-mail twice.
   */
  eventKey: string;
  /** The address the citizen gave. */
  to: string;
  template: TemplateName;
  params: Record<string, string | undefined>;
}

// Colon-separated parts, none empty: a key ending in ":" is a key whose event id went missing.
const EVENT_KEY = /^[A-Za-z0-9._\/-]+(?::[A-Za-z0-9._\/-]+)*$/;
// Deliberately loose: the SMTP server is the judge of deliverability; this only catches what is
// plainly not one address (and anything that could smuggle a second header or recipient).
const ADDRESS = /^[^\s@<>(),;:"\[\]\\]+@[^\s@<>(),;:"\[\]\\]+\.[^\s@<>(),;:"\[\]\\]+$/;

export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
}

/**
 * Queues the message in the caller's transaction. Resolves true when it was queued, false when a
 * message with the same event key already exists. Throws InvalidMessageError (or the templates'
 * TemplateError) for a message that could never be sent, so the caller's change rolls back with it.
 */
export async function enqueueMessage(trx: Tx, message: OutgoingMessage): Promise<boolean> {
  if (message.eventKey.length > 200 || !EVENT_KEY.test(message.eventKey)) {
    throw new InvalidMessageError('the event key must be up to 200 characters: parts of letters, digits and ._/- joined by ":"');
  }
  if (message.to.length > 254 || !ADDRESS.test(message.to)) throw new InvalidMessageError('the recipient is not an e-mail address');
  // Rendered again when sent; checking now keeps a message that could never render out of the outbox.
  const params = Object.fromEntries(Object.entries(message.params).filter(([, v]) => v !== undefined));
  checkParams(message.template, params);
  const id = await insertOutboxMessage(trx, { eventKey: message.eventKey, recipient: message.to, template: message.template, params });
  return id !== undefined;
}
