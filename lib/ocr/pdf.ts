// PDFs through poppler-utils: pdfinfo for the page count, sizes and encryption; pdftotext
// -bbox-layout for a born-digital text layer with word boxes; pdftoppm to render a page for OCR
// or a thumbnail. Every call is a child process with a timeout (run.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool, ToolError } from './run.ts';
import type { PageWord } from './types.ts';
import { UnreadableScanError } from './types.ts';

export interface PdfInfo {
  pages: number;
  /** Size in points (1/72 inch) of pages 1..n (as many as were asked for). */
  pageSizes: Array<{ width: number; height: number }>;
  /** Encrypted, but with no user password: poppler opens it and so can we. */
  encrypted: boolean;
}

export async function pdfInfo(file: string, lastPage: number, timeoutMs: number): Promise<PdfInfo> {
  let out: string;
  try {
    out = (await runTool('pdfinfo', ['-f', '1', '-l', String(lastPage), file], { timeoutMs, maxOutputBytes: 4 * 1024 * 1024 })).stdout.toString('utf8');
  } catch (error) {
    throw unreadablePdf(error);
  }
  const pages = Number(/^Pages:\s+(\d+)$/m.exec(out)?.[1] ?? NaN);
  if (!Number.isInteger(pages)) throw new UnreadableScanError('damaged', 'pdfinfo gave no page count');
  const pageSizes: PdfInfo['pageSizes'] = [];
  for (const match of out.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)) {
    pageSizes[Number(match[1]) - 1] = { width: Number(match[2]), height: Number(match[3]) };
  }
  // A one-page document prints "Page size:" without a number.
  const single = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(out);
  if (pageSizes.length === 0 && single) pageSizes.push({ width: Number(single[1]), height: Number(single[2]) });
  return { pages, pageSizes, encrypted: /^Encrypted:\s+yes/m.test(out) };
}

/** A poppler tool refused the file: a password, or a file it cannot make sense of. */
export function unreadablePdf(error: unknown): unknown {
  if (!(error instanceof ToolError) || error.kind !== 'exit') return error;
  if (/password/i.test(error.stderr)) return new UnreadableScanError('encrypted', 'the PDF is protected by a password');
  return new UnreadableScanError('damaged', `the PDF cannot be read: ${error.message}`);
}

export interface TextLayerPage {
  /** Points. */
  width: number;
  height: number;
  lines: Array<Array<{ text: string; xMin: number; yMin: number; xMax: number; yMax: number }>>;
  /** Lines grouped by block, for paragraph breaks. */
  blockEnds: Set<number>;
}

export async function pdfTextLayer(file: string, lastPage: number, timeoutMs: number): Promise<TextLayerPage[]> {
  let xhtml: string;
  try {
    xhtml = (await runTool('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', '-f', '1', '-l', String(lastPage), file, '-'], { timeoutMs })).stdout.toString('utf8');
  } catch (error) {
    throw unreadablePdf(error);
  }
  return parseBboxLayout(xhtml);
}

const attr = (tag: string, name: string): number => Number(new RegExp(`\\b${name}="([-\\d.]+)"`).exec(tag)?.[1] ?? NaN);

/** Parses pdftotext -bbox-layout output: <page><flow><block><line><word xMin.. yMin.. xMax.. yMax..>. */
export function parseBboxLayout(xhtml: string): TextLayerPage[] {
  const pages: TextLayerPage[] = [];
  for (const pageMatch of xhtml.matchAll(/<page\b([^>]*)>([\s\S]*?)<\/page>/g)) {
    const page: TextLayerPage = { width: attr(pageMatch[1]!, 'width'), height: attr(pageMatch[1]!, 'height'), lines: [], blockEnds: new Set() };
    for (const block of pageMatch[2]!.matchAll(/<block\b[^>]*>([\s\S]*?)<\/block>/g)) {
      for (const line of block[1]!.matchAll(/<line\b[^>]*>([\s\S]*?)<\/line>/g)) {
        const words = [...line[1]!.matchAll(/<word\b([^>]*)>([\s\S]*?)<\/word>/g)].map((w) => ({
          text: decodeEntities(w[2]!),
          xMin: attr(w[1]!, 'xMin'), yMin: attr(w[1]!, 'yMin'), xMax: attr(w[1]!, 'xMax'), yMax: attr(w[1]!, 'yMax'),
        })).filter((w) => w.text.trim() !== '');
        if (words.length > 0) page.lines.push(words);
      }
      if (page.lines.length > 0) page.blockEnds.add(page.lines.length - 1);
    }
    pages.push(page);
  }
  return pages;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()] ?? '';
  });
}

/** Letters and digits in the layer: a scan wrapped in a PDF has none, or only a stray stamp. */
export function textLayerChars(page: TextLayerPage): number {
  let n = 0;
  for (const line of page.lines) for (const w of line) n += (w.text.match(/[\p{L}\p{N}]/gu) ?? []).length;
  return n;
}

/** The layer's words with boxes scaled from points to pixels at `dpi`, and its text by lines and blocks. */
export function textLayerWords(page: TextLayerPage, dpi: number): { words: PageWord[]; text: string; width: number; height: number } {
  const k = dpi / 72;
  const words: PageWord[] = [];
  const out: string[] = [];
  page.lines.forEach((line, i) => {
    for (const w of line) {
      words.push({
        text: w.text,
        left: Math.round(w.xMin * k),
        top: Math.round(w.yMin * k),
        width: Math.max(1, Math.round((w.xMax - w.xMin) * k)),
        height: Math.max(1, Math.round((w.yMax - w.yMin) * k)),
        confidence: 100,
      });
    }
    out.push(line.map((w) => w.text).join(' '));
    if (page.blockEnds.has(i) && i < page.lines.length - 1) out.push('');
  });
  return { words, text: out.join('\n'), width: Math.round(page.width * k), height: Math.round(page.height * k) };
}

/** Pages that draw at least one raster image (pdfimages -list): only those can hold a scan. */
export async function pdfPagesWithImages(file: string, lastPage: number, timeoutMs: number): Promise<Set<number>> {
  let out: string;
  try {
    out = (await runTool('pdfimages', ['-list', '-f', '1', '-l', String(lastPage), file], { timeoutMs, maxOutputBytes: 16 * 1024 * 1024 })).stdout.toString('utf8');
  } catch (error) {
    throw unreadablePdf(error);
  }
  const pages = new Set<number>();
  for (const line of out.split('\n').slice(2)) {
    const page = Number(line.trim().split(/\s+/)[0]);
    if (Number.isInteger(page) && page > 0) pages.add(page);
  }
  return pages;
}

/** Renders one page to `<dir>/<name>.png`, grey, at `dpi`; returns the file. */
export async function renderPdfPage(file: string, pageNo: number, dpi: number, dir: string, name: string, timeoutMs: number): Promise<string> {
  const prefix = path.join(dir, name);
  try {
    await runTool('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-f', String(pageNo), '-l', String(pageNo), '-singlefile', file, prefix], { timeoutMs });
  } catch (error) {
    throw unreadablePdf(error);
  }
  return `${prefix}.png`;
}

export async function pdfThumbnail(file: string, width: number, dir: string, timeoutMs: number): Promise<Buffer> {
  const prefix = path.join(dir, 'thumbnail');
  try {
    await runTool('pdftoppm', ['-png', '-f', '1', '-l', '1', '-scale-to-x', String(width), '-scale-to-y', '-1', '-singlefile', file, prefix], { timeoutMs });
  } catch (error) {
    throw unreadablePdf(error);
  }
  return readFile(`${prefix}.png`);
}
