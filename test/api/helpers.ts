// Shared set-up of the API tests: a real migrated PostgreSQL, an engine that is either
// unreachable or a small fake, and a throwaway files folder.
import { readOcrOptions } from '../../lib/ocr/options.ts';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app.ts';
import { DEFAULT_SIGN_IN_POLICY, type RuntimeConfig, type SignInPolicy } from '../../lib/config.ts';
import type { PasswordHasher } from '../../lib/staff/passwords.ts';
import { createDb, migrateLatest, type Db } from '../../lib/db.ts';
import { EngineClient } from '../../lib/engine-client.ts';
import { createStaffUser } from '../../lib/staff/repository.ts';
import type { SupervisionReport } from '../../lib/supervision/report.ts';

export function testDbUrl(): string {
  const url = process.env.HROMADA_TEST_APP_DB_URL;
  if (!url) throw new Error('HROMADA_TEST_APP_DB_URL is not set');
  return url;
}

/** Nothing listens on the discard port: every call fails as "engine unreachable". */
export function unreachableEngine(): EngineClient {
  return new EngineClient({ baseUrl: 'http://127.0.0.1:9/engine-rest', user: 'test', password: 'test', timeoutMs: 2000 });
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  filesDir: string;
  config: RuntimeConfig;
  kicks: number;
  close(): Promise<void>;
}

/**
 * Every test signs in from 127.0.0.1, whose address counter the stack's API shares (one database):
 * the address rule is out of the way unless a test sets its own (the account rule is the real one).
 */
export const TEST_SIGN_IN_POLICY: SignInPolicy = {
  account: DEFAULT_SIGN_IN_POLICY.account,
  address: { ...DEFAULT_SIGN_IN_POLICY.address, freeFailures: 100000, lockAfter: 100000 },
};

export async function startTestApp(options: {
  uploadLimitBytes?: number;
  engine?: EngineClient;
  beforeReady?: (app: FastifyInstance) => void;
  signIn?: SignInPolicy;
  passwords?: PasswordHasher;
  publicUrl?: string;
  /** What /health reports about the processes behind the API (api/main.ts gives the real reader). */
  supervision?: () => Promise<SupervisionReport>;
} = {}): Promise<TestApp> {
  const db = createDb(testDbUrl(), 4);
  await migrateLatest(db);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hromada-api-test-'));
  const config: RuntimeConfig = {
    dataDir,
    filesDir: path.join(dataDir, 'files'),
    appDatabaseUrl: testDbUrl(),
    engine: { baseUrl: 'http://127.0.0.1:9/engine-rest', user: 'test', password: 'test' },
    api: { host: '127.0.0.1', port: 0, publicUrl: options.publicUrl ?? 'http://127.0.0.1:0', uploadLimitBytes: options.uploadLimitBytes ?? 50 * 1024 * 1024, secureCookies: false },
    signIn: options.signIn ?? TEST_SIGN_IN_POLICY,
    workers: { maxParallel: 1, slowParallel: 1, retries: 0, retryBaseMs: 0, lockDurationMs: 1000, asyncResponseTimeoutMs: 1000, pollIntervalMs: 50 },
    cases: { trackingUrl: 'http://127.0.0.1:0/track', copyRateKopecks: 865, submissionBurst: 10000 },
    ocr: readOcrOptions({}),
    logLevel: 'silent',
  };
  const state = { kicks: 0 };
  const app = buildApp({
    config, db, engine: options.engine ?? unreachableEngine(), logger: process.env.HROMADA_TEST_LOG ? { level: "debug" } : false,
    starter: { kick: () => { state.kicks += 1; } },
    ...(options.passwords ? { passwords: options.passwords } : {}),
    supervision: options.supervision,
  });
  options.beforeReady?.(app);
  await app.ready();
  return {
    app, db, filesDir: config.filesDir, config,
    get kicks() { return state.kicks; },
    async close() {
      await app.close();
      await db.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestUser {
  id: number;
  username: string;
  password: string;
}

/** A fresh user per test file: the database may be shared with other suites. */
export async function createTestUser(db: Db, roles: string[], departmentCode = '01'): Promise<TestUser> {
  const username = `t-${roles.join('-')}-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(9).toString('base64url');
  const id = await createStaffUser(db, { username, password, fullName: 'Тестовий Користувач', departmentCode, roles });
  if (id === undefined) throw new Error('test user exists');
  return { id, username, password };
}

/** Removes what the tests' users created (the audit log is append-only and keeps its rows). */
export async function removeTestUsers(db: Db, users: TestUser[]): Promise<void> {
  const ids = users.map((u) => u.id);
  const docs = await db('documents').whereIn('created_by', ids).pluck('id');
  if (docs.length > 0) await db('process_links').whereIn('business_key', docs).delete();
  await db('documents').whereIn('created_by', ids).delete();
  await db('staff_users').whereIn('id', ids).delete();
}

/**
 * What a signed-in non-browser client sends: the session cookie and the session's anti-forgery
 * token (inject() sends neither Origin nor Sec-Fetch-Site, like curl; api/cross-origin-guard.ts).
 */
export interface SessionHeaders {
  cookie: string;
  'x-csrf-token': string;
  [name: string]: string;
}

export async function login(app: FastifyInstance, user: TestUser): Promise<SessionHeaders> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'hromada_session');
  if (!cookie) throw new Error('no session cookie');
  const token = res.headers['x-csrf-token'];
  if (typeof token !== 'string') throw new Error('no x-csrf-token in the login answer');
  return { cookie: `hromada_session=${cookie.value}`, 'x-csrf-token': token };
}

/** A multipart body as a browser would send it (FormData serialised by undici). */
export async function multipartBody(parts: Array<{ name: string; value: string } | { name: string; file: Buffer; filename: string; type?: string }>): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const part of parts) {
    if ('file' in part) form.append(part.name, new Blob([new Uint8Array(part.file)], { type: part.type ?? 'application/octet-stream' }), part.filename);
    else form.append(part.name, part.value);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
  };
}

/** Every regular file under dir, temp files included. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
