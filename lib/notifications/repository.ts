// The outbox of notifications (outbox_messages): rows written inside the transaction of the state
// change they announce, claimed and marked by lib/notifications/dispatcher.ts.
import { lockRowsWithin, type Queryable, type Tx } from '../db.ts';

/** How long a holder waits for its row's lock before it takes its claim for lost. */
const CLAIM_LOCK_WAIT_MS = 2000;

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
  /** The process that holds the current claim (lib/supervision/); kept on a sent row: who sent it. */
  claimedBy: string | null;
}

/** One claim of a row: its holder and the attempt it counted. A later claim has a higher attempt. */
export interface OutboxClaim {
  claimedBy: string;
  attempt: number;
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
    claimedBy: (row.claimed_by as string | null) ?? null,
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
 * Takes up to `limit` due pending rows for `leaseSeconds` in the name of `claimedBy`, and counts the
 * attempt. SKIP LOCKED lets several dispatchers claim side by side and passes over a row whose send is
 * in progress (lockOutboxClaim). The lease (a later next_attempt_at) hands a row back if its holder
 * dies unnoticed; lib/supervision/reaper.ts hands it back at once when the holder is known dead.
 */
export async function claimDueOutboxMessages(q: Queryable, leaseSeconds: number, limit: number, claimedBy: string): Promise<OutboxMessage[]> {
  const { rows } = await q.raw(`
    UPDATE outbox_messages
       SET next_attempt_at = now() + make_interval(secs => ?), attempts = attempts + 1, claimed_by = ?
     WHERE id IN (SELECT id FROM outbox_messages
                   WHERE state = 'pending' AND next_attempt_at <= now()
                   ORDER BY next_attempt_at, id
                   FOR UPDATE SKIP LOCKED
                   LIMIT ?)
    RETURNING *`, [leaseSeconds, claimedBy, limit]);
  return (rows as Record<string, unknown>[]).map(fromRow).sort((a, b) => a.id - b.id);
}

/**
 * In the sender's transaction, before the message is handed to SMTP: locks the row if `claim` is
 * still its current claim (pending, same holder, same attempt), and says whether it is. The lock is
 * held until the row is marked, so nobody can release or claim the row while it is being sent (both
 * skip locked rows), and a holder whose claim was released or taken over meanwhile finds out here
 * and sends nothing. It waits a little for a lock held by someone else (a concurrent claim's
 * statement may hold it for an instant; the condition is checked again once it is ours), not for a
 * whole send: a row someone else is sending is not this claim's any more.
 */
export async function lockOutboxClaim(trx: Tx, id: number, claim: OutboxClaim): Promise<boolean> {
  const rows = await lockRowsWithin(trx, `
    SELECT id FROM outbox_messages
     WHERE id = ? AND state = 'pending' AND claimed_by = ? AND attempts = ?
       FOR UPDATE`, [id, claim.claimedBy, claim.attempt], CLAIM_LOCK_WAIT_MS);
  return rows?.length === 1;
}

/** Marks the row sent; only the claim that sent it may (the holder stays on the row: who sent it). */
export async function markOutboxMessageSent(q: Queryable, id: number, messageId: string, claim: OutboxClaim): Promise<void> {
  await q('outbox_messages')
    .where({ id, state: 'pending', claimed_by: claim.claimedBy, attempts: claim.attempt })
    .update({ state: 'sent', sent_at: q.fn.now(), message_id: messageId, last_error: null });
}

/**
 * Records a failed attempt and ends the claim: back to pending after `retryAfterSeconds`, or
 * `failed` for good when it is undefined. The claim fences a holder whose lease ran out: only the
 * latest claim may record.
 */
export async function markOutboxMessageFailed(q: Queryable, id: number, claim: OutboxClaim, error: string, retryAfterSeconds?: number): Promise<void> {
  await q('outbox_messages')
    .where({ id, state: 'pending', claimed_by: claim.claimedBy, attempts: claim.attempt })
    .update(retryAfterSeconds === undefined
      ? { state: 'failed', last_error: error.slice(0, 2000), claimed_by: null }
      : { last_error: error.slice(0, 2000), claimed_by: null, next_attempt_at: q.raw('now() + make_interval(secs => ?)', [retryAfterSeconds]) });
}

/**
 * Hands back at once the pending rows claimed by these holders (processes known dead), without
 * waiting for their lease. A row locked by a send in progress is skipped: its holder is alive after
 * all (its connection holds the lock) and will mark it. Returns how many rows were released.
 */
export async function releaseOutboxClaimsOf(q: Queryable, holders: readonly string[]): Promise<number> {
  if (holders.length === 0) return 0;
  const { rows } = await q.raw(`
    UPDATE outbox_messages SET claimed_by = NULL, next_attempt_at = now()
     WHERE id IN (SELECT id FROM outbox_messages
                   WHERE state = 'pending' AND claimed_by = ANY(?::text[])
                   FOR UPDATE SKIP LOCKED)
    RETURNING id`, [[...holders]]);
  return rows.length;
}

export async function findOutboxMessage(q: Queryable, eventKey: string): Promise<OutboxMessage | undefined> {
  const row = await q('outbox_messages').where({ event_key: eventKey }).first();
  return row ? fromRow(row) : undefined;
}
