// The Camunda 7 engine (engine/): built by Maven when its sources changed, run as a child JVM.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { EngineClient } from '../../lib/engine-client.ts';
import { startChild, type Child } from './children.ts';
import { portInUse, waitFor } from './net.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** A hash of everything the jar is built from: the jar is rebuilt only when this changes. */
function sourceHash(engineDir: string): string {
  const hash = createHash('sha256');
  for (const file of [path.join(engineDir, 'pom.xml'), ...filesUnder(path.join(engineDir, 'src'))]) {
    hash.update(path.relative(engineDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function ensureEngineJar(root: string, say: (line: string) => void): string {
  const engineDir = path.join(root, 'engine');
  const jar = path.join(engineDir, 'target', 'hromada-engine.jar');
  const stamp = jar + '.source-sha256';
  const wanted = sourceHash(engineDir);
  if (existsSync(jar) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === wanted) return jar;
  say('building the engine (Maven; the first build downloads dependencies and takes a few minutes)…');
  const r = spawnSync('mvn', ['-B', '-q', '-f', path.join(engineDir, 'pom.xml'), 'package', '-DskipTests'], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(jar)) throw new Error('the engine build failed: see the Maven output above');
  writeFileSync(stamp, wanted + '\n');
  return jar;
}

export interface EngineHandle {
  url: string;
  client: EngineClient;
  start(): Promise<void>;
  stop(): Promise<void>;
  running(): boolean;
}

export function engineHandle(opts: {
  root: string; jar: string; port: number; logFile: string;
  db: { jdbcUrl: string; user: string; password: string };
  admin: { user: string; password: string };
  env?: NodeJS.ProcessEnv;
  onSpawn?: (pid: number | undefined) => void;
}): EngineHandle {
  const url = `http://127.0.0.1:${opts.port}/engine-rest`;
  const client = new EngineClient({ baseUrl: url, user: opts.admin.user, password: opts.admin.password, timeoutMs: 5000 });
  let child: Child | undefined;
  const env = opts.env ?? process.env;
  return {
    url,
    client,
    running: () => child !== undefined && child.exited() === undefined,
    async start() {
      if (await portInUse(opts.port)) {
        throw new Error(`port ${opts.port} for the engine is taken (an earlier run still going?): stop it, or set another port (see README, Configuration)`);
      }
      child = startChild('engine', 'java', [`-Xmx${env.HROMADA_ENGINE_XMX ?? '768m'}`, '-jar', opts.jar], {
        cwd: opts.root,
        logFile: opts.logFile,
        onSpawn: opts.onSpawn,
        env: {
          ...env,
          HROMADA_ENGINE_PORT: String(opts.port),
          HROMADA_ENGINE_DB_URL: opts.db.jdbcUrl,
          HROMADA_ENGINE_DB_USER: opts.db.user,
          HROMADA_ENGINE_DB_PASSWORD: opts.db.password,
          HROMADA_ENGINE_ADMIN_USER: opts.admin.user,
          HROMADA_ENGINE_ADMIN_PASSWORD: opts.admin.password,
        },
      });
      const started = child;
      await waitFor('the engine', () => client.isUp(), { timeoutMs: 240000, intervalMs: 1000, abort: () => started.exited() });
    },
    async stop() {
      await child?.stop(30000);
      child = undefined;
    },
  };
}
