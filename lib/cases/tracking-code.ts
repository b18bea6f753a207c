// The code a citizen follows an appeal with on the portal (DESIGN.md "What the citizen sees"). It is
// a bearer secret: whoever holds it sees the case, so it must not be guessable. 100 random bits
// (the brief asks for at least 80), written in Crockford's base32 (no I, L, O, U: nothing to
// misread on a paper receipt) as four groups of five, e.g. `7KQ2M-XD9PA-40RTV-HC3NE`.
// Only its SHA-256 is stored (lib/appeals/repository.ts), so a copy of the table reveals no codes.
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LENGTH = 5;
const LENGTH = GROUPS * GROUP_LENGTH; // 20 symbols x 5 bits = 100 bits

export const TRACKING_CODE_BITS = LENGTH * 5;

/** A pattern for route schemas: groups separated by hyphens, either case, hyphens optional. */
export const TRACKING_CODE_PATTERN = '^[0-9A-Za-z]{5}(-?[0-9A-Za-z]{5}){3}$';

export function newTrackingCode(random: (bytes: number) => Buffer = randomBytes): string {
  // 5 bits per symbol taken from whole bytes: 100 bits need 13 bytes (104 bits), 4 unused.
  const bytes = random(Math.ceil(TRACKING_CODE_BITS / 8));
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let symbols = '';
  for (let i = 0; i < LENGTH; i++) {
    symbols += ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return formatGroups(symbols);
}

function formatGroups(symbols: string): string {
  const groups: string[] = [];
  for (let i = 0; i < symbols.length; i += GROUP_LENGTH) groups.push(symbols.slice(i, i + GROUP_LENGTH));
  return groups.join('-');
}

/**
 * What a person types, made canonical: case and hyphens ignored, and the letters Crockford's
 * base32 reads as digits (O → 0, I and L → 1) mapped. Undefined when it cannot be a code.
 */
export function normaliseTrackingCode(text: string): string | undefined {
  const compact = text.trim().toUpperCase().replace(/-/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (compact.length !== LENGTH) return undefined;
  for (const symbol of compact) if (!ALPHABET.includes(symbol)) return undefined;
  return formatGroups(compact);
}

/** The stored form: SHA-256 of the canonical code, hex. A code with 100 random bits needs no salt. */
export function trackingCodeHash(code: string): string {
  const canonical = normaliseTrackingCode(code);
  if (!canonical) throw new RangeError('not a tracking code');
  return createHash('sha256').update(canonical).digest('hex');
}
