// lib/info-requests/masks.ts: what the detector proposes over an answer's text and its scans' OCR
// words, how a lawyer's masks are checked, and what finally gets masked. Pure, no stack needed
// (HROMADA_TEST_NO_STACK=1).
import { expect } from 'chai';
import { lawyerMask, maskedText, MaskInputError, pageRects, proposeMasks, WORD_PADDING, type DocumentWords, type StoredMask } from '../../../lib/info-requests/masks.ts';
import type { PageWord } from '../../../lib/ocr/types.ts';

function words(texts: string[], top = 100): PageWord[] {
  let left = 50;
  return texts.map((text) => {
    const w = { text, left, top, width: text.length * 20, height: 30, confidence: 95 };
    left += w.width + 15;
    return w;
  });
}

const DOC = '3f6c2a9e-5b1d-4e8f-9a70-2c4d6e8f0a1b';

describe('lib/info-requests: masks of an answer', () => {
  const text = 'Договір укладено з громадянкою Коваленко Марією Петрівною, тел. +380501234567. Підписав заступник голови Пантелейчук Андрій Петрович.';
  const scan: DocumentWords[] = [{
    documentId: DOC,
    pages: [
      { pageNo: 1, words: words(['Заява.', 'Я,', 'Петренко', 'Олена', 'Іванівна,', 'прошу', 'надати', 'копію']) },
      { pageNo: 2, words: words(['РНОКПП', '3012345670.', 'Ремонт', 'ліфтів.']) },
    ],
  }];

  it('proposes one mask per span of the text and per span and page of a scan, word boxes padded', () => {
    const masks = proposeMasks(text, scan);
    const onText = masks.filter((m) => m.target === 'text');
    expect(onText.map((m) => m.kind)).to.deep.equal(['name', 'phone', 'name']);
    const first = onText[0]!;
    expect(first.target === 'text' && text.slice(first.start, first.end)).to.equal('Коваленко Марією Петрівною');

    const onPages = masks.filter((m) => m.target === 'page');
    expect(onPages.map((m) => m.target === 'page' && [m.pageNo, m.kind, m.rects.length])).to.deep.equal([[1, 'name', 3], [2, 'tax-number', 1]]);
    const name = onPages[0]!;
    const petrenko = scan[0]!.pages[0]!.words[2]!;
    expect(name.target === 'page' && name.rects[0]).to.deep.equal({
      left: petrenko.left - WORD_PADDING, top: petrenko.top - WORD_PADDING, width: petrenko.width + 2 * WORD_PADDING, height: petrenko.height + 2 * WORD_PADDING,
    });
  });

  it('leaves officials named in their duties alone when they are passed as public', () => {
    const masks = proposeMasks(text, [], { publicNames: ['Пантелейчук Андрій Петрович'] });
    expect(masks.map((m) => m.kind)).to.deep.equal(['name', 'phone']);
  });

  it('masks what is not removed: proposed and kept, not removed', () => {
    const proposed = proposeMasks(text, scan);
    const stored: StoredMask[] = proposed.map((m, i) => ({ id: i + 1, origin: 'detected', state: 'proposed', kind: m.kind, mask: m }));
    // The lawyer removes the official's name (the third text mask).
    stored[2]!.state = 'removed';
    const out = maskedText(text, stored);
    expect(out).to.equal('Договір укладено з громадянкою [приховано: ПІБ], тел. [приховано: телефон]. Підписав заступник голови Пантелейчук Андрій Петрович.');
    const rects = pageRects(stored);
    expect([...rects.keys()]).to.deep.equal([`${DOC}:1`, `${DOC}:2`]);
    stored[3]!.state = 'removed';
    expect([...pageRects(stored).keys()]).to.deep.equal([`${DOC}:2`]);
  });

  it("checks a lawyer's masks against the text and the pages", () => {
    const pages = [{ documentId: DOC, pageNo: 1, width: 1000, height: 1400, words: scan[0]!.pages[0]!.words }];
    expect(lawyerMask({ target: 'text', start: 3, end: 10 }, text, pages, 'add[0]')).to.deep.equal({ target: 'text', start: 3, end: 10, kind: 'name' });
    expect(() => lawyerMask({ target: 'text', start: 3, end: text.length + 1 }, text, pages, 'add[0]')).to.throw(MaskInputError, 'add[0]');
    expect(() => lawyerMask({ target: 'text', start: 5, end: 5 }, text, pages, 'add[0]')).to.throw(MaskInputError);
    const word = lawyerMask({ target: 'word', documentId: DOC, pageNo: 1, wordIndex: 7, kind: 'address' }, text, pages, 'add[1]');
    expect(word.target === 'page' && word.rects[0]!.left).to.equal(pages[0]!.words[7]!.left - WORD_PADDING);
    expect(word.kind).to.equal('address');
    expect(() => lawyerMask({ target: 'word', documentId: DOC, pageNo: 1, wordIndex: 99 }, text, pages, 'add[1]')).to.throw(MaskInputError, 'wordIndex');
    expect(() => lawyerMask({ target: 'page', documentId: DOC, pageNo: 2, rect: { left: 1, top: 1, width: 5, height: 5 } }, text, pages, 'add[2]')).to.throw(MaskInputError, 'no such page');
    expect(() => lawyerMask({ target: 'page', documentId: DOC, pageNo: 1, rect: { left: 1200, top: 1, width: 5, height: 5 } }, text, pages, 'add[2]')).to.throw(MaskInputError, 'rect');
    expect(lawyerMask({ target: 'page', documentId: DOC, pageNo: 1, rect: { left: 10, top: 20, width: 30, height: 40 } }, text, pages, 'add[2]'))
      .to.deep.equal({ target: 'page', documentId: DOC, pageNo: 1, rects: [{ left: 10, top: 20, width: 30, height: 40 }], kind: 'name' });
  });
});

describe('lib/info-requests: OCR look-alikes', () => {
  it('reads a passport series OCR gave in Latin letters as Cyrillic, and nothing else', async () => {
    const { cyrillicSeries } = await import('../../../lib/info-requests/masks.ts');
    expect(cyrillicSeries('EA')).to.equal('ЕА');
    expect(cyrillicSeries('KB123456')).to.equal('КВ123456');
    for (const w of ['EAT', 'Ea', 'KB12345', 'UA90', 'PDF']) expect(cyrillicSeries(w)).to.equal(w);
    const words = [{ text: 'паспортом', left: 0, top: 0, width: 90, height: 20, confidence: 90 }, { text: 'EA', left: 100, top: 0, width: 30, height: 20, confidence: 90 }, { text: '068716.', left: 140, top: 0, width: 70, height: 20, confidence: 90 }];
    const masks = proposeMasks('', [{ documentId: DOC, pages: [{ pageNo: 1, words }] }]);
    expect(masks.map((m) => m.kind)).to.deep.equal(['passport']);
    expect(masks[0]!.target === 'page' && masks[0]!.rects).to.have.length(2);
  });
});

describe('lib/info-requests: what OCR misreads in personal data', () => {
  const at = (texts: string[]) => texts.map((text, i) => ({ text, left: i * 100, top: 0, width: 80, height: 20, confidence: 90 }));

  it('reads back an initial read as a digit and an IBAN whose "UA" was read as "04", keeping lengths', async () => {
    const { ocrReadings } = await import('../../../lib/info-requests/masks.ts');
    expect(ocrReadings(at(['Коваленко', '3.Ю.,'])).map((w) => w.text)).to.deep.equal(['Коваленко', 'З.Ю.,']);
    expect(ocrReadings(at(['0478', '3052'])).map((w) => w.text)).to.deep.equal(['UA78', '3052']);
    for (const words of [['п.', '3.'], ['0478'], ['0478', 'грн'], ['3.5.'], ['4441', '9253', '0439', '7505']]) expect(ocrReadings(at(words)).map((w) => w.text)).to.deep.equal(words);
    const card = proposeMasks('', [{ documentId: DOC, pages: [{ pageNo: 1, words: at(['картку', '4441', '9253', '0439', '7505', 'у']) }] }]);
    expect(card.map((m) => m.kind)).to.deep.equal(['card']);
    const iban = proposeMasks('', [{ documentId: DOC, pages: [{ pageNo: 1, words: at(['Рахунок', '0478', '3052', '9900', '0018', '5559', '9279', '3961', '0;']) }] }]);
    expect(iban.map((m) => m.kind)).to.deep.equal(['iban']);
    const initials = proposeMasks('', [{ documentId: DOC, pages: [{ pageNo: 1, words: at(['Заявник:', 'Коваленко', '3.Ю.,', 'адреса']) }] }]);
    expect(initials.map((m) => m.kind)).to.deep.equal(['name']);
  });

  it('masks an e-mail address OCR cut in two at its "@", and no lone domain', () => {
    const split = proposeMasks('', [{ documentId: DOC, pages: [{ pageNo: 1, words: at(['пошта', 'liubomyr.hnatiuk45', '@ukr.net.', 'Особу']) }] }]);
    expect(split.map((m) => m.kind)).to.deep.equal(['email']);
    expect(split[0]!.target === 'page' && split[0]!.rects.map((r) => r.left)).to.deep.equal([100 - 3, 200 - 3]);
    expect(proposeMasks('', [{ documentId: DOC, pages: [{ pageNo: 1, words: at(['сайт', '—', '@kyivcity.gov.ua']) }] }])).to.deep.equal([]);
  });
});
