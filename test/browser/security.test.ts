// Forged requests and security headers as a browser meets them: Debian's Chromium, headless, against
// the real stack. A tiny HTTP server on another port of 127.0.0.1 plays the attacker: same host, so
// the same *site*, and SameSite=Lax lets the clerk's cookie go along; only the origin differs. Its
// page auto-submits forms and fetches with credentials to the API while the browser holds a clerk's
// session; every one must be refused (403) with nothing written and the session still valid. The
// same requests from the API's own origin go through. And Swagger UI at /docs runs under its CSP.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createDb, type Db } from '../../lib/db.ts';
import { createStaffUser } from '../../lib/staff/repository.ts';
import { samplePdf } from '../support/files.ts';
import { testStack } from '../support/stack.ts';

const CHROMIUM = process.env.HROMADA_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const PAPER_APPEAL = { channel: 'paper', type: 'proposal', collective: false, signed: true, surname: 'Коваль', name: 'Петро', address: 'м. Київ, вул. Хрещатик, 1', text: 'Пропозиція щодо благоустрою двору.' };
const METADATA = { correspondent: 'ТОВ «Київські ліфти»', theirNumber: '17/3-45', theirDate: '2026-01-20', summary: 'Про ремонт ліфтів' };

/**
 * The forged requests, as plain JavaScript for a page (tsx would add helpers the page lacks). With
 * `crossOrigin` they are what a page of another origin can send without a CORS preflight: no-cors
 * fetches (text/plain or multipart bodies) and form posts into hidden frames; otherwise what the
 * API's own pages send (JSON with its content type, multipart, a form post of the page itself).
 */
function requestsScript(api: string, pdfBase64: string, crossOrigin: boolean): string {
  return `(async () => {
    const api = ${JSON.stringify(api)};
    const appeal = ${JSON.stringify(PAPER_APPEAL)};
    const pdf = Uint8Array.from(atob(${JSON.stringify(pdfBase64)}), (c) => c.charCodeAt(0));
    const base = ${crossOrigin ? "{ method: 'POST', mode: 'no-cors', credentials: 'include' }" : "{ method: 'POST', credentials: 'include' }"};
    await fetch(api + '/api/v1/appeals', { ...base, headers: { 'content-type': ${crossOrigin ? "'text/plain'" : "'application/json'"} }, body: JSON.stringify(appeal) }).catch(() => {});
    const withFiles = new FormData();
    withFiles.append('appeal', JSON.stringify(appeal));
    await fetch(api + '/api/v1/appeals/with-attachments', { ...base, body: withFiles }).catch(() => {});
    const scan = new FormData();
    scan.append('metadata', JSON.stringify(${JSON.stringify(METADATA)}));
    scan.append('file', new Blob([pdf], { type: 'application/pdf' }), 'scan.pdf');
    await fetch(api + '/api/v1/documents', { ...base, body: scan }).catch(() => {});
    const form = document.createElement('form');
    form.method = 'POST';
    form.enctype = 'multipart/form-data';
    form.action = api + '/api/v1/appeals/with-attachments';
    const field = document.createElement('input');
    field.type = 'hidden';
    field.name = 'appeal';
    field.value = JSON.stringify(appeal);
    form.append(field);
    document.body.append(form);
    ${crossOrigin
    // Into a hidden frame, so that the page stays to log out last: had that worked, the requests
    // before it would prove nothing. The API's own page posts itself away, and logs out after.
    ? `const frame = document.createElement('iframe');
    frame.name = 'sink';
    document.body.append(frame);
    form.target = 'sink';
    form.submit();
    await Promise.race([new Promise((resolve) => frame.addEventListener('load', resolve, { once: true })), new Promise((resolve) => setTimeout(resolve, 3000))]);
    await fetch(api + '/api/v1/auth/logout', base).catch(() => {});`
    : 'form.submit();'}
  })()`;
}

describe('no forged requests, in Chromium: a page on another port of the same host', function () {
  this.timeout(120000);
  let browser: Browser;
  let context: BrowserContext;
  let db: Db;
  let attacker: http.Server;
  let attackerUrl: string;
  let api: string;
  let user: { id: number; username: string; password: string };

  before(async () => {
    api = testStack().apiUrl;
    db = createDb(testStack().database.appUrl, 2);
    const username = `t-csrf-${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    const id = await createStaffUser(db, { username, password, fullName: 'Тестова Реєстраторка', departmentCode: '01', roles: ['clerk'] });
    user = { id: id!, username, password };
    const pdf = samplePdf(`forged ${randomBytes(8).toString('hex')}`).toString('base64');
    attacker = http.createServer((req, res) => {
      // The attacker's own page: no CSP of ours, and it never gets our cookie (other origin).
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>Win a prize</title></head><body><h1>Congratulations</h1>
        <script>${requestsScript(api, pdf, true)}</script></body></html>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await db?.destroy();
  });

  beforeEach(async () => {
    context = await browser.newContext({ baseURL: api });
  });
  afterEach(async () => {
    await context.close();
  });

  /** Signs in through the API from one of its own pages, as the staff app does. */
  async function signIn(): Promise<void> {
    const page = await context.newPage();
    await page.goto('/');
    const status = await page.evaluate(async ({ username, password }) => {
      const res = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      return res.status;
    }, { username: user.username, password: user.password });
    expect(status).to.equal(200);
    await page.close();
  }

  /**
   * The status of every POST the page sent to the API, as the network saw it. Through the DevTools
   * protocol: the API's Cross-Origin-Resource-Policy keeps its answers from a page of another
   * origin, which Playwright then reports as a failed request without a status.
   */
  async function recordApiAnswers(page: Page): Promise<() => Array<{ what: string; status: number }>> {
    const sent = new Map<string, string>();
    const statuses = new Map<string, number>();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', (event) => {
      if (event.request.method === 'POST' && event.request.url.startsWith(api)) sent.set(event.requestId, `POST ${new URL(event.request.url).pathname}`);
    });
    // The raw answer's status; it may come before the request's own event, so both are joined at the end.
    cdp.on('Network.responseReceivedExtraInfo', (event) => statuses.set(event.requestId, event.statusCode));
    return () => [...sent].filter(([id]) => statuses.has(id)).map(([id, what]) => ({ what, status: statuses.get(id)! }));
  }

  async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not reached in ${ms} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const count = async (table: string) => Number((await db(table).where({ created_by: user.id }).count({ n: '*' }).first())?.n ?? 0);

  async function sessionAlive(): Promise<number> {
    const page = await context.newPage();
    await page.goto('/');
    const status = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    await page.close();
    return status;
  }

  it('refuses the forged appeal, scan upload and logout (403, nothing written, the session lives on)', async () => {
    await signIn();
    const cookies = await context.cookies(api);
    expect(cookies.map((c) => c.name), 'the browser holds the session').to.include('hromada_session');
    const before = { appeals: await count('appeals'), documents: await count('documents') };
    const page = await context.newPage();
    const answered = await recordApiAnswers(page);
    await page.goto(attackerUrl);
    await until('the five forged requests answered', () => answered().length >= 5);
    await page.waitForTimeout(500); // anything late would show up here
    const answers = answered();
    const sorted = answers.map((a) => `${a.what} → ${a.status}`).sort();
    expect(sorted, 'every forged request refused').to.deep.equal([
      'POST /api/v1/appeals → 403', 'POST /api/v1/appeals/with-attachments → 403', 'POST /api/v1/appeals/with-attachments → 403',
      'POST /api/v1/auth/logout → 403', 'POST /api/v1/documents → 403',
    ]);

    expect(await count('appeals'), 'no appeal row').to.equal(before.appeals);
    expect(await count('documents'), 'no document row').to.equal(before.documents);
    expect(await db('audit_log').where({ action: 'auth.logout', entity_id: String(user.id) }), 'no logout').to.have.length(0);
    expect(await sessionAlive(), 'the session is still valid').to.equal(200);
  });

  it('takes the same requests from the API\'s own origin', async () => {
    await signIn();
    const before = { appeals: await count('appeals'), documents: await count('documents') };
    const page = await context.newPage();
    const answered = await recordApiAnswers(page);
    await page.goto('/appeal');
    const pdf = samplePdf(`own ${randomBytes(8).toString('hex')}`).toString('base64');
    // The form posts the page itself away, so the script is started and not awaited.
    await page.evaluate(`void ${requestsScript(api, pdf, false)}`);
    await until('the four own requests answered', () => answered().length >= 4);
    const answers = answered();
    const logout = await context.newPage();
    await logout.goto('/');
    const loggedOut = await logout.evaluate(async () => (await fetch('/api/v1/auth/logout', { method: 'POST' })).status);
    answers.push({ what: 'POST /api/v1/auth/logout', status: loggedOut });
    const byWhat = (what: string) => answers.filter((a) => a.what === what).map((a) => a.status);
    expect(byWhat('POST /api/v1/appeals'), 'JSON appeal').to.deep.equal([202]);
    // The fetch, and the form post, whose Origin is "null" (the page's Referrer-Policy: no-referrer)
    // but whose Sec-Fetch-Site is same-origin.
    expect(byWhat('POST /api/v1/appeals/with-attachments'), 'multipart appeal (fetch and form)').to.deep.equal([202, 202]);
    expect(byWhat('POST /api/v1/documents'), 'scan upload').to.deep.equal([202]);
    expect(byWhat('POST /api/v1/auth/logout'), 'logout').to.deep.equal([204]);
    expect(await count('appeals')).to.equal(before.appeals + 3);
    expect(await count('documents')).to.equal(before.documents + 1);
    expect(await sessionAlive(), 'logged out').to.equal(401);
  });
});

describe('Swagger UI at /docs under its own CSP, in Chromium', function () {
  this.timeout(60000);
  let browser: Browser;

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  after(async () => {
    await browser?.close();
  });

  it('renders the operations with no CSP violation and no script error', async () => {
    const context = await browser.newContext({ baseURL: testStack().apiUrl });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      const res = await page.goto('/docs/');
      expect(res?.status()).to.equal(200);
      expect(res?.headers()['content-security-policy']).to.include("script-src 'self'");
      await page.evaluate(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
      });
      await page.locator('.opblock').first().waitFor({ timeout: 20000 });
      expect(await page.locator('.opblock').count(), 'operations listed').to.be.greaterThan(20);
      await page.locator('.opblock-summary', { hasText: '/api/v1/auth/login' }).first().click();
      await page.locator('.opblock-body').first().waitFor();
      await page.waitForTimeout(300);
      expect(problems, 'console errors (a CSP violation is one)').to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
