import { expect } from 'chai';
import { defaultCalendarData } from '../../../lib/calendar/index.ts';
import { checkResolutionForm, controlDates, parseExecutorKey } from '../../../lib/correspondence/resolution.ts';

describe('records: resolution rules', () => {
  describe('checkResolutionForm', () => {
    const today = '2026-11-26';
    it('accepts one responsible executor among several and a term from today on', () => {
      expect(checkResolutionForm({ executors: { 'department:03': 'responsible', 'user:ivan': 'co-executor' }, text: 'x', term: today }, today)).to.deep.equal([]);
    });
    it('names executors when none or two are responsible', () => {
      expect(checkResolutionForm({ executors: { 'department:03': 'co-executor' }, text: 'x' }, today).map((e) => e.field)).to.deep.equal(['executors']);
      const two = checkResolutionForm({ executors: { 'department:03': 'responsible', 'department:06': 'responsible' }, text: 'x' }, today);
      expect(two.map((e) => e.field)).to.deep.equal(['executors']);
      expect(two[0]!.message_uk).to.contain('один');
    });
    it('names the term when it is in the past or not a date', () => {
      expect(checkResolutionForm({ executors: { 'department:03': 'responsible' }, text: 'x', term: '2026-11-25' }, today).map((e) => e.field)).to.deep.equal(['term']);
      expect(checkResolutionForm({ executors: { 'department:03': 'responsible' }, text: 'x', term: '2026-02-30' }, today).map((e) => e.field)).to.deep.equal(['term']);
    });
    it('reads executor keys', () => {
      expect(parseExecutorKey('department:03')).to.deep.equal({ kind: 'department', code: '03' });
      expect(parseExecutorKey('user:o.petrenko')).to.deep.equal({ kind: 'user', username: 'o.petrenko' });
      expect(parseExecutorKey('group:x')).to.equal(undefined);
    });
  });

  describe('controlDates', () => {
    const calendar = defaultCalendarData;
    it('defaults to 30 calendar days from registration, kept when a working day', () => {
      // 2026-11-02 (Monday) + 30 = 2026-12-02 (Wednesday)
      const d = controlDates({ registeredOn: '2026-11-02', today: '2026-11-02', calendar });
      expect(d).to.include({ term: '2026-12-02', controlDate: '2026-12-02' });
      expect(d.controlDueAt).to.equal('2026-12-02T18:00:00+02:00');
      // Three working days before: Friday 2026-11-27, at opening.
      expect(d.reminderAt).to.equal('2026-11-27T09:00:00+02:00');
    });
    it('moves a control date on a day off BACK to the previous working day, keeping the term', () => {
      // 2026-11-06 (Friday) + 30 = 2026-12-06 (Sunday) → Friday 2026-12-04, which ends at 16:45.
      const d = controlDates({ registeredOn: '2026-11-06', today: '2026-11-06', calendar });
      expect(d).to.include({ term: '2026-12-06', controlDate: '2026-12-04' });
      expect(d.controlDueAt).to.equal('2026-12-04T16:45:00+02:00');
    });
    it('takes the resolution’s own term, and reminds today when the term is too close for the lead', () => {
      const d = controlDates({ registeredOn: '2026-11-20', term: '2026-11-27', today: '2026-11-26', calendar });
      expect(d).to.include({ term: '2026-11-27', controlDate: '2026-11-27' });
      expect(d.reminderAt.slice(0, 10)).to.equal('2026-11-26');
    });
  });
});
