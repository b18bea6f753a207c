// Staff passwords (DESIGN.md "Identity": argon2id). New hashes are argon2id PHC strings with the
// OWASP parameters (m = 19 MiB, t = 2, p = 1); hashes from before, `scrypt$N$r$p$salt$key`, still
// verify, and the sign-in replaces them with argon2id (lib/staff/sign-in.ts), so they disappear as
// people sign in. Lengths are checked before any hashing: the cost of a hash must not be the
// caller's to choose.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import argon2 from 'argon2';

/** OWASP Password Storage Cheat Sheet, argon2id, first option: 19 MiB, two passes, one lane. */
export const ARGON2_PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * New passwords: at least 12 characters (what `npm run staff` always asked), at most 128 (NIST SP
 * 800-63B asks to allow 64 at least). Counted in code points, as people count characters.
 */
export const NEW_PASSWORD = { minLength: 12, maxLength: 128 } as const;

/** A sign-in's password longer than this is refused unread (lib/schemas/login.json and the route). */
export const MAX_LOGIN_PASSWORD_BYTES = 1024;

/** What the API needs of password hashing; the tests wrap it to see that a refused input cost no hash. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** True when the stored hash is not argon2id with today's parameters. */
  needsRehash(stored: string): boolean;
}

/** Why a new password is not acceptable, or undefined. */
export function newPasswordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < NEW_PASSWORD.minLength) return `must have at least ${NEW_PASSWORD.minLength} characters`;
  if (length > NEW_PASSWORD.maxLength) return `must have at most ${NEW_PASSWORD.maxLength} characters`;
  return undefined;
}

function tooLong(password: string): boolean {
  return Buffer.byteLength(password, 'utf8') > MAX_LOGIN_PASSWORD_BYTES;
}

/** The PHC string `$argon2id$v=19$m=19456,p=1,t=2$<salt>$<hash>`. */
export async function hashPassword(password: string): Promise<string> {
  if (tooLong(password)) throw new Error(`a password must not be longer than ${MAX_LOGIN_PASSWORD_BYTES} bytes`);
  return argon2.hash(password.normalize('NFC'), { type: argon2.argon2id, ...ARGON2_PARAMS });
}

// ---- scrypt, the format before argon2id: verified, never written ----------------------------

const SCRYPT_KEY_LENGTH = 64;

function scryptDerive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  // maxmem must cover 128 * N * r bytes, which is exactly Node's default at N = 2^15.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, SCRYPT_KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6) return false;
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  // The hashes this code wrote had N = 2^15, r = 8, p = 1; a stored row asking for far more memory
  // or time is not one of them and is not worked on.
  if (![params.N, params.r, params.p].every(Number.isInteger) || params.N > 2 ** 20 || params.r > 16 || params.p > 4) return false;
  const expected = Buffer.from(key, 'base64');
  if (expected.length !== SCRYPT_KEY_LENGTH) return false;
  const actual = await scryptDerive(password, Buffer.from(salt, 'base64'), params);
  return timingSafeEqual(actual, expected);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (tooLong(password)) return false;
  if (stored.startsWith('$argon2')) {
    try {
      return await argon2.verify(stored, password.normalize('NFC'));
    } catch {
      return false; // a malformed stored string is a failed check, not a 500
    }
  }
  if (stored.startsWith('scrypt$')) return verifyScrypt(password, stored);
  return false;
}

export function passwordNeedsRehash(stored: string): boolean {
  if (!stored.startsWith('$argon2id$')) return true;
  try {
    return argon2.needsRehash(stored, ARGON2_PARAMS);
  } catch {
    return true;
  }
}

export const passwordHasher: PasswordHasher = { hash: hashPassword, verify: verifyPassword, needsRehash: passwordNeedsRehash };

/**
 * A hash of a random password, verified when the username is unknown so that the answer takes as
 * long as for a known user (no username enumeration by timing).
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}
