// Staff sessions: the browser holds a random token; only its SHA-256 is stored, so a copy of the
// table cannot be replayed as cookies.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(q: Queryable, userId: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await q('sessions').insert({ token_hash: hashSessionToken(token), user_id: userId, expires_at: expiresAt });
  return { token, expiresAt };
}

/** The user id of a live session. */
export async function findSessionUserId(q: Queryable, token: string): Promise<number | undefined> {
  const row = await q('sessions')
    .where({ token_hash: hashSessionToken(token) })
    .andWhere('expires_at', '>', q.fn.now())
    .first('user_id');
  return row ? (row.user_id as number) : undefined;
}

export async function deleteSession(q: Queryable, token: string): Promise<void> {
  await q('sessions').where({ token_hash: hashSessionToken(token) }).delete();
}

export async function deleteExpiredSessions(q: Queryable): Promise<number> {
  return q('sessions').where('expires_at', '<=', q.fn.now()).delete();
}
