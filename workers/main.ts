// Entry of the worker process: wiring and graceful shutdown only.
import nodemailer from 'nodemailer';
import pino from 'pino';
import { readRuntimeConfig } from '../lib/config.ts';
import { createDb } from '../lib/db.ts';
import { EngineClient } from '../lib/engine-client.ts';
import { createFileStore } from '../lib/file-store.ts';
import { createMailDispatcher, type MailDispatcher } from '../lib/notifications/dispatcher.ts';
import { processKeys } from '../lib/domains.ts';
import { createProcessStarter } from '../lib/process-start/starter.ts';
import { readHotFolderSettings, startHotFolder } from './hot-folder.ts';
import { startRunner } from './runner.ts';
import { loadTopicModules } from './topics/index.ts';

const config = readRuntimeConfig();
const log = pino({ level: config.logLevel, base: { service: 'workers', pid: process.pid } });
// Each parallel task holds at most one connection; one spare for the occasional lookup outside a task.
const db = createDb(config.appDatabaseUrl, config.workers.maxParallel + 1);
const files = createFileStore(config.filesDir);
const runner = startRunner({ config, db, log, topics: await loadTopicModules(), files });

// Scanners' hot folders (<dataDir>/inbox/<workstation>/): files become documents as API uploads
// do; this process's own outbox starter starts their processes at once (the API's sweeps too).
const starter = createProcessStarter({ db, engine: new EngineClient(config.engine), log: log.child({ component: 'process-starter' }), processKeys: processKeys() });
const hotFolder = startHotFolder({
  ...readHotFolderSettings(process.env, config.dataDir),
  db, files, log: log.child({ component: 'hot-folder' }), maxBytes: config.api.uploadLimitBytes,
  onReceived: () => starter.kick(),
});
hotFolder.start();

// The notify topic only queues e-mails (outbox_messages); this sends them, in the same process.
let mail: MailDispatcher | undefined;
if (config.smtp?.url) {
  const transport = nodemailer.createTransport({
    url: config.smtp.url,
    // Well inside the dispatcher's lease (300 s), so a hung server cannot let a second claim resend.
    connectionTimeout: 30000, greetingTimeout: 30000, socketTimeout: 60000,
  });
  mail = createMailDispatcher({
    db, transport, from: config.smtp.from, log: log.child({ component: 'mail' }),
    retryBaseMs: config.smtp.retryBaseMs, maxAttempts: config.smtp.maxAttempts,
  });
  mail.start();
} else {
  log.warn('HROMADA_SMTP_URL is not set: e-mails stay queued in outbox_messages and are not sent');
}

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log.info({ signal }, 'shutting down');
  try {
    await hotFolder.stop();
    await starter.stop();
    await runner.stop();
    await mail?.stop();
    await db.destroy();
    process.exit(0);
  } catch (error) {
    log.error({ error: { message: (error as Error).message } }, 'shutdown failed');
    process.exit(1);
  }
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
