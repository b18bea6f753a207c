// Pure rules of the sign-in: password hashing formats and lengths, throttle waits, address keys.
import { expect } from 'chai';
import { randomBytes, scrypt } from 'node:crypto';
import { DEFAULT_SIGN_IN_POLICY } from '../../../lib/config.ts';
import { hashPassword, newPasswordProblem, passwordNeedsRehash, verifyPassword } from '../../../lib/staff/passwords.ts';
import { accountKey, addressOf, waitAfter } from '../../../lib/staff/throttle-policy.ts';

describe('staff sign-in rules', () => {
  it('hashes with argon2id (OWASP parameters), verifies it and the old scrypt format, and asks to rehash only the old', async function () {
    this.timeout(10000);
    const argon = await hashPassword('correct horse');
    expect(argon).to.match(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword('correct horse', argon)).to.equal(true);
    expect(await verifyPassword('correct hors', argon)).to.equal(false);
    expect(passwordNeedsRehash(argon)).to.equal(false);

    const salt = randomBytes(16);
    const key = await new Promise<Buffer>((resolve, reject) => scrypt('demo', salt, 64, { N: 2 ** 15, r: 8, p: 1, maxmem: 2 ** 26 }, (e, k) => (e ? reject(e) : resolve(k))));
    const legacy = `scrypt$32768$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('demo', legacy)).to.equal(true);
    expect(await verifyPassword('demo!', legacy)).to.equal(false);
    expect(passwordNeedsRehash(legacy)).to.equal(true);
    // A stored row asking scrypt for gigabytes is not worked on.
    expect(await verifyPassword('demo', `scrypt$${2 ** 24}$8$1$${salt.toString('base64')}$${key.toString('base64')}`)).to.equal(false);
    for (const broken of ['', 'plain', '$argon2id$v=19$m=19456,t=2,p=1$xx', 'scrypt$a$b$c$d$e']) {
      expect(await verifyPassword('demo', broken), broken).to.equal(false);
    }
    expect(await verifyPassword('x'.repeat(1025), argon), 'over 1024 bytes: false, unhashed').to.equal(false);
    await hashPassword('я'.repeat(600)).then(() => expect.fail('hashed 1200 bytes'), (err: Error) => expect(err.message).to.include('1024 bytes'));
  });

  it('takes new passwords of 12 to 128 characters', () => {
    expect(newPasswordProblem('short')).to.include('at least 12');
    expect(newPasswordProblem('дванадцять12')).to.equal(undefined);
    expect(newPasswordProblem('x'.repeat(128))).to.equal(undefined);
    expect(newPasswordProblem('x'.repeat(129))).to.include('at most 128');
  });

  it('waits nothing for the first failures, then doubles up to the cap, then locks', () => {
    const rule = DEFAULT_SIGN_IN_POLICY.account;
    const waits = Array.from({ length: 11 }, (_, i) => waitAfter(rule, i + 1));
    expect(waits.map((w) => w.ms)).to.deep.equal([0, 0, 0, 1000, 2000, 4000, 8000, 16000, 32000, 15 * 60000, 15 * 60000]);
    expect(waits.map((w) => w.locks)).to.deep.equal([false, false, false, false, false, false, false, false, false, true, true]);
    expect(waitAfter({ ...rule, lockAfter: 1000 }, 500).ms, 'capped').to.equal(rule.maxDelayMs);
  });

  it('counts IPv4 as it is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64; usernames hashed', () => {
    expect(addressOf('203.0.113.5')).to.equal('203.0.113.5');
    expect(addressOf('::ffff:203.0.113.5')).to.equal('203.0.113.5');
    expect(addressOf('2001:db8:aa:bb:1:2:3:4')).to.equal('2001:db8:aa:bb::/64');
    expect(addressOf('2001:db8:aa:bb::9')).to.equal('2001:db8:aa:bb::/64');
    expect(addressOf('2001:DB8::1')).to.equal('2001:db8:0:0::/64');
    expect(addressOf('::1')).to.equal('0:0:0:0::/64');
    expect(accountKey('clerk')).to.match(/^account:[0-9a-f]{64}$/).and.not.include('clerk');
    expect(accountKey('Clerk')).to.not.equal(accountKey('clerk'));
  });
});
