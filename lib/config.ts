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
  /** Throttling of failed staff sign-ins (lib/staff/sign-in.ts), kept in the database for every API process. */
  signIn: SignInPolicy;
  workers: { maxParallel: number; slowParallel: number; retries: number; retryBaseMs: number; lockDurationMs: number; asyncResponseTimeoutMs: number; pollIntervalMs: number };
  /**
   * Outgoing e-mail (lib/notifications/dispatcher.ts); no url: nothing is sent, the outbox keeps the messages.
   * Optional only so that configurations built by hand (test/api/helpers.ts) stay valid.
   */
  smtp?: { url: string | undefined; from: string; retryBaseMs: number; maxAttempts: number };
  /** Citizens' cases (lib/cases): the tracking page every e-mail links to, the public-information copy rate, the intake gate. */
  cases: { trackingUrl: string; copyRateKopecks: number; submissionBurst: number };
  /** OCR of scans (lib/ocr). */
  ocr: OcrOptions;
  /**
   * Heartbeats and what /health calls stale (lib/supervision/). Optional for the same reason as smtp;
   * SUPERVISION_DEFAULTS apply without it.
   */
  supervision?: SupervisionSettings;
  logLevel: string;
}

/** 0.1 % of the minimum wage of 8 647 UAH (Law on the 2026 State Budget), rounded to a kopeck (lib/info-requests/fee.ts). */
const DEFAULT_COPY_RATE_KOPECKS = 865;

/**
 * One kind of sign-in counter (per account, per address). The first `freeFailures` failures cost
 * nothing; each further one makes the next attempt wait `baseDelayMs * 2^(n - freeFailures - 1)`, at
 * most `maxDelayMs`; the `lockAfter`-th failure locks for `lockMs`. Failures are forgotten after
 * `windowMs` without one (and, for an account, by a successful sign-in).
 */
export interface ThrottleRule {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  lockAfter: number;
  lockMs: number;
  windowMs: number;
}

export interface SignInPolicy {
  account: ThrottleRule;
  address: ThrottleRule;
}

const MINUTE = 60 * 1000;

/**
 * The defaults: an account locks for 15 minutes after 10 failures (a guesser gets about ten tries
 * a quarter-hour; the real user waits minutes, never for an administrator). An address may fail
 * more often, since an office behind one NAT address shares it, and locks after 100.
 */
export const DEFAULT_SIGN_IN_POLICY: SignInPolicy = {
  account: { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: MINUTE, lockAfter: 10, lockMs: 15 * MINUTE, windowMs: 60 * MINUTE },
  address: { freeFailures: 20, baseDelayMs: 1000, maxDelayMs: MINUTE, lockAfter: 100, lockMs: 15 * MINUTE, windowMs: 15 * MINUTE },
};

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

function throttleRule(env: NodeJS.ProcessEnv, prefix: string, defaults: ThrottleRule): ThrottleRule {
  return {
    ...defaults,
    freeFailures: integer(env, `${prefix}_FREE_FAILURES`, defaults.freeFailures),
    lockAfter: Math.max(1, integer(env, `${prefix}_LOCK_AFTER`, defaults.lockAfter)),
    lockMs: integer(env, `${prefix}_LOCK_MS`, defaults.lockMs),
    windowMs: integer(env, `${prefix}_WINDOW_MS`, defaults.windowMs),
  };
}

/**
 * `Secure` cookies whenever people reach the API over HTTPS: a cookie sent over plain HTTP once is
 * a session anyone on the path can take. HROMADA_SECURE_COOKIES overrides it either way (`true`
 * behind a TLS proxy with an http public URL, `false` to debug).
 */
export function secureCookiesFor(publicUrl: string, override: string | undefined): boolean {
  if (override === 'true') return true;
  if (override === 'false') return false;
  return publicUrl.toLowerCase().startsWith('https:');
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
  const publicUrl = env.HROMADA_PUBLIC_URL ?? `http://${apiHost === '0.0.0.0' ? '127.0.0.1' : apiHost}:${apiPort}`;
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
      publicUrl,
      uploadLimitBytes: integer(env, 'HROMADA_UPLOAD_LIMIT_MB', 50) * 1024 * 1024,
      secureCookies: secureCookiesFor(publicUrl, env.HROMADA_SECURE_COOKIES),
    },
    signIn: {
      account: throttleRule(env, 'HROMADA_SIGNIN_ACCOUNT', DEFAULT_SIGN_IN_POLICY.account),
      address: throttleRule(env, 'HROMADA_SIGNIN_ADDRESS', DEFAULT_SIGN_IN_POLICY.address),
    },
    workers: {
      maxParallel: integer(env, 'HROMADA_WORKER_PARALLEL', 4),
      // OCR and other long tasks, on slots of their own (workers/runner.ts lanes): tesseract is CPU-bound.
      slowParallel: integer(env, 'HROMADA_WORKER_SLOW_PARALLEL', 2) || 1,
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
    supervision,
    logLevel: env.HROMADA_LOG_LEVEL ?? 'info',
  };
}
