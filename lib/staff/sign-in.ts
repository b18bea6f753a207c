// The sign-in of a staff member: throttling per account and per address, the password check, and
// the move of an old hash to argon2id. The route (api/routes/auth.ts) opens the session.
//
// Every attempt is counted under the username as typed and under the caller's address before its
// password is checked; a counter that blocks refuses the attempt at once, with no hash computed. A
// success forgives the account's failures. An unknown username is counted and locked like a real
// one, so neither the answer nor the lock-out tells which usernames exist.
import type { Db } from '../db.ts';
import type { SignInPolicy } from '../config.ts';
import { appendAudit, userActor } from '../audit.ts';
import { dummyPasswordHash, type PasswordHasher } from './passwords.ts';
import { findCredentials, findStaffUser, replacePasswordHash, type StaffUser } from './repository.ts';
import { accountKey, addressKey, addressOf } from './throttle-policy.ts';
import { claimAttempt, forgiveAttempt, insertSecurityAlert, purgeStaleThrottles, type Claim, type ThrottleKind } from './throttle-repository.ts';

export interface SignInDeps {
  db: Db;
  passwords: PasswordHasher;
  policy: SignInPolicy;
}

export interface SignInAttempt {
  username: string;
  password: string;
  /** The caller's IP address as the API sees it. */
  ip: string;
}

export type SignInOutcome =
  | { kind: 'signed-in'; user: StaffUser }
  | { kind: 'refused'; userId: number | null }
  | { kind: 'throttled'; scope: ThrottleKind; locked: boolean; failures: number; until: Date; retryAfterSeconds: number };

class Blocked extends Error {
  constructor(readonly scope: ThrottleKind, readonly claim: Extract<Claim, { blocked: true }>) {
    super('blocked');
  }
}

export async function signIn(deps: SignInDeps, attempt: SignInAttempt): Promise<SignInOutcome> {
  const { db, passwords, policy } = deps;
  const keys = { account: accountKey(attempt.username), address: addressKey(attempt.ip) };

  // Both counters in one short transaction: an attempt refused by one is counted by neither.
  let claims: { account: Claim; address: Claim };
  try {
    claims = await db.transaction(async (tx) => {
      const address = await claimAttempt(tx, keys.address, 'address', policy.address);
      if (address.blocked) throw new Blocked('address', address);
      const account = await claimAttempt(tx, keys.account, 'account', policy.account);
      if (account.blocked) throw new Blocked('account', account);
      return { account, address };
    });
  } catch (err) {
    if (!(err instanceof Blocked)) throw err;
    const rule = policy[err.scope];
    return {
      kind: 'throttled', scope: err.scope, locked: err.claim.failures >= rule.lockAfter, failures: err.claim.failures,
      until: err.claim.blockedUntil, retryAfterSeconds: err.claim.retryAfterSeconds,
    };
  }

  const credentials = await findCredentials(db, attempt.username);
  const valid = credentials
    ? await passwords.verify(attempt.password, credentials.passwordHash)
    : (await passwords.verify(attempt.password, await dummyPasswordHash()), false);
  const user = credentials && valid ? await findStaffUser(db, credentials.id) : undefined;

  if (!credentials || !user) {
    for (const scope of ['account', 'address'] as const) {
      const claim = claims[scope];
      if (claim.blocked || !claim.locks || !claim.blockedUntil) continue;
      // The operator's signal: each lock-out is one row, with where the attempts came from.
      await insertSecurityAlert(db, {
        kind: scope === 'account' ? 'account-locked' : 'address-locked',
        staffUserId: scope === 'account' ? credentials?.id ?? null : null,
        address: addressOf(attempt.ip),
        failures: claim.failures,
        lockedUntil: claim.blockedUntil,
      });
    }
    return { kind: 'refused', userId: credentials?.id ?? null };
  }

  await forgiveAttempt(db, keys.account, keys.address);
  await purgeStaleThrottles(db, Math.max(policy.account.windowMs, policy.address.windowMs, policy.account.lockMs, policy.address.lockMs));
  if (passwords.needsRehash(credentials.passwordHash)) {
    // The password is known to be right only now: the one moment an old hash can become argon2id.
    const next = await passwords.hash(attempt.password);
    if (await replacePasswordHash(db, user.id, credentials.passwordHash, next)) {
      await appendAudit(db, { actor: userActor(user.id), action: 'auth.password-rehashed', entityType: 'staff_user', entityId: user.id, details: { algorithm: 'argon2id' } });
    }
  }
  return { kind: 'signed-in', user };
}
