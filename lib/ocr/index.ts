// Reads the text of a scan with its word positions, page by page, and draws a thumbnail of page 1.
// Born-digital PDF pages keep their text layer (exact, and fast); scanned PDF pages are rendered and
// OCR'd; TIFF (every page), JPEG and PNG go to tesseract directly. The file is judged by its content
// and its headers are checked against the limits before any decoder sees the pixels.
//
// Tools: poppler-utils (pdfinfo, pdftotext, pdftoppm), tesseract-ocr with ukr/rus/eng, netpbm
// (image thumbnails); all from Debian, listed in scripts/debian-packages.txt.
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BadHeaderError, imagePageSizes, readerOf, sniffKind, type PageSize, type ScanKind } from './image-header.ts';
import type { OcrOptions } from './options.ts';
import { pdfInfo, pdfPagesWithImages, pdfTextLayer, pdfThumbnail, renderPdfPage, textLayerChars, textLayerWords } from './pdf.ts';
import { runPipeline, ToolError } from './run.ts';
import { tesseract } from './tesseract.ts';
import { UnreadableScanError, type ScanPage, type ScanReading } from './types.ts';

export { DEFAULT_OCR_OPTIONS, readOcrOptions, type OcrOptions } from './options.ts';
export { ToolError } from './run.ts';
export { UnreadableScanError, type PageWord, type ScanPage, type ScanReading } from './types.ts';

const PDF_POINTS_PER_INCH = 72;

export async function readScan(file: string, options: OcrOptions): Promise<ScanReading> {
  // Tools take the path as an argument: an absolute path can never be mistaken for an option.
  if (!path.isAbsolute(file)) throw new Error('readScan needs an absolute path');
  const info = await stat(file);
  if (!info.isFile()) throw new UnreadableScanError('not-a-scan', 'not a regular file');
  if (info.size === 0) throw new UnreadableScanError('empty', 'the file is empty');
  if (info.size > options.maxFileBytes) throw new UnreadableScanError('too-large', `the file is larger than ${options.maxFileBytes} bytes`);

  const handle = await open(file, 'r');
  let kind: ScanKind | undefined;
  let sizes: PageSize[] = [];
  try {
    kind = sniffKind(await readerOf(handle)(0, 1024));
    if (!kind) throw new UnreadableScanError('not-a-scan', 'the file is neither PDF, TIFF, JPEG nor PNG');
    if (kind !== 'pdf') sizes = await imagePageSizes(kind, readerOf(handle), options.maxPages);
  } catch (error) {
    if (error instanceof BadHeaderError) throw new UnreadableScanError('damaged', error.message);
    throw error;
  } finally {
    await handle.close();
  }

  const work = await mkdtemp(path.join(options.tmpDir ?? os.tmpdir(), 'hromada-ocr-'));
  try {
    return kind === 'pdf' ? await readPdf(file, options, work) : await readImage(file, kind, sizes, options, work);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function checkPixels(pages: PageSize[], options: OcrOptions): void {
  if (pages.length > options.maxPages) throw new UnreadableScanError('too-many-pages', `more than ${options.maxPages} pages`);
  pages.forEach((p, i) => {
    const megapixels = (p.width * p.height) / 1e6;
    if (megapixels > options.maxMegapixels) {
      throw new UnreadableScanError('too-many-pixels', `page ${i + 1} has ${megapixels.toFixed(1)} megapixels, more than ${options.maxMegapixels}`);
    }
  });
}

async function readPdf(file: string, options: OcrOptions, work: string): Promise<ScanReading> {
  const timeoutMs = options.pageTimeoutMs;
  const info = await pdfInfo(file, options.maxPages, timeoutMs);
  if (info.pages < 1) throw new UnreadableScanError('damaged', 'the PDF has no pages');
  const scale = options.dpi / PDF_POINTS_PER_INCH;
  // Sizes of the pages as they would be rendered, checked before anything is rendered.
  checkPixels(Array.from({ length: info.pages }, (_, i) => {
    const size = info.pageSizes[i] ?? info.pageSizes[0] ?? { width: 0, height: 0 };
    return { width: size.width * scale, height: size.height * scale };
  }), options);

  const layer = await pdfTextLayer(file, info.pages, timeoutMs);
  const withImages = await pdfPagesWithImages(file, info.pages, timeoutMs);
  const pages: ScanPage[] = [];
  for (let pageNo = 1; pageNo <= info.pages; pageNo++) {
    const layerPage = layer[pageNo - 1];
    // The text layer when it has real text, or when the page has no image that could hold any
    // (a born-digital page, perhaps blank); OCR only for a page that carries a picture of text.
    const useLayer = layerPage && (textLayerChars(layerPage) >= options.minTextLayerChars || !withImages.has(pageNo));
    if (useLayer) {
      const { words, text, width, height } = textLayerWords(layerPage, options.dpi);
      pages.push({ pageNo, text, words, source: 'text-layer', confidence: null, width, height, dpi: options.dpi });
      continue;
    }
    const image = await renderPdfPage(file, pageNo, options.dpi, work, `page-${pageNo}`, timeoutMs);
    try {
      const [ocr] = await tesseract(image, { languages: options.languages, dpi: options.dpi, timeoutMs });
      pages.push({
        pageNo, text: ocr?.text ?? '', words: ocr?.words ?? [], source: 'ocr', confidence: ocr?.confidence ?? null,
        width: ocr?.width ?? 0, height: ocr?.height ?? 0, dpi: options.dpi,
      });
    } finally {
      await rm(image, { force: true });
    }
  }
  const thumbnail = await pdfThumbnail(file, options.thumbnailWidth, work, timeoutMs);
  return { kind: 'pdf', pageCount: info.pages, pages, thumbnail };
}

async function readImage(file: string, kind: Exclude<ScanKind, 'pdf'>, sizes: PageSize[], options: OcrOptions, work: string): Promise<ScanReading> {
  checkPixels(sizes, options);
  const ocr = await tesseract(file, { languages: options.languages, timeoutMs: options.pageTimeoutMs * sizes.length });
  const pages: ScanPage[] = sizes.map((size, i) => {
    const page = ocr.find((p) => p.pageNo === i + 1);
    return {
      pageNo: i + 1, text: page?.text ?? '', words: page?.words ?? [], source: 'ocr', confidence: page?.confidence ?? null,
      width: page?.width || size.width, height: page?.height || size.height, dpi: null,
    };
  });
  const thumbnail = await imageThumbnail(file, kind, options.thumbnailWidth, options.pageTimeoutMs, work);
  return { kind, pageCount: sizes.length, pages, thumbnail };
}

const DECODERS: Record<Exclude<ScanKind, 'pdf'>, string> = { tiff: 'tifftopnm', jpeg: 'jpegtopnm', png: 'pngtopnm' };

/** netpbm: decode (the first page of a TIFF) | scale to the width | encode PNG. */
async function imageThumbnail(file: string, kind: Exclude<ScanKind, 'pdf'>, width: number, timeoutMs: number, work: string): Promise<Buffer> {
  try {
    const { stdout } = await runPipeline([
      [DECODERS[kind], [file]],
      ['pamscale', ['-width', String(width)]],
      ['pnmtopng', []],
    ], { timeoutMs, cwd: work, maxOutputBytes: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    if (error instanceof ToolError && error.kind === 'exit') throw new UnreadableScanError('damaged', `the image cannot be decoded: ${error.message}`);
    throw error;
  }
}
