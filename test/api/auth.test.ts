import { expect } from 'chai';
import { createTestUser, login, removeTestUsers, startTestApp, type TestApp, type TestUser } from './helpers.ts';

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
