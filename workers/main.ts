// Entry of the worker process: wiring and graceful shutdown only.
import nodemailer from 'nodemailer';
import pino from 'pino';
import { readRuntimeConfig, SUPERVISION_DEFAULTS } from '../lib/config.ts';
import { createDb } from '../lib/db.ts';
import { EngineClient } from '../lib/engine-client.ts';
import { createFileStore } from '../lib/file-store.ts';
import { createMailDispatcher, MAIL_DEFAULTS, type MailDispatcher } from '../lib/notifications/dispatcher.ts';
import { processKeys } from '../lib/domains.ts';
import { createProcessStarter, PROCESS_START_CONCURRENCY } from '../lib/process-start/starter.ts';
import { createHeartbeat } from '../lib/supervision/heartbeat.ts';
import { createReaper } from '../lib/supervision/reaper.ts';
import { readHotFolderSettings, startHotFolder } from './hot-folder.ts';
import { startRunner } from './runner.ts';
import { loadTopicModules } from './topics/index.ts';

const config = readRuntimeConfig();
const log = pino({ level: config.logLevel, base: { service: 'workers', pid: process.pid } });
// Each parallel task holds at most one connection, and so does each e-mail and each process start in
// flight (they hold their row's lock while they work); one spare for the heartbeat and the rest.
const db = createDb(config.appDatabaseUrl, config.workers.maxParallel + MAIL_DEFAULTS.concurrency + PROCESS_START_CONCURRENCY + 1);
const files = createFileStore(config.filesDir);
const supervision = config.supervision ?? SUPERVISION_DEFAULTS;
// Registered before anything is claimed: the claims carry its id, and it is how they come back
// at once if this process dies.
const heartbeat = createHeartbeat({ db, role: 'workers', log: log.child({ component: 'heartbeat' }), intervalMs: supervision.heartbeatMs });
await heartbeat.start();

// The notify topic only queues e-mails (outbox_messages); this sends them, in the same process.
// Started first: loading and subscribing the topics takes seconds, and after a crash the e-mails the
// dead process had claimed are waiting.
let mail: MailDispatcher | undefined;
if (config.smtp?.url) {
  const transport = nodemailer.createTransport({
    url: config.smtp.url,
    // Well inside the dispatcher's lease (300 s): a send holds its row's lock, and a connection, at most this long.
    connectionTimeout: 30000, greetingTimeout: 30000, socketTimeout: 60000,
  });
  mail = createMailDispatcher({
    db, transport, from: config.smtp.from, log: log.child({ component: 'mail' }),
    retryBaseMs: config.smtp.retryBaseMs, maxAttempts: config.smtp.maxAttempts,
    owner: heartbeat.id, onPass: () => heartbeat.note('mail'),
  });
  mail.start();
} else {
  log.warn('HROMADA_SMTP_URL is not set: e-mails stay queued in outbox_messages and are not sent');
}

const runner = startRunner({
  config, db, log, topics: await loadTopicModules(), files,
  onPoll: (topics) => { for (const topic of topics) heartbeat.note('poll', topic); },
});

// Scanners' hot folders (<dataDir>/inbox/<workstation>/): files become documents as API uploads
// do; this process's own outbox starter starts their processes at once (the API's sweeps too).
const starter = createProcessStarter({
  db, engine: new EngineClient(config.engine), log: log.child({ component: 'process-starter' }), processKeys: processKeys(),
  owner: heartbeat.id, onPass: () => heartbeat.note('process-start'),
});
const hotFolder = startHotFolder({
  ...readHotFolderSettings(process.env, config.dataDir),
  db, files, log: log.child({ component: 'hot-folder' }), maxBytes: config.api.uploadLimitBytes,
  onReceived: () => starter.kick(),
});
hotFolder.start();

// Hands back what processes known dead had claimed (lib/supervision/reaper.ts), and sends it from here.
const reaper = createReaper({
  db, self: heartbeat.id, host: heartbeat.identity.host, log: log.child({ component: 'supervision' }),
  intervalMs: supervision.heartbeatMs, processStaleMs: supervision.processStaleMs,
  onReleased: () => { mail?.kick(); starter.kick(); },
});
reaper.start();

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log.info({ signal }, 'shutting down');
  try {
    await reaper.stop();
    await hotFolder.stop();
    await starter.stop();
    await runner.stop();
    await mail?.stop();
    // Last: nothing is claimed any more when the record says "stopped".
    await heartbeat.stop();
    await db.destroy();
    process.exit(0);
  } catch (error) {
    log.error({ error: { message: (error as Error).message } }, 'shutdown failed');
    process.exit(1);
  }
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
