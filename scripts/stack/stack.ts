// Brings up the whole stack in order: PostgreSQL, migrations, the engine, the processes, the API
// and the workers; and takes it down in reverse. Used by `npm start`, the test harness and the benchmark.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAIL_FROM, readRuntimeConfig, SUPERVISION_DEFAULTS } from '../../lib/config.ts';
import { createDb, migrateLatest } from '../../lib/db.ts';
import { seedDemoStaff } from '../../lib/staff/demo.ts';
import { createHeartbeat } from '../../lib/supervision/heartbeat.ts';
import { upsertLauncherChild } from '../../lib/supervision/repository.ts';
import { startChild } from './children.ts';
import { supervise, type Supervised, type SupervisedEvent } from './supervisor.ts';
import { deployProcesses } from './deploy.ts';
import { engineHandle, ensureEngineJar, type EngineHandle } from './engine.ts';
import { freePorts, portInUse, waitFor } from './net.ts';
import { startDatabase, type Database } from './postgres.ts';
import { profile as makeProfile, type Profile, type ProfileName } from './profiles.ts';
import { loadOrCreateSecrets } from './secrets.ts';
import { sinkPort, startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import { RunRecord } from './leftovers.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Stack {
  profile: Profile;
  database: Database;
  engine: EngineHandle;
  apiUrl: string;
  cockpitUrl: string;
  /** Environment for an API or workers process of this stack (also what tests use to build their own). */
  runtimeEnv: NodeJS.ProcessEnv;
  demoStaff: boolean;
  deployed: Array<{ key: string; version: number }>;
  /** The local mail sink, when no HROMADA_SMTP_URL is configured (tests may make it refuse messages). */
  smtpSink: SmtpSink | undefined;
  /** What the sink received, oldest first; throws when mail goes to a configured server instead. */
  mailbox(): Promise<Array<{ to: string; subject: string; text: string; messageId: string }>>;
  /**
   * Start and stop the API or the workers on purpose (tests, benchmarks). While started, the launcher
   * restarts a child that ends without being asked (supervisor.ts); a child stopped here stays stopped.
   */
  startApi(): Promise<void>;
  stopApi(): Promise<void>;
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  /** The supervised children that run (or are being restarted) now. */
  children(): Array<{ name: 'api' | 'workers'; pid: number | undefined; restarts: number }>;
  /** What the launcher has said so far (its own output), oldest first: restarts are announced there. */
  said(): string[];
  stop(): Promise<void>;
}

const portNames: Record<keyof Profile['ports'], string> = { postgres: 'the embedded PostgreSQL', engine: 'the engine', api: 'the API' };

/**
 * A busy port of a throwaway run (test, bench) moves to a free one, so two runs on one machine go on
 * side by side; a port set by a variable, or one of `npm start`, is refused with a message instead.
 */
/** A port this run may move: a throwaway run's, not set by a variable. */
function movablePort(profile: Profile, key: keyof Profile['ports']): boolean {
  return profile.throwaway && !profile.explicitPorts.includes(key);
}

export async function settlePorts(profile: Profile, say: (line: string) => void, only?: Array<keyof Profile['ports']>): Promise<void> {
  const keys = (only ?? Object.keys(profile.ports) as Array<keyof Profile['ports']>)
    .filter((k) => !(k === 'postgres' && process.env.DATABASE_URL));
  const busy: Array<keyof Profile['ports']> = [];
  for (const k of keys) if (await portInUse(profile.ports[k])) busy.push(k);
  const movable = busy.filter((k) => movablePort(profile, k));
  const fixed = busy.filter((k) => !movable.includes(k));
  if (fixed.length) {
    throw new Error(`${fixed.map((k) => `port ${profile.ports[k]} for ${portNames[k]} is taken`).join('; ')}: `
      + `is another run going? Stop it, or set ${fixed.map((k) => profile.portVariables[k]).join(', ')} (see README, Configuration)`);
  }
  const ports = await freePorts(movable.length);
  movable.forEach((k, i) => {
    say(`port ${profile.ports[k]} for ${portNames[k]} is taken (another run?): using ${ports[i]}`);
    profile.ports[k] = ports[i]!;
  });
}

export interface StartOptions {
  /** Aborting it (a signal during start-up) stops whatever has been started and makes startStack reject. */
  signal?: AbortSignal;
}

export async function startStack(name: ProfileName, sayOut: (line: string) => void = console.log, opts: StartOptions = {}): Promise<Stack> {
  const said: string[] = [];
  const say = (line: string) => {
    said.push(line);
    if (said.length > 2000) said.splice(0, said.length - 2000);
    sayOut(line);
  };
  const profile = makeProfile(name, root);
  const logs = path.join(profile.dataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const secrets = loadOrCreateSecrets(profile.dataDir);
  const keepData = profile.throwaway && Boolean(process.env.HROMADA_KEEP_TEST_DATA);
  const record = new RunRecord(profile.dataDir, { throwaway: profile.throwaway, keepData });
  const removeData = () => { if (profile.throwaway && !keepData) rmSync(profile.dataDir, { recursive: true, force: true }); };
  try {
    await record.claim(say);
    await settlePorts(profile, say);
  } catch (error) {
    removeData();
    throw error;
  }

  const cleanup: Array<() => Promise<void>> = [];
  let starting = true;
  let stopping: Promise<void> | undefined;
  // Set by the stop: the supervised children are not restarted any more.
  let closing = false;
  // One stop, however many callers (a signal, the catch below, the test teardown) ask for it.
  const stop = () => stopping ??= (async () => {
    // First of all: a child that ends from now on is not restarted.
    closing = true;
    // Interrupted start-up: children still starting are not in `cleanup` yet; the record has them all.
    if (starting) await record.stopRemaining(say);
    for (const step of cleanup.splice(0).reverse()) await step().catch((e: Error) => say(`while stopping: ${e.message}`));
    await record.stopRemaining(say);
    record.clear();
    removeData();
  })();
  const interrupted = () => {
    if (opts.signal?.aborted) throw new Error('start-up interrupted by a signal: everything started so far was stopped');
  };
  opts.signal?.addEventListener('abort', () => { void stop(); }, { once: true });

  try {
    interrupted();
    const jar = ensureEngineJar(root, say);
    interrupted();
    say(`PostgreSQL: ${process.env.DATABASE_URL ? 'the server in DATABASE_URL' : `embedded, port ${profile.ports.postgres}, data in ${path.join(profile.dataDir, 'pg')}`}`);
    interrupted();
    const database = await startDatabase({ dataDir: profile.dataDir, port: profile.ports.postgres, password: secrets.postgresPassword, logFile: path.join(logs, 'postgres.log'), say, onSpawn: (pid) => record.add('postgres', pid) });
    cleanup.push(() => database.stop());

    const db = createDb(database.appUrl, 2);
    try {
      const applied = await migrateLatest(db);
      if (applied.length) say(`migrations applied: ${applied.join(', ')}`);
      // Demo people exist only in the embedded default; never on a configured server.
      if (database.embedded) await seedDemoStaff(db);
    } finally {
      await db.destroy();
    }

    // Checked again right before each server starts: another run starting at the same moment may
    // have taken a port that was free a minute ago, when this run began. The JVM binds its port only
    // after tens of seconds, so a throwaway run whose engine lost that race tries another free port.
    const engineUser = process.env.HROMADA_ENGINE_ADMIN_USER ?? 'engine';
    let engine!: EngineHandle;
    for (let attempt = 1; ; attempt++) {
      await settlePorts(profile, say, ['engine']);
      const handle = engineHandle({
        root, jar, port: profile.ports.engine, logFile: path.join(logs, 'engine.log'),
        db: database.engine, admin: { user: engineUser, password: secrets.engineAdminPassword },
        onSpawn: (pid) => record.add('engine', pid),
      });
      engine = handle;
      say(`engine: starting on 127.0.0.1:${profile.ports.engine} (log ${path.join(logs, 'engine.log')})…`);
      interrupted();
      try {
        await handle.start();
        cleanup.push(() => handle.stop());
        break;
      } catch (error) {
        await handle.stop();
        const lostRace = /already in use|for the engine is taken/.test((error as Error).message) && movablePort(profile, 'engine');
        if (!lostRace || attempt >= 3 || opts.signal?.aborted) throw error;
        say(`engine: port ${profile.ports.engine} was taken meanwhile by another run; trying another`);
        profile.ports.engine = (await freePorts(1))[0]!;
      }
    }
    interrupted();

    const deployed = await deployProcesses(engine.client, root);
    say(deployed.length ? `deployed: ${deployed.map((d) => `${d.key} v${d.version}`).join(', ')}` : 'processes unchanged: nothing deployed');

    // Mail goes to the configured server or, by default, to a local sink that keeps every message in
    // <dataDir>/mail/: nothing reaches a real mailbox unless someone configures it.
    let smtpSink: SmtpSink | undefined;
    if (!process.env.HROMADA_SMTP_URL) {
      const { port, explicit } = sinkPort(profile.name);
      smtpSink = await startSmtpSink({ dataDir: profile.dataDir, port, anyPortIfBusy: profile.throwaway && !explicit });
      cleanup.push(() => smtpSink!.stop());
      say(`mail: local sink on 127.0.0.1:${smtpSink.port}, messages in ${smtpSink.dir}`);
    }

    await settlePorts(profile, say, ['api']);
    const apiUrl = `http://127.0.0.1:${profile.ports.api}`;
    const runtimeEnv: NodeJS.ProcessEnv = {
      ...process.env,
      HROMADA_DATA_DIR: profile.dataDir,
      HROMADA_APP_DB_URL: database.appUrl,
      HROMADA_ENGINE_URL: engine.url,
      HROMADA_ENGINE_USER: engineUser,
      HROMADA_ENGINE_PASSWORD: secrets.engineAdminPassword,
      HROMADA_API_PORT: String(profile.ports.api),
      HROMADA_API_HOST: process.env.HROMADA_API_HOST ?? '127.0.0.1',
      HROMADA_SMTP_URL: smtpSink?.url ?? process.env.HROMADA_SMTP_URL,
      HROMADA_MAIL_FROM: process.env.HROMADA_MAIL_FROM ?? DEFAULT_MAIL_FROM,
    };
    const node = (entry: string, log: string) => () => startChild(entry, process.execPath, ['--import', 'tsx', path.join(root, entry)], {
      cwd: root, env: runtimeEnv, logFile: path.join(logs, log), onSpawn: (pid) => record.add(entry, pid),
    });

    // The launcher's own record (lib/supervision/): its children and their restarts, for the API's
    // /health, which runs in another process. Best effort: a write that fails is said, not fatal.
    const supervisionSettings = readRuntimeConfig(runtimeEnv).supervision ?? SUPERVISION_DEFAULTS;
    const launcherDb = createDb(database.appUrl, 1);
    const launcherBeat = createHeartbeat({
      db: launcherDb, role: 'launcher', intervalMs: supervisionSettings.heartbeatMs,
      log: { info: () => {}, warn: (_fields, message) => say(`supervision: ${message}`) },
    });
    await launcherBeat.start();
    let childWrites: Promise<void> = Promise.resolve();
    let childWriteFailed = false;
    const recordChild = (e: SupervisedEvent) => {
      childWrites = childWrites.then(() => upsertLauncherChild(launcherDb, launcherBeat.id, {
        name: e.name, state: e.state, pid: e.pid ?? null, restarts: e.restarts, lastExit: e.lastExit ?? null, exitedNow: e.exited,
      })).catch((error: Error) => {
        if (!childWriteFailed) say(`supervision: could not record ${e.name} ${e.state}: ${error.message}`);
        childWriteFailed = true;
      });
    };
    cleanup.push(async () => {
      await childWrites;
      await launcherBeat.stop();
      await launcherDb.destroy();
    });

    const supervised = (name: 'api' | 'workers', label: string, spawn: ReturnType<typeof node>) => supervise({
      name, label, spawn, say, mayRestart: () => !closing, onEvent: recordChild,
    });
    let api: Supervised | undefined;
    let workers: Supervised | undefined;
    const stack: Stack = {
      profile, database, engine, apiUrl, deployed, runtimeEnv,
      cockpitUrl: `http://127.0.0.1:${profile.ports.engine}/camunda/app/cockpit/`,
      demoStaff: database.embedded,
      smtpSink,
      async mailbox() {
        if (!smtpSink) throw new Error('no mail sink: HROMADA_SMTP_URL sends mail to a configured server');
        return smtpSink.messages().map(({ to, subject, text, messageId }) => ({ to, subject, text, messageId }));
      },
      async startApi() {
        if (api) throw new Error('the API is already started: stopApi() first');
        if (await portInUse(profile.ports.api)) throw new Error(`port ${profile.ports.api} for the API is taken: stop what listens there, or set ${profile.portVariables.api}`);
        const child = supervised('api', 'the API (api/main.ts)', node('api/main.ts', 'api.log'));
        api = child;
        // Ready when it answers and its own database and engine are up: the workers (also in /health,
        // which then says 503) start after it, or may be stopped on purpose.
        try {
          await waitFor('the API', async () => {
            const body = await (await fetch(`${apiUrl}/health`)).json() as { database?: { ok?: boolean }; engine?: { ok?: boolean } };
            return body.database?.ok === true && body.engine?.ok === true;
          }, { timeoutMs: 60000, abort: () => child.exited() });
        } catch (error) {
          api = undefined;
          await child.stop();
          throw error;
        }
        child.arm();
      },
      async stopApi() { const child = api; api = undefined; await child?.stop(); },
      async startWorkers() {
        if (workers) throw new Error('the workers are already started: stopWorkers() first');
        const child = supervised('workers', 'the workers (workers/main.ts)', node('workers/main.ts', 'workers.log'));
        workers = child;
        // The runner has no port; a process that survives its start-up has subscribed.
        await new Promise((r) => setTimeout(r, 1500));
        const exited = child.exited();
        if (exited) {
          workers = undefined;
          await child.stop();
          throw new Error(`the workers ${exited}`);
        }
        child.arm();
      },
      async stopWorkers() { const child = workers; workers = undefined; await child?.stop(); },
      children: () => [api, workers].filter((c): c is Supervised => c !== undefined)
        .map((c) => ({ name: c.name as 'api' | 'workers', pid: c.pid(), restarts: c.restarts() })),
      said: () => [...said],
      stop,
    };
    cleanup.push(() => stack.stopApi());
    interrupted();
    await stack.startApi();
    cleanup.push(() => stack.stopWorkers());
    interrupted();
    await stack.startWorkers();
    interrupted();
    starting = false;
    return stack;
  } catch (error) {
    await stop();
    // A step cut short by the stop fails its own way (a child "exited"); the cause was the signal.
    if (opts.signal?.aborted) interrupted();
    throw error;
  }
}
