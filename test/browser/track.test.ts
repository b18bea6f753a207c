// The citizen's tracking page (/track, linked from every e-mail) in Debian's Chromium, for cases
// worked through the real stack (API, engine, workers, PostgreSQL) as people work them: an appeal
// and a request for public information each received, registered, extended, forwarded and answered
// (and a request deferred). Every page must show the status, the registration index, the department
// and the due date with its explanation, and raise no page error and no console error. Rows stored
// in the older shapes of the term (written into the database directly) must render as well.
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { computeDeadline, daysBetween, defaultCalendarData, kyivDate, type Deadline } from '../../lib/calendar/index.ts';
import { createDb, type Db } from '../../lib/db.ts';
import { trackingCodeHash } from '../../lib/cases/tracking-code.ts';
import { ApiSession, eventually, testStack } from '../support/stack.ts';
import { complete, deadline, ended, taskOf } from '../support/workflow.ts';

const CHROMIUM = process.env.HROMADA_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PHONE = { width: 390, height: 844 };

interface View {
  kind?: string;
  status: string;
  statusText: string;
  registrationIndex: string | null;
  department: { code: string; name: string } | null;
  dueDate: string | null;
  dueDateTime: string | null;
  dueExplanation: { regime: string; law: string; unit: string; decided?: { to: string; limit?: string } } | null;
  timeline: Array<{ statusText: string }>;
}

/** A day as the portal writes it (portal/format.js formatDate, Ukrainian). */
const ukDate = (iso: string) => new Intl.DateTimeFormat('uk-UA', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
  .format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
const kyivTime = (iso: string) => new Intl.DateTimeFormat('uk-UA', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Kyiv' }).format(new Date(iso));

let counter = 0;
const tag = () => `${Date.now().toString(36)}${(counter += 1)}`;
const appealBody = () => ({
  type: 'application', surname: 'Бондаренко', name: 'Ірина', address: `м. Київ, вул. Саксаганського, ${counter + 1}`,
  email: `track-${tag()}@example.com`, text: 'Прошу відремонтувати тротуар біля школи № 5.', consent: true,
});
const requestBody = () => ({
  requesterName: 'Тарас Кравчук', email: `track-info-${tag()}@example.com`, answerChannel: 'email',
  description: 'Прошу надати кошторис ремонту тротуарів Голосіївського району на 2027 рік.', consent: true,
});

describe('the tracking page in Chromium: every step of an appeal and of a request for public information', function () {
  this.timeout(300000);
  let db: Db;
  let browser: Browser;
  let context: BrowserContext;
  let citizen: ApiSession;
  let head: ApiSession;
  let executor: ApiSession;
  let info: ApiSession;
  let lawyer: ApiSession;
  const problems: string[] = [];
  /** Cases worked below, kept for the test of the older stored shapes. */
  const cases: Record<string, { id: string; code: string }> = {};

  before(async () => {
    db = createDb(testStack().database.appUrl, 2);
    citizen = new ApiSession();
    [head, executor, info, lawyer] = await Promise.all([ApiSession.login('head'), ApiSession.login('executor'), ApiSession.login('info'), ApiSession.login('lawyer')]);
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

  async function submitAppeal(): Promise<{ id: string; code: string }> {
    const res = await citizen.request<{ trackingCode: string }>('POST', '/api/v1/appeals', appealBody());
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const row = await db('appeals').where({ tracking_code_hash: trackingCodeHash(res.body.trackingCode) }).first('id');
    return { id: row.id as string, code: res.body.trackingCode };
  }

  async function submitRequest(): Promise<{ id: string; code: string; receivedAt: string }> {
    const res = await citizen.request<{ trackingCode: string; receivedAt: string }>('POST', '/api/v1/info-requests', requestBody());
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const row = await db('info_requests').where({ tracking_code_hash: trackingCodeHash(res.body.trackingCode) }).first('id');
    return { id: row.id as string, code: res.body.trackingCode, receivedAt: res.body.receivedAt };
  }

  async function status(table: 'appeals' | 'info_requests', id: string, expected: string): Promise<void> {
    await eventually(`${table} status ${expected}`, async () => ((await db(table).where({ id }).first('status'))?.status === expected ? true : undefined), 60000);
  }

  /**
   * Opens /track#code as the e-mail's reader would, and checks what every tracking page must show:
   * the status, the registration index, the department, the due date with its explanation (or that
   * the term comes with the registration), and no page or console error. Returns the page's text.
   */
  async function showsCase(code: string, statusText: string, expectations: { explained?: boolean } = {}): Promise<{ page: Page; text: string; view: View }> {
    const api = await citizen.request<View>('GET', `/api/v1/track/${code}`);
    expect(api.status, JSON.stringify(api.body)).to.equal(200);
    const view = api.body;
    expect(view.statusText).to.equal(statusText);
    const page = await context.newPage();
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/track/'));
    expect((await page.goto(`/track#${code}`))?.status()).to.equal(200);
    expect((await answer).status()).to.equal(200);
    await page.locator('#result:not([hidden]) #status').waitFor();
    const text = (await page.locator('#result-body').textContent()) ?? '';
    expect(await page.locator('#status').textContent()).to.equal(statusText);
    expect(text).to.include(view.registrationIndex ?? 'ще не присвоєно');
    expect(text).to.include(view.department?.name ?? 'ще не визначено');
    if (view.dueDate) {
      expect(view.dueDateTime, 'the API gives the end of the due day').to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      expect(await page.locator('#due').textContent()).to.equal(`Строк спливає: ${ukDate(view.dueDate)}`);
      expect(await page.locator('#due time').getAttribute('datetime')).to.equal(view.dueDate);
      expect(await page.locator('#due-time').textContent()).to.include(`до ${kyivTime(view.dueDateTime!)}`);
      if (expectations.explained !== false) {
        expect(view.dueExplanation, 'a whole explanation').to.be.an('object');
        const explained = (await page.locator('#due-explanation').textContent()) ?? '';
        for (const part of ['Отримано', 'Правило', view.dueExplanation!.law, 'Початок строку', 'Пораховано', 'Воєнний стан']) expect(explained).to.include(part);
      }
    } else {
      expect(text).to.include('Строк буде визначено під час реєстрації.');
    }
    expect(problems, 'no page error, no console error').to.deep.equal([]);
    return { page, text, view };
  }

  /**
   * Holds a new case in "received": while its diagram is suspended the engine refuses the start and
   * the process-start outbox keeps the row pending; afterwards the diagram is active again and the
   * row is retried at the next sweep.
   */
  async function whileNotStarted<T>(processKey: string, submit: () => Promise<T & { id: string }>, look: (c: T) => Promise<void>): Promise<void> {
    const engine = testStack().engine.client;
    const suspend = (suspended: boolean) => engine.request('PUT', `/process-definition/key/${processKey}/suspended`, { suspended, includeProcessInstances: false });
    await suspend(true);
    let submitted: (T & { id: string }) | undefined;
    try {
      submitted = await submit();
      await eventually('the refused start', async () => ((await db('process_links').where({ business_key: submitted!.id }).first('attempts'))?.attempts > 0 ? true : undefined));
      await look(submitted);
    } finally {
      await suspend(false);
      if (submitted) await db('process_links').where({ business_key: submitted.id, state: 'pending' }).update({ lease_until: null });
    }
  }

  describe('an appeal (Law 393/96-ВР)', () => {
    it('received: not registered yet, the term comes with the registration', async () => {
      await whileNotStarted('citizen-appeal', submitAppeal, async ({ code }) => {
        const { text } = await showsCase(code, 'Отримано');
        expect(text).to.include('Заява (клопотання)');
      });
    });

    it('registered: the index, with the heads, the one-month term (Art. 20) explained', async () => {
      const appeal = await submitAppeal();
      cases.appealRegistered = appeal;
      await taskOf(appeal.id, 'consider-appeal');
      // Registration leads straight into the check (Art. 5, 8) and then to the heads: "На розгляді".
      const { text, view } = await showsCase(appeal.code, 'На розгляді');
      expect(view.registrationIndex).to.match(/^Б-\d+$/);
      expect(view.timeline.map((e) => e.statusText)).to.deep.equal(['Отримано', 'Зареєстровано', 'На розгляді']);
      expect(view.department?.name).to.equal('Керівництво');
      expect(view.dueExplanation?.regime).to.equal('appeal');
      expect(text).to.include('Зареєстровано').and.include('1 місяць');
    });

    it('extended by the head: the new day as a term of its own, with the 45-day limit', async () => {
      const appeal = await submitAppeal();
      cases.appealExtended = appeal;
      const receivedAt = (await citizen.request<{ receivedAt: string }>('GET', `/api/v1/track/${appeal.code}`)).body.receivedAt;
      expect((await complete(head, (await taskOf(appeal.id, 'consider-appeal')).id, { decision: 'consider', executorsDepartment: '03' })).status).to.equal(204);
      const prepare = await taskOf(appeal.id, 'prepare-appeal-answer');
      const reason = 'Потрібне обстеження тротуару комісією';
      expect((await complete(executor, prepare.id, { requestExtension: true, extensionReason: reason })).status).to.equal(204);
      const max = await deadline('appeal-max', receivedAt);
      expect((await complete(head, (await taskOf(appeal.id, 'extend-appeal-term')).id, { extend: true, newDueDate: max.due, extensionReason: reason })).status).to.equal(204);
      await taskOf(appeal.id, 'prepare-appeal-answer', [prepare.id]);
      await status('appeals', appeal.id, 'term-extended');
      const { page, view } = await showsCase(appeal.code, 'Строк продовжено');
      expect(view.dueDate).to.equal(max.due);
      expect(view.dueDateTime).to.equal(max.dueDateTime);
      expect(view.dueExplanation).to.deep.include({ regime: 'appeal-extended', decided: { to: max.due, limit: max.due } });
      const explained = (await page.locator('#due-explanation').textContent()) ?? '';
      expect(explained).to.include('Рішення про строк').and.include('Найпізніший строк, який дозволяє закон').and.include('45 днів');
      // Counted from the day of receipt to the chosen day (45, or more when the 45th is a day off).
      expect(explained).to.match(new RegExp(`${daysBetween(kyivDate(new Date(receivedAt)), max.due)} календарн`));
      expect(await page.locator('#result-body').textContent()).to.include(reason);
    });

    it('forwarded to the competent body (Art. 7)', async () => {
      const appeal = await submitAppeal();
      const body = 'Головне управління Державної служби України з надзвичайних ситуацій у місті Києві';
      expect((await complete(head, (await taskOf(appeal.id, 'consider-appeal')).id, { decision: 'forward', forwardTo: body })).status).to.equal(204);
      expect(await ended(appeal.id)).to.deep.equal(['appeal-forwarded']);
      const { text } = await showsCase(appeal.code, 'Переслано за належністю');
      expect(text).to.include(body);
    });

    it('answered, signed and closed', async () => {
      const appeal = await submitAppeal();
      expect((await complete(head, (await taskOf(appeal.id, 'consider-appeal')).id, { decision: 'consider', executorsDepartment: '03' })).status).to.equal(204);
      const answer = 'Тротуар буде відремонтовано до 1 травня 2027 року.';
      expect((await complete(executor, (await taskOf(appeal.id, 'prepare-appeal-answer')).id, { answerText: answer, answerResult: 'satisfied' })).status).to.equal(204);
      expect((await complete(head, (await taskOf(appeal.id, 'approve-appeal-answer')).id, { approval: 'approve' })).status).to.equal(204);
      expect(await ended(appeal.id)).to.deep.equal(['appeal-closed']);
      const { view } = await showsCase(appeal.code, 'Надано відповідь');
      expect(view.department?.code).to.equal('03');
    });
  });

  describe('a request for public information (Law 2939-VI)', () => {
    it('received: not registered yet, the term comes with the registration', async () => {
      await whileNotStarted('public-info-request', submitRequest, async ({ code }) => {
        const { text } = await showsCase(code, 'Отримано');
        expect(text).to.include('Запит на публічну інформацію');
      });
    });

    it('registered: the index and the five working days (Art. 20 p.1) explained', async () => {
      const request = await submitRequest();
      cases.requestRegistered = request;
      await taskOf(request.id, 'triage-info-request');
      const five = await deadline('public-info', request.receivedAt);
      const { text, view } = await showsCase(request.code, 'Зареєстровано');
      expect(view.registrationIndex).to.match(/^ЗІ-\d+$/);
      expect(view.dueDate).to.equal(five.due);
      expect(view.dueDateTime).to.equal(five.dueDateTime);
      expect(text).to.include('5 робочих днів');
    });

    it('extended to 20 working days with a reasoned notice (Art. 20 p.4)', async () => {
      const request = await submitRequest();
      const reason = 'Запит стосується великого обсягу даних за сім років.';
      expect((await complete(info, (await taskOf(request.id, 'triage-info-request')).id, { infoDecision: 'assign', infoDepartments: { '03': true }, extend: true, extensionReason: reason })).status).to.equal(204);
      await taskOf(request.id, 'prepare-info-answer');
      await status('info_requests', request.id, 'under-consideration');
      const twenty = await deadline('public-info-extended', request.receivedAt);
      const { text, view } = await showsCase(request.code, 'На розгляді');
      expect(view.dueDate).to.equal(twenty.due);
      expect(view.dueDateTime).to.equal(twenty.dueDateTime);
      expect(view.dueExplanation?.regime).to.equal('public-info-extended');
      expect(text).to.include('Строк продовжено').and.include(reason).and.include('20 робочих днів').and.include('Закон № 2939-VI, ст. 20 ч. 4');
    });

    it('forwarded to the holder of the information (Art. 22 p.3)', async () => {
      const request = await submitRequest();
      const holder = 'Департамент житлово-комунальної інфраструктури виконавчого органу Київської міської ради';
      expect((await complete(info, (await taskOf(request.id, 'triage-info-request')).id, { infoDecision: 'forward', forwardTo: holder })).status).to.equal(204);
      expect(await ended(request.id)).to.deep.equal(['info-forwarded']);
      const { text } = await showsCase(request.code, 'Переслано за належністю');
      expect(text).to.include(holder);
    });

    it('deferred for force majeure: the decision\'s day explained, not the first term (Art. 22 p.6-7)', async () => {
      const request = await submitRequest();
      cases.requestDeferred = request;
      const twenty = await deadline('public-info-extended', request.receivedAt);
      const reason = 'Архів пошкоджено внаслідок обстрілу; доступ до документів неможливий.';
      expect((await complete(info, (await taskOf(request.id, 'triage-info-request')).id, { infoDecision: 'defer', deferredTo: twenty.due, deferralReason: reason })).status).to.equal(204);
      expect(await ended(request.id)).to.deep.equal(['info-deferred']);
      const { page, view } = await showsCase(request.code, 'Розгляд відстрочено');
      expect(view.dueDate).to.equal(twenty.due);
      expect(view.dueExplanation).to.deep.include({ regime: 'public-info-deferred', decided: { to: twenty.due } });
      expect(await page.locator('#due-explanation').textContent()).to.include('Рішення про строк').and.include('Закон № 2939-VI, ст. 22 ч. 6–7');
    });

    it('answered: drafted, masks reviewed, approved, signed and sent', async () => {
      const request = await submitRequest();
      expect((await complete(info, (await taskOf(request.id, 'triage-info-request')).id, { infoDecision: 'assign', infoDepartments: { '03': true } })).status).to.equal(204);
      expect((await complete(executor, (await taskOf(request.id, 'prepare-info-answer')).id, { branchAnswerText: 'Кошторис на 2027 рік додається: 4,2 млн грн.' })).status).to.equal(204);
      const review = await taskOf(request.id, 'review-info-answer-masks');
      const answers = await lawyer.request<Array<{ answerId: string }>>('GET', `/api/v1/info-answers?requestId=${request.id}`);
      expect(answers.status, JSON.stringify(answers.body)).to.equal(200);
      expect((await lawyer.request('PATCH', `/api/v1/info-answers/${answers.body[0]!.answerId}/masks`, { done: true })).status).to.equal(200);
      expect((await complete(lawyer, review.id, { masksReviewed: true })).status).to.equal(204);
      expect((await complete(head, (await taskOf(request.id, 'approve-info-answer')).id, { approval: 'approve', infoResult: 'given' })).status).to.equal(204);
      expect(await ended(request.id)).to.include('info-answered');
      const { page } = await showsCase(request.code, 'Надано відповідь');
      expect(await page.locator('#answer-pdf').count()).to.equal(1);
    });
  });

  describe('rows stored in the older shapes of the term', () => {
    /** The legal-deadline task's first output: the Deadline without dueDateTime. */
    const wrapper = ({ dueDateTime: _dropped, ...rest }: Deadline) => rest;

    it('shows the wrapper { regime, received, due, explanation } of an appeal and of a request, with the end of the due day', async () => {
      for (const [table, key, statusText] of [['appeals', 'appealRegistered', 'На розгляді'], ['info_requests', 'requestRegistered', 'Зареєстровано']] as const) {
        const { id, code } = cases[key]!;
        const row = await db(table).where({ id }).first('due_explanation');
        const stored = row.due_explanation as Deadline;
        expect(stored.dueDateTime, 'the new rows hold the one shape').to.be.a('string');
        await db(table).where({ id }).update({ due_explanation: JSON.stringify(wrapper(stored)) });
        const { view } = await showsCase(code, statusText);
        expect(view.dueDateTime).to.equal(stored.dueDateTime);
        expect(view.dueExplanation).to.deep.equal(stored.explanation);
        await context.pages()[0]?.close();
      }
    });

    it('shows an appeal\'s extension stored as { regime, due, extended, explanation: { rule, law } }', async () => {
      const { id, code } = cases.appealExtended!;
      const row = await db('appeals').where({ id }).first(db.raw("to_char(due_date, 'YYYY-MM-DD') AS due"), 'received_at');
      const limit = computeDeadline({ regime: 'appeal-max', received: row.received_at, calendar: defaultCalendarData }).due;
      await db('appeals').where({ id }).update({
        due_explanation: JSON.stringify({
          regime: 'appeal-max', due: row.due, extended: { to: row.due, reason: 'Потрібне обстеження тротуару комісією', limit, law: 'Закон № 393/96-ВР, ст. 20' },
          explanation: { rule: { uk: 'Строк розгляду продовжено керівником, загалом не більше 45 днів від дня надходження', en: 'The term was extended by the head' }, law: 'Закон № 393/96-ВР, ст. 20' },
        }),
      });
      const { page, view } = await showsCase(code, 'Строк продовжено');
      expect(view.dueExplanation).to.deep.include({ regime: 'appeal-extended', decided: { to: row.due, limit } });
      expect(await page.locator('#due-explanation').textContent()).to.include('Рішення про строк');
    });

    it('shows a deferred request whose row kept the first term\'s explanation, and a term with no usable explanation at all', async () => {
      const { id, code } = cases.requestDeferred!;
      const received = (await db('info_requests').where({ id }).first('received_at')).received_at as Date;
      await db('info_requests').where({ id }).update({ due_explanation: JSON.stringify(wrapper(computeDeadline({ regime: 'public-info', received, calendar: defaultCalendarData }))) });
      const deferred = await showsCase(code, 'Розгляд відстрочено');
      expect(deferred.view.dueExplanation?.regime).to.equal('public-info-deferred');
      await deferred.page.close();

      // Whatever the row holds, the decision the row records explains the day.
      await db('info_requests').where({ id }).update({ due_explanation: JSON.stringify('строк п’ять робочих днів') });
      const text = await showsCase(code, 'Розгляд відстрочено');
      expect(text.view.dueExplanation?.regime).to.equal('public-info-deferred');
      await text.page.close();

      // An appeal whose row holds something that explains nothing: the date alone, and no error.
      const appeal = cases.appealRegistered!;
      await db('appeals').where({ id: appeal.id }).update({ due_explanation: JSON.stringify({ regime: 'appeal', explanation: { rule: 'місяць' } }) });
      const bare = await showsCase(appeal.code, 'На розгляді', { explained: false });
      expect(bare.view.dueExplanation).to.equal(null);
      expect(await bare.page.locator('#due-explanation').count(), 'no explanation, the date alone').to.equal(0);
    });
  });
});
