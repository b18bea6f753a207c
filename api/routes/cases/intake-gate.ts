// The gate of every route a citizen files a case through (appeals, information requests, later
// service applications): staff behind a session pass, anonymous callers are rate-limited per address.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../../../lib/problem.ts';
import { findSessionUserId } from '../../../lib/staff/sessions-repository.ts';
import { findStaffUser } from '../../../lib/staff/repository.ts';
import { TokenBuckets } from '../../../lib/token-bucket.ts';
import { SESSION_COOKIE, type RouteDeps } from '../../route-kit.ts';

/**
 * Loads the staff member behind a session cookie on this public route, where the access hook loads
 * nobody. A fake cookie only makes the caller anonymous.
 */
export async function optionalStaff(request: FastifyRequest, db: RouteDeps['db']): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return;
  const userId = await findSessionUserId(db, token);
  if (userId !== undefined) request.user = (await findStaffUser(db, userId)) ?? null;
}

/**
 * The onRequest gate of a citizen's submission route (appeals, information requests), one per route.
 * Anonymous callers only: staff enter submissions at the counter in bursts. 30 at once, then one
 * every 10 seconds per address (one API node's view; see README). config.cases.submissionBurst raises
 * the burst for `npm run bench:appeals` and the test suite, whose load comes from one address; never
 * set in production, where the default 30 is the protection. It runs before the body is read and
 * validated: a flood costs one map lookup per request.
 */
export function citizenSubmissionGate({ db, config }: Pick<RouteDeps, 'db' | 'config'>): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const buckets = new TokenBuckets({ capacity: config.cases.submissionBurst, refillPerSecond: 0.1 });
  return async (request, reply) => {
    await optionalStaff(request, db);
    if (request.user) return;
    const { allowed, retryAfterSeconds } = buckets.take(request.ip);
    if (!allowed) {
      reply.header('retry-after', String(retryAfterSeconds));
      throw new ProblemError('too-many-requests');
    }
  };
}
