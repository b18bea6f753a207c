// A per-key token bucket for public routes (appeal intake, tracking): enough against a script
// hammering one address from one API node; several nodes each keep their own buckets. The clock is
// an argument, so the rule is tested without waiting.

export interface TokenBucketOptions {
  /** Requests allowed at once. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
  /** Forget keys idle this long, so the map cannot grow without bound. */
  idleMs?: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Seconds until one token is back (for Retry-After). */
  retryAfterSeconds: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(private readonly options: TokenBucketOptions, private readonly now: () => number = Date.now) {}

  take(key: string): TakeResult {
    const now = this.now();
    this.sweep(now);
    const { capacity, refillPerSecond } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    const idleMs = this.options.idleMs ?? 10 * 60 * 1000;
    if (now - this.lastSweep < idleMs) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (now - bucket.at > idleMs) this.buckets.delete(key);
  }
}
