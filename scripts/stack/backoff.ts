// How long the launcher waits before restarting a child that ended without being asked: 1 s, then
// doubling up to 30 s while it keeps crashing soon after each start, and 1 s again once it had stayed
// up a while (a crash an hour later is a new incident, not the same crash loop). Pure, for the tests.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A child that ran at least this long before it ended starts the sequence again. */
  resetAfterMs: number;
}

export const RESTART_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30000, resetAfterMs: 60000 };

export class RestartBackoff {
  private crashes = 0;

  constructor(private readonly policy: BackoffPolicy = RESTART_BACKOFF) {}

  /** The wait before the restart of a child that ended after running `uptimeMs`. */
  next(uptimeMs: number): number {
    if (uptimeMs >= this.policy.resetAfterMs) this.crashes = 0;
    const delay = Math.min(this.policy.maxMs, this.policy.initialMs * 2 ** this.crashes);
    // Capped, so the exponent stays small however long a crash loop lasts.
    if (delay < this.policy.maxMs) this.crashes += 1;
    return delay;
  }
}
