// The anti-forgery token of a staff session, for clients that send neither `Origin` nor
// `Sec-Fetch-Site` (curl, scripts, very old browsers): api/cross-origin-guard.ts asks them for it in
// `x-csrf-token`. Derived from the session token by HMAC, so nothing more is stored, it changes with
// every session, and only who has read the login answer (or `GET /api/v1/auth/me`) knows it: a page
// of another origin can send the cookie but never read it. Not the session's stored hash
// (sessions-repository.ts), so a copy of the table gives no tokens either.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CSRF_HEADER = 'x-csrf-token';

export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('hromada csrf token v1').digest('base64url');
}

export function csrfTokenMatches(sessionToken: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
