// Tesseract with TSV output: one row per page, block, paragraph, line and word, words with their
// box and confidence. Reads every page of a multi-page TIFF in one run.
import { runTool, ToolError } from './run.ts';
import type { PageWord } from './types.ts';
import { UnreadableScanError } from './types.ts';

export interface OcrPage {
  pageNo: number;
  width: number;
  height: number;
  words: PageWord[];
  text: string;
  confidence: number | null;
}

export async function tesseract(image: string, options: { languages: string; dpi?: number; timeoutMs: number }): Promise<OcrPage[]> {
  const args = [image, 'stdout', '-l', options.languages];
  // Rendered PDF pages know their resolution; a bare image may not, and tesseract then guesses.
  if (options.dpi) args.push('--dpi', String(options.dpi));
  args.push('tsv');
  try {
    return parseTsv((await runTool('tesseract', args, { timeoutMs: options.timeoutMs })).stdout.toString('utf8'));
  } catch (error) {
    if (error instanceof ToolError && error.kind === 'exit' && !/Failed loading language|Could not initialize/i.test(error.stderr)) {
      // Leptonica could not decode the image: the file, not the machine, is at fault.
      throw new UnreadableScanError('damaged', `the image cannot be read: ${error.message}`);
    }
    throw error;
  }
}

/** Turns tesseract's TSV into pages; text keeps its lines, with a blank line between blocks. */
export function parseTsv(tsv: string): OcrPage[] {
  const pages = new Map<number, OcrPage & { lines: Map<string, string[]>; blocks: string[] }>();
  for (const row of tsv.split('\n').slice(1)) {
    const cols = row.split('\t');
    if (cols.length < 12) continue;
    const [level, page, block, par, line, , left, top, width, height, conf] = cols.slice(0, 11).map(Number) as number[];
    const text = cols.slice(11).join('\t');
    let p = pages.get(page!);
    if (!p) {
      p = { pageNo: page!, width: 0, height: 0, words: [], text: '', confidence: null, lines: new Map(), blocks: [] };
      pages.set(page!, p);
    }
    if (level === 1) {
      p.width = width!;
      p.height = height!;
      continue;
    }
    if (level !== 5 || text.trim() === '') continue;
    p.words.push({ text: text.trim(), left: left!, top: top!, width: width!, height: height!, confidence: Math.round(conf! * 100) / 100 });
    const lineKey = `${block}.${par}.${line}`;
    if (!p.lines.has(lineKey)) {
      if (p.lines.size > 0 && !p.blocks.includes(String(block))) p.lines.set(`${block}.break`, []);
      p.lines.set(lineKey, []);
      if (!p.blocks.includes(String(block))) p.blocks.push(String(block));
    }
    p.lines.get(lineKey)!.push(text.trim());
  }
  return [...pages.values()].sort((a, b) => a.pageNo - b.pageNo).map(({ lines, blocks: _blocks, ...page }) => {
    const confidences = page.words.map((w) => w.confidence).filter((c) => c >= 0);
    return {
      ...page,
      text: [...lines.values()].map((words) => words.join(' ')).join('\n'),
      confidence: confidences.length ? Math.round((confidences.reduce((a, b) => a + b, 0) / confidences.length) * 100) / 100 : null,
    };
  });
}
