import { expect } from 'chai';
import {
  formatRegistrationIndex,
  isCaseFileIndex,
  parseRegistrationIndex,
  registrationYear,
} from '../../../lib/correspondence/registration-index.ts';

describe('registration index (CMU 55/2018)', () => {
  describe('formatRegistrationIndex', () => {
    it('joins the number within the journal and year to the case file index', () => {
      expect(formatRegistrationIndex({ number: 124, caseFileIndex: '01-15' })).to.equal('124/01-15');
      expect(formatRegistrationIndex({ number: 865, caseFileIndex: '03-8' })).to.equal('865/03-8');
    });

    it('rejects numbers that cannot come from a journal counter', () => {
      for (const number of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
        expect(() => formatRegistrationIndex({ number, caseFileIndex: '01-15' }), String(number)).to.throw(RangeError);
      }
    });

    it('rejects case file indices that would make the index ambiguous or unreadable', () => {
      for (const caseFileIndex of ['', '01/15', ' 01-15', '01-15 ', '-01', '01-', '01--15']) {
        expect(() => formatRegistrationIndex({ number: 1, caseFileIndex }), JSON.stringify(caseFileIndex)).to.throw(RangeError);
      }
    });
  });

  describe('parseRegistrationIndex', () => {
    it('reads back what formatRegistrationIndex writes', () => {
      for (const parts of [{ number: 1, caseFileIndex: '01-15' }, { number: 865, caseFileIndex: '03-8' }, { number: 12, caseFileIndex: 'ЗВ-2.1' }]) {
        expect(parseRegistrationIndex(formatRegistrationIndex(parts))).to.deep.equal(parts);
      }
    });

    it('ignores surrounding spaces a clerk may type', () => {
      expect(parseRegistrationIndex('  124/01-15 ')).to.deep.equal({ number: 124, caseFileIndex: '01-15' });
    });

    it('answers undefined for anything that is not an index', () => {
      for (const text of ['', '124', '/01-15', '124/', '0/01-15', '007/01-15', '12 4/01-15', '124/01/15', 'abc/01-15', '1e3/01-15']) {
        expect(parseRegistrationIndex(text), JSON.stringify(text)).to.equal(undefined);
      }
    });
  });

  it('knows a case file index when it sees one', () => {
    expect(isCaseFileIndex('01-15')).to.equal(true);
    expect(isCaseFileIndex('01 15')).to.equal(false);
  });

  describe('registrationYear', () => {
    it('is the calendar year in Kyiv, not in UTC', () => {
      // 22:30 UTC on 31 December is 00:30 on 1 January in Kyiv (UTC+2 in winter).
      expect(registrationYear(new Date('2025-12-31T22:30:00Z'))).to.equal(2026);
      expect(registrationYear(new Date('2025-12-31T21:59:59Z'))).to.equal(2025);
      expect(registrationYear(new Date('2026-07-01T12:00:00Z'))).to.equal(2026);
    });

    it('refuses an invalid date instead of numbering in year NaN', () => {
      expect(() => registrationYear(new Date('not a date'))).to.throw(RangeError);
    });
  });
});
