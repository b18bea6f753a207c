import { expect } from 'chai';
import type { InjectOptions } from 'fastify';
import { buildApp } from '../../api/app.ts';
import { readRuntimeConfig } from '../../lib/config.ts';
import { createTestUser, login, removeTestUsers, startTestApp, unreachableEngine, type TestApp, type TestUser } from './helpers.ts';

describe('api: problems, health and documentation', function () {
  this.timeout(20000);
  let t: TestApp;
  let user: TestUser;

  before(async () => {
    t = await startTestApp({
      beforeReady(app) {
        app.get('/test/boom', { config: { access: 'public' } }, async () => {
          throw new Error('secret internal detail: password=hunter2');
        });
      },
    });
    user = await createTestUser(t.db, ['clerk']);
  });
  after(async () => {
    await removeTestUsers(t.db, [user]);
    await t.close();
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?name=Taras' });
    expect(res.statusCode).to.equal(404);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    const body = res.json();
    expect(body).to.include({ type: 'urn:hromada:problem:not-found', status: 404, title: 'Not found', title_uk: 'Не знайдено', instance: '/api/v1/nothing-here' });
    expect(res.body, 'the query string is not echoed').to.not.include('Taras');
  });

  it('hides internals of a 5xx behind a generic problem with the request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/test/boom' });
    expect(res.statusCode).to.equal(500);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body).to.not.include('secret').and.not.include('hunter2').and.not.include('at ');
    const requestId = res.headers['x-request-id'];
    expect(requestId).to.be.a('string');
    expect(res.json().detail).to.include(requestId);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).to.equal(400);
    expect(res.json()).to.include({ status: 400, type: 'urn:hromada:problem:bad-request' });
  });

  it('refuses text the database cannot store in a body, a query or a path, naming the field, before the schema', async () => {
    const body = await t.app.inject({
      method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' },
      payload: '{"username":"clerk\\u0000","password":"x\\uD800","extra\\u0000":1}',
    });
    expect(body.statusCode).to.equal(400);
    expect(body.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(body.json().errors.map((e: { field: string }) => e.field)).to.deep.equal(['username', 'password', 'extra\uFFFD']);
    const query = await t.app.inject({ method: 'GET', url: '/api/v1/deadlines?regime=appeal&received=2025-12-22T10:00%00' });
    expect(query.statusCode).to.equal(400);
    expect(query.json().errors).to.deep.equal([{ field: 'received', message: 'must not contain the NUL character (U+0000)', message_uk: 'не може містити символ NUL (U+0000)' }]);
    const pathParam = await t.app.inject({ method: 'GET', url: '/api/v1/track/ABCDE%00' });
    expect(pathParam.statusCode).to.equal(400);
    expect(pathParam.json().errors.map((e: { field: string }) => e.field)).to.deep.equal(['code']);
  });

  it('answers the router\'s own refusals (a path segment too long, broken percent-encoding) with problem+json', async () => {
    const long = await t.app.inject({ method: 'GET', url: `/api/v1/track/${'A'.repeat(200)}` });
    expect(long.statusCode).to.equal(414);
    expect(long.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(long.json()).to.include({ type: 'urn:hromada:problem:uri-too-long', status: 414 });
    const broken = await t.app.inject({ method: 'GET', url: '/api/v1/track/%E0%A4%A' });
    expect(broken.statusCode).to.equal(400);
    expect(broken.headers['content-type']).to.match(/^application\/problem\+json/);
  });

  it('reports health: database up, engine down → 503 degraded', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).to.equal(503);
    expect(res.json()).to.deep.equal({ status: 'degraded', database: { ok: true }, engine: { ok: false } });
  });

  it('reports the processes behind the API when it has the supervision reader, and 503 when they cannot be read', async () => {
    const { createSupervisionReader } = await import('../../lib/supervision/report.ts');
    const { workerTopics } = await import('../../lib/domains.ts');
    const real = await startTestApp({ supervision: createSupervisionReader({ db: t.db, host: 'api-test-host', topics: workerTopics(), settings: { processStaleMs: 15000, pollStaleMs: 60000, passStaleMs: 60000 } }) });
    const broken = await startTestApp({ supervision: async () => { throw new Error('relation "runtime_processes" does not exist'); } });
    try {
      const res = await real.app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).to.equal(503);
      const body = res.json();
      expect(body).to.deep.include({ status: 'degraded', database: { ok: true }, engine: { ok: false } });
      expect(body).to.include.keys('workers', 'mail', 'processStarter', 'launcher', 'reasons');
      expect(body.reasons[0]).to.equal('engine: unreachable');
      expect(body.workers.topics.map((x: { topic: string }) => x.topic)).to.deep.equal(workerTopics());

      const failed = await broken.app.inject({ method: 'GET', url: '/health' });
      expect(failed.statusCode).to.equal(503);
      expect(failed.json()).to.deep.include({
        status: 'degraded', database: { ok: true }, reasons: ['engine: unreachable', 'supervision: the heartbeats could not be read'],
        workers: { ok: false, processes: [], topics: [] }, launcher: null,
      });
      expect(failed.body).to.not.include('runtime_processes');
    } finally {
      await real.close();
      await broken.close();
    }
  });

  it('publishes an OpenAPI 3.1 document with the cookie scheme and the shared schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).to.equal(200);
    const spec = res.json();
    expect(spec.openapi).to.match(/^3\.1/);
    expect(spec.info.title).to.equal('Hromada API');
    expect(spec.components.securitySchemes.session).to.deep.equal({ type: 'apiKey', in: 'cookie', name: 'hromada_session' });
    expect(spec.components.schemas).to.include.keys('Problem', 'DocumentMetadata', 'Login', 'TaskCompletion', 'StaffUser');
    expect(spec.paths).to.include.keys('/health', '/api/v1/auth/login', '/api/v1/auth/me', '/api/v1/documents/', '/api/v1/documents/{id}', '/api/v1/tasks/', '/api/v1/tasks/{id}/claim', '/api/v1/tasks/{id}/complete');
    expect(spec.paths['/api/v1/auth/me'].get.security).to.deep.equal([{ session: [] }]);
    expect(spec.paths['/api/v1/auth/login'].post.security).to.equal(undefined);
    expect(spec.paths['/api/v1/documents/'].post.requestBody.content).to.have.key('multipart/form-data');
    // A refused duplicate names the document it repeats (an RFC 9457 extension member).
    const duplicate = spec.paths['/api/v1/documents/'].post.responses['409'].content['application/json'].schema;
    expect(duplicate.required).to.include('existingDocument');
    expect(duplicate.properties.existingDocument.properties).to.have.keys('id', 'status', 'registrationIndex');
    expect(spec.components.schemas.DocumentMetadata.properties).to.include.keys('duplicateOf', 'duplicateReason');
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).to.equal(200);
  });

  it('states an access rule on every route', async () => {
    const { buildApp } = await import('../../api/app.ts');
    const app = buildApp({ config: t.config, db: t.db, engine: (await import('./helpers.ts')).unreachableEngine(), logger: false });
    app.register(async (plugin) => {
      plugin.get('/test/open-by-accident', async () => 'x');
    });
    let error: unknown;
    try {
      await app.ready();
    } catch (err) {
      error = err;
    } finally {
      await app.close().catch(() => {});
    }
    expect(String(error)).to.include('declares no config.access');
  });

  it('needs a session on staff routes', async () => {
    const session = await login(t.app, user);
    for (const [method, url] of [['GET', '/api/v1/tasks'], ['GET', '/api/v1/auth/me'], ['POST', '/api/v1/tasks/x/claim']] as const) {
      const res = await t.app.inject({ method, url });
      expect(res.statusCode, url).to.equal(401);
    }
    const engineDown = await t.app.inject({ method: 'GET', url: '/api/v1/tasks', headers: session });
    expect(engineDown.statusCode).to.equal(503);
    expect(engineDown.json().type).to.equal('urn:hromada:problem:engine-unavailable');
  });
});

describe('api: security headers on every answer', function () {
  this.timeout(20000);
  let t: TestApp;
  let user: TestUser;

  before(async () => {
    t = await startTestApp({
      beforeReady(app) {
        app.get('/test/boom', { config: { access: 'public' } }, async () => {
          throw new Error('boom');
        });
        app.get('/test/letter.pdf', { config: { access: 'public' } }, async (_request, reply) => reply.type('application/pdf').send(Buffer.from('%PDF-1.4\n%%EOF\n')));
      },
    });
    user = await createTestUser(t.db, ['clerk']);
  });
  after(async () => {
    await removeTestUsers(t.db, [user]);
    await t.close();
  });

  /** Headers that are about the connection or this one answer, not its security. */
  const PER_ANSWER = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'x-request-id', 'cache-control', 'etag', 'set-cookie', 'location', 'retry-after', 'x-csrf-token', 'vary', 'last-modified', 'accept-ranges', 'transfer-encoding']);
  const securityPart = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_ANSWER.has(name)).sort(([a], [b]) => a.localeCompare(b)));

  function expectSecure(what: string, headers: Record<string, unknown>, csp: RegExp = /^default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'$/) {
    expect(headers['x-content-type-options'], what).to.equal('nosniff');
    expect(String(headers['x-frame-options']).toUpperCase(), what).to.equal('DENY');
    expect(headers['referrer-policy'], what).to.equal('no-referrer');
    expect(headers['content-security-policy'], what).to.be.a('string').and.match(csp);
    expect(String(headers['content-security-policy']).replace(/\s+/g, ' '), what).to.match(/frame-ancestors 'none'/);
    expect(headers['cross-origin-resource-policy'], what).to.equal('same-origin');
    expect(headers, what).to.not.have.property('x-powered-by');
    expect(headers, what + ': no HSTS over http').to.not.have.property('strict-transport-security');
  }

  it('JSON, problems of every kind (400, 401, 403, 404, 500, 503), the router\'s own refusals, OpenAPI, health, portal scripts, a 204', async () => {
    const session = await login(t.app, user);
    const requests: Array<[string, InjectOptions, number]> = [
      ['login 200', { method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } }, 200],
      ['me 200', { method: 'GET', url: '/api/v1/auth/me', headers: session }, 200],
      ['me 401', { method: 'GET', url: '/api/v1/auth/me' }, 401],
      ['bad JSON 400', { method: 'POST', url: '/api/v1/auth/login', payload: '{', headers: { 'content-type': 'application/json' } }, 400],
      ['role 403', { method: 'POST', url: '/api/v1/calendar/martial-law', headers: session, payload: { start: '2097-01-01', basis: 'x' } }, 403],
      ['forged 403', { method: 'POST', url: '/api/v1/auth/logout', headers: { ...session, origin: 'http://127.0.0.1:1' } }, 403],
      ['unknown route 404', { method: 'GET', url: '/api/v1/nothing-here' }, 404],
      ['unknown POST 404', { method: 'POST', url: '/nothing', payload: {} }, 404],
      ['internal 500', { method: 'GET', url: '/test/boom' }, 500],
      ['engine down 503', { method: 'GET', url: '/api/v1/tasks', headers: session }, 503],
      ['health 503', { method: 'GET', url: '/health' }, 503],
      ['openapi 200', { method: 'GET', url: '/openapi.json' }, 200],
      ['portal script', { method: 'GET', url: '/portal/common.js' }, 200],
      ['logout 204', { method: 'POST', url: '/api/v1/auth/logout', headers: session }, 204],
    ];
    const answers: Record<string, Record<string, unknown>> = {};
    for (const [what, request, status] of requests) {
      const res = await t.app.inject(request);
      expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).to.equal(status);
      expectSecure(what, res.headers);
      answers[what] = res.headers;
    }
    // The router's refusals come before any hook: their headers are written out in
    // api/security-headers.ts and must be exactly what helmet gives every other problem.
    for (const url of [`/api/v1/track/${'A'.repeat(200)}`, '/api/v1/track/%E0%A4%A']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).to.be.oneOf([400, 414]);
      expectSecure(url, res.headers);
      expect(securityPart(res.headers), url).to.deep.equal(securityPart(answers['unknown route 404']!));
    }
  });

  it('keeps the portal pages\' own strict policy (one header, not two) and gives /docs one Swagger UI can run under', async () => {
    for (const url of ['/', '/appeal', '/track']) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).to.equal(200);
      expectSecure(url, page.headers, /^default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'$/);
    }
    for (const url of ['/docs/', '/docs/static/swagger-initializer.js', '/docs/json']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).to.equal(200);
      expectSecure(url, res.headers, /script-src 'self'(;|$)/);
      expect(res.headers['content-security-policy'], url).to.not.match(/script-src[^;]*unsafe/);
    }
    // Whether Swagger UI really runs under it is for a browser: test/browser/security.test.ts.
    const pdf = await t.app.inject({ method: 'GET', url: '/test/letter.pdf' });
    expectSecure('an inline PDF', pdf.headers, /^default-src 'none';object-src 'self';style-src 'unsafe-inline';img-src 'self' data:;frame-ancestors 'none'/);
  });

  it('marks the session cookie Secure and sends HSTS when the public URL is https, unless HROMADA_SECURE_COOKIES says otherwise', async () => {
    const base = { HROMADA_APP_DB_URL: 'postgres://x', HROMADA_ENGINE_PASSWORD: 'x' };
    expect(readRuntimeConfig({ ...base, HROMADA_PUBLIC_URL: 'https://hromada.example' }).api.secureCookies).to.equal(true);
    expect(readRuntimeConfig({ ...base, HROMADA_PUBLIC_URL: 'https://hromada.example', HROMADA_SECURE_COOKIES: 'false' }).api.secureCookies).to.equal(false);
    expect(readRuntimeConfig({ ...base, HROMADA_PUBLIC_URL: 'http://127.0.0.1:3000' }).api.secureCookies).to.equal(false);
    expect(readRuntimeConfig({ ...base, HROMADA_PUBLIC_URL: 'http://127.0.0.1:3000', HROMADA_SECURE_COOKIES: 'true' }).api.secureCookies).to.equal(true);

    const config = readRuntimeConfig({ ...base, HROMADA_PUBLIC_URL: 'https://hromada.example' });
    const app = buildApp({ config: { ...t.config, api: { ...t.config.api, ...config.api } }, db: t.db, engine: unreachableEngine(), logger: false });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } });
      expect(res.statusCode).to.equal(200);
      expect(res.cookies.find((c) => c.name === 'hromada_session')?.secure).to.equal(true);
      expect(res.headers['strict-transport-security']).to.equal('max-age=31536000');
    } finally {
      await app.close();
    }
  });
});

describe('api: no forged requests (Origin, Sec-Fetch-Site, x-csrf-token)', function () {
  this.timeout(20000);
  let t: TestApp;
  let user: TestUser;
  const publicUrl = 'https://hromada.example';

  before(async () => {
    t = await startTestApp({ publicUrl });
    user = await createTestUser(t.db, ['clerk']);
  });
  after(async () => {
    await removeTestUsers(t.db, [user]);
    await t.close();
  });

  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  const logout = (headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });

  it('refuses a signed-in state change from another origin, a same-site page, an opaque origin or without the token, and the session lives on', async () => {
    const session = await login(t.app, user);
    const { cookie } = session;
    const refused: Array<[Record<string, string>, RegExp]> = [
      [{ cookie, origin: 'http://127.0.0.1:4567' }, /^Origin http:\/\/127\.0\.0\.1:4567 is not this API's origin \(https:\/\/hromada\.example\)/],
      [{ cookie, origin: 'https://evil.hromada.example' }, /^Origin https:\/\/evil\.hromada\.example is not/],
      [{ cookie, origin: 'null' }, /^Origin null is not/],
      [{ cookie, origin: 'http://localhost:80/x', host: 'localhost' }, /is not this API's origin/],
      [{ cookie, 'sec-fetch-site': 'same-site' }, /Sec-Fetch-Site: same-site/],
      [{ cookie, 'sec-fetch-site': 'cross-site' }, /Sec-Fetch-Site: cross-site/],
      [{ cookie, 'sec-fetch-site': 'none' }, /Sec-Fetch-Site: none/],
      [{ cookie }, /must carry the session's x-csrf-token header/],
      [{ cookie, 'x-csrf-token': 'made-up' }, /does not belong to this session/],
      // The token does not override what a browser says about the page.
      [{ ...session, origin: 'http://127.0.0.1:4567' }, /is not this API's origin/],
    ];
    for (const [headers, detail] of refused) {
      const res = await logout(headers);
      expect(res.statusCode, JSON.stringify(headers)).to.equal(403);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      const body = res.json();
      expect(body).to.include({ type: 'urn:hromada:problem:cross-origin-request', status: 403, title_uk: 'Запит надійшов не зі сторінок цього сайту' });
      expect(body.detail, JSON.stringify(headers)).to.match(detail);
      expect(body.detail_uk).to.be.a('string').and.not.empty;
      expect(res.cookies, 'the cookie is not cleared').to.have.length(0);
    }
    expect((await me(cookie)).statusCode, 'the session survived every forged logout').to.equal(200);
    expect(await t.db('audit_log').where({ action: 'auth.logout', entity_id: String(user.id) }), 'no logout happened').to.have.length(0);

    // A forged multipart upload is refused before its body is read.
    const upload = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { cookie, origin: 'http://127.0.0.1:4567', 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--' });
    expect(upload.statusCode).to.equal(403);
  });

  it('takes the same state changes from the API\'s own pages and from a client with the token', async () => {
    const own: Array<Record<string, string>> = [
      { origin: publicUrl },
      // The origin the request was made to (same host:port as Host), e.g. before a proxy renames it.
      { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' },
      { origin: 'http://localhost', host: 'localhost:80' },
      // What Chromium sends for a form post from a page with Referrer-Policy: no-referrer.
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of own) {
      const { cookie } = await login(t.app, user);
      const res = await logout({ cookie, ...headers });
      expect(res.statusCode, JSON.stringify(headers)).to.equal(204);
      expect((await me(cookie)).statusCode).to.equal(401);
    }
    const session = await login(t.app, user);
    expect((await logout(session)).statusCode, 'a non-browser client with the token').to.equal(204);
  });

  it('gives the token again on GET /me, bound to the session', async () => {
    const first = await login(t.app, user);
    const second = await login(t.app, user);
    expect(first['x-csrf-token']).to.not.equal(second['x-csrf-token']);
    const res = await me(first.cookie);
    expect(res.headers['x-csrf-token']).to.equal(first['x-csrf-token']);
    expect((await logout({ cookie: first.cookie, 'x-csrf-token': second['x-csrf-token'] })).statusCode, 'another session\'s token').to.equal(403);
    expect((await logout(first)).statusCode).to.equal(204);
  });

  it('lets reads and cookie-less non-browser calls through, and refuses a sign-in posted from another origin', async () => {
    const session = await login(t.app, user);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: session.cookie, origin: 'http://127.0.0.1:4567', 'sec-fetch-site': 'same-site' } })).statusCode).to.equal(200);
    const curlLogin = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } });
    expect(curlLogin.statusCode).to.equal(200);
    // A stale cookie on the sign-in itself needs no token: the route ignores it.
    const stale = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { cookie: 'hromada_session=old' }, payload: { username: user.username, password: user.password } });
    expect(stale.statusCode).to.equal(200);
    // Login CSRF: a page of another origin signing the clerk's browser into an account of its choosing.
    const forgedLogin = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'http://127.0.0.1:4567' }, payload: { username: user.username, password: user.password } });
    expect(forgedLogin.statusCode).to.equal(403);
    expect(forgedLogin.cookies).to.have.length(0);
  });

  it('documents the 403 on every state-changing route', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const [path, item] of Object.entries<Record<string, any>>(spec.paths)) {
      for (const method of ['post', 'put', 'patch', 'delete']) {
        if (item[method]) expect(item[method].responses, `${method} ${path}`).to.have.property('403');
      }
    }
    expect(spec.paths['/api/v1/auth/login'].post.responses['200'].headers).to.have.property('x-csrf-token');
  });
});
