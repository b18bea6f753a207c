import { expect } from 'chai';
import { formatAppealIndex, parseAppealIndex, surnameInitial } from '../../../lib/appeals/index.ts';

describe('appeal registration index (CMU 348 of 14.04.1997)', () => {
  it('is the initial of the author\'s surname and the number within the year', () => {
    expect(formatAppealIndex({ number: 115, surname: 'Бондаренко', collective: false, signed: true })).to.equal('Б-115');
    expect(formatAppealIndex({ number: 1, surname: 'петренко', collective: false, signed: true })).to.equal('П-1');
    expect(formatAppealIndex({ number: 7, surname: 'Їжакевич', collective: false, signed: true })).to.equal('Ї-7');
  });

  it('appends the marks КО (collective) and БП (unsigned) after the number', () => {
    expect(formatAppealIndex({ number: 124, surname: 'Коваль', collective: true, signed: true })).to.equal('К-124/КО');
    expect(formatAppealIndex({ number: 124, surname: 'Коваль', collective: false, signed: false })).to.equal('К-124/БП');
    expect(formatAppealIndex({ number: 124, surname: 'Коваль', collective: true, signed: false })).to.equal('К-124/КО/БП');
  });

  it('puts the mark in the letter\'s place when no surname is known', () => {
    expect(formatAppealIndex({ number: 9, surname: null, collective: false, signed: false })).to.equal('БП-9');
    expect(formatAppealIndex({ number: 9, surname: '  ', collective: true, signed: false })).to.equal('КО-9/БП');
  });

  it('skips leading punctuation of a surname and upper-cases it', () => {
    expect(surnameInitial(' «шевченко»')).to.equal('Ш');
    expect(surnameInitial('')).to.equal(undefined);
  });

  it('refuses numbers a counter cannot give', () => {
    for (const number of [0, -3, 1.5, Number.NaN]) {
      expect(() => formatAppealIndex({ number, surname: 'Коваль', collective: false, signed: true })).to.throw(RangeError);
    }
  });

  it('reads back what it writes', () => {
    expect(parseAppealIndex('К-124/КО/БП')).to.deep.equal({ lead: 'К', number: 124, marks: ['КО', 'БП'] });
    expect(parseAppealIndex(' П-1 ')).to.deep.equal({ lead: 'П', number: 1, marks: [] });
    expect(parseAppealIndex('124/01-15')).to.equal(undefined);
    expect(parseAppealIndex('К-0')).to.equal(undefined);
  });
});
