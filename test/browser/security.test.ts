// Security headers as a browser meets them: Debian's Chromium, headless, against the real stack.
// Swagger UI at /docs runs under its own CSP.
import { expect } from 'chai';
import { chromium, type Browser } from 'playwright-core';
import { testStack } from '../support/stack.ts';

const CHROMIUM = process.env.HROMADA_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

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
