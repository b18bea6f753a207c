// The one stored shape of a case's term and how every older shape is read (lib/calendar/stored-term.ts),
// and terms set by a decision (computeSetTerm): explained like the regimes, checked against the
// schema GET /api/v1/deadlines publishes. Pure: HROMADA_TEST_NO_STACK=1 runs it.
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { expect } from 'chai';
import {
  asStoredTerm, computeDeadline, computeSetTerm, defaultCalendarData, isDeadlineExplanation, parseDateTime, readStoredTerm,
} from '../../../lib/calendar/index.ts';
import { deadlineExplanationSchema } from '../../../api/routes/deadlines.ts';

const kyiv = (value: string): Date => {
  const at = parseDateTime(value, 'Europe/Kyiv');
  if (!at) throw new Error(`bad test date-time ${value}`);
  return at;
};

const ajv = new Ajv({ allErrors: true });
(ajvFormats as unknown as (a: Ajv) => Ajv)(ajv);
const validExplanation = ajv.compile(deadlineExplanationSchema);
const calendar = defaultCalendarData;

describe('legal terms set by a decision (computeSetTerm)', () => {
  const received = kyiv('2026-11-20T10:00');

  it('explains an appeal extended to a chosen day: receipt, start, the calendar days counted, the 45-day limit', () => {
    const term = computeSetTerm({ kind: 'appeal-extended', received, to: '2026-12-30', limit: '2027-01-04', calendar });
    expect(term).to.deep.include({ regime: 'appeal-extended', due: '2026-12-30', dueDateTime: '2026-12-30T18:00:00+02:00' });
    const x = term.explanation;
    expect(x).to.deep.include({ law: 'Закон № 393/96-ВР, ст. 20', unit: 'calendar-days', amount: 40, daysCounted: 40, lastDay: '2026-12-30' });
    expect(x.start.date).to.equal('2026-11-21');
    expect(x.decided).to.deep.equal({ to: '2026-12-30', limit: '2027-01-04' });
    expect(x.rule.uk).to.include('45 днів');
    expect(validExplanation(x), JSON.stringify(validExplanation.errors)).to.equal(true);
    expect(isDeadlineExplanation(x)).to.equal(true);
  });

  it('moves a chosen day off forward like any last day (Civil Code Art. 254 p.5), and keeps both dates', () => {
    const term = computeSetTerm({ kind: 'appeal-extended', received, to: '2026-12-20', calendar });
    expect(term.due).to.equal('2026-12-21');
    expect(term.internalDue).to.equal('2026-12-18');
    expect(term.explanation.shift).to.deep.include({ from: '2026-12-20', to: '2026-12-21' });
    expect(term.explanation.skipped.map((d) => d.date)).to.deep.equal(['2026-12-20']);
  });

  it('explains a deferred request by its decision (Law 2939-VI Art. 22 p.6-7), and refuses a day not after receipt', () => {
    const term = computeSetTerm({ kind: 'public-info-deferred', received, to: '2027-01-15', calendar });
    expect(term.explanation).to.deep.include({ regime: 'public-info-deferred', law: 'Закон № 2939-VI, ст. 22 ч. 6–7' });
    expect(term.explanation.decided).to.deep.equal({ to: '2027-01-15' });
    expect(validExplanation(term.explanation), JSON.stringify(validExplanation.errors)).to.equal(true);
    expect(() => computeSetTerm({ kind: 'public-info-deferred', received, to: '2026-11-20', calendar })).to.throw(RangeError);
  });

  it('leaves the regimes as they were: the refactored end of a term gives the same answers', () => {
    const d = computeDeadline({ regime: 'appeal-short', received: kyiv('2019-04-13T10:00'), calendar });
    expect(d).to.deep.include({ due: '2019-04-30', internalDue: '2019-04-26', dueDateTime: '2019-04-30T18:00:00+03:00' });
    expect(d.explanation.shift).to.deep.include({ from: '2019-04-28', to: '2019-04-30' });
    expect(validExplanation(d.explanation), JSON.stringify(validExplanation.errors)).to.equal(true);
  });
});

describe('the stored term of a case (lib/calendar/stored-term.ts)', () => {
  const receivedAt = kyiv('2026-11-20T10:00');
  const month = computeDeadline({ regime: 'appeal', received: receivedAt, calendar });
  const hours = computeDeadline({ regime: 'public-info-urgent', received: receivedAt, calendar });
  const five = computeDeadline({ regime: 'public-info', received: receivedAt, calendar });
  const context = (dueDate: string | null, extra: Partial<Parameters<typeof readStoredTerm>[1]> = {}) => ({ dueDate, receivedAt, calendar, ...extra });
  /** The legal-deadline task's first output: the Deadline without dueDateTime. */
  const { dueDateTime: _dropped, ...wrapper } = month;

  it('reads the one shape as it is', () => {
    expect(readStoredTerm(month, context(month.due))).to.deep.equal({ dueDate: month.due, dueDateTime: month.dueDateTime, explanation: month.explanation });
    expect(readStoredTerm(JSON.stringify(month), context(month.due)).explanation).to.deep.equal(month.explanation);
  });

  it('reads the older wrapper { regime, received, due, explanation } and gives it the end of the due day', () => {
    expect(wrapper).to.not.have.property('dueDateTime');
    expect(readStoredTerm(wrapper, context(month.due))).to.deep.equal({ dueDate: month.due, dueDateTime: month.dueDateTime, explanation: month.explanation });
    // A term in hours: its instant is the end.
    const { dueDateTime: _h, ...urgent } = hours;
    expect(readStoredTerm(urgent, context(hours.due.slice(0, 10)))).to.deep.include({ dueDateTime: hours.dueDateTime, explanation: hours.explanation });
  });

  it('reads the older extension shape { regime, due, extended, explanation: { rule, law } } as the set term it was', () => {
    const extension = {
      regime: 'appeal-max', due: '2026-12-30',
      extended: { to: '2026-12-30', reason: 'Потрібне обстеження', limit: '2027-01-04', law: 'Закон № 393/96-ВР, ст. 20' },
      explanation: { rule: { uk: 'Строк розгляду продовжено керівником', en: 'Extended by the head' }, law: 'Закон № 393/96-ВР, ст. 20' },
    };
    const view = readStoredTerm(extension, context('2026-12-30'));
    expect(view.dueDate).to.equal('2026-12-30');
    expect(view.dueDateTime).to.equal('2026-12-30T18:00:00+02:00');
    expect(view.explanation).to.deep.include({ regime: 'appeal-extended', amount: 40, lastDay: '2026-12-30' });
    expect(view.explanation!.decided).to.deep.equal({ to: '2026-12-30', limit: '2027-01-04' });
    expect(validExplanation(view.explanation), JSON.stringify(validExplanation.errors)).to.equal(true);
  });

  it('explains a deferral\'s day when the row still holds the first term\'s explanation', () => {
    const view = readStoredTerm(five, context('2027-01-15', { decided: { kind: 'public-info-deferred', to: '2027-01-15' } }));
    expect(view.explanation).to.deep.include({ regime: 'public-info-deferred', lastDay: '2027-01-15' });
    expect(view.dueDateTime).to.equal('2027-01-15T16:45:00+02:00');
  });

  it('never pairs a date with the explanation of another date, and gives no half shapes', () => {
    // The 15-day term was chosen after the month was stored: the month explains nothing now.
    expect(readStoredTerm(month, context('2026-12-07'))).to.deep.equal({ dueDate: '2026-12-07', dueDateTime: '2026-12-07T18:00:00+02:00', explanation: null });
    const broken = [
      null, undefined, 'not json', 42, [], {}, { explanation: {} }, { explanation: { ...month.explanation, counted: undefined } },
      { explanation: { ...month.explanation, skipped: [{ date: '2026-12-01' }] } }, { explanation: { ...month.explanation, martialLaw: null } },
      { extended: { to: 'someday' } }, { extended: { to: '2026-11-01' } },
    ];
    for (const stored of broken) {
      const view = readStoredTerm(stored, context(month.due));
      expect(view.explanation, JSON.stringify(stored)).to.equal(null);
      expect(view.dueDateTime).to.equal(month.dueDateTime);
    }
    expect(readStoredTerm(null, context(null))).to.deep.equal({ dueDate: null, dueDateTime: null, explanation: null });
  });

  it('stores only whole terms: asStoredTerm completes the older wrapper and refuses the rest', () => {
    expect(asStoredTerm(month)).to.deep.equal(month);
    expect(asStoredTerm(wrapper, month.dueDateTime)).to.deep.equal(month);
    expect(asStoredTerm(JSON.stringify(month))).to.deep.equal(month);
    expect(asStoredTerm(wrapper)).to.equal(undefined);
    expect(asStoredTerm({ regime: 'appeal-max', due: '2026-12-30', extended: {}, explanation: { rule: {}, law: '' } }, month.dueDateTime)).to.equal(undefined);
    expect(asStoredTerm(undefined)).to.equal(undefined);
  });
});
