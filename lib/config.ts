// Runtime configuration of the API and the workers, read once from the environment.
// The launcher (scripts/stack.ts) sets these for the processes it starts; anyone running
// a process by hand sets them the same way. Names are listed in the README.
import path from 'node:path';
import { readOcrOptions, type OcrOptions } from './ocr/options.ts';

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
  /** Citizens' cases (lib/cases): the tracking page every e-mail links to, the public-information copy rate, the intake gate. */
  cases: { trackingUrl: string; copyRateKopecks: number; submissionBurst: number };
  /** OCR of scans (lib/ocr). */
  ocr: OcrOptions;
  logLevel: string;
}

/** 0.1 % of the minimum wage of 8 647 UAH (Law on the 2026 State Budget), rounded to a kopeck (lib/info-requests/fee.ts). */
const DEFAULT_COPY_RATE_KOPECKS = 865;

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
    cases: {
      // The link never carries the tracking code (lib/cases/tracking-page.ts).
      trackingUrl: `${(env.HROMADA_PUBLIC_URL ?? `http://${apiHost === '0.0.0.0' ? '127.0.0.1' : apiHost}:${apiPort}`).replace(/\/+$/, '')}/track`,
      copyRateKopecks: integer(env, 'HROMADA_INFO_COPY_RATE_KOPECKS', DEFAULT_COPY_RATE_KOPECKS) || DEFAULT_COPY_RATE_KOPECKS,
      // The per-address burst of the public submission routes; raised only by the test suite and the
      // appeals benchmark, whose load comes from one address.
      submissionBurst: integer(env, 'HROMADA_APPEALS_RATE_BURST', 30) || 30,
    },
    ocr: readOcrOptions(env),
    logLevel: env.HROMADA_LOG_LEVEL ?? 'info',
  };
}
