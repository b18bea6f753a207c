// Runtime configuration of the API and the workers, read once from the environment.
// The launcher (scripts/stack.ts) sets these for the processes it starts; anyone running
// a process by hand sets them the same way. Names are listed in the README.
import path from 'node:path';

export interface RuntimeConfig {
  dataDir: string;
  filesDir: string;
  appDatabaseUrl: string;
  engine: { baseUrl: string; user: string; password: string };
  api: { host: string; port: number; publicUrl: string; uploadLimitBytes: number; secureCookies: boolean };
  workers: { maxParallel: number; retries: number; retryBaseMs: number; lockDurationMs: number; asyncResponseTimeoutMs: number; pollIntervalMs: number };
  /**
   * Outgoing e-mail (lib/notifications/dispatcher.ts); no url: nothing is sent, the outbox keeps the messages.
   * Optional only so that configurations built by hand (test/api/helpers.ts) stay valid.
   */
  smtp?: { url: string | undefined; from: string; retryBaseMs: number; maxAttempts: number };
  /**
   * Heartbeats and what /health calls stale (lib/supervision/). Optional for the same reason as smtp;
   * SUPERVISION_DEFAULTS apply without it.
   */
  supervision?: SupervisionSettings;
  logLevel: string;
}

export interface SupervisionSettings {
  /** How often a process writes its heartbeat (and the notes of its components), and looks for dead ones. */
  heartbeatMs: number;
  /** A process whose heartbeat is older is taken for dead: its claims are released, /health ignores it. */
  processStaleMs: number;
  /** A topic no live worker has polled for longer makes /health degraded. */
  pollStaleMs: number;
  /** Likewise for the last pass of the mail dispatcher and of the process starter. */
  passStaleMs: number;
}

// A worker polls at least every long-poll wait (10 s) unless every one of its slots is busy, so the
// poll threshold leaves room for long tasks; a process beats every 2 s from a timer, so 15 s of
// silence is a dead or stalled one (stalled is safe too: see lib/notifications/dispatcher.ts).
export const SUPERVISION_DEFAULTS: SupervisionSettings = { heartbeatMs: 2000, processStaleMs: 15000, pollStaleMs: 60000, passStaleMs: 60000 };

export const DEFAULT_MAIL_FROM = '"Hromada" <no-reply@hromada.invalid>';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set (see README, "Configuration")`);
  return value;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function readRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const supervision: SupervisionSettings = {
    heartbeatMs: integer(env, 'HROMADA_HEARTBEAT_MS', SUPERVISION_DEFAULTS.heartbeatMs),
    processStaleMs: integer(env, 'HROMADA_PROCESS_STALE_MS', SUPERVISION_DEFAULTS.processStaleMs),
    pollStaleMs: integer(env, 'HROMADA_POLL_STALE_MS', SUPERVISION_DEFAULTS.pollStaleMs),
    passStaleMs: integer(env, 'HROMADA_PASS_STALE_MS', SUPERVISION_DEFAULTS.passStaleMs),
  };
  // A process missing one or two beats (a busy moment, a slow query) must not be taken for dead.
  if (supervision.heartbeatMs < 100 || supervision.processStaleMs < 3 * supervision.heartbeatMs) {
    throw new Error(`HROMADA_PROCESS_STALE_MS (${supervision.processStaleMs}) must be at least three HROMADA_HEARTBEAT_MS (${supervision.heartbeatMs}), and the heartbeat at least 100 ms`);
  }
  const dataDir = path.resolve(env.HROMADA_DATA_DIR ?? 'data');
  const apiPort = integer(env, 'HROMADA_API_PORT', 3000);
  const apiHost = env.HROMADA_API_HOST ?? '127.0.0.1';
  return {
    dataDir,
    filesDir: path.join(dataDir, 'files'),
    appDatabaseUrl: required(env, 'HROMADA_APP_DB_URL'),
    engine: {
      baseUrl: env.HROMADA_ENGINE_URL ?? 'http://127.0.0.1:8089/engine-rest',
      user: env.HROMADA_ENGINE_USER ?? 'engine',
      password: required(env, 'HROMADA_ENGINE_PASSWORD'),
    },
    api: {
      host: apiHost,
      port: apiPort,
      publicUrl: env.HROMADA_PUBLIC_URL ?? `http://${apiHost === '0.0.0.0' ? '127.0.0.1' : apiHost}:${apiPort}`,
      uploadLimitBytes: integer(env, 'HROMADA_UPLOAD_LIMIT_MB', 50) * 1024 * 1024,
      secureCookies: env.HROMADA_SECURE_COOKIES === 'true',
    },
    workers: {
      maxParallel: integer(env, 'HROMADA_WORKER_PARALLEL', 4),
      retries: integer(env, 'HROMADA_WORKER_RETRIES', 3),
      retryBaseMs: integer(env, 'HROMADA_WORKER_RETRY_BASE_MS', 2000),
      lockDurationMs: integer(env, 'HROMADA_WORKER_LOCK_MS', 60000),
      asyncResponseTimeoutMs: integer(env, 'HROMADA_WORKER_LONG_POLL_MS', 10000),
      pollIntervalMs: integer(env, 'HROMADA_WORKER_POLL_INTERVAL_MS', 50),
    },
    smtp: {
      url: env.HROMADA_SMTP_URL || undefined,
      from: env.HROMADA_MAIL_FROM || DEFAULT_MAIL_FROM,
      retryBaseMs: integer(env, 'HROMADA_MAIL_RETRY_BASE_MS', 5000),
      maxAttempts: integer(env, 'HROMADA_MAIL_MAX_ATTEMPTS', 10),
    },
    supervision,
    logLevel: env.HROMADA_LOG_LEVEL ?? 'info',
  };
}
