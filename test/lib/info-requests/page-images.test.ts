// lib/info-requests/page-images.ts: the page images of a registered scan, drawn at the size its OCR
// words were measured on, for every kind of scan the office receives. No stack needed.
import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodePng } from '../../../lib/answer-pdf/index.ts';
import { scanPageImages } from '../../../lib/info-requests/page-images.ts';
import { DEFAULT_OCR_OPTIONS, readScan } from '../../../lib/ocr/index.ts';
import { pngToJpeg, pngsToTiff, removeDir, renderPages, scratchDir, textPdf } from '../ocr/fixtures.ts';

describe('lib/info-requests: page images of a scan', function () {
  this.timeout(120000);
  let dir: string;
  before(async () => { dir = await scratchDir(); });
  after(async () => { await removeDir(dir); });

  it('draws PDF pages at the dpi OCR used, in one grey channel, of the size the word boxes refer to', async () => {
    const file = path.join(dir, 'letter.pdf');
    await writeFile(file, await textPdf(['Перша сторінка листа.', 'Друга сторінка.'], { size: [300, 400] }));
    const reading = await readScan(file, { ...DEFAULT_OCR_OPTIONS, dpi: 100 });
    const images = await scanPageImages(file, 'application/pdf', reading.pages.map((p) => ({ pageNo: p.pageNo, dpi: p.dpi })));
    expect(images).to.have.length(2);
    images.forEach((png, i) => {
      const image = decodePng(png);
      expect(image.channels).to.equal(1);
      expect([image.width, image.height]).to.deep.equal([reading.pages[i]!.width, reading.pages[i]!.height]);
    });
  });

  it('cuts a multi-page TIFF into its pages, and passes PNG and JPEG through at their own size', async () => {
    const [a] = await renderPages(await textPdf(['Один'], { size: [200, 300] }), 72, dir);
    const [b] = await renderPages(await textPdf(['Два'], { size: [300, 200] }), 72, dir);
    const tiff = path.join(dir, 'pages.tif');
    await writeFile(tiff, await pngsToTiff([a!, b!], dir));
    const pages = await scanPageImages(tiff, 'image/tiff', [{ pageNo: 2, dpi: null }, { pageNo: 1, dpi: null }]);
    expect(pages.map((p) => [decodePng(p).width, decodePng(p).height])).to.deep.equal([[300, 200], [200, 300]]);
    let failed = false;
    await scanPageImages(tiff, 'image/tiff', [{ pageNo: 3, dpi: null }]).catch(() => { failed = true; });
    expect(failed, 'a page the TIFF does not have').to.equal(true);

    const png = path.join(dir, 'page.png');
    await writeFile(png, a!);
    expect((await scanPageImages(png, 'image/png', [{ pageNo: 1, dpi: null }]))[0]!.equals(a!)).to.equal(true);
    const jpeg = path.join(dir, 'page.jpg');
    await writeFile(jpeg, await pngToJpeg(a!, dir));
    const [fromJpeg] = await scanPageImages(jpeg, 'image/jpeg', [{ pageNo: 1, dpi: null }]);
    expect([decodePng(fromJpeg!).width, decodePng(fromJpeg!).height]).to.deep.equal([200, 300]);
  });
});
