import { expect } from 'chai';
import { createTestUser, login, removeTestUsers, startTestApp, type TestApp, type TestUser } from './helpers.ts';

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
    const cookie = await login(t.app, user);
    for (const [method, url] of [['GET', '/api/v1/tasks'], ['GET', '/api/v1/auth/me'], ['POST', '/api/v1/tasks/x/claim']] as const) {
      const res = await t.app.inject({ method, url });
      expect(res.statusCode, url).to.equal(401);
    }
    const engineDown = await t.app.inject({ method: 'GET', url: '/api/v1/tasks', headers: { cookie } });
    expect(engineDown.statusCode).to.equal(503);
    expect(engineDown.json().type).to.equal('urn:hromada:problem:engine-unavailable');
  });
});
