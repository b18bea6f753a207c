// Pure rules of sign-in throttling (lib/staff/sign-in.ts): how long a counter blocks after its n-th
// failure, and which key an attempt counts under. No I/O.
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { ThrottleRule } from '../config.ts';

export interface Wait {
  /** No attempt is checked for this long after the failure. */
  ms: number;
  /** The lock-out rather than a growing delay. */
  locks: boolean;
}

/** The wait after the n-th counted failure: none, then doubling up to the cap, then the lock-out. */
export function waitAfter(rule: ThrottleRule, failures: number): Wait {
  if (failures >= rule.lockAfter) return { ms: rule.lockMs, locks: true };
  if (failures <= rule.freeFailures) return { ms: 0, locks: false };
  return { ms: Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** (failures - rule.freeFailures - 1)), locks: false };
}

/** The username as typed, hashed: an unknown one is counted like a real one (no enumeration by lock-out). */
export function accountKey(username: string): string {
  return `account:${createHash('sha256').update(username).digest('hex')}`;
}

/** The eight 16-bit groups of an IPv6 address, or undefined. */
function ipv6Groups(ip: string): number[] | undefined {
  let text = ip.split('%')[0] ?? ip;
  // A dotted IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) becomes two groups.
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted && isIPv4(dotted[2]!)) {
    const [a, b, c, d] = dotted[2]!.split('.').map(Number) as [number, number, number, number];
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...new Array<number>(Math.max(fill, 0)).fill(0), ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/**
 * The address an attempt counts under: IPv4 as it is (an IPv4-mapped IPv6 address included), IPv6 by
 * its /64, the smallest block one subscriber gets (RFC 6177), or an attacker would rotate through it.
 */
export function addressOf(ip: string): string {
  if (isIPv4(ip)) return ip;
  if (isIPv6(ip)) {
    const groups = ipv6Groups(ip);
    if (!groups) return ip;
    if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
      return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
    }
    return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
  }
  return ip;
}

export function addressKey(ip: string): string {
  return `address:${addressOf(ip)}`;
}
