// Brings up the whole stack in order: PostgreSQL, migrations, the engine, the processes, the API
// and the workers; and takes it down in reverse. Used by `npm start`, the test harness and the benchmark.
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAIL_FROM } from '../../lib/config.ts';
import { createDb, migrateLatest } from '../../lib/db.ts';
import { seedDemoStaff } from '../../lib/demo-staff.ts';
import { startChild, type Child } from './children.ts';
import { deployProcesses } from './deploy.ts';
import { engineHandle, ensureEngineJar, type EngineHandle } from './engine.ts';
import { waitFor } from './net.ts';
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
  startApi(): Promise<void>;
  stopApi(): Promise<void>;
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(name: ProfileName, say: (line: string) => void = console.log): Promise<Stack> {
  const profile = makeProfile(name, root);
  const logs = path.join(profile.dataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const secrets = loadOrCreateSecrets(profile.dataDir);
  const jar = ensureEngineJar(root, say);
  const record = new RunRecord(path.join(os.tmpdir(), `hromada-${profile.name}-${profile.ports.postgres}.pids`));
  await record.stopLeftovers(say);

  const cleanup: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch((e: Error) => say(`while stopping: ${e.message}`));
    record.clear();
    if (profile.throwaway && !process.env.HROMADA_KEEP_TEST_DATA) rmSync(profile.dataDir, { recursive: true, force: true });
  };

  try {
    say(`PostgreSQL: ${process.env.DATABASE_URL ? 'the server in DATABASE_URL' : `embedded, port ${profile.ports.postgres}, data in ${path.join(profile.dataDir, 'pg')}`}`);
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

    const engineUser = process.env.HROMADA_ENGINE_ADMIN_USER ?? 'engine';
    const engine = engineHandle({
      root, jar, port: profile.ports.engine, logFile: path.join(logs, 'engine.log'),
      db: database.engine, admin: { user: engineUser, password: secrets.engineAdminPassword },
      onSpawn: (pid) => record.add('engine', pid),
    });
    say(`engine: starting on 127.0.0.1:${profile.ports.engine} (log ${path.join(logs, 'engine.log')})…`);
    await engine.start();
    cleanup.push(() => engine.stop());

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
    const node = (entry: string, log: string) => startChild(entry, process.execPath, ['--import', 'tsx', path.join(root, entry)], {
      cwd: root, env: runtimeEnv, logFile: path.join(logs, log), onSpawn: (pid) => record.add(entry, pid),
    });

    let api: Child | undefined;
    let workers: Child | undefined;
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
        const child = node('api/main.ts', 'api.log');
        api = child;
        await waitFor('the API', async () => (await fetch(`${apiUrl}/health`)).ok, { timeoutMs: 60000, abort: () => child.exited() });
      },
      async stopApi() { await api?.stop(); api = undefined; },
      async startWorkers() {
        const child = node('workers/main.ts', 'workers.log');
        workers = child;
        // The runner has no port; a process that survives its start-up has subscribed.
        await new Promise((r) => setTimeout(r, 1500));
        const exited = child.exited();
        if (exited) throw new Error(`the workers ${exited}`);
      },
      async stopWorkers() { await workers?.stop(); workers = undefined; },
      stop,
    };
    cleanup.push(() => stack.stopApi());
    await stack.startApi();
    cleanup.push(() => stack.stopWorkers());
    await stack.startWorkers();
    return stack;
  } catch (error) {
    await stop();
    throw error;
  }
}
