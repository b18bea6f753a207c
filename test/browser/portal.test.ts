// The citizen portal as people use it: Debian's Chromium, headless, on a phone-sized screen, against
// the real stack (API, engine, workers, PostgreSQL). Keyboard-only where the brief asks for it;
// accessibility checked by DOM queries (no axe here): labels, alt texts, lang, one h1, heading order.
// Screenshots go to a temporary folder, kept with HROMADA_KEEP_TEST_DATA=1 for a look by eye.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { testStack } from '../support/stack.ts';

const CHROMIUM = process.env.HROMADA_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const PHONE = { width: 390, height: 844 };

interface A11yReport {
  lowContrast: string[];
  lang: string;
  h1: number;
  headingLevels: number[];
  unlabelled: string[];
  imagesWithoutAlt: number;
  brokenDescribedBy: string[];
  duplicateIds: string[];
  firstFocusable: string;
  skipTarget: boolean;
}

/**
 * The checks an axe run would make first, as DOM queries. Plain JavaScript in a string: tsx
 * compiles functions with a `__name` helper that does not exist in the page.
 */
const A11Y_SCRIPT = `(() => {
  const visible = (el) => !el.closest('[hidden]') && el.offsetParent !== null;
  const controls = [...document.querySelectorAll('input, select, textarea')].filter((el) => el.type !== 'hidden');
  const unlabelled = controls
    .filter((c) => !((c.labels && c.labels.length > 0) || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby')))
    .map((el) => el.id || el.outerHTML.slice(0, 60));
  const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
  const brokenDescribedBy = [...document.querySelectorAll('[aria-describedby]')]
    .flatMap((el) => (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean))
    .filter((id) => !document.getElementById(id));
  const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea')].filter(visible);
  const skip = document.querySelector('a.skip-link');
  // WCAG 1.4.3: text against the first opaque background behind it, at least 4.5:1 (large text included).
  const rgb = (value) => (value.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const lin = (c) => { const x = c / 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0)) return c;
    }
    return [255, 255, 255];
  };
  const lowContrast = [...document.querySelectorAll('body *')]
    .filter((el) => visible(el) && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== ''))
    .map((el) => {
      const a = luminance(rgb(getComputedStyle(el).color));
      const b = luminance(background(el));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      return { el, ratio };
    })
    .filter(({ ratio }) => ratio < 4.5)
    .map(({ el, ratio }) => el.tagName + '#' + el.id + '.' + el.className + ' ' + ratio.toFixed(2));
  return {
    lowContrast,
    lang: document.documentElement.lang,
    h1: document.querySelectorAll('h1').length,
    headingLevels: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(visible).map((el) => Number(el.tagName[1])),
    unlabelled,
    imagesWithoutAlt: [...document.querySelectorAll('img')].filter((img) => !img.hasAttribute('alt')).length,
    brokenDescribedBy,
    duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
    firstFocusable: focusable.length > 0 ? focusable[0].className : '',
    skipTarget: skip !== null && document.getElementById((skip.getAttribute('href') || '#').slice(1)) !== null,
  };
})()`;

async function a11y(page: Page): Promise<A11yReport> {
  return page.evaluate(A11Y_SCRIPT) as Promise<A11yReport>;
}

/** Tabs forward until the element with `id` has focus: the keyboard must reach it. */
async function tabTo(page: Page, id: string, maxPresses = 40): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id ?? '') === id) return;
  }
  throw new Error(`#${id} not reached with ${maxPresses} presses of Tab`);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('citizen portal in Chromium (phone screen)', function () {
  this.timeout(120000);
  let browser: Browser;
  let context: BrowserContext;
  let shots: string;
  const problems: string[] = [];

  before(async () => {
    shots = await mkdtemp(path.join(os.tmpdir(), 'hromada-portal-'));
    // launch() gives the browser a new, empty user-data dir of its own, removed on close.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  after(async () => {
    await browser?.close();
    if (process.env.HROMADA_KEEP_TEST_DATA === '1') console.log(`  screenshots kept in ${shots}`);
    else await rm(shots, { recursive: true, force: true });
  });

  beforeEach(async () => {
    // A fresh context per test: its own storage, so the language choice of one test is not the next one's.
    context = await browser.newContext({ baseURL: testStack().apiUrl, viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'uk-UA' });
    problems.length = 0;
    context.on('page', (page) => {
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
    });
  });
  afterEach(async () => {
    await context.close();
  });

  async function open(pathname: string): Promise<Page> {
    const page = await context.newPage();
    const res = await page.goto(pathname);
    expect(res?.status(), pathname).to.equal(200);
    await page.waitForLoadState('networkidle');
    return page;
  }

  for (const [pathname, name] of [['/', 'start'], ['/deadlines', 'deadlines'], ['/appeal', 'appeal'], ['/info-request', 'info-request'], ['/track', 'track']] as const) {
    it(`serves ${pathname} accessibly: lang, one h1, headings in order, every input labelled, skip link first`, async () => {
      const page = await open(pathname);
      const report = await a11y(page);
      expect(report.lang).to.equal('uk');
      expect(report.h1).to.equal(1);
      expect(report.headingLevels[0]).to.equal(1);
      for (let i = 1; i < report.headingLevels.length; i++) {
        expect(report.headingLevels[i]! - report.headingLevels[i - 1]!, `heading levels ${report.headingLevels.join(',')}`).to.be.at.most(1);
      }
      expect(report.unlabelled, 'inputs without a label').to.deep.equal([]);
      expect(report.imagesWithoutAlt).to.equal(0);
      expect(report.brokenDescribedBy, 'aria-describedby pointing nowhere').to.deep.equal([]);
      expect(report.duplicateIds).to.deep.equal([]);
      expect(report.lowContrast, 'text below 4.5:1').to.deep.equal([]);
      expect(report.skipTarget, 'the skip link has a target').to.equal(true);
      expect(report.firstFocusable).to.equal('skip-link');

      // The first Tab lands on the skip link, and it is visible then.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className)).to.equal('skip-link');
      const box = await page.locator('.skip-link').boundingBox();
      expect(box && box.y >= 0, 'skip link on screen when focused').to.equal(true);

      // Nothing wider than the phone: no sideways scrolling.
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).to.be.at.most(PHONE.width);

      await page.keyboard.press('Shift+Tab');
      await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
      expect(problems).to.deep.equal([]);
    });
  }

  it('serves the portal files from a fixed list, with types, ETags and a strict CSP', async () => {
    const base = testStack().apiUrl;
    const page = await fetch(`${base}/deadlines`);
    expect(page.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).to.equal('no-cache');
    expect(page.headers.get('content-security-policy')).to.include("script-src 'self'");
    const script = await fetch(`${base}/portal/deadlines.js`);
    expect(script.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
    const etag = script.headers.get('etag');
    expect(etag).to.be.a('string');
    const again = await fetch(`${base}/portal/deadlines.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).to.equal(304);
    const schema = await fetch(`${base}/portal/schemas/appeal.json`);
    expect(schema.status).to.equal(200);
    expect((await schema.json()).$id).to.equal('Appeal');
    for (const bad of ['/portal/..%2Fapi%2Fapp.ts', '/portal/nothing.js', '/portal/schemas/login.json', '/portal/%2e%2e/package.json']) {
      const res = await fetch(`${base}${bad}`);
      expect(res.status, bad).to.be.oneOf([400, 404]);
    }
  });

  it('calculates a public-information request received on a Friday evening: 8 December 2025, with its explanation', async () => {
    const page = await open('/deadlines');
    await page.getByLabel('Запит на публічну інформацію — 5 робочих днів').check();
    await page.getByLabel('Коли установа отримала звернення чи запит').fill('2025-11-28T16:50');
    await page.getByRole('button', { name: 'Розрахувати' }).click();

    const due = page.locator('#due');
    await due.waitFor();
    expect(await due.textContent()).to.equal('Строк спливає: понеділок, 8 грудня 2025 р.');
    expect(await focusedId(page), 'focus moves to the result').to.equal('result-heading');
    const text = (await page.locator('#result-body').textContent()) ?? '';
    expect(text).to.include('до 18:00');
    expect(text).to.include('після закінчення робочого часу'); // counted from Monday 1 December
    expect(text).to.include('понеділок, 1 грудня 2025 р.');
    expect(text).to.include('Закон № 2939-VI, ст. 20 ч. 1');
    expect(text).to.include('5 робочих днів');
    expect(text).to.include('субота, 6 грудня 2025 р. — Вихідний день (субота)');
    expect(text).to.include('неділя, 7 грудня 2025 р. — Вихідний день (неділя)');
    expect(text).to.include('діє: святкові дні є робочими');
    await page.screenshot({ path: path.join(shots, 'deadlines-result.png'), fullPage: true });

    // "What if martial law were off": Christmas 2025 becomes a day off and the term a day longer.
    await page.getByLabel('Коли установа отримала звернення чи запит').fill('2025-12-22T10:00');
    await page.getByRole('button', { name: 'Розрахувати' }).click();
    await page.locator('#due:has-text("29 грудня")').waitFor();
    expect(await page.locator('#result-body').textContent()).to.include('Різдво');
    await page.getByLabel('Порахувати так, ніби воєнного стану немає').check();
    await page.getByRole('button', { name: 'Розрахувати' }).click();
    await page.locator('#due:has-text("30 грудня")').waitFor();
    const whatIf = (await page.locator('#result-body').textContent()) ?? '';
    expect(whatIf).to.include('розраховано так, ніби його немає');
    expect(whatIf).to.match(/четвер, 25 грудня 2025 р\. — Різдво/);
    expect(problems).to.deep.equal([]);
  });

  it('takes an appeal by keyboard alone, shows the tracking code, and /track#code shows it received, registered or with the heads', async () => {
    const page = await open('/appeal');
    await tabTo(page, 'type-application');
    await page.keyboard.press('Space');
    await tabTo(page, 'surname');
    await page.keyboard.type('Коваленко');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).to.equal('name');
    await page.keyboard.type('Марія');
    await tabTo(page, 'address');
    await page.keyboard.type('м. Київ, вул. Володимирська, 12, кв. 3');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).to.equal('email');
    await page.keyboard.type('maria.kovalenko@example.com');
    await tabTo(page, 'text');
    await page.keyboard.type('Прошу встановити лавки у сквері біля будинку.');
    await tabTo(page, 'consent');
    await page.keyboard.press('Space');
    await tabTo(page, 'submit');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/appeals') && r.request().method() === 'POST');
    await page.keyboard.press('Enter');
    expect((await answer).status()).to.equal(202);

    const codeEl = page.locator('#tracking-code');
    await codeEl.waitFor();
    const code = (await codeEl.textContent()) ?? '';
    expect(code).to.match(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect(await focusedId(page), 'focus on the success heading').to.equal('success-heading');
    expect(await page.locator('.advice').textContent()).to.include('Збережіть цей код');
    await page.screenshot({ path: path.join(shots, 'appeal-success.png'), fullPage: true });

    await tabTo(page, 'track-link');
    const tracked = page.waitForResponse((r) => r.url().includes('/api/v1/track/'));
    await page.keyboard.press('Enter');
    expect((await tracked).status()).to.equal(200);
    const status = page.locator('#status');
    await status.waitFor();
    // Registration leads straight into the check and to the heads, so the page may already say so.
    expect(await status.textContent()).to.be.oneOf(['Отримано', 'Зареєстровано', 'На розгляді']);
    expect(new URL(page.url()).hash, 'the code leaves the address bar').to.equal('');
    expect(new URL(page.url()).search).to.equal('');
    expect(await page.locator('#code').inputValue()).to.equal(code);
    const view = (await page.locator('#result-body').textContent()) ?? '';
    expect(view).to.include('Заява (клопотання)');
    expect(view).to.include('Історія');
    await page.screenshot({ path: path.join(shots, 'track-result.png'), fullPage: true });
    expect(problems).to.deep.equal([]);
  });

  it('takes an information request by keyboard alone, with the 48-hour term justified, and shows the tracking code', async () => {
    const page = await open('/info-request');
    expect(await page.locator('#urgencyJustification').isVisible(), 'the justification shows only for an urgent request').to.equal(false);
    await tabTo(page, 'description');
    await page.keyboard.type('Результати лабораторних аналізів питної води у Дарницькому районі за листопад 2026 року.');
    await tabTo(page, 'requesterName');
    await page.keyboard.type('Андрій Мельник');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).to.equal('email');
    await page.keyboard.type('andrii.melnyk@example.com');
    await tabTo(page, 'answerChannel-email');
    await page.keyboard.press('Space');
    await tabTo(page, 'urgent');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await focusedId(page), 'the justification follows the box').to.equal('urgencyJustification');
    await page.keyboard.type('Після аварії на водогоні вода має запах; у родині немовля.');
    await tabTo(page, 'consent');
    await page.keyboard.press('Space');
    await tabTo(page, 'submit');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/info-requests') && r.request().method() === 'POST');
    await page.keyboard.press('Enter');
    const response = await answer;
    expect(response.status()).to.equal(202);
    expect(JSON.parse(response.request().postData() ?? '{}')).to.include({ channel: 'portal', answerChannel: 'email', urgent: true });

    const code = (await page.locator('#tracking-code').textContent()) ?? '';
    expect(code).to.match(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect(await focusedId(page), 'focus on the success heading').to.equal('success-heading');
    await page.screenshot({ path: path.join(shots, 'info-request-success.png'), fullPage: true });

    await tabTo(page, 'track-link');
    const tracked = page.waitForResponse((r) => r.url().includes('/api/v1/track/'));
    await page.keyboard.press('Enter');
    expect((await tracked).status(), 'the code tracks the request').to.equal(200);
    await page.locator('#status').waitFor();
    expect(await page.locator('#status').textContent()).to.be.oneOf(['Отримано', 'Зареєстровано', 'На розгляді']);
    const view = (await page.locator('#result-body').textContent()) ?? '';
    expect(view).to.include('Запит на публічну інформацію, терміновий (48 годин)');
    expect(view, 'no personal data on the tracking page').to.not.include('Мельник');
    await page.screenshot({ path: path.join(shots, 'info-request-track.png'), fullPage: true });
    expect(problems).to.deep.equal([]);
  });

  it('names what an information request lacks before sending: a way to answer, the justification of urgency', async () => {
    const page = await open('/info-request');
    let posted = false;
    page.on('request', (r) => { if (r.url().endsWith('/api/v1/info-requests')) posted = true; });
    await page.locator('#description').fill('Кошторис ремонту мосту');
    await page.locator('#requesterName').fill('Андрій Мельник');
    await page.getByLabel('Поштою на адресу').check();
    await page.getByLabel('Потрібна відповідь протягом 48 годин').check();
    await page.getByLabel('Я погоджуюся', { exact: false }).check();
    await page.getByRole('button', { name: 'Надіслати запит' }).click();
    await page.locator('#form-errors:not([hidden])').waitFor();
    expect(posted, 'nothing sent').to.equal(false);
    expect(await page.locator('#postalAddress-error').textContent()).to.equal('Вкажіть поштову адресу');
    expect(await page.locator('#urgencyJustification-error').textContent()).to.include('термінова');
    expect(await focusedId(page)).to.equal('postalAddress');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.locator('#form-errors:not([hidden])').waitFor();
    expect(await page.locator('#postalAddress-error').textContent()).to.equal('Enter postal address');
    expect(problems).to.deep.equal([]);
  });

  it('checks the form against the schema before sending: required fields named, focus on the first', async () => {
    const page = await open('/appeal');
    let posted = false;
    page.on('request', (r) => { if (r.url().endsWith('/api/v1/appeals')) posted = true; });
    await page.getByRole('button', { name: 'Надіслати звернення' }).click();
    await page.locator('#form-errors:not([hidden])').waitFor();
    expect(posted, 'nothing sent').to.equal(false);
    expect(await focusedId(page)).to.equal('type-application');
    expect(await page.locator('#surname').getAttribute('aria-invalid')).to.equal('true');
    expect(await page.locator('#surname-error').textContent()).to.equal('Вкажіть прізвище');
    expect(await page.locator('#email-error').textContent()).to.equal('Вкажіть електронну пошту або телефон');
    expect(await page.locator('#consent-error').textContent()).to.include('згоди');
    expect(await page.locator('#form-errors li').count()).to.be.greaterThan(4);
    await page.screenshot({ path: path.join(shots, 'appeal-errors.png'), fullPage: true });
    expect(problems).to.deep.equal([]);
  });

  it('shows the server\'s field error for an e-mail it refuses next to the field, and moves focus there', async () => {
    const page = await open('/appeal');
    await page.getByLabel('Скарга').check();
    expect(await page.locator('#complaint-dates').isVisible(), 'a complaint asks for the decision dates').to.equal(true);
    await page.getByLabel('Заява (клопотання)').check();
    await page.locator('#surname').fill('Шевчук');
    await page.locator('#name').fill('Андрій');
    await page.locator('#address').fill('м. Київ, просп. Перемоги, 5');
    // The HTML standard accepts an address without a dot in its domain; the API's format does not.
    await page.locator('#email').fill('andrii@localhost');
    await page.locator('#text').fill('Прошу відновити освітлення у дворі.');
    await page.locator('#consent').check();
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/appeals'));
    await page.locator('#submit').click();
    const res = await answer;
    expect(res.status()).to.equal(400);
    expect((await res.json()).errors.map((e: { field: string }) => e.field)).to.deep.equal(['email']);

    await page.locator('#email[aria-invalid="true"]').waitFor();
    expect(await page.locator('#email-error').textContent()).to.equal('Має відповідати формату email');
    expect(await focusedId(page)).to.equal('email');
    expect(await page.locator('#email').getAttribute('aria-describedby')).to.include('email-error');
    expect(await page.locator('#form-errors').getAttribute('role')).to.equal('alert');
    // Errors are dismissed by Chromium's console as a failed resource; that one 400 is expected.
    expect(problems.filter((p) => !p.includes('400'))).to.deep.equal([]);
  });

  it('switches to English and keeps the choice: lang, labels, the computed explanation', async () => {
    const page = await open('/deadlines');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.evaluate(() => document.documentElement.lang)).to.equal('en');
    expect(await page.locator('h1').textContent()).to.equal('Deadline calculator');
    expect(await page.title()).to.equal('Deadline calculator — Hromada');
    await page.getByLabel('A request for public information — 5 working days').check();
    await page.getByLabel('When the office received the appeal or request').fill('2025-11-28T16:50');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await page.locator('#due').waitFor();
    expect(await page.locator('#due').textContent()).to.equal('The term ends: Monday, 8 December 2025');
    expect(await page.locator('#result-body').textContent()).to.include('Received after working hours');
    await page.screenshot({ path: path.join(shots, 'deadlines-en.png'), fullPage: true });

    const appeal = await open('/appeal');
    expect(await appeal.evaluate(() => document.documentElement.lang)).to.equal('en');
    expect(await appeal.locator('label[for="surname"]').textContent()).to.equal('Surname (required)');
    expect(await appeal.getByRole('button', { name: 'Українська' }).count()).to.equal(1);
    await appeal.getByRole('button', { name: 'Українська' }).click();
    expect(await appeal.evaluate(() => document.documentElement.lang)).to.equal('uk');
    expect(await appeal.locator('label[for="surname"]').textContent()).to.equal('Прізвище (обов’язково)');
    expect(problems).to.deep.equal([]);
  });

  it('tells a mistyped or unknown code apart from a wrong-looking one, next to the field', async () => {
    const page = await open('/track');
    await page.locator('#code').fill('abc');
    await page.keyboard.press('Enter');
    expect(await page.locator('#code-error').textContent()).to.include('20 літер і цифр');
    expect(await focusedId(page)).to.equal('code');
    await page.locator('#code').fill('00000-00000-00000-00000');
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/track/'));
    await page.keyboard.press('Enter');
    expect((await answer).status()).to.equal(404);
    await page.locator('#code-error:has-text("не знайдено")').waitFor();
    expect(problems.filter((p) => !p.includes('404'))).to.deep.equal([]);
  });
});
