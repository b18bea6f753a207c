import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { createDb, migrateLatest, type Db } from '../../lib/db.ts';
import { EngineError, EngineUnavailableError } from '../../lib/engine-client.ts';
import { createProcessStarter } from '../../lib/process-start/starter.ts';
import { insertProcessLink } from '../../lib/process-start/repository.ts';
import { testDbUrl } from './helpers.ts';

const silent = { info() {}, warn() {}, error() {}, debug() {} };

/** The two engine calls the starter makes, with a switch for "engine down". */
function fakeEngine() {
  const instances = new Map<string, string>();
  const state = {
    down: false,
    refuse: false,
    starts: [] as Array<{ key: string; businessKey: string; variables: Record<string, unknown> }>,
    instances,
    async findInstancesByBusinessKey(key: string, businessKey: string) {
      if (state.down) throw new EngineUnavailableError('engine unreachable');
      const id = instances.get(`${key}/${businessKey}`);
      return id ? [{ id, state: 'ACTIVE' }] : [];
    },
    async startProcess(key: string, businessKey: string, variables: Record<string, unknown> = {}) {
      if (state.down) throw new EngineUnavailableError('engine unreachable');
      if (state.refuse) throw new EngineError(404, 'RestException', 'No matching process definition');
      state.starts.push({ key, businessKey, variables });
      const id = `pi-${state.starts.length}`;
      instances.set(`${key}/${businessKey}`, id);
      return { id, businessKey, definitionId: `${key}:1` };
    },
  };
  return state;
}

describe('process starter (outbox of process starts)', function () {
  this.timeout(20000);
  let db: Db;
  // A process key of this run only: the database may hold other suites' pending rows.
  const processKey = `test-starter-${randomBytes(4).toString('hex')}`;

  before(async () => {
    db = createDb(testDbUrl(), 4);
    await migrateLatest(db);
  });
  after(async () => {
    await db('process_links').where({ process_key: processKey }).delete();
    await db.destroy();
  });

  const row = (businessKey: string) => db('process_links').where({ business_key: businessKey, process_key: processKey }).first();

  it('starts a pending process once and marks it started', async () => {
    const engine = fakeEngine();
    const businessKey = randomUUID();
    await insertProcessLink(db, { businessKey, processKey, variables: { documentId: businessKey } });
    const starter = createProcessStarter({ db, engine, log: silent, processKeys: [processKey] });
    expect(await starter.runOnce()).to.equal(1);
    expect(engine.starts).to.deep.equal([{ key: processKey, businessKey, variables: { documentId: businessKey } }]);
    expect(await row(businessKey)).to.include({ state: 'started', process_instance_id: 'pi-1', lease_until: null });
    expect(await starter.runOnce()).to.equal(0);
    expect(engine.starts).to.have.length(1);
  });

  it('links an instance that already exists (crash between start and mark) instead of starting another', async () => {
    const engine = fakeEngine();
    const businessKey = randomUUID();
    engine.instances.set(`${processKey}/${businessKey}`, 'pi-earlier');
    await insertProcessLink(db, { businessKey, processKey, variables: {} });
    const starter = createProcessStarter({ db, engine, log: silent, processKeys: [processKey] });
    await starter.runOnce();
    expect(engine.starts).to.deep.equal([]);
    expect(await row(businessKey)).to.include({ state: 'started', process_instance_id: 'pi-earlier' });
  });

  it('keeps the row while the engine is down and starts it once the engine is back', async () => {
    const engine = fakeEngine();
    engine.down = true;
    const businessKey = randomUUID();
    await insertProcessLink(db, { businessKey, processKey, variables: {} });
    const starter = createProcessStarter({ db, engine, log: silent, processKeys: [processKey] });
    expect(await starter.runOnce()).to.equal(0);
    const waiting = await row(businessKey);
    expect(waiting).to.include({ state: 'pending', attempts: 1, lease_until: null });
    expect(waiting.last_error).to.include('unreachable');

    engine.down = false;
    expect(await starter.runOnce()).to.equal(1);
    expect(await row(businessKey)).to.include({ state: 'started', attempts: 1, last_error: null });
  });

  it('backs off a start the engine refuses, without blocking the others', async () => {
    const engine = fakeEngine();
    engine.refuse = true;
    const refused = randomUUID();
    await insertProcessLink(db, { businessKey: refused, processKey, variables: {} });
    const starter = createProcessStarter({ db, engine, log: silent, processKeys: [processKey] });
    await starter.runOnce();
    const first = await row(refused);
    expect(first).to.include({ state: 'pending', attempts: 1 });
    expect(new Date(first.lease_until).getTime()).to.be.greaterThan(Date.now());

    engine.refuse = false;
    const next = randomUUID();
    await insertProcessLink(db, { businessKey: next, processKey, variables: {} });
    expect(await starter.runOnce(), 'the refused row waits out its backoff').to.equal(1);
    expect(await row(next)).to.include({ state: 'started' });
    expect(await row(refused)).to.include({ state: 'pending' });
  });

  it('lets only one of two concurrent starters take a row', async () => {
    const engine = fakeEngine();
    const keys = Array.from({ length: 6 }, () => randomUUID());
    for (const businessKey of keys) await insertProcessLink(db, { businessKey, processKey, variables: {} });
    const a = createProcessStarter({ db, engine, log: silent, processKeys: [processKey] });
    const b = createProcessStarter({ db, engine, log: silent, processKeys: [processKey] });
    const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(na + nb).to.equal(6);
    expect(new Set(engine.starts.map((s) => s.businessKey)).size).to.equal(6);
    expect(engine.starts).to.have.length(6);
  });

  it('runs periodically after start() and stops cleanly', async () => {
    const engine = fakeEngine();
    const starter = createProcessStarter({ db, engine, log: silent, processKeys: [processKey], intervalMs: 50 });
    starter.start();
    const businessKey = randomUUID();
    await insertProcessLink(db, { businessKey, processKey, variables: {} });
    for (let i = 0; i < 40 && (await row(businessKey)).state !== 'started'; i++) await new Promise((r) => setTimeout(r, 50));
    await starter.stop();
    expect(await row(businessKey)).to.include({ state: 'started' });
  });
});
