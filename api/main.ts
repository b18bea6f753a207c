// Entry point of the API process: wires the dependencies, listens, and shuts down cleanly.
import { pino } from 'pino';
import { readRuntimeConfig, SUPERVISION_DEFAULTS } from '../lib/config.ts';
import { createDb } from '../lib/db.ts';
import { EngineClient } from '../lib/engine-client.ts';
import { processKeys, workerTopics } from '../lib/domains.ts';
import { createProcessStarter, PROCESS_START_CONCURRENCY } from '../lib/process-start/starter.ts';
import { createHeartbeat } from '../lib/supervision/heartbeat.ts';
import { createReaper } from '../lib/supervision/reaper.ts';
import { createSupervisionReader } from '../lib/supervision/report.ts';
import { buildApp } from './app.ts';

const config = readRuntimeConfig();
const log = pino({
  level: config.logLevel,
  base: { service: 'api' },
  // Session cookies are credentials; never in a log line.
  redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
});
// Requests, plus one connection per process start in flight (each holds its row's lock while it works).
const db = createDb(config.appDatabaseUrl, 10 + PROCESS_START_CONCURRENCY);
const engine = new EngineClient(config.engine);
const supervision = config.supervision ?? SUPERVISION_DEFAULTS;
// Registered before anything is claimed: the claims carry its id (lib/supervision/).
const heartbeat = createHeartbeat({ db, role: 'api', log: log.child({ component: 'heartbeat' }), intervalMs: supervision.heartbeatMs });
await heartbeat.start();
// Only the processes this code knows: a row for any other key is not ours to start.
const starter = createProcessStarter({
  db, engine, log: log.child({ component: 'process-starter' }), intervalMs: 5000, processKeys: processKeys(),
  owner: heartbeat.id, onPass: () => heartbeat.note('process-start'),
});
// Hands back what processes known dead had claimed; the workers process does the same.
const reaper = createReaper({
  db, self: heartbeat.id, host: heartbeat.identity.host, log: log.child({ component: 'supervision' }),
  intervalMs: supervision.heartbeatMs, processStaleMs: supervision.processStaleMs,
  onReleased: () => starter.kick(),
});
const app = buildApp({
  config, db, engine, logger: log, starter,
  supervision: createSupervisionReader({ db, host: heartbeat.identity.host, topics: workerTopics(), settings: supervision }),
});

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
    await reaper.stop();
    await starter.stop();
    await heartbeat.stop();
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
  reaper.start();
} catch (err) {
  log.fatal({ err }, 'API failed to start');
  await starter.stop();
  await heartbeat.stop();
  await db.destroy();
  process.exit(1);
}
