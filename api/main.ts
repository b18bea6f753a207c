// Entry point of the API process: wires the dependencies, listens, and shuts down cleanly.
import { pino } from 'pino';
import { readRuntimeConfig } from '../lib/config.ts';
import { createDb } from '../lib/db.ts';
import { EngineClient } from '../lib/engine-client.ts';
import { processKeys } from '../lib/domains.ts';
import { createProcessStarter } from '../lib/process-start/starter.ts';
import { buildApp } from './app.ts';

const config = readRuntimeConfig();
const log = pino({
  level: config.logLevel,
  base: { service: 'api' },
  // Session cookies are credentials; never in a log line.
  redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
});
const db = createDb(config.appDatabaseUrl);
const engine = new EngineClient(config.engine);
// Only the processes this code knows: a row for any other key is not ours to start.
const starter = createProcessStarter({ db, engine, log: log.child({ component: 'process-starter' }), intervalMs: 5000, processKeys: processKeys() });
const app = buildApp({ config, db, engine, logger: log, starter });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  const force = setTimeout(() => {
    log.error('shutdown took too long, exiting');
    process.exit(1);
  }, 15000);
  force.unref();
  try {
    await app.close();
    await starter.stop();
    await db.destroy();
    log.info('stopped');
    process.exit(0);
  } catch (err) {
    log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

try {
  await app.listen({ host: config.api.host, port: config.api.port });
  starter.start();
} catch (err) {
  log.fatal({ err }, 'API failed to start');
  await starter.stop();
  await db.destroy();
  process.exit(1);
}
