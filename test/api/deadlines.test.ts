// The deadline calculator and the calendar's administration through the API (inject), on a real
// migrated PostgreSQL. Test rules use years no real term reaches (2097-2098) and are removed after.
import { expect } from 'chai';
import { createTestUser, login, removeTestUsers, startTestApp, type SessionHeaders, type TestApp, type TestUser } from './helpers.ts';

describe('api: deadlines and calendar administration', function () {
  this.timeout(20000);
  let t: TestApp;
  let admin: TestUser;
  let clerk: TestUser;
  let adminSession: SessionHeaders;
  let clerkSession: SessionHeaders;
  const createdRules: number[] = [];
  const createdPeriods: number[] = [];

  before(async () => {
    t = await startTestApp();
    admin = await createTestUser(t.db, ['admin'], '05');
    clerk = await createTestUser(t.db, ['clerk']);
    adminSession = await login(t.app, admin);
    clerkSession = await login(t.app, clerk);
  });
  after(async () => {
    if (createdRules.length) await t.db('calendar_holiday_rules').whereIn('id', createdRules).delete();
    if (createdPeriods.length) await t.db('calendar_martial_law_periods').whereIn('id', createdPeriods).delete();
    await removeTestUsers(t.db, [admin, clerk]);
    await t.close();
  });

  const deadline = (query: string) => t.app.inject({ method: 'GET', url: `/api/v1/deadlines?${query}` });

  describe('GET /api/v1/deadlines', () => {
    it('answers anyone with the due date and its explanation', async () => {
      const res = await deadline('regime=public-info&received=2025-11-28T16:50:00%2B02:00');
      expect(res.statusCode).to.equal(200);
      const body = res.json();
      expect(body).to.deep.include({ regime: 'public-info', received: '2025-11-28T16:50:00+02:00', due: '2025-12-08', dueDateTime: '2025-12-08T18:00:00+02:00' });
      expect(body.internalDue).to.equal(undefined);
      expect(body.explanation.law).to.equal('Закон № 2939-VI, ст. 20 ч. 1');
      expect(body.explanation.counted.date).to.equal('2025-12-01');
      expect(body.explanation.skipped.map((s: { date: string }) => s.date)).to.deep.equal(['2025-12-06', '2025-12-07']);
    });

    it('reads a receipt without offset as Kyiv time, and gives both dates when the term ends on a day off', async () => {
      const res = await deadline('regime=appeal-short&received=2019-04-13T10:00');
      expect(res.statusCode).to.equal(200);
      expect(res.json()).to.deep.include({ received: '2019-04-13T10:00:00+03:00', due: '2019-04-30', internalDue: '2019-04-26' });
      expect(res.json().explanation.shift).to.deep.include({ from: '2019-04-28', to: '2019-04-30' });
    });

    it('answers an hour term with a date-time', async () => {
      const res = await deadline('regime=public-info-urgent&received=2025-03-29T10:00:00%2B02:00');
      expect(res.json().due).to.equal('2025-03-31T11:00:00+03:00');
    });

    it('takes martialLaw=on|off as a what-if', async () => {
      const off = await deadline('regime=public-info&received=2025-12-22T10:00&martialLaw=off');
      expect(off.json().due).to.equal('2025-12-30');
      expect(off.json().explanation.martialLaw).to.deep.equal({ inForceOnDue: false, assumed: 'off' });
      const asIs = await deadline('regime=public-info&received=2025-12-22T10:00');
      expect(asIs.json().due).to.equal('2025-12-29');
    });

    it('refuses an unknown regime, naming the field', async () => {
      const res = await deadline('regime=appeal-forever&received=2025-12-22T10:00');
      expect(res.statusCode).to.equal(400);
      expect(res.headers['content-type']).to.match(/application\/problem\+json/);
      expect(res.json().errors.map((e: { field: string }) => e.field)).to.deep.equal(['regime']);
    });

    // Outside the days the calendar covers (working hours from 1991-01-01 in the data, Easter to 2099):
    // 1900-1990 used to pass the check and fail inside the calculator with a 500.
    for (const received of ['2025-02-30T10:00', '28.11.2025', '2025-11-28', 'yesterday', '1850-01-01T10:00',
      '1900-01-01T10:00', '1950-06-15T10:00', '1990-12-31T23:59', '2100-01-01T10:00', '2099-12-31T23:30:00-05:00',
      // Years before 100 once read as 1900-1999 (Date.UTC): 0095 passed as 1995.
      '0095-06-01T10:00', '0001-01-01T10:00']) {
      it(`refuses received=${received}, naming the field`, async () => {
        const res = await deadline(`regime=appeal&received=${encodeURIComponent(received)}`);
        expect(res.statusCode).to.equal(400);
        expect(res.json().errors.map((e: { field: string }) => e.field)).to.deep.equal(['received']);
        expect(res.json().errors[0].message_uk).to.match(/ISO 8601/);
      });
    }

    it('counts on every day the calendar covers, and says which days those are when refusing', async () => {
      for (const [regime, received] of [['appeal', '1991-01-01T00:00'], ['public-info', '1991-01-01T10:00'], ['appeal-max', '2099-12-31T23:59']]) {
        const res = await deadline(`regime=${regime}&received=${encodeURIComponent(received!)}`);
        expect(res.statusCode, `${regime} ${received}: ${res.body}`).to.equal(200);
      }
      const refused = (await deadline('regime=appeal&received=1990-12-31T10:00')).json();
      expect(refused.errors[0].message).to.match(/between 1991-01-01 and 2099-12-31/);
      expect(refused.errors[0].message_uk).to.match(/між 1991-01-01 і 2099-12-31/);
    });

    it('refuses a missing field and a wrong martialLaw value', async () => {
      expect((await deadline('regime=appeal')).json().errors.map((e: { field: string }) => e.field)).to.deep.equal(['received']);
      expect((await deadline('regime=appeal&received=2025-12-22T10:00&martialLaw=maybe')).json().errors.map((e: { field: string }) => e.field))
        .to.deep.equal(['martialLaw']);
    });
  });

  describe('calendar administration', () => {
    const admin$ = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
      t.app.inject({ method, url: `/api/v1/calendar${url}`, headers: adminSession, ...(payload ? { payload } : {}) });

    it('is for administrators only', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/calendar/holidays' })).statusCode).to.equal(401);
      const asClerk = await t.app.inject({ method: 'GET', url: '/api/v1/calendar/holidays', headers: clerkSession });
      expect(asClerk.statusCode).to.equal(403);
      const post = await t.app.inject({ method: 'POST', url: '/api/v1/calendar/martial-law', headers: clerkSession, payload: { start: '2097-01-01', basis: 'x' } });
      expect(post.statusCode).to.equal(403);
    });

    it('lists the seeded holidays, martial law and working hours', async () => {
      const holidays = (await admin$('GET', '/holidays')).json() as Array<{ code: string; validTo: string | null }>;
      expect(holidays.filter((h) => h.validTo === null).map((h) => h.code)).to.include.members(['new-year', 'easter', 'trinity', 'christmas', 'statehood-day']);
      const periods = (await admin$('GET', '/martial-law')).json();
      expect(periods.some((p: { start: string; end: string | null }) => p.start === '2022-02-24')).to.equal(true);
      const hours = (await admin$('GET', '/working-hours')).json();
      expect(hours[0].week[4]).to.deep.equal({ start: '09:00', end: '16:45' });
      expect(hours[0].timeZone).to.equal('Europe/Kyiv');
    });

    it('adds a holiday that the calculator uses at once, ends it, and audits both', async () => {
      const added = await admin$('POST', '/holidays', {
        code: 'test-day', nameUk: 'Тестове свято', nameEn: 'Test holiday', kind: 'fixed', month: 11, day: 11,
        validFrom: '2098-01-01', law: 'тест',
      });
      expect(added.statusCode).to.equal(201);
      const rule = added.json();
      createdRules.push(rule.id);
      expect(rule).to.deep.include({ code: 'test-day', kind: 'fixed', month: 11, day: 11, easterOffset: null, validFrom: '2098-01-01', validTo: null });

      // Tuesday 11 November 2098, without martial law: skipped as a holiday.
      const withHoliday = (await deadline('regime=public-info&received=2098-11-10T10:00&martialLaw=off')).json();
      expect(withHoliday.explanation.skipped.map((s: { date: string; reasons: Array<{ holiday?: string }> }) => [s.date, s.reasons[0]?.holiday]))
        .to.deep.include(['2098-11-11', 'test-day']);

      const ended = await admin$('POST', `/holidays/${rule.id}/end`, { validTo: '2098-11-10' });
      expect(ended.statusCode).to.equal(200);
      expect(ended.json().validTo).to.equal('2098-11-10');
      const without = (await deadline('regime=public-info&received=2098-11-10T10:00&martialLaw=off')).json();
      expect(without.explanation.skipped.map((s: { date: string }) => s.date)).to.not.include('2098-11-11');
      expect(without.due).to.equal('2098-11-17');

      const audit = await t.db('audit_log').where({ entity_type: 'calendar_holiday_rule', entity_id: String(rule.id) }).orderBy('id').select('actor', 'action', 'details');
      expect(audit.map((a) => [a.actor, a.action])).to.deep.equal([[`user:${admin.id}`, 'calendar.holiday-rule.added'], [`user:${admin.id}`, 'calendar.holiday-rule.ended']]);
      expect(audit[1].details).to.deep.equal({ previousValidTo: null, validTo: '2098-11-10' });
    });

    it('adds a holiday counted from Easter', async () => {
      const added = await admin$('POST', '/holidays', {
        code: 'test-easter-monday', nameUk: 'Тест', nameEn: 'Test', kind: 'easter', easterOffset: 1, validFrom: '2097-01-01', validTo: '2097-12-31', law: 'тест',
      });
      expect(added.statusCode).to.equal(201);
      createdRules.push(added.json().id);
      expect(added.json()).to.deep.include({ kind: 'easter', easterOffset: 1, month: null, day: null });
    });

    it('refuses an inconsistent holiday rule, naming the field', async () => {
      const cases: Array<[unknown, string]> = [
        [{ code: 'x', nameUk: 'x', nameEn: 'x', kind: 'fixed', day: 1, validFrom: '2097-01-01', law: 'x' }, 'month'],
        [{ code: 'x', nameUk: 'x', nameEn: 'x', kind: 'fixed', month: 2, day: 30, validFrom: '2097-01-01', law: 'x' }, 'day'],
        [{ code: 'x', nameUk: 'x', nameEn: 'x', kind: 'easter', validFrom: '2097-01-01', law: 'x' }, 'easterOffset'],
        [{ code: 'x', nameUk: 'x', nameEn: 'x', kind: 'fixed', month: 1, day: 2, validFrom: '2097-01-01', validTo: '2096-01-01', law: 'x' }, 'validTo'],
        [{ code: 'Bad Code', nameUk: 'x', nameEn: 'x', kind: 'fixed', month: 1, day: 2, validFrom: '2097-01-01', law: 'x' }, 'code'],
        [{ code: 'x', nameUk: 'x', nameEn: 'x', kind: 'fixed', month: 1, day: 2, validFrom: '2097-13-01', law: 'x' }, 'validFrom'],
      ];
      for (const [payload, field] of cases) {
        const res = await admin$('POST', '/holidays', payload);
        expect(res.statusCode, JSON.stringify(payload)).to.equal(400);
        expect(res.json().errors.map((e: { field: string }) => e.field), JSON.stringify(payload)).to.include(field);
      }
      expect((await admin$('POST', '/holidays/999999/end', { validTo: '2097-01-01' })).statusCode).to.equal(404);
    });

    it('adds and ends a martial-law period, with audit rows', async () => {
      const added = await admin$('POST', '/martial-law', { start: '2097-03-01', basis: 'Тестовий указ' });
      expect(added.statusCode).to.equal(201);
      const period = added.json();
      createdPeriods.push(period.id);
      expect(period).to.deep.include({ start: '2097-03-01', end: null, basis: 'Тестовий указ' });

      expect((await admin$('POST', `/martial-law/${period.id}/end`, { end: '2097-02-01' })).json().errors[0].field).to.equal('end');
      const ended = await admin$('POST', `/martial-law/${period.id}/end`, { end: '2097-05-31' });
      expect(ended.statusCode).to.equal(200);
      expect(ended.json()).to.deep.include({ start: '2097-03-01', end: '2097-05-31' });

      const audit = await t.db('audit_log').where({ entity_type: 'calendar_martial_law_period', entity_id: String(period.id) }).orderBy('id').pluck('action');
      expect(audit).to.deep.equal(['calendar.martial-law.added', 'calendar.martial-law.ended']);
      expect((await admin$('POST', '/martial-law/999999/end', { end: '2097-01-01' })).statusCode).to.equal(404);
    });
  });
});
