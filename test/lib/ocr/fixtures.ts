// Scans with known Ukrainian text, made for the tests: pdfkit writes a born-digital PDF in DejaVu
// Sans (Debian fonts-dejavu-core), poppler renders it to page images as a scanner would deliver
// them, netpbm turns those into JPEG and multi-page TIFF, and pdfkit wraps an image into an
// image-only ("scanned") PDF.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { runPipeline, runTool } from '../../../lib/ocr/run.ts';

export const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

export const LETTER_PAGES = [
  'Київська міська державна адміністрація. Лист про ремонт ліфтів у будинку на вулиці Хрещатик, 36. ' +
  'Просимо розглянути звернення мешканців щодо заміни обладнання до першого грудня.',
  'Друга сторінка: відповідальний виконавець — відділ житлового господарства, строк виконання п’ятнадцять днів.',
];

const TIMEOUT = { timeoutMs: 60000 };

export async function scratchDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'hromada-ocr-test-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** A born-digital A4 PDF, one page per string, 14 pt DejaVu Sans. */
export function textPdf(pages: readonly string[], options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 72, ...options });
  doc.font(FONT).fontSize(14);
  pages.forEach((text, i) => {
    if (i > 0) doc.addPage();
    doc.text(text);
  });
  return collect(doc);
}

/** An image-only PDF: each PNG fills an A4 page, with no text layer (what a scanner's PDF is). */
export async function imagePdf(pngs: readonly Buffer[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false });
  for (const png of pngs) {
    doc.addPage();
    doc.image(png, 0, 0, { width: doc.page.width, height: doc.page.height });
  }
  return collect(doc);
}

/** Renders every page of a PDF to grey PNGs at `dpi`, as a scanner would deliver the pages. */
export async function renderPages(pdf: Buffer, dpi: number, dir: string): Promise<Buffer[]> {
  const file = path.join(dir, `render-${dpi}-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, pdf);
  const { stdout } = await runTool('pdfinfo', [file], TIMEOUT);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(stdout.toString())![1]);
  const out: Buffer[] = [];
  for (let n = 1; n <= pages; n++) {
    const prefix = `${file}-${n}`;
    await runTool('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-f', String(n), '-l', String(n), '-singlefile', file, prefix], TIMEOUT);
    out.push(await readFile(`${prefix}.png`));
  }
  return out;
}

export async function pngToJpeg(png: Buffer, dir: string): Promise<Buffer> {
  const file = path.join(dir, `to-jpeg-${Math.random().toString(36).slice(2)}.png`);
  await writeFile(file, png);
  return (await runPipeline([['pngtopnm', [file]], ['pnmtojpeg', ['-quality=85']]], TIMEOUT)).stdout;
}

/** A multi-page TIFF (deflate), one page per PNG. */
export async function pngsToTiff(pngs: readonly Buffer[], dir: string): Promise<Buffer> {
  const tiff = path.join(dir, `multi-${Math.random().toString(36).slice(2)}.tif`);
  for (const [i, png] of pngs.entries()) {
    const pngFile = path.join(dir, `page-${i}.png`);
    const pnmFile = path.join(dir, `page-${i}.pnm`);
    await writeFile(pngFile, png);
    await writeFile(pnmFile, (await runTool('pngtopnm', [pngFile], TIMEOUT)).stdout);
    await runTool('pamtotiff', ['-flate', ...(i > 0 ? ['-append'] : []), `-output=${tiff}`, pnmFile], TIMEOUT);
  }
  return readFile(tiff);
}

/** A PNG whose header claims `width` x `height` pixels; the data is a stub (never decoded). */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 1; ihdr[9] = 0;
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.alloc(16)), chunk('IEND', Buffer.alloc(0))]);
}

/** A little-endian TIFF with one directory per size, no pixel data. */
export function tiffHeaders(sizes: ReadonlyArray<{ width: number; height: number }>): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(8);
  head.write('II', 0, 'latin1'); head.writeUInt16LE(42, 2); head.writeUInt32LE(8, 4);
  parts.push(head);
  let offset = 8;
  sizes.forEach((size, i) => {
    const ifd = Buffer.alloc(2 + 2 * 12 + 4);
    ifd.writeUInt16LE(2, 0);
    ifd.writeUInt16LE(256, 2); ifd.writeUInt16LE(4, 4); ifd.writeUInt32LE(1, 6); ifd.writeUInt32LE(size.width, 10);
    ifd.writeUInt16LE(257, 14); ifd.writeUInt16LE(4, 16); ifd.writeUInt32LE(1, 18); ifd.writeUInt32LE(size.height, 22);
    offset += ifd.length;
    ifd.writeUInt32LE(i === sizes.length - 1 ? 0 : offset, 26);
    parts.push(ifd);
  });
  return Buffer.concat(parts);
}

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/** 1 − CER, on text with whitespace runs collapsed (line breaks are layout, not characters). */
export function characterAccuracy(expected: string, actual: string): number {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  const e = norm(expected);
  return 1 - editDistance(e, norm(actual)) / [...e].length;
}
