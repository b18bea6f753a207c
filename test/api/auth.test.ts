import { expect } from 'chai';
import { randomBytes, scrypt } from 'node:crypto';
import type { SignInPolicy } from '../../lib/config.ts';
import { passwordHasher, type PasswordHasher } from '../../lib/staff/passwords.ts';
import { accountKey, addressKey, addressOf } from '../../lib/staff/throttle-policy.ts';
import { TEST_SIGN_IN_POLICY, createTestUser, login, removeTestUsers, startTestApp, type TestApp, type TestUser } from './helpers.ts';

describe('api: auth', function () {
  this.timeout(20000);
  let t: TestApp;
  let clerk: TestUser;

  before(async () => {
    t = await startTestApp();
    clerk = await createTestUser(t.db, ['clerk']);
  });
  after(async () => {
    await removeTestUsers(t.db, [clerk]);
    await t.close();
  });

  it('logs in with an httpOnly, SameSite=Lax session cookie and answers the profile', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: clerk.username, password: clerk.password } });
    expect(res.statusCode).to.equal(200);
    const body = res.json();
    expect(body).to.include({ username: clerk.username, fullName: 'Тестовий Користувач' });
    expect(body.roles).to.deep.equal(['clerk']);
    expect(body.groups).to.deep.equal(['clerks']);
    expect(body.department).to.deep.equal({ code: '01', name: 'Загальний відділ (канцелярія)' });
    const cookie = res.cookies.find((c) => c.name === 'hromada_session');
    expect(cookie?.httpOnly).to.equal(true);
    expect(cookie?.sameSite).to.equal('Lax');
    expect(cookie?.secure).to.not.equal(true);
    expect(cookie?.path).to.equal('/');

    const sessions = await t.db('sessions').where({ user_id: clerk.id });
    expect(sessions.map((s) => s.token_hash), 'only the hash is stored').to.not.include(cookie?.value);
    const audit = await t.db('audit_log').where({ action: 'auth.login', entity_id: String(clerk.id) });
    expect(audit).to.have.length.greaterThan(0);
    expect(JSON.stringify(audit)).to.not.include(clerk.username);
  });

  it('answers the same 401 problem for a wrong password and an unknown user, and audits without names', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: clerk.username, password: 'nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody-here', password: 'nope' } });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).to.equal(401);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.cookies).to.have.length(0);
    }
    expect(wrong.json()).to.deep.equal(unknown.json());
    expect(wrong.json()).to.include({ status: 401, title: 'Wrong username or password', type: 'urn:hromada:problem:invalid-credentials' });
    expect(wrong.json().title_uk).to.be.a('string').and.not.empty;
    const failures = await t.db('audit_log').where({ action: 'auth.login-failed' }).orderBy('id', 'desc').limit(2);
    expect(JSON.stringify(failures)).to.not.include('nobody-here').and.not.include('nope');
  });

  it('names every invalid login field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { password: '', extra: 1 } });
    expect(res.statusCode).to.equal(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).to.have.members(['username', 'password', 'extra']);
    for (const e of res.json().errors) expect(e.message_uk).to.be.a('string').and.not.empty;
  });

  it('refuses /me without a session or with a made-up one, and ends the session on logout', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).to.equal(401);
    const forged = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: 'hromada_session=forged' } });
    expect(forged.statusCode).to.equal(401);
    expect(forged.json()).to.include({ status: 401, type: 'urn:hromada:problem:unauthenticated' });

    const session = await login(t.app, clerk);
    const { cookie } = session;
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).to.equal(200);
    expect(me.json().username).to.equal(clerk.username);

    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session });
    expect(out.statusCode).to.equal(204);
    expect(out.cookies.find((c) => c.name === 'hromada_session')?.value).to.equal('');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).to.equal(401);
  });
});

/** A PasswordHasher that counts its calls: an input refused before hashing leaves them at zero. */
function countingHasher(): PasswordHasher & { calls: { hash: number; verify: number } } {
  const calls = { hash: 0, verify: 0 };
  return {
    calls,
    hash: async (p) => { calls.hash += 1; return passwordHasher.hash(p); },
    verify: async (p, s) => { calls.verify += 1; return passwordHasher.verify(p, s); },
    needsRehash: (s) => passwordHasher.needsRehash(s),
  };
}

/** The hash format before argon2id (scrypt N=2^15, r=8, p=1, 64-byte key), written as it was. */
async function legacyScryptHash(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, 64, { N: 2 ** 15, r: 8, p: 1, maxmem: 256 * 2 ** 15 * 8 }, (err, k) => (err ? reject(err) : resolve(k)));
  });
  return ['scrypt', 2 ** 15, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('api: sign-in abuse', function () {
  this.timeout(90000);

  describe('per account: growing delays, then a lock-out that says when it ends', () => {
    let t: TestApp;
    let user: TestUser;
    const hasher = countingHasher();
    // Short windows through the config factory; the address rule out of the way (its own test below).
    const policy: SignInPolicy = {
      account: { freeFailures: 3, baseDelayMs: 200, maxDelayMs: 800, lockAfter: 10, lockMs: 4000, windowMs: 60000 },
      address: { ...TEST_SIGN_IN_POLICY.address },
    };
    const remoteAddress = '192.0.2.10';

    before(async () => {
      t = await startTestApp({ signIn: policy, passwords: hasher });
      user = await createTestUser(t.db, ['clerk']);
      await t.db('login_throttles').where({ key: addressKey(remoteAddress) }).delete();
    });
    after(async () => {
      await t.db('security_alerts').where({ staff_user_id: user.id }).delete();
      await removeTestUsers(t.db, [user]);
      await t.close();
    });

    const attempt = (password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username: user.username, password } });

    it('40 wrong passwords: 10 are checked (3 free, then doubling waits, then locked), the rest refused unchecked with Retry-After; an alert row; the right password works once the lock ends', async () => {
      const statuses: string[] = [];
      const waits: number[] = [];
      let lockedAnswer: { retryAfter: number; body: any } | undefined;
      for (let i = 0; i < 40; i++) {
        const res = await attempt(`wrong-${i}`);
        if (res.statusCode === 401) {
          statuses.push('401');
          // The wait this failure set, as the database holds it for every API process.
          const row = await t.db('login_throttles').where({ key: accountKey(user.username) })
            .first(t.db.raw('round(extract(epoch FROM blocked_until - last_attempt_at) * 1000)::integer AS wait'));
          waits.push(row?.wait ?? 0);
          continue;
        }
        expect(res.statusCode, res.body).to.equal(429);
        expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
        const retryAfter = Number(res.headers['retry-after']);
        expect(retryAfter, 'Retry-After in whole seconds').to.be.a('number').and.at.least(1);
        const body = res.json();
        expect(body.title_uk).to.be.a('string').and.not.empty;
        expect(body.detail_uk).to.be.a('string').and.not.empty;
        if (body.type === 'urn:hromada:problem:sign-in-delayed') {
          statuses.push('delayed');
          await sleep(300); // a client backing off
        } else {
          expect(body.type).to.equal('urn:hromada:problem:sign-in-locked');
          expect(body.detail).to.include('locked after 10 failed attempts').and.include('with this username');
          statuses.push('locked');
          lockedAnswer ??= { retryAfter, body };
        }
      }
      expect(statuses.slice(0, 3), 'three free failures').to.deep.equal(['401', '401', '401']);
      expect(statuses.filter((s) => s === '401'), 'passwords checked').to.have.length(10);
      expect(statuses, 'delays between the checks').to.include('delayed');
      expect(statuses.slice(statuses.lastIndexOf('401') + 1).every((s) => s === 'locked'), 'locked after the tenth').to.equal(true);
      expect(hasher.calls.verify, 'no hash for a refused attempt').to.equal(10);
      expect(waits, 'none, then doubling up to the cap, then the lock-out').to.deep.equal([0, 0, 0, 200, 400, 800, 800, 800, 800, 4000]);
      expect(lockedAnswer!.retryAfter).to.be.at.most(4);

      const alerts = await t.db('security_alerts').where({ staff_user_id: user.id });
      expect(alerts).to.have.length(1);
      expect(alerts[0]).to.include({ kind: 'account-locked', address: remoteAddress, failures: 10 });
      expect(alerts[0].locked_until.getTime()).to.be.greaterThan(Date.now());

      // The right password during the lock-out is refused unchecked too: guessing gains nothing.
      const during = await attempt(user.password);
      expect(during.statusCode).to.equal(429);
      expect(hasher.calls.verify).to.equal(10);

      await sleep(Number(during.headers['retry-after']) * 1000 + 200);
      const afterwards = await attempt(user.password);
      expect(afterwards.statusCode, afterwards.body).to.equal(200);
      expect(await t.db('login_throttles').where({ key: accountKey(user.username) }).first(), 'a success forgives the failures').to.equal(undefined);
    });
  });

  describe('per address: its own counter, across usernames, IPv6 by its /64', () => {
    let t: TestApp;
    const policy: SignInPolicy = {
      account: { ...TEST_SIGN_IN_POLICY.account },
      address: { freeFailures: 5, baseDelayMs: 100, maxDelayMs: 100, lockAfter: 8, lockMs: 3000, windowMs: 60000 },
    };
    const prefix = `2001:db8:${randomBytes(2).toString('hex')}:1`;
    const block = addressOf(`${prefix}::1`); // the /64, as the alert names it

    before(async () => {
      t = await startTestApp({ signIn: policy });
    });
    after(async () => {
      await t.db('security_alerts').where({ address: block }).delete();
      await t.db('login_throttles').where({ key: addressKey(`${prefix}::1`) }).delete();
      await t.close();
    });

    it('locks an address after 8 failures with different usernames from one /64, writes an alert, and leaves other addresses alone', async () => {
      let checked = 0;
      let last: Awaited<ReturnType<typeof t.app.inject>> | undefined;
      for (let i = 0; i < 20 && checked < 8; i++) {
        // A new address of the same /64 and a new (unknown) username every time.
        last = await t.app.inject({
          method: 'POST', url: '/api/v1/auth/login', remoteAddress: `${prefix}::${(i + 1).toString(16)}`,
          payload: { username: `nobody-${randomBytes(4).toString('hex')}`, password: 'wrong' },
        });
        if (last.statusCode === 401) checked += 1;
        else {
          expect(last.json().type).to.equal('urn:hromada:problem:sign-in-delayed');
          await sleep(150);
        }
      }
      expect(checked).to.equal(8);
      const locked = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: `${prefix}::ffff`, payload: { username: 'someone', password: 'wrong' } });
      expect(locked.statusCode).to.equal(429);
      expect(locked.json().type).to.equal('urn:hromada:problem:sign-in-locked');
      expect(locked.json().detail).to.include('from this address');
      expect(Number(locked.headers['retry-after'])).to.be.within(1, 3);
      expect(block).to.match(/^2001:db8:[0-9a-f]{1,4}:1::\/64$/);
      const alerts = await t.db('security_alerts').where({ address: block });
      expect(alerts.map((a) => a.kind)).to.deep.equal(['address-locked']);
      expect(alerts[0].failures).to.equal(8);

      const elsewhere = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '198.51.100.7', payload: { username: 'someone', password: 'wrong' } });
      expect(elsewhere.statusCode, 'another address is not affected').to.equal(401);
    });
  });

  describe('argon2id, and lengths checked before any hash', () => {
    let t: TestApp;
    let user: TestUser;
    const hasher = countingHasher();

    before(async () => {
      t = await startTestApp({ passwords: hasher });
      user = await createTestUser(t.db, ['clerk']);
    });
    after(async () => {
      await removeTestUsers(t.db, [user]);
      await t.close();
    });

    it('stores new passwords as argon2id PHC strings with the OWASP parameters', async () => {
      const row = await t.db('staff_users').where({ id: user.id }).first('password_hash');
      expect(row.password_hash).to.match(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    });

    it('signs an old scrypt account in and stores its password as argon2id from then on', async () => {
      const legacy = await legacyScryptHash(user.password);
      await t.db('staff_users').where({ id: user.id }).update({ password_hash: legacy });
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } });
      expect(res.statusCode, res.body).to.equal(200);
      const row = await t.db('staff_users').where({ id: user.id }).first('password_hash');
      expect(row.password_hash).to.not.equal(legacy);
      expect(row.password_hash).to.match(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      const audit = await t.db('audit_log').where({ action: 'auth.password-rehashed', entity_id: String(user.id) });
      expect(audit).to.have.length(1);
      // The new hash works, and is not replaced again.
      expect((await login(t.app, user)).cookie).to.match(/^hromada_session=/);
      expect((await t.db('staff_users').where({ id: user.id }).first('password_hash')).password_hash).to.equal(row.password_hash);
    });

    it('refuses a password over 1024 bytes with 400 before hashing or counting it', async () => {
      const before = { ...hasher.calls };
      const username = `long-${randomBytes(4).toString('hex')}`;
      for (const password of ['a'.repeat(1025), 'я'.repeat(600) /* 600 characters, 1200 bytes */]) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
        expect(res.statusCode).to.equal(400);
        expect(res.json().type).to.equal('urn:hromada:problem:validation');
        expect(res.json().errors.map((e: { field: string }) => e.field)).to.deep.equal(['password']);
      }
      expect(hasher.calls, 'no hash computed').to.deep.equal(before);
      expect(await t.db('login_throttles').where({ key: accountKey(username) }).first(), 'not even counted').to.equal(undefined);
      // The same run's normal sign-in does hash: the counter would have seen one.
      await login(t.app, user);
      expect(hasher.calls.verify).to.equal(before.verify + 1);
    });
  });
});
