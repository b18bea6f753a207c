// The page images of a registered scan, drawn at the very resolution its OCR words were measured on
// (document_pages: PDF pages at their `dpi`, images at their own pixels), so that the masks' word
// rectangles land on the words when lib/answer-pdf burns them in. Tools: poppler, netpbm (Debian),
// through lib/ocr/run.ts (no shell, timeouts, output caps).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodePng, PngError } from '../answer-pdf/png.ts';
import { runPipeline, runTool } from '../ocr/run.ts';

export interface PageToDraw {
  pageNo: number;
  /** Resolution the OCR boxes refer to (PDF pages); null for image scans. */
  dpi: number | null;
}

const TIMEOUT_MS = 180_000;
const MAX_OUTPUT = 512 * 1024 * 1024;

/** PNG of each wanted page, in the order asked. `fileType` is the stored MIME type of the scan. */
export async function scanPageImages(file: string, fileType: string, pages: readonly PageToDraw[]): Promise<Buffer[]> {
  if (!path.isAbsolute(file)) throw new Error('scanPageImages needs an absolute path');
  const work = await mkdtemp(path.join(os.tmpdir(), 'hromada-answer-pages-'));
  try {
    if (fileType === 'application/pdf') {
      const out: Buffer[] = [];
      for (const p of pages) {
        // The same rendering as OCR's (lib/ocr/pdf.ts), but as PGM turned into a one-channel PNG:
        // pdftoppm's own PNG is RGB even in grey, and three channels triple the burn-in work.
        const prefix = path.join(work, `page-${p.pageNo}`);
        await runTool('pdftoppm', ['-r', String(p.dpi ?? 300), '-gray', '-f', String(p.pageNo), '-l', String(p.pageNo), '-singlefile', file, prefix], { timeoutMs: TIMEOUT_MS });
        out.push((await runTool('pnmtopng', [`${prefix}.pgm`], { timeoutMs: TIMEOUT_MS, maxOutputBytes: MAX_OUTPUT })).stdout);
      }
      return out;
    }
    if (fileType === 'image/png') {
      const png = await readFile(file);
      // Our decoder reads what scanners write; an interlaced file goes through netpbm first.
      try {
        decodePng(png);
        return pages.map(() => png);
      } catch (error) {
        if (!(error instanceof PngError)) throw error;
        const redrawn = await viaNetpbm('pngtopnm', file, work);
        return pages.map(() => redrawn);
      }
    }
    if (fileType === 'image/jpeg') {
      const png = await viaNetpbm('jpegtopnm', file, work);
      return pages.map(() => png);
    }
    if (fileType === 'image/tiff') {
      // tifftopnm writes every page of a multi-page TIFF as one stream; pamsplit cuts it.
      const stream = path.join(work, 'all.pnm');
      const { stdout } = await runTool('tifftopnm', [file], { timeoutMs: TIMEOUT_MS, cwd: work, maxOutputBytes: MAX_OUTPUT });
      await writeFile(stream, stdout);
      await runTool('pamsplit', [stream, path.join(work, 'p%d.pnm')], { timeoutMs: TIMEOUT_MS, cwd: work });
      const files = (await readdir(work)).filter((f) => /^p\d+\.pnm$/.test(f));
      const out: Buffer[] = [];
      for (const p of pages) {
        const name = `p${p.pageNo - 1}.pnm`;
        if (!files.includes(name)) throw new Error(`the TIFF has no page ${p.pageNo}`);
        out.push((await runTool('pnmtopng', [path.join(work, name)], { timeoutMs: TIMEOUT_MS, maxOutputBytes: MAX_OUTPUT })).stdout);
      }
      return out;
    }
    throw new Error(`scans of type ${fileType} cannot be drawn`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function viaNetpbm(decoder: string, file: string, work: string): Promise<Buffer> {
  return (await runPipeline([[decoder, [file]], ['pnmtopng', []]], { timeoutMs: TIMEOUT_MS, cwd: work, maxOutputBytes: MAX_OUTPUT })).stdout;
}
