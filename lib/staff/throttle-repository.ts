// SQL of sign-in throttling: the counters (login_throttles) and the operators' alerts
// (security_alerts). Times are the database's, the one clock every API process shares.
import type { Queryable } from '../db.ts';
import type { ThrottleRule } from '../config.ts';
import { waitAfter } from './throttle-policy.ts';

export type ThrottleKind = 'account' | 'address';

export type Claim =
  | { blocked: false; failures: number; locks: boolean; blockedUntil: Date | null }
  | { blocked: true; failures: number; blockedUntil: Date; retryAfterSeconds: number };

/**
 * Counts an attempt before its password is checked, unless the counter blocks now. Counting first
 * means attempts sent all at once see each other: from the first that crosses a threshold on, the
 * others are refused without a check. The row stays locked until the caller's transaction ends.
 */
export async function claimAttempt(q: Queryable, key: string, kind: ThrottleKind, rule: ThrottleRule): Promise<Claim> {
  const { rows } = await q.raw(`
    INSERT INTO login_throttles AS t (key, kind, failures, last_attempt_at)
    VALUES (?, ?, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.last_attempt_at < now() - ? * interval '1 millisecond' THEN 1 ELSE t.failures + 1 END,
      last_attempt_at = now()
    WHERE t.blocked_until IS NULL OR t.blocked_until <= now()
    RETURNING failures`, [key, kind, rule.windowMs]);
  const counted = rows[0] as { failures: number } | undefined;
  if (!counted) {
    const { rows: [row] } = await q.raw(`
      SELECT failures, blocked_until, ceil(extract(epoch FROM blocked_until - now()))::integer AS seconds
        FROM login_throttles WHERE key = ?`, [key]);
    return { blocked: true, failures: row.failures, blockedUntil: row.blocked_until, retryAfterSeconds: Math.max(1, row.seconds) };
  }
  const wait = waitAfter(rule, counted.failures);
  const { rows: [updated] } = await q.raw(`
    UPDATE login_throttles SET blocked_until = CASE WHEN ? > 0 THEN now() + ? * interval '1 millisecond' END
     WHERE key = ? RETURNING blocked_until`, [wait.ms, wait.ms, key]);
  return { blocked: false, failures: counted.failures, locks: wait.locks, blockedUntil: updated.blocked_until };
}

/** A successful sign-in: the account's failures are forgiven, and this attempt no longer counts for the address. */
export async function forgiveAttempt(q: Queryable, accountKey: string, addressKey: string): Promise<void> {
  await q('login_throttles').where({ key: accountKey }).delete();
  await q('login_throttles').where({ key: addressKey }).update({ failures: q.raw('greatest(failures - 1, 0)') });
}

/** Counters quiet for longer than `olderThanMs` and blocking nothing: they would restart from zero anyway. */
export async function purgeStaleThrottles(q: Queryable, olderThanMs: number): Promise<number> {
  return q('login_throttles')
    .where('last_attempt_at', '<', q.raw(`now() - ? * interval '1 millisecond'`, [olderThanMs]))
    .andWhere((w) => w.whereNull('blocked_until').orWhere('blocked_until', '<=', q.fn.now()))
    .delete();
}

export interface NewSecurityAlert {
  kind: 'account-locked' | 'address-locked';
  staffUserId: number | null;
  address: string;
  failures: number;
  lockedUntil: Date;
}

export async function insertSecurityAlert(q: Queryable, alert: NewSecurityAlert): Promise<void> {
  await q('security_alerts').insert({
    kind: alert.kind, staff_user_id: alert.staffUserId, address: alert.address, failures: alert.failures, locked_until: alert.lockedUntil,
  });
}
