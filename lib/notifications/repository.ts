// The outbox of notifications (outbox_messages): rows written inside the transaction of the state
// change they announce, claimed and marked by lib/notifications/dispatcher.ts.
import type { Queryable } from '../db.ts';

export type OutboxState = 'pending' | 'sent' | 'failed';

export interface OutboxMessage {
  id: number;
  eventKey: string;
  channel: 'email';
  recipient: string;
  template: string;
  params: Record<string, unknown>;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  messageId: string | null;
}

function fromRow(row: Record<string, unknown>): OutboxMessage {
  return {
    // bigserial arrives as a string from pg; our ids stay far below 2^53.
    id: Number(row.id),
    eventKey: row.event_key as string,
    channel: row.channel as 'email',
    recipient: row.recipient as string,
    template: row.template as string,
    params: (row.params as Record<string, unknown>) ?? {},
    state: row.state as OutboxState,
    attempts: row.attempts as number,
    nextAttemptAt: row.next_attempt_at as Date,
    lastError: (row.last_error as string | null) ?? null,
    createdAt: row.created_at as Date,
    sentAt: (row.sent_at as Date | null) ?? null,
    messageId: (row.message_id as string | null) ?? null,
  };
}

/** Inserts the message unless its event key exists; returns the new id, or undefined for a duplicate. */
export async function insertOutboxMessage(
  q: Queryable,
  message: { eventKey: string; recipient: string; template: string; params: Record<string, unknown> },
): Promise<number | undefined> {
  const rows = await q('outbox_messages')
    .insert({
      event_key: message.eventKey,
      channel: 'email',
      recipient: message.recipient,
      template: message.template,
      params: JSON.stringify(message.params),
    })
    .onConflict('event_key')
    .ignore()
    .returning('id');
  return rows[0] ? Number(rows[0].id) : undefined;
}

/**
 * Takes up to `limit` due pending rows for `leaseSeconds` and counts the attempt. SKIP LOCKED lets
 * several dispatchers claim side by side; the lease (a later next_attempt_at) hands a row back if
 * its holder dies before marking it.
 */
export async function claimDueOutboxMessages(q: Queryable, leaseSeconds: number, limit: number): Promise<OutboxMessage[]> {
  const { rows } = await q.raw(`
    UPDATE outbox_messages
       SET next_attempt_at = now() + make_interval(secs => ?), attempts = attempts + 1
     WHERE id IN (SELECT id FROM outbox_messages
                   WHERE state = 'pending' AND next_attempt_at <= now()
                   ORDER BY next_attempt_at, id
                   FOR UPDATE SKIP LOCKED
                   LIMIT ?)
    RETURNING *`, [leaseSeconds, limit]);
  return (rows as Record<string, unknown>[]).map(fromRow).sort((a, b) => a.id - b.id);
}

export async function markOutboxMessageSent(q: Queryable, id: number, messageId: string): Promise<void> {
  await q('outbox_messages')
    .where({ id, state: 'pending' })
    .update({ state: 'sent', sent_at: q.fn.now(), message_id: messageId, last_error: null });
}

/**
 * Records a failed attempt: back to pending after `retryAfterSeconds`, or `failed` for good when it
 * is undefined. `attempt` fences a holder whose lease ran out: only the latest claim may record.
 */
export async function markOutboxMessageFailed(q: Queryable, id: number, attempt: number, error: string, retryAfterSeconds?: number): Promise<void> {
  await q('outbox_messages')
    .where({ id, state: 'pending', attempts: attempt })
    .update(retryAfterSeconds === undefined
      ? { state: 'failed', last_error: error.slice(0, 2000) }
      : { last_error: error.slice(0, 2000), next_attempt_at: q.raw('now() + make_interval(secs => ?)', [retryAfterSeconds]) });
}

export async function findOutboxMessage(q: Queryable, eventKey: string): Promise<OutboxMessage | undefined> {
  const row = await q('outbox_messages').where({ event_key: eventKey }).first();
  return row ? fromRow(row) : undefined;
}
