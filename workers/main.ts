// Entry of the worker process: wiring and graceful shutdown only.
import pino from 'pino';
import { readRuntimeConfig } from '../lib/config.ts';
import { createDb } from '../lib/db.ts';
import { startRunner } from './runner.ts';
import { topicModules } from './topics/index.ts';

const config = readRuntimeConfig();
const log = pino({ level: config.logLevel, base: { service: 'workers', pid: process.pid } });
// Each parallel task holds at most one connection; one spare for the occasional lookup outside a task.
const db = createDb(config.appDatabaseUrl, config.workers.maxParallel + 1);
const runner = startRunner({ config, db, log, topics: topicModules });

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log.info({ signal }, 'shutting down');
  try {
    await runner.stop();
    await db.destroy();
    process.exit(0);
  } catch (error) {
    log.error({ error: { message: (error as Error).message } }, 'shutdown failed');
    process.exit(1);
  }
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
