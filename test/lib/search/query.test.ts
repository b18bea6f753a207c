import { expect } from 'chai';
import { buildTsQuery, lightStem, MAX_QUERY_LENGTH, MAX_TERMS, normalize, parseSearchQuery } from '../../../lib/search/index.ts';

describe('search query parsing', () => {
  describe('normalize', () => {
    it('folds case, ё and every apostrophe the way the index does', () => {
      expect(normalize('Сім’я ЁЛКИН Мʼясо п\'ять `ok‘')).to.equal('сімя елкин мясо пять ok');
    });
  });

  describe('lightStem', () => {
    it('drops one Ukrainian or Russian ending', () => {
      expect(lightStem('ліфтів')).to.equal('ліфт');
      expect(lightStem('ремонту')).to.equal('ремонт');
      expect(lightStem('заяви')).to.equal('заяв');
      expect(lightStem('документов')).to.equal('документ');
      expect(lightStem('київського')).to.equal('київськ');
      expect(lightStem('обращениями')).to.equal('обращени');
    });

    it('keeps words without a known ending and never leaves fewer than three letters', () => {
      expect(lightStem('хрещатик')).to.equal('хрещатик');
      expect(lightStem('вода')).to.equal('вод');
      expect(lightStem('ями')).to.equal('ями');
      expect(lightStem('рік')).to.equal('рік');
    });
  });

  describe('parseSearchQuery', () => {
    it('turns words into prefix terms of their stems, and drops prepositions', () => {
      const { terms, text } = parseSearchQuery('Про ремонт ліфтів на вулиці');
      expect(terms.map((t) => [t.word, t.prefix, t.kind])).to.deep.equal([
        ['ремонт', 'ремонт', 'word'], ['ліфтів', 'ліфт', 'word'], ['вулиці', 'вулиц', 'word'],
      ]);
      expect(text).to.equal('про ремонт ліфтів на вулиці');
    });

    it('keeps registration and correspondent numbers whole, complete or partial', () => {
      expect(parseSearchQuery('124/01-15').terms).to.deep.equal([{ word: '124/01-15', kind: 'index', prefix: '124/01-15', fuzzy: false }]);
      expect(parseSearchQuery('№ 124/01').terms.map((t) => t.prefix)).to.deep.equal(['124/01']);
      expect(parseSearchQuery('124/').terms.map((t) => t.prefix)).to.deep.equal(['124/']);
      expect(parseSearchQuery('лист 17/3-45').terms.map((t) => [t.prefix, t.kind])).to.deep.equal([['лист', 'word'], ['17/3-45', 'index']]);
    });

    it('asks for a letter index of the citizens\' journals as PostgreSQL splits it: letters and a signed number', () => {
      // to_tsvector('simple', 'ЗІ-17') is 'зі' and '-17'; «зі» is a stop word elsewhere, but not in an index.
      expect(parseSearchQuery('ЗІ-17').terms.map((t) => [t.prefix, t.kind])).to.deep.equal([['зі', 'index'], ['-17', 'index']]);
      expect(buildTsQuery(parseSearchQuery('ЗІ-17').terms)).to.equal("'зі':* & '-17':*");
      expect(parseSearchQuery('К-124/КО').terms.map((t) => t.prefix)).to.deep.equal(['к', '-124', 'ко']);
      expect(parseSearchQuery('відповідь на запит ЗІ-7').terms.map((t) => t.prefix)).to.deep.equal(['відповід', 'запит', 'зі', '-7']);
    });

    it('treats bare numbers as numbers and marks only long letter words as correctable', () => {
      const terms = parseSearchQuery('будинок 36 вул').terms;
      expect(terms.map((t) => [t.word, t.kind, t.fuzzy])).to.deep.equal([['будинок', 'word', true], ['36', 'number', false], ['вул', 'word', false]]);
    });

    it('splits hyphenated names into parts that may each be inflected', () => {
      expect(parseSearchQuery('Іванова-Петренка').terms.map((t) => t.prefix)).to.deep.equal(['іванов', 'петренк']);
    });

    it('searches for stop words when nothing else was typed', () => {
      expect(parseSearchQuery('про').terms.map((t) => t.prefix)).to.deep.equal(['про']);
    });

    it('ignores punctuation, markup and tsquery syntax, and finds nothing in nothing', () => {
      expect(parseSearchQuery(`<b>ліфт</b> & !(|) 'x':* ""`).terms.map((t) => t.prefix)).to.deep.equal(['b', 'ліфт', 'x']);
      expect(parseSearchQuery('  !!! ').terms).to.deep.equal([]);
      expect(buildTsQuery(parseSearchQuery('').terms)).to.equal(undefined);
    });

    it('bounds the length and the number of terms', () => {
      const long = parseSearchQuery('слово'.repeat(MAX_QUERY_LENGTH));
      expect(long.text.length).to.be.at.most(MAX_QUERY_LENGTH);
      const many = parseSearchQuery(Array.from({ length: 20 }, (_, i) => `слово${i}`).join(' '));
      expect(many.terms).to.have.length(MAX_TERMS);
    });

    it('drops duplicate terms with the same stem', () => {
      expect(parseSearchQuery('ліфт ліфти ліфтів').terms.map((t) => t.prefix)).to.deep.equal(['ліфт']);
    });
  });

  describe('buildTsQuery', () => {
    it('requires every term as a quoted prefix', () => {
      expect(buildTsQuery(parseSearchQuery('ремонт ліфтів 124/01').terms)).to.equal(`'ремонт':* & 'ліфт':* & '124/01':*`);
    });

    it('offers the corrections of a term as alternatives, by their stems', () => {
      const { terms } = parseSearchQuery('ремнту ліфтів');
      const q = buildTsQuery(terms, new Map([['ремнту', ['ремонту', 'ремонт']]]));
      expect(q).to.equal(`('ремнт':* | 'ремонт':*) & 'ліфт':*`);
    });

    it('escapes quotes and backslashes inside lexemes', () => {
      expect(buildTsQuery([{ word: "a'b\\c", kind: 'word', prefix: "a'b\\c", fuzzy: false }])).to.equal(`'a''b\\\\c':*`);
    });
  });
});
