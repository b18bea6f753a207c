// lib/masking on OCR words: spans of the joined text map back to the boxes of the words they
// touch, page by page, so the image itself can be blacked out.
import { expect } from 'chai';
import { maskScan, maskWords, textOfWords, type WordsPage } from '../../../lib/masking/index.ts';
import type { PageWord } from '../../../lib/ocr/types.ts';

function line(words: string[], top: number): PageWord[] {
  let left = 100;
  return words.map((text) => {
    const w: PageWord = { text, left, top, width: text.length * 20, height: 30, confidence: 90 };
    left += text.length * 20 + 15;
    return w;
  });
}

describe('lib/masking: scanned pages', () => {
  const pages: WordsPage[] = [
    { pageNo: 1, words: [...line(['Заявник', 'Петренко', 'Олена', 'Іванівна,'], 100), ...line(['лист', 'від', '12.03.2024'], 150)] },
    { pageNo: 2, words: line(['тел.', '+380671234567,', 'ст.', '6'], 100) },
  ];

  it('joins words by spaces and pages by a blank line, remembering where each word is', () => {
    const { text, positions } = textOfWords(pages);
    expect(text).to.equal('Заявник Петренко Олена Іванівна, лист від 12.03.2024\n\nтел. +380671234567, ст. 6');
    expect(positions[1]).to.deep.include({ pageNo: 1, wordIndex: 1, start: 8, end: 16 });
    expect(positions[7]).to.deep.include({ pageNo: 2, wordIndex: 0 });
  });

  it('gives a padded rectangle per word of a span, on its own page, and none for the rest', () => {
    const result = maskScan(pages);
    expect(result.spans.map((s) => [s.kind, s.text])).to.deep.equal([['name', 'Петренко Олена Іванівна'], ['phone', '+380671234567']]);
    const [p1, p2] = result.pages;
    expect(p1!.rects.map((r) => r.kind)).to.deep.equal(['name', 'name', 'name']);
    const surname = pages[0]!.words[1]!;
    expect(p1!.rects[0]).to.deep.equal({ left: surname.left - 2, top: surname.top - 2, width: surname.width + 4, height: surname.height + 4, kind: 'name' });
    // The whole OCR word goes, trailing comma included: no digit can stay visible at an edge.
    const phone = pages[1]!.words[1]!;
    expect(p2!.rects).to.deep.equal([{ left: phone.left - 2, top: phone.top - 2, width: phone.width + 4, height: phone.height + 4, kind: 'phone' }]);
  });

  it('lets a reviewer pass spans of their own (added or removed masks)', () => {
    const { text } = textOfWords(pages);
    const start = text.indexOf('12.03.2024');
    const masks = maskWords(pages, [{ start, end: start + 10, kind: 'birth-date', text: '12.03.2024' }], { padding: 0 });
    expect(masks[0]!.rects).to.deep.equal([{ ...pages[0]!.words[6]!, kind: 'birth-date', confidence: undefined }].map(({ text: _t, confidence: _c, ...r }) => r));
    expect(masks[1]!.rects).to.deep.equal([]);
  });
});
