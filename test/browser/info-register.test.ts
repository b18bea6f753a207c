// The register of answered public-information requests and the verification page in Debian's
// Chromium on a phone-sized screen, against the real stack: an answer (no scans, so no OCR wait)
// is drafted with planted personal data, masked, reviewed, signed and published through
// lib/info-requests/answers-service.ts as the request process does; then a citizen searches the register with
// the keyboard and opens the verification page of the signed answer, in Ukrainian and in English.
// Accessibility by DOM queries, as test/browser/portal.test.ts does (labels, one h1, heading order,
// contrast of at least 4.5:1, skip link first).
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createDb, type Db } from '../../lib/db.ts';
import { createFileStore } from '../../lib/file-store.ts';
import { draftInfoAnswer, proposeInfoAnswerMasks, publishInfoAnswer, reviewInfoAnswerMasks, signInfoAnswer } from '../../lib/info-requests/answers-service.ts';
import { createSigningService } from '../../lib/signing/index.ts';
import { testConfig, testStack } from '../support/stack.ts';

const CHROMIUM = process.env.HROMADA_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PHONE = { width: 390, height: 844 };

// The same checks as test/browser/portal.test.ts (kept there in its own file; a plain string so that
// tsx's helpers never reach the page).
const A11Y_SCRIPT = `(() => {
  const visible = (el) => !el.closest('[hidden]') && el.offsetParent !== null;
  const controls = [...document.querySelectorAll('input, select, textarea')].filter((el) => el.type !== 'hidden');
  const unlabelled = controls.filter((c) => !((c.labels && c.labels.length > 0) || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby'))).map((el) => el.id);
  const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
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
    .map((el) => ({ el, ratio: (Math.max(luminance(rgb(getComputedStyle(el).color)), luminance(background(el))) + 0.05) / (Math.min(luminance(rgb(getComputedStyle(el).color)), luminance(background(el))) + 0.05) }))
    .filter(({ ratio }) => ratio < 4.5).map(({ el, ratio }) => el.tagName + '#' + el.id + ' ' + ratio.toFixed(2));
  const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea')].filter(visible);
  return {
    lowContrast, lang: document.documentElement.lang, h1: document.querySelectorAll('h1').length,
    headingLevels: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(visible).map((el) => Number(el.tagName[1])),
    unlabelled, duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
    brokenDescribedBy: [...document.querySelectorAll('[aria-describedby]')].flatMap((el) => (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)).filter((id) => !document.getElementById(id)),
    firstFocusable: focusable.length > 0 ? focusable[0].className : '',
    width: document.documentElement.scrollWidth,
  };
})()`;

interface Report { lowContrast: string[]; lang: string; h1: number; headingLevels: number[]; unlabelled: string[]; duplicateIds: string[]; brokenDescribedBy: string[]; firstFocusable: string; width: number }

async function checkAccessible(page: Page, lang = 'uk'): Promise<void> {
  const r = await page.evaluate(A11Y_SCRIPT) as Report;
  expect(r.lang).to.equal(lang);
  expect(r.h1).to.equal(1);
  expect(r.headingLevels[0]).to.equal(1);
  for (let i = 1; i < r.headingLevels.length; i++) expect(r.headingLevels[i]! - r.headingLevels[i - 1]!, r.headingLevels.join(',')).to.be.at.most(1);
  expect(r.unlabelled).to.deep.equal([]);
  expect(r.duplicateIds).to.deep.equal([]);
  expect(r.brokenDescribedBy).to.deep.equal([]);
  expect(r.lowContrast, 'text below 4.5:1').to.deep.equal([]);
  expect(r.firstFocusable).to.equal('skip-link');
  expect(r.width, 'no sideways scrolling').to.be.at.most(PHONE.width);
}

async function tabTo(page: Page, id: string, maxPresses = 30): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id ?? '') === id) return;
  }
  throw new Error(`#${id} not reached with ${maxPresses} presses of Tab`);
}

describe('register of answers and verification page in Chromium (phone screen)', function () {
  this.timeout(180000);
  let db: Db;
  let browser: Browser;
  let context: BrowserContext;
  let verifyId: string;
  const problems: string[] = [];
  // A word no other test writes: the time in Cyrillic letters.
  const marker = `тролейбус${[...String(Date.now())].map((d) => 'абвгдежзик'[Number(d)]).join('')}`;
  const planted = ['Гончаренко', '+380501234567', 'maria.kovalenko@ukr.net'];

  before(async () => {
    db = createDb(testStack().database.appUrl, 4);
    const { dataDir, filesDir } = testConfig();
    const files = createFileStore(filesDir);
    const head = await db('staff_users').where({ username: 'head' }).first('id');
    const admin = await db('staff_users').where({ username: 'admin' }).first('id');
    const requestId = crypto.randomUUID();
    const { answerId } = await draftInfoAnswer(db, {
      requestId, round: 1, actor: 'system:test', documentIds: [],
      text: `Щодо ${marker} маршрутів повідомляємо: скаргу громадянки Гончаренко Марії Петрівни (тел. +380501234567, maria.kovalenko@ukr.net) розглянуто, графік руху змінено з 1 грудня.`,
    });
    await proposeInfoAnswerMasks(db, answerId);
    await reviewInfoAnswerMasks(db, answerId, { done: true }, admin.id);
    const signed = await signInfoAnswer({ db, files, signing: createSigningService({ db, dataDir, files }), dataDir, publicUrl: testStack().apiUrl }, answerId, {
      signerUserId: head.id, registrationIndex: '88/05-12', registeredOn: '2026-11-27', recipientName: 'Запитувачу', recipientAddress: '', subject: 'Про надання публічної інформації',
    });
    verifyId = signed.verifyId;
    await publishInfoAnswer(db, answerId, { requestIndex: `ЗПІ-${requestId.slice(0, 4)}`, receivedOn: '2026-11-20', subject: 'Про графік руху тролейбусів', result: 'provided' });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  after(async () => {
    await browser?.close();
    await db?.destroy();
  });
  beforeEach(async () => {
    context = await browser.newContext({ baseURL: testStack().apiUrl, viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'uk-UA' });
    problems.length = 0;
    context.on('page', (page) => {
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
    });
  });
  afterEach(async () => { await context.close(); });

  async function open(pathname: string): Promise<Page> {
    const page = await context.newPage();
    const res = await page.goto(pathname);
    expect(res?.status(), pathname).to.equal(200);
    await page.waitForLoadState('networkidle');
    return page;
  }

  it('finds the masked answer in the register with the keyboard, and shows no personal data', async () => {
    const page = await open('/register');
    await checkAccessible(page);
    await tabTo(page, 'q');
    await page.keyboard.type(marker);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?q=/);
    await page.waitForFunction(() => document.activeElement?.id === 'results-heading');
    expect(await page.locator('#results-count').textContent(), problems.join('; ')).to.equal('Знайдено: 1 відповідь');
    const text = await page.locator('main').textContent();
    expect(text).to.include('Про графік руху тролейбусів');
    expect(text).to.include('[приховано: ПІБ]');
    for (const value of planted) expect(text, value).to.not.include(value);
    expect(page.url()).to.include(`q=${encodeURIComponent(marker)}`);
    const pdfLink = page.getByRole('link', { name: 'Підписана відповідь № 88/05-12 (PDF)' });
    expect(await pdfLink.getAttribute('href')).to.match(/^\/api\/v1\/register\/[0-9a-f-]{36}\/pdf$/);
    await checkAccessible(page);

    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('h1').textContent()).to.equal('Register of answers to public information requests');
    expect(await page.locator('#results-count').textContent()).to.equal('Found: 1 answer');
    await checkAccessible(page, 'en');

    await page.locator('#q').fill('жодного-такого-слова');
    await page.keyboard.press('Enter');
    await page.getByText('Nothing found. Try other words.').waitFor();
    expect(problems).to.deep.equal([]);
  });

  it('verifies the signed answer from a link whose code carries separators', async () => {
    const page = await open(`/verify/${verifyId.match(/.{1,4}/g)!.join('-')}`);
    await page.locator('#verdict').waitFor();
    expect(await page.locator('#verdict').textContent()).to.equal('Документ справжній: підпис і файл чинні.');
    expect(await page.locator('#code').inputValue()).to.equal(verifyId);
    expect(problems).to.deep.equal([]);
  });

  it('verifies the signed answer from the link of its QR code, in Ukrainian and English', async () => {
    const page = await open(`/verify/${verifyId}`);
    await page.locator('#verdict').waitFor();
    expect(await page.locator('#verdict').textContent()).to.equal('Документ справжній: підпис і файл чинні.');
    const text = await page.locator('main').textContent();
    expect(text).to.include('88/05-12');
    expect(text).to.include('Уповноважена особа з питань доступу до публічної інформації');
    expect(text).to.match(/[0-9a-f]{64}/);
    for (const value of planted) expect(text, value).to.not.include(value);
    await checkAccessible(page);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('#verdict').textContent()).to.equal('The document is genuine: the signature and the file hold.');
    await checkAccessible(page, 'en');
    expect(problems).to.deep.equal([]);
  });

  it('says so next to the field, with the keyboard, when a code is malformed or unknown', async () => {
    const page = await open('/verify');
    await checkAccessible(page);
    await tabTo(page, 'code');
    await page.keyboard.type('not a code');
    await page.keyboard.press('Enter');
    await page.locator('#code[aria-invalid="true"]').waitFor();
    expect(await page.locator('#code-error').textContent()).to.include('22 символи');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('code');
    await page.locator('#code').fill('AAAAAAAAAAAAAAAAAAAAAA');
    await page.keyboard.press('Enter');
    await page.getByText('Підписаного документа з таким кодом немає. Перевірте код.').waitFor();
    expect(await page.locator('#result').isHidden()).to.equal(true);
    // A whole link pasted in is understood.
    await page.locator('#code').fill(`${testStack().apiUrl}/verify/${verifyId}`);
    await page.keyboard.press('Enter');
    await page.locator('#verdict').waitFor();
    expect(await page.locator('#code').inputValue()).to.equal(verifyId);
    // So is the code with separators: spaces from a copy, hyphens of the reader's own grouping.
    for (const given of [verifyId.match(/.{1,4}/g)!.join(' '), verifyId.match(/.{1,5}/g)!.join('-'), ` ${verifyId.slice(0, 9)}  ${verifyId.slice(9)} `]) {
      await page.locator('#code').fill(given);
      const answer = page.waitForResponse((r) => r.url().includes('/api/v1/verify/'));
      await page.keyboard.press('Enter');
      expect((await answer).status(), given).to.equal(200);
      // The code as the letter prints it, once the answer is shown.
      await page.waitForFunction((id) => (document.getElementById('code') as HTMLInputElement).value === id, verifyId);
      expect(await page.locator('#verdict').textContent()).to.equal('Документ справжній: підпис і файл чинні.');
      expect(await page.locator('#code-error').textContent()).to.equal('');
    }
    // The only console error allowed: the browser's own line for the 404 asked on purpose.
    expect(problems.filter((p) => !p.includes('404'))).to.deep.equal([]);
  });
});
