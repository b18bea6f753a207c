// Access to the running test stack, and small helpers to talk to its API as a person would.
import { readRuntimeConfig, type RuntimeConfig } from '../../lib/config.ts';
import type { Stack } from '../../scripts/stack/stack.ts';

let stack: Stack | undefined;

export function setStack(s: Stack): void {
  stack = s;
}

export function currentStack(): Stack | undefined {
  return stack;
}

export function testStack(): Stack {
  if (!stack) throw new Error('the test stack is not running (run the suite with npm test)');
  return stack;
}

/** The runtime configuration the stack's API and workers run with. */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): RuntimeConfig {
  return readRuntimeConfig({ ...testStack().runtimeEnv, ...overrides });
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A signed-in client of the real API over HTTP, keeping its session cookie and sending the session's
 * anti-forgery token, as a non-browser client must (no Origin, no Sec-Fetch-Site: api/cross-origin-guard.ts).
 */
export class ApiSession {
  private cookie = '';
  private csrfToken = '';
  constructor(readonly baseUrl: string = testStack().apiUrl) {}

  static async login(username: string, password = 'demo', baseUrl?: string): Promise<ApiSession> {
    const session = new ApiSession(baseUrl);
    const res = await session.request('POST', '/api/v1/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return session;
  }

  async request<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    const token = res.headers.get('x-csrf-token');
    if (token) this.csrfToken = token;
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON: keep the text */ }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
}

/** Polls until `check` returns a value, for state that the engine and workers reach asynchronously. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
