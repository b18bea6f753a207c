// Masking personal data on SCANS (Law 2939-VI Art. 6 p.7; Law 2297-VI), measured end to end as an
// answer's attachments are made: each generated letter (bench/masking-data.ts, seeded) is typeset
// (pdfkit, DejaVu Sans 12 pt), rendered by pdftoppm at 200 dpi in grey as a scanner delivers it,
// read by tesseract through lib/ocr (word boxes), masked by the answer package's own proposal
// (lib/info-requests/masks.ts over lib/masking), burned into the pixels (lib/answer-pdf), and the
// masked image is read by tesseract again: a planted value that OCR still finds is a leak.
//
// Scoring: OCR words are aligned to the typeset words (same order; equal after normalising, or
// within a small edit distance), which labels each OCR word planted or not. Word precision and
// recall count masked OCR words; a planted span is found when every OCR word aligned to it is
// masked. OCR words that align to nothing are counted apart (they can be neither right nor wrong).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { burnInMasks } from '../lib/answer-pdf/index.ts';
import { proposeMasks } from '../lib/info-requests/masks.ts';
import { PersonalDataKinds, type PersonalDataKind } from '../lib/masking/index.ts';
import { DEFAULT_OCR_OPTIONS, readScan, type PageWord } from '../lib/ocr/index.ts';
import { renderPdfPage } from '../lib/ocr/pdf.ts';
import { runTool } from '../lib/ocr/run.ts';
import { generateTexts, publicOptions, type LabelledText } from './masking-data.ts';
import { pool } from './measure.ts';

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const DPI = 200;
const OCR = { ...DEFAULT_OCR_OPTIONS, languages: 'ukr+eng' };

export interface ScanKindScore {
  kind: PersonalDataKind | 'overall';
  spans: number;
  /** Spans with at least one OCR word aligned to them. */
  read: number;
  found: number;
  leaked: number;
}

export interface ScanScore {
  scans: number;
  seconds: number;
  words: { masked: number; planted: number; maskedPlanted: number; unaligned: number; unalignedMasked: number };
  precision: number;
  recall: number;
  kinds: ScanKindScore[];
  leaks: Array<{ scan: number; kind: PersonalDataKind; value: string; how: string }>;
  falsePositives: Array<{ scan: number; word: string }>;
}

function pdfOf(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 60 });
  doc.font(FONT).fontSize(12);
  for (const line of text.split('\n')) doc.text(line, { lineGap: 3 });
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

const norm = (s: string): string => s.toLowerCase().replace(/[’'ʼ`]/g, '').replace(/[^\p{L}\d@.]/gu, '').replace(/^\.+|\.+$/g, '');
const compact = (s: string): string => s.toLowerCase().replace(/[^\p{L}\d]/gu, '');
const digits = (s: string): string => s.replace(/\D/g, '');

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

interface SourceToken { text: string; span: number | null }

/** The typeset words with the planted span each belongs to (a word touching a span belongs to it). */
function sourceTokens(letter: LabelledText): SourceToken[] {
  const out: SourceToken[] = [];
  for (const m of letter.text.matchAll(/\S+/g)) {
    const start = m.index;
    const end = start + m[0].length;
    const span = letter.spans.findIndex((s) => s.start < end && start < s.end);
    if (norm(m[0])) out.push({ text: norm(m[0]), span: span >= 0 ? span : null });
  }
  return out;
}

/** For each OCR word, the source token it reads (index), or -1. Greedy, in order, a small window ahead. */
function align(ocr: readonly PageWord[], source: readonly SourceToken[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (const w of ocr) {
    const t = norm(w.text);
    let found = -1;
    if (t) {
      for (let k = j; k < Math.min(source.length, j + 8) && found < 0; k++) if (source[k]!.text === t) found = k;
      for (let k = j; k < Math.min(source.length, j + 4) && found < 0; k++) {
        if (distance(source[k]!.text, t) <= Math.max(1, Math.floor(source[k]!.text.length / 4))) found = k;
      }
    }
    out.push(found);
    if (found >= 0) j = found + 1;
  }
  return out;
}

export async function scanBench(n: number, seed: number, concurrency = 2): Promise<ScanScore> {
  const letters = generateTexts(n, seed);
  const options = publicOptions();
  const work = await mkdtemp(path.join(os.tmpdir(), 'hromada-bench-mask-scans-'));
  const perKind = new Map<PersonalDataKind, ScanKindScore>(PersonalDataKinds.map((k) => [k, { kind: k, spans: 0, read: 0, found: 0, leaked: 0 }]));
  const words = { masked: 0, planted: 0, maskedPlanted: 0, unaligned: 0, unalignedMasked: 0 };
  const leaks: ScanScore['leaks'] = [];
  const falsePositives: ScanScore['falsePositives'] = [];
  const started = performance.now();
  try {
    await pool(n, concurrency, async (i) => {
      const letter = letters[i]!;
      const pdfFile = path.join(work, `letter-${i}.pdf`);
      await writeFile(pdfFile, await pdfOf(letter.text));
      const pngFile = await renderPdfPage(pdfFile, 1, DPI, work, `scan-${i}`, 120000);
      const png = await readFile(pngFile);
      const reading = await readScan(pngFile, OCR);
      const page = reading.pages[0]!;
      const masks = proposeMasks('', [{ documentId: 'scan', pages: [{ pageNo: 1, words: page.words }] }], options);
      const rects = masks.flatMap((m) => (m.target === 'page' ? m.rects : []));

      // Which OCR words the masks cover: a word is masked when a rectangle holds its centre.
      const covered = page.words.map((w) => rects.some((r) => {
        const cx = w.left + w.width / 2;
        const cy = w.top + w.height / 2;
        return cx >= r.left && cx <= r.left + r.width && cy >= r.top && cy <= r.top + r.height;
      }));
      const source = sourceTokens(letter);
      const aligned = align(page.words, source);
      const spanWords = new Map<number, boolean[]>();
      page.words.forEach((w, k) => {
        const a = aligned[k]!;
        if (!norm(w.text)) return;
        if (a < 0) {
          words.unaligned++;
          if (covered[k]) words.unalignedMasked++;
          return;
        }
        const span = source[a]!.span;
        if (covered[k]) words.masked++;
        if (span !== null) {
          words.planted++;
          if (covered[k]) words.maskedPlanted++;
          spanWords.set(span, [...(spanWords.get(span) ?? []), covered[k]!]);
        } else if (covered[k]) falsePositives.push({ scan: i, word: w.text });
      });

      // The masked image, read again: what a requester could still read.
      const maskedFile = path.join(work, `masked-${i}.png`);
      await writeFile(maskedFile, burnInMasks(png, rects));
      const after = (await runTool('tesseract', [maskedFile, '-', '-l', OCR.languages], { timeoutMs: 180000, env: { OMP_THREAD_LIMIT: '1' } })).stdout.toString('utf8');
      const afterCompact = compact(after);
      const afterLines = after.split('\n').map(digits);
      const afterWords = new Set(after.split(/\s+/).map(norm).filter(Boolean));
      const outside = new Set(source.filter((t) => t.span === null).map((t) => t.text));

      letter.spans.forEach((s, si) => {
        const k = perKind.get(s.kind)!;
        k.spans++;
        const ws = spanWords.get(si);
        if (ws && ws.length > 0) {
          k.read++;
          if (ws.every(Boolean)) k.found++;
        }
        let how = '';
        const c = compact(s.text);
        const d = digits(s.text);
        if (c.length >= 4 && afterCompact.includes(c)) how = 'whole value';
        else if (d.length >= 6 && afterLines.some((line) => line.includes(d))) how = 'digits';
        else {
          const token = s.text.split(/\s+/).map(norm).find((t) => /^\p{L}{5,}$/u.test(t) && afterWords.has(t) && !outside.has(t));
          if (token) how = `word "${token}"`;
        }
        if (how) {
          k.leaked++;
          leaks.push({ scan: i, kind: s.kind, value: s.text, how });
        }
      });
      await rm(pdfFile, { force: true });
      await rm(pngFile, { force: true });
      await rm(maskedFile, { force: true });
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const kinds = [...perKind.values()];
  const sum = (f: (k: ScanKindScore) => number): number => kinds.reduce((s, k) => s + f(k), 0);
  kinds.push({ kind: 'overall', spans: sum((k) => k.spans), read: sum((k) => k.read), found: sum((k) => k.found), leaked: sum((k) => k.leaked) });
  return {
    scans: n,
    seconds: (performance.now() - started) / 1000,
    words,
    precision: words.masked === 0 ? 1 : words.maskedPlanted / words.masked,
    recall: words.planted === 0 ? 1 : words.maskedPlanted / words.planted,
    kinds,
    leaks,
    falsePositives,
  };
}

export function printScanScore(r: ScanScore, seed: number): void {
  const pct = (x: number): string => (100 * x).toFixed(1).padStart(6);
  console.log(`\nMasking personal data on scans: ${r.scans} generated letters (seed ${seed}), typeset, rendered at ${DPI} dpi, OCR'd (tesseract ${OCR.languages}), masked, burned in, OCR'd again; ${r.seconds.toFixed(0)} s\n`);
  console.log(`OCR words: ${r.words.planted} planted, ${r.words.masked} masked; precision ${pct(r.precision)} %, recall ${pct(r.recall)} % (words aligned to the typeset text; ${r.words.unaligned} unaligned OCR words, ${r.words.unalignedMasked} of them masked)\n`);
  console.log('| kind | planted | read by OCR | fully masked | span recall % | still readable after masking |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const k of r.kinds) console.log(`| ${k.kind} | ${k.spans} | ${k.read} | ${k.found} | ${pct(k.read === 0 ? 1 : k.found / k.read)} | ${k.leaked} |`);
  console.log(`\nPlanted values OCR still reads in the masked images (leaks): ${r.leaks.length}`);
  for (const l of r.leaks.slice(0, 20)) console.log(`  #${l.scan} ${l.kind}: ${l.value} (${l.how})`);
  console.log(`Masked OCR words that are not planted: ${r.falsePositives.length}`);
  for (const f of r.falsePositives.slice(0, 15)) console.log(`  #${f.scan} ${f.word}`);
}
