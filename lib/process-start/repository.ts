// The outbox of process starts: a row written in the same transaction as its document and turned
// into a process instance by lib/process-start/starter.ts, so a start survives an engine outage.
import type { Queryable } from '../db.ts';

export interface ProcessLink {
  id: number;
  businessKey: string;
  processKey: string;
  processInstanceId: string | null;
  state: 'pending' | 'started';
  attempts: number;
  lastError: string | null;
  variables: Record<string, unknown>;
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
  };
}

export async function insertProcessLink(q: Queryable, link: { businessKey: string; processKey: string; variables: Record<string, unknown> }): Promise<number> {
  const [row] = await q('process_links')
    .insert({ business_key: link.businessKey, process_key: link.processKey, variables: JSON.stringify(link.variables) })
    .returning('id');
  return row.id as number;
}

/**
 * Takes one pending row for `leaseSeconds`. SKIP LOCKED lets several API nodes claim side by side;
 * the lease hands a row back if its holder dies before marking it.
 */
export async function claimPendingProcessLink(q: Queryable, leaseSeconds: number, processKeys?: readonly string[]): Promise<ProcessLink | undefined> {
  const keyFilter = processKeys ? 'AND process_key = ANY(?::text[])' : '';
  const bindings: unknown[] = [leaseSeconds];
  if (processKeys) bindings.push([...processKeys]);
  const { rows } = await q.raw(`
    UPDATE process_links SET lease_until = now() + make_interval(secs => ?)
     WHERE id = (SELECT id FROM process_links
                  WHERE state = 'pending' AND (lease_until IS NULL OR lease_until < now()) ${keyFilter}
                  ORDER BY id
                  FOR UPDATE SKIP LOCKED
                  LIMIT 1)
    RETURNING *`, bindings as never);
  return rows[0] ? fromRow(rows[0]) : undefined;
}

export async function markProcessLinkStarted(q: Queryable, id: number, processInstanceId: string): Promise<void> {
  await q('process_links')
    .where({ id, state: 'pending' })
    .update({ state: 'started', process_instance_id: processInstanceId, started_at: q.fn.now(), lease_until: null, last_error: null });
}

/** Gives the row back for a later attempt; `retryAfterSeconds` 0 makes it claimable at once. */
export async function releaseProcessLink(q: Queryable, id: number, error: string, retryAfterSeconds: number): Promise<void> {
  await q('process_links')
    .where({ id, state: 'pending' })
    .update({
      attempts: q.raw('attempts + 1'),
      last_error: error.slice(0, 2000),
      lease_until: retryAfterSeconds > 0 ? q.raw('now() + make_interval(secs => ?)', [retryAfterSeconds]) : null,
    });
}

/** Gives a claimed row back untouched (no attempt counted), for a claim that will not be tried now. */
export async function unclaimProcessLink(q: Queryable, id: number): Promise<void> {
  await q('process_links').where({ id, state: 'pending' }).update({ lease_until: null });
}

export async function findProcessLink(q: Queryable, businessKey: string, processKey: string): Promise<ProcessLink | undefined> {
  const row = await q('process_links').where({ business_key: businessKey, process_key: processKey }).first();
  return row ? fromRow(row) : undefined;
}

export async function findProcessLinksByBusinessKey(q: Queryable, businessKey: string): Promise<ProcessLink[]> {
  const rows = await q('process_links').where({ business_key: businessKey }).orderBy('id');
  return rows.map(fromRow);
}
