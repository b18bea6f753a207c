// `npm start`, `npm run migrate`, `npm run deploy` (bench has its own entry in bench/).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createDb, migrateLatest } from '../../lib/db.ts';
import { EngineClient } from '../../lib/engine-client.ts';
import { deployProcesses } from './deploy.ts';
import { profile } from './profiles.ts';
import { startDatabase } from './postgres.ts';
import { loadOrCreateSecrets } from './secrets.ts';
import { root, startStack, type Stack } from './stack.ts';

const say = (line: string) => console.log(`hromada: ${line}`);

async function start(): Promise<void> {
  let stack: Stack | undefined;
  let stopping = false;
  // Installed before the first child starts: Ctrl-C during start-up stops what has started so far.
  const controller = new AbortController();
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    controller.abort();
    const stopped = stack ?? await starting.catch(() => undefined);
    await stopped?.stop();
    say('stopped; data kept in ' + (stopped?.profile.dataDir ?? 'data/'));
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const starting = startStack('dev', say, { signal: controller.signal });
  stack = await starting;
  const logs = path.join(stack.profile.dataDir, 'logs');
  console.log(`
Hromada is running.
  Portal and API      ${stack.apiUrl}/
  API docs (OpenAPI)  ${stack.apiUrl}/docs   (${stack.apiUrl}/openapi.json)
  Health              ${stack.apiUrl}/health
  Cockpit (engine)    ${stack.cockpitUrl}   user "${stack.runtimeEnv.HROMADA_ENGINE_USER}", password in ${path.join(stack.profile.dataDir, 'secrets.json')}
  Logs                ${logs}
${stack.smtpSink ? `  Mail (sink)         ${stack.smtpSink.dir}
` : ''}${stack.demoStaff ? `  Demo staff logins   clerk, head, executor, analyst, admin — password "demo"
` : ''}Press Ctrl-C to stop; the data stays for the next start.`);
}

async function migrate(): Promise<void> {
  const p = profile('dev', root);
  const secrets = loadOrCreateSecrets(p.dataDir);
  mkdirSync(path.join(p.dataDir, 'logs'), { recursive: true });
  const database = await startDatabase({ dataDir: p.dataDir, port: p.ports.postgres, password: secrets.postgresPassword, logFile: path.join(p.dataDir, 'logs', 'postgres.log'), reuseRunning: true });
  const db = createDb(database.appUrl, 1);
  try {
    const applied = await migrateLatest(db);
    say(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
  } finally {
    await db.destroy();
    await database.stop();
  }
}

/** Deploys to a running `npm start` stack (the engine must be up). */
async function deploy(): Promise<void> {
  const p = profile('dev', root);
  const secrets = loadOrCreateSecrets(p.dataDir);
  const engine = new EngineClient({
    baseUrl: process.env.HROMADA_ENGINE_URL ?? `http://127.0.0.1:${p.ports.engine}/engine-rest`,
    user: process.env.HROMADA_ENGINE_ADMIN_USER ?? 'engine',
    password: secrets.engineAdminPassword,
  });
  const deployed = await deployProcesses(engine, root);
  say(deployed.length ? `deployed: ${deployed.map((d) => `${d.key} v${d.version}`).join(', ')}` : 'processes unchanged: nothing deployed');
}

const mode = process.argv[2];
const modes: Record<string, () => Promise<void>> = {
  start,
  migrate,
  deploy,
  bench: async () => { await import('../../bench/run.ts'); },
  staff: async () => { await (await import('./staff.ts')).staff(process.argv.slice(3)); },
};
const run = modes[mode ?? 'start'];
if (!run) {
  console.error(`hromada: unknown mode "${mode}" (start, migrate, deploy, bench, staff)`);
  process.exit(2);
}
run().catch((error: Error) => {
  console.error(`hromada: ${error.message}`);
  process.exit(1);
});
