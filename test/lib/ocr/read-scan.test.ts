// lib/ocr against the real tools (poppler-utils, tesseract with ukr/rus/eng, netpbm) on scans with
// known Ukrainian text; no stack needed (HROMADA_TEST_NO_STACK=1 runs these alone).
import { expect } from 'chai';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_OCR_OPTIONS, readScan, UnreadableScanError, type OcrOptions, type ScanReading } from '../../../lib/ocr/index.ts';
import {
  LETTER_PAGES, characterAccuracy, imagePdf, pngBomb, pngToJpeg, pngsToTiff, removeDir, renderPages, scratchDir, textPdf, tiffHeaders,
} from './fixtures.ts';

const options: OcrOptions = { ...DEFAULT_OCR_OPTIONS, maxMegapixels: 40, maxPages: 20 };

describe('lib/ocr readScan', function () {
  this.timeout(180000);
  let dir: string;
  let letterPdf: Buffer;
  let pages300: Buffer[];
  const accuracy: string[] = [];

  async function read(name: string, bytes: Buffer, opts: OcrOptions = options): Promise<ScanReading> {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    return readScan(file, opts);
  }

  async function refused(name: string, bytes: Buffer, opts: OcrOptions = options): Promise<UnreadableScanError> {
    try {
      await read(name, bytes, opts);
    } catch (error) {
      expect(error, (error as Error).message).to.be.instanceOf(UnreadableScanError);
      return error as UnreadableScanError;
    }
    throw new Error(`${name} was read, expected a refusal`);
  }

  function expectThumbnail(reading: ScanReading): void {
    expect(reading.thumbnail.subarray(1, 4).toString('latin1')).to.equal('PNG');
    expect(reading.thumbnail.readUInt32BE(16), 'thumbnail width').to.equal(200);
    expect(reading.thumbnail.readUInt32BE(20), 'thumbnail height keeps A4 proportions').to.be.within(280, 286);
  }

  before(async () => {
    dir = await scratchDir();
    letterPdf = await textPdf(LETTER_PAGES);
    pages300 = await renderPages(letterPdf, 300, dir);
  });
  after(async () => {
    await removeDir(dir);
    // The figures the report asks for; one line, not a test outcome.
    if (accuracy.length) console.log(`      character accuracy: ${accuracy.join('; ')}`);
  });

  it('keeps the text layer of a born-digital PDF, exactly, with word boxes in 300-dpi pixels', async () => {
    const reading = await read('letter.pdf', letterPdf);
    expect(reading.kind).to.equal('pdf');
    expect(reading.pageCount).to.equal(2);
    expect(reading.pages.map((p) => p.source)).to.deep.equal(['text-layer', 'text-layer']);
    reading.pages.forEach((p, i) => expect(characterAccuracy(LETTER_PAGES[i]!, p.text)).to.equal(1));
    const first = reading.pages[0]!;
    expect([first.width, first.height, first.dpi]).to.deep.equal([2480, 3508, 300]);
    const word = first.words[0]!;
    expect(word.text).to.equal('Київська');
    // 72 pt margin = 1 inch = 300 px at 300 dpi.
    expect(word.left).to.equal(300);
    expect(word.top).to.equal(300);
    expectThumbnail(reading);
  });

  it('keeps the text layer of a page without images however short it is, and does not OCR a blank page', async () => {
    const reading = await read('short.pdf', await textPdf(['Лист', '']));
    expect(reading.pages.map((p) => [p.source, p.text])).to.deep.equal([['text-layer', 'Лист'], ['text-layer', '']]);
  });

  it('OCRs a scanned (image-only) PDF page by page', async () => {
    const reading = await read('scanned.pdf', await imagePdf(pages300));
    expect(reading.pageCount).to.equal(2);
    expect(reading.pages.map((p) => p.source)).to.deep.equal(['ocr', 'ocr']);
    const acc = reading.pages.map((p, i) => characterAccuracy(LETTER_PAGES[i]!, p.text));
    accuracy.push(`scanned PDF 300 dpi ${acc.map((a) => a.toFixed(3)).join('/')}`);
    for (const a of acc) expect(a).to.be.greaterThan(0.95);
    expect(reading.pages[0]!.confidence).to.be.greaterThan(80);
    expectThumbnail(reading);
  });

  it('OCRs a PNG with word boxes where the words are', async () => {
    const reading = await read('page.png', pages300[0]!);
    expect(reading.kind).to.equal('png');
    const page = reading.pages[0]!;
    const acc = characterAccuracy(LETTER_PAGES[0]!, page.text);
    accuracy.push(`PNG 300 dpi ${acc.toFixed(3)}`);
    expect(acc).to.be.greaterThan(0.95);
    expect([page.width, page.height]).to.deep.equal([2481, 3508]);
    const word = page.words.find((w) => w.text === 'Київська')!;
    expect(word, 'first word found').to.not.equal(undefined);
    // Within a few pixels of the text layer's box of the same word (300, 300).
    expect(word.left).to.be.closeTo(300, 12);
    expect(word.top).to.be.closeTo(300, 20);
    expect(word.confidence).to.be.within(0, 100);
    expectThumbnail(reading);
  });

  it('reads every page of a multi-page TIFF', async () => {
    const reading = await read('scan.tif', await pngsToTiff(pages300, dir));
    expect(reading.kind).to.equal('tiff');
    expect(reading.pageCount).to.equal(2);
    const acc = reading.pages.map((p, i) => characterAccuracy(LETTER_PAGES[i]!, p.text));
    accuracy.push(`TIFF 300 dpi ${acc.map((a) => a.toFixed(3)).join('/')}`);
    for (const a of acc) expect(a).to.be.greaterThan(0.95);
    expectThumbnail(reading);
  });

  it('judges a file by its content: a JPEG named .pdf is read as a JPEG', async () => {
    const pages150 = await renderPages(letterPdf, 150, dir);
    const reading = await read('really-a-photo.pdf', await pngToJpeg(pages150[0]!, dir));
    expect(reading.kind).to.equal('jpeg');
    const acc = characterAccuracy(LETTER_PAGES[0]!, reading.pages[0]!.text);
    accuracy.push(`JPEG 150 dpi ${acc.toFixed(3)}`);
    expect(acc).to.be.greaterThan(0.9);
  });

  it('refuses empty, damaged, password-protected and non-scan files as unreadable', async () => {
    expect((await refused('empty.pdf', Buffer.alloc(0))).reason).to.equal('empty');
    expect((await refused('cut.pdf', letterPdf.subarray(0, Math.floor(letterPdf.length / 2)))).reason).to.equal('damaged');
    expect((await refused('locked.pdf', await textPdf(['Секрет'], { userPassword: 'pass', pdfVersion: '1.7' } as PDFKit.PDFDocumentOptions))).reason).to.equal('encrypted');
    expect((await refused('program.pdf', Buffer.from('MZ\x90\x00 not a scan at all', 'latin1'))).reason).to.equal('not-a-scan');
    expect((await refused('broken.png', pages300[0]!.subarray(0, 30))).reason).to.equal('damaged');
  });

  it('still reads a PDF that is only owner-password protected (no password needed to open it)', async () => {
    const reading = await read('owner.pdf', await textPdf([LETTER_PAGES[0]!], { ownerPassword: 'owner', permissions: { copying: false }, pdfVersion: '1.7' } as PDFKit.PDFDocumentOptions));
    expect(characterAccuracy(LETTER_PAGES[0]!, reading.pages[0]!.text)).to.equal(1);
  });

  it('refuses decompression bombs from the headers alone, before decoding', async () => {
    const png = await refused('bomb.png', pngBomb(50000, 50000));
    expect(png.reason).to.equal('too-many-pixels');
    expect(png.message).to.contain('2500.0 megapixels');
    const tiff = await refused('bomb.tif', tiffHeaders([{ width: 1000, height: 1000 }, { width: 30000, height: 30000 }]));
    expect(tiff.reason).to.equal('too-many-pixels');
    expect(tiff.message).to.contain('page 2');
    expect((await refused('many.tif', tiffHeaders(Array.from({ length: 25 }, () => ({ width: 10, height: 10 }))))).reason).to.equal('too-many-pages');
    // A 200-inch PDF page would be 60000 x 60000 pixels at 300 dpi.
    expect((await refused('poster.pdf', await textPdf(['Плакат'], { size: [14400, 14400] }))).reason).to.equal('too-many-pixels');
  });

  it('refuses a file above the size limit and what is not a regular file', async () => {
    expect((await refused('big.pdf', letterPdf, { ...options, maxFileBytes: 100 })).reason).to.equal('too-large');
    await symlink('/etc', path.join(dir, 'dir-link'));
    const error = await readScan(path.join(dir, 'dir-link'), options).catch((e: Error) => e);
    expect(error).to.be.instanceOf(UnreadableScanError);
  });
});
