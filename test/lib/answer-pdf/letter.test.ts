// lib/answer-pdf: the answer letter as poppler sees it (text layer, fonts, page numbers, the QR
// code's target), masked text that carries none of the planted values, and scanned pages whose
// masks are burned into the pixels: OCR of the produced PDF's images finds none of the planted
// values while the rest of the page still reads. No stack needed (HROMADA_TEST_NO_STACK=1).
import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import QRCode from 'qrcode';
import { burnInMasks, decodePng, encodePng, renderAnswerPdf, verificationUrl } from '../../../lib/answer-pdf/index.ts';
import { maskScan, maskText } from '../../../lib/masking/index.ts';
import { DEFAULT_OCR_OPTIONS, readScan } from '../../../lib/ocr/index.ts';
import { runTool } from '../../../lib/ocr/run.ts';
import { renderPages, textPdf } from '../ocr/fixtures.ts';
import { embeddedImages, ocrText, pdffonts, pdftotext, removeDir, sampleLetter, scratchDir } from './fixtures.ts';

const digitsOnly = (s: string): string => s.replace(/\D/g, '');
const compact = (s: string): string => s.toLowerCase().replace(/\s+/g, '');

describe('lib/answer-pdf: the answer letter', function () {
  this.timeout(180000);
  let dir: string;
  before(async () => { dir = await scratchDir(); });
  after(async () => { await removeDir(dir); });

  it('has an extractable text layer: letterhead, index and date, addressee, body, signatory, page numbers, the verification URL', async () => {
    const body = Array.from({ length: 40 }, (_, i) => `Абзац ${i + 1}: інформацію про ремонт ліфтів у будинках району надано відповідно до статті 20 Закону.`).join('\n\n');
    const pdf = await renderAnswerPdf(sampleLetter({ body }));
    const text = await pdftotext(dir, pdf);
    expect(text).to.include('КИЇВСЬКА МІСЬКА ДЕРЖАВНА АДМІНІСТРАЦІЯ');
    expect(text).to.include('вул. Хрещатик, 36, м. Київ, 01044');
    expect(text).to.include('27.11.2026 № 5/05-12');
    expect(text).to.include('Заявнику запиту ЗПІ-17');
    expect(text).to.include('Абзац 40: інформацію про ремонт ліфтів');
    expect(text).to.include('Андрій ПАНТЕЛЕЙЧУК');
    const pages = Number(/Сторінка 1 з (\d+)/.exec(text)?.[1]);
    expect(pages).to.be.greaterThan(1);
    for (let n = 1; n <= pages; n++) expect(text).to.include(`Сторінка ${n} з ${pages}`);
    expect(compact(text)).to.include(compact(verificationUrl('https://hromada.example.gov.ua/', '3f6c2a9e-5b1d-4e8f-9a70-2c4d6e8f0a1b')));
    expect(verificationUrl('https://hromada.example.gov.ua/', '3f6c2a9e-5b1d-4e8f-9a70-2c4d6e8f0a1b'))
      .to.equal('https://hromada.example.gov.ua/verify/3f6c2a9e-5b1d-4e8f-9a70-2c4d6e8f0a1b');
    // Embedded subsets with a ToUnicode map ("uni yes"): what makes copying and screen readers work.
    // Sans, Sans Bold, and Sans Mono for the verification code.
    const fonts = (await pdffonts(dir, pdf)).split('\n').filter((l) => l.includes('DejaVuSans'));
    expect(fonts).to.have.length(3);
    for (const f of fonts) expect(f).to.match(/yes\s+yes\s+yes/);
  });

  it('prints the verification code and the link under the QR code each on one line, never broken at a hyphen of the code', async () => {
    // Wide letters and a hyphen of the code's own: the old box broke the code at that hyphen, and a
    // copy (or pdftotext) joined the halves without it, a code of 21 characters.
    for (const verificationId of ['MMMMMMMMMMMM-MMMMMMMMM', 'q7Vd2Kx9mRt_aB3cDeF4-W', 'WWWWW-WWWWW-WWWWW-WWWW']) {
      for (const publicUrl of ['http://127.0.0.1:3099', 'https://hromada.kyivcity.gov.ua']) {
        const pdf = await renderAnswerPdf(sampleLetter({ verificationId, publicUrl }));
        const lines = (await pdftotext(dir, pdf)).split('\n').map((l) => l.trim());
        const at = lines.indexOf('Код перевірки:');
        expect(at, `${verificationId} at ${publicUrl}: the label`).to.be.greaterThan(-1);
        expect(lines.slice(at + 1).find(Boolean), `${verificationId} at ${publicUrl}: the code after its label`).to.equal(verificationId);
        expect(lines, `${verificationId} at ${publicUrl}: the link`).to.include(verificationUrl(publicUrl, verificationId));
      }
    }
    // A base address too long for one line: the link goes on two lines, split before the code, and the code stays whole.
    const long = 'https://very-long-subdomain.services.hromada-portal.kyivcity.gov.ua/citizens/portal';
    const lines = (await pdftotext(dir, await renderAnswerPdf(sampleLetter({ verificationId: 'MMMMMMMMMMMM-MMMMMMMMM', publicUrl: long })))).split('\n').map((l) => l.trim());
    expect(lines).to.include('MMMMMMMMMMMM-MMMMMMMMM');
    expect(lines.filter((l) => l.includes('MMMM'))).to.deep.equal(['MMMMMMMMMMMM-MMMMMMMMM']);
  });

  it('carries none of the planted values once the body is masked', async () => {
    const planted = {
      name: 'Коваленко Марія Петрівна', phone: '+380501234567', email: 'maria.kovalenko@ukr.net', tax: '3012345670',
      card: '4149 4393 1234 5675', address: 'вул. Січових Стрільців, буд. 12, кв. 45', birth: '05.05.1990',
    };
    const raw = `Згідно з договором, укладеним з ${planted.name} (${planted.birth} р.н., РНОКПП ${planted.tax}), яка мешкає за адресою м. Київ, ${planted.address}, `
      + `тел. ${planted.phone}, e-mail ${planted.email}, кошти перераховано на картку ${planted.card}. Ремонт ліфтів виконано.`;
    const { masked, spans } = maskText(raw);
    expect(spans).to.have.length(7);
    const text = await pdftotext(dir, await renderAnswerPdf(sampleLetter({ body: masked })));
    for (const value of Object.values(planted)) expect(compact(text), value).to.not.include(compact(value));
    expect(digitsOnly(text)).to.not.include('3012345670');
    expect(text).to.include('[приховано: ПІБ]');
    expect(text).to.include('Ремонт ліфтів виконано.');
  });

  it('burns masks into scanned pages: neither the text layer nor OCR of the images finds a planted value', async () => {
    const planted = ['Петренко Олена Іванівна', '+380671234567', '3012345670', '4149 4393 1234 5675'];
    const source = await textPdf([
      `Заявник ${planted[0]} просить надати копію рішення про ремонт ліфтів. Телефон ${planted[1]}. РНОКПП ${planted[2]}. `
      + `Картка ${planted[3]}. Відповідальний відділ житлового господарства.`,
    ], { margin: 60 });
    const [png] = await renderPages(source, 200, dir);
    // The source scan reads: the planted values are there to be found.
    const scanFile = path.join(dir, 'scan.png');
    await writeFile(scanFile, png!);
    expect(digitsOnly(await ocrText(scanFile))).to.include('3012345670');

    const reading = await readScan(scanFile, DEFAULT_OCR_OPTIONS);
    const masks = maskScan(reading.pages);
    expect(masks.spans.map((s) => s.kind)).to.include.members(['name', 'phone', 'tax-number', 'card']);
    const pdf = await renderAnswerPdf(sampleLetter({ attachments: [{ png: png!, masks: masks.pages[0]!.rects }] }));

    const text = await pdftotext(dir, pdf);
    for (const value of planted) expect(compact(text), value).to.not.include(compact(value));
    expect(text).to.include('Додаток 1 до листа № 5/05-12');

    const [largest] = await embeddedImages(dir, pdf);
    const ocr = await ocrText(largest!);
    expect(ocr).to.match(/ремонт/i);
    expect(ocr).to.match(/житлового/i);
    expect(ocr).to.not.match(/Петренко|Олена|Іванівна/);
    const d = digitsOnly(ocr);
    for (const value of ['0671234567', '3012345670', '4149439312345675']) expect(d, value).to.not.include(value);
  });
});

describe('lib/answer-pdf: PNG burn-in', function () {
  this.timeout(60000);
  let dir: string;
  before(async () => { dir = await scratchDir(); });
  after(async () => { await removeDir(dir); });

  /** A tEXt chunk put after IHDR: the kind of thing a scanner writes, which must not travel on. */
  function withTextChunk(png: Buffer, text: string): Buffer {
    const body = Buffer.concat([Buffer.from('tEXt', 'latin1'), Buffer.from(`Comment\0${text}`, 'latin1')]);
    const out = Buffer.alloc(12 + body.length - 4);
    out.writeUInt32BE(body.length - 4, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), out.length - 4);
    return Buffer.concat([png.subarray(0, 33), out, png.subarray(33)]);
  }

  it('paints the rectangles black, leaves every other pixel as it was, and keeps nothing else of the file', () => {
    const width = 40;
    const height = 30;
    const data = Buffer.alloc(width * height * 3);
    for (let i = 0; i < data.length; i++) data[i] = 1 + ((i * 7) % 250);
    const original = withTextChunk(encodePng({ width, height, channels: 3, data }), 'Petrenko 0671234567');
    expect(decodePng(original).data.equals(data)).to.equal(true);
    const out = burnInMasks(original, [{ left: 10, top: 5, width: 8, height: 4 }, { left: 38, top: 28, width: 50, height: 50 }]);
    const image = decodePng(out);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inside = (x >= 10 && x < 18 && y >= 5 && y < 9) || (x >= 38 && y >= 28);
        const o = (y * width + x) * 3;
        expect([...image.data.subarray(o, o + 3)], `${x},${y}`).to.deep.equal(inside ? [0, 0, 0] : [...data.subarray(o, o + 3)]);
      }
    }
    expect(out.includes(Buffer.from('0671234567'))).to.equal(false);
  });

  it('scales rectangles measured on an image of another resolution', () => {
    const png = encodePng({ width: 20, height: 20, channels: 1, data: Buffer.alloc(400, 255) });
    const image = decodePng(burnInMasks(png, [{ left: 2, top: 2, width: 3, height: 3 }], 2));
    expect(image.data[4 * 20 + 4]).to.equal(0);
    expect(image.data[9 * 20 + 9]).to.equal(0);
    expect(image.data[10 * 20 + 10]).to.equal(255);
  });

  it('reads the PNGs that poppler, netpbm and qrcode write: grey, 1-bit, palette, RGB with alpha', async () => {
    // pdftoppm -gray still writes its PNGs as RGB.
    const [poppler] = await renderPages(await textPdf(['Тест']), 30, dir);
    expect(decodePng(poppler!).data.reduce((m, v) => Math.min(m, v), 255)).to.be.lessThan(100);

    const pgm = path.join(dir, 'grey.pgm');
    await writeFile(pgm, 'P2\n3 1\n255\n0 128 255\n');
    const grey = (await runTool('pnmtopng', ['-force', pgm], { timeoutMs: 10000 })).stdout;
    expect(grey[25], 'colour type').to.equal(0);
    expect(decodePng(grey)).to.deep.include({ channels: 1, width: 3, height: 1 });
    expect([...decodePng(grey).data]).to.deep.equal([0, 128, 255]);

    const pbm = path.join(dir, 'bits.pbm');
    await writeFile(pbm, 'P1\n10 2\n1 0 1 0 1 0 1 0 1 1\n0 0 0 0 0 0 0 0 0 0\n');
    const oneBit = (await runTool('pnmtopng', [pbm], { timeoutMs: 10000 })).stdout;
    expect(oneBit[24], 'bit depth').to.equal(1);
    expect([...decodePng(oneBit).data]).to.deep.equal([0, 255, 0, 255, 0, 255, 0, 255, 0, 0, ...Array(10).fill(255)]);

    const qr = await QRCode.toBuffer('https://hromada.example.gov.ua/verify/1', { type: 'png' });
    const q = decodePng(qr);
    expect(q.channels).to.equal(3);
    expect(new Set(q.data)).to.deep.equal(new Set([0, 255]));

    const ppm = path.join(dir, 'rgb.ppm');
    const alpha = path.join(dir, 'alpha.pgm');
    await writeFile(ppm, 'P3\n2 1\n255\n200 0 0 0 0 200\n');
    await writeFile(alpha, 'P2\n2 1\n255\n255 0\n');
    const rgba = (await runTool('pnmtopng', ['-force', '-alpha', alpha, ppm], { timeoutMs: 10000 })).stdout;
    const paletteAlpha = (await runTool('pnmtopng', ['-alpha', alpha, ppm], { timeoutMs: 10000 })).stdout;
    expect([rgba[25], paletteAlpha[25]], 'colour types').to.deep.equal([6, 3]);
    // Transparent pixels land on white paper.
    expect([...decodePng(rgba).data]).to.deep.equal([200, 0, 0, 255, 255, 255]);
    expect([...decodePng(paletteAlpha).data]).to.deep.equal([200, 0, 0, 255, 255, 255]);
  });
});
