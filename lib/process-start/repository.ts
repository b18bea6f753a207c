// The outbox of process starts: a row written in the same transaction as its document and turned
// into a process instance by lib/process-start/starter.ts, so a start survives an engine outage.
import { lockRowsWithin, type Queryable, type Tx } from '../db.ts';

/** How long a starter waits for its row's lock before it takes its claim for lost. */
const CLAIM_LOCK_WAIT_MS = 2000;

export interface ProcessLink {
  id: number;
  businessKey: string;
  processKey: string;
  processInstanceId: string | null;
  state: 'pending' | 'started';
  attempts: number;
  lastError: string | null;
  variables: Record<string, unknown>;
  /** The process that holds the current claim (lib/supervision/); kept on a started row: who started it. */
  claimedBy: string | null;
  /**
   * The claim's lease end as PostgreSQL prints it (microseconds: a Date would round them away): with
   * the holder, what tells this claim from a later one of the same row.
   */
  leaseToken: string | null;
}

/** One claim of a row: its holder and the lease it took. */
export interface ProcessLinkClaim {
  claimedBy: string;
  leaseToken: string;
}

function fromRow(row: Record<string, unknown>): ProcessLink {
  return {
    id: row.id as number,
    businessKey: row.business_key as string,
    processKey: row.process_key as string,
    processInstanceId: (row.process_instance_id as string | null) ?? null,
    state: row.state as ProcessLink['state'],
    attempts: row.attempts as number,
    lastError: (row.last_error as string | null) ?? null,
    variables: (row.variables as Record<string, unknown>) ?? {},
    claimedBy: (row.claimed_by as string | null) ?? null,
    leaseToken: (row.lease_token as string | null | undefined) ?? null,
  };
}

export async function insertProcessLink(q: Queryable, link: { businessKey: string; processKey: string; variables: Record<string, unknown> }): Promise<number> {
  const [row] = await q('process_links')
    .insert({ business_key: link.businessKey, process_key: link.processKey, variables: JSON.stringify(link.variables) })
    .returning('id');
  return row.id as number;
}

/**
 * Takes one pending row for `leaseSeconds` in the name of `claimedBy`. SKIP LOCKED lets several API
 * nodes claim side by side and passes over a row whose start is in progress (lockProcessLinkClaim).
 * The lease hands a row back if its holder dies unnoticed; lib/supervision/reaper.ts hands it back
 * at once when the holder is known dead.
 */
export async function claimPendingProcessLink(q: Queryable, leaseSeconds: number, claimedBy: string, processKeys?: readonly string[]): Promise<ProcessLink | undefined> {
  const keyFilter = processKeys ? 'AND process_key = ANY(?::text[])' : '';
  const bindings: unknown[] = [leaseSeconds, claimedBy];
  if (processKeys) bindings.push([...processKeys]);
  const { rows } = await q.raw(`
    UPDATE process_links SET lease_until = now() + make_interval(secs => ?), claimed_by = ?
     WHERE id = (SELECT id FROM process_links
                  WHERE state = 'pending' AND (lease_until IS NULL OR lease_until < now()) ${keyFilter}
                  ORDER BY id
                  FOR UPDATE SKIP LOCKED
                  LIMIT 1)
    RETURNING *, lease_until::text AS lease_token`, bindings as never);
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/**
 * In the starter's transaction, before the engine is asked: locks the row if `claim` is still its
 * current claim, and says whether it is. Held until the row is marked, so nobody releases or claims
 * it while its process is being started (both skip locked rows): two starts of one row never run at
 * once, and the business-key check before each start sees the other's instance. Waits a little for a
 * lock held by someone else (see lockOutboxClaim), not for a whole start.
 */
export async function lockProcessLinkClaim(trx: Tx, id: number, claim: ProcessLinkClaim): Promise<boolean> {
  const rows = await lockRowsWithin(trx, `
    SELECT id FROM process_links
     WHERE id = ? AND state = 'pending' AND claimed_by = ? AND lease_until = ?::timestamptz
       FOR UPDATE`, [id, claim.claimedBy, claim.leaseToken], CLAIM_LOCK_WAIT_MS);
  return rows?.length === 1;
}

/** The claim of a row this holder has just taken. */
export function claimOf(link: ProcessLink): ProcessLinkClaim {
  if (!link.claimedBy || !link.leaseToken) throw new Error(`process link ${link.id} is not claimed`);
  return { claimedBy: link.claimedBy, leaseToken: link.leaseToken };
}

/** Marks the row started; the holder stays on it (who started it). */
export async function markProcessLinkStarted(q: Queryable, id: number, processInstanceId: string, claim: ProcessLinkClaim): Promise<void> {
  await q('process_links')
    .where({ id, state: 'pending', claimed_by: claim.claimedBy })
    .update({ state: 'started', process_instance_id: processInstanceId, started_at: q.fn.now(), lease_until: null, last_error: null });
}

/** Gives the row back for a later attempt; `retryAfterSeconds` 0 makes it claimable at once. Only its holder may. */
export async function releaseProcessLink(q: Queryable, id: number, claim: ProcessLinkClaim, error: string, retryAfterSeconds: number): Promise<void> {
  await q('process_links')
    .where({ id, state: 'pending', claimed_by: claim.claimedBy })
    .update({
      attempts: q.raw('attempts + 1'),
      last_error: error.slice(0, 2000),
      claimed_by: null,
      lease_until: retryAfterSeconds > 0 ? q.raw('now() + make_interval(secs => ?)', [retryAfterSeconds]) : null,
    });
}

/** Gives a claimed row back untouched (no attempt counted), for a claim that will not be tried now. */
export async function unclaimProcessLink(q: Queryable, id: number, claim: ProcessLinkClaim): Promise<void> {
  await q('process_links').where({ id, state: 'pending', claimed_by: claim.claimedBy }).update({ lease_until: null, claimed_by: null });
}

/**
 * Hands back at once the pending rows claimed by these holders (processes known dead), without
 * waiting for their lease. A row locked by a start in progress is skipped: its holder's connection
 * is alive after all. Returns how many rows were released.
 */
export async function releaseProcessLinkClaimsOf(q: Queryable, holders: readonly string[]): Promise<number> {
  if (holders.length === 0) return 0;
  const { rows } = await q.raw(`
    UPDATE process_links SET claimed_by = NULL, lease_until = NULL
     WHERE id IN (SELECT id FROM process_links
                   WHERE state = 'pending' AND claimed_by = ANY(?::text[])
                   FOR UPDATE SKIP LOCKED)
    RETURNING id`, [[...holders]]);
  return rows.length;
}

export async function findProcessLink(q: Queryable, businessKey: string, processKey: string): Promise<ProcessLink | undefined> {
  const row = await q('process_links').where({ business_key: businessKey, process_key: processKey }).first();
  return row ? fromRow(row) : undefined;
}

export async function findProcessLinksByBusinessKey(q: Queryable, businessKey: string): Promise<ProcessLink[]> {
  const rows = await q('process_links').where({ business_key: businessKey }).orderBy('id');
  return rows.map(fromRow);
}
