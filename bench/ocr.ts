// `npm run bench:ocr`: how many scanned pages lib/ocr reads per minute on this machine, and how
// exactly. A known Ukrainian text (a deterministic letter of BENCH_OCR_PAGES pages, default 10) is
// typeset with pdfkit in DejaVu Sans 12 pt, rendered by pdftoppm at 300 dpi in grey as a scanner
// delivers pages, and packed as an office scanner would send it: one multi-page TIFF, one image-only
// PDF, and single-page PNGs. Each goes through readScan (the function behind the ingest-scan
// worker: tesseract -l ukr+rus+eng) one scan at a time, and the text per page is compared with the
// typeset text: character accuracy = 1 − CER (Levenshtein over code points, whitespace runs collapsed).
// The born-digital PDF (text layer, no OCR) is the reference line.
// Environment: BENCH_OCR_PAGES, BENCH_OCR_DPI (render resolution, default 300), HROMADA_OCR_* (lib/ocr).
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { readOcrOptions, readScan, type ScanReading } from '../lib/ocr/index.ts';
import { characterAccuracy, FONT, imagePdf, pngsToTiff, removeDir, renderPages, scratchDir } from '../test/lib/ocr/fixtures.ts';

const PAGES = Number(process.env.BENCH_OCR_PAGES ?? 10);
const DPI = Number(process.env.BENCH_OCR_DPI ?? 300);
const say = (line: string) => console.log(`  [ocr-bench] ${line}`);

// Sentences of an ordinary letter to the city administration; pages draw from them in a fixed order
// (a small linear congruential generator), so every run reads the same text.
const SENTENCES = [
  'Київська міська державна адміністрація розглянула звернення мешканців будинку № 36 на вулиці Хрещатик.',
  'Просимо вжити заходів щодо ремонту ліфтового обладнання до 1 грудня 2026 року.',
  'Відповідно до статті 20 Закону України «Про звернення громадян» відповідь надається не пізніше одного місяця.',
  'Департамент житлово-комунальної інфраструктури повідомляє, що роботи включено до плану капітального ремонту.',
  'Заявниця Олена Петренко зазначає, що протягом трьох тижнів у під’їзді відсутнє освітлення.',
  'Комунальне підприємство «Київтеплоенерго» підтверджує відновлення гарячого водопостачання 15 листопада.',
  'Управління з питань надзвичайних ситуацій просить надати перелік укриттів у Печерському районі.',
  'Вартість робіт становить 248 750 гривень 00 копійок, фінансування передбачено бюджетом міста.',
  'До листа додаються копії акта обстеження технічного стану та кошторису на 4 аркушах.',
  'Районна в місті Києві державна адміністрація доручає відділу благоустрою перевірити викладені факти.',
  'Звертаємо увагу на необхідність дотримання вимог постанови Кабінету Міністрів України № 55.',
  'Відповідальний виконавець — Сидоренко І. В., телефон для довідок (044) 202-76-15.',
  'Про результати розгляду просимо поінформувати заявника та управління документообігу.',
  'Щодо встановлення дитячого майданчика на вулиці Саксаганського повідомляємо таке.',
  'Член комісії зауважив, що подвір’я потребує озеленення, а тротуар — заміни покриття.',
  'Граничний строк виконання доручення — п’ятнадцять календарних днів з дня реєстрації.',
];

function letterPages(count: number): string[] {
  let seed = 20261126;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, (_, p) => {
    const out = [`Сторінка ${p + 1}.`];
    // About 1,300 characters: a letter page in 12 pt, well inside one A4 page.
    while (out.join(' ').length < 1300) out.push(SENTENCES[next() % SENTENCES.length]!);
    return out.join(' ');
  });
}

function typeset(pages: readonly string[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 72 });
  doc.font(FONT).fontSize(12);
  pages.forEach((text, i) => {
    if (i > 0) doc.addPage();
    doc.text(text, { lineGap: 3 });
  });
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

interface Row { series: string; pages: number; seconds: number; cpuSeconds: number | null; accuracies: number[]; confidence: number | null }

/**
 * CPU seconds (user + system) of the child processes that have ended, from /proc (Linux): the
 * tools' own work, which other load on the machine stretches less than the wall clock.
 */
function childCpuSeconds(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // Fields 16 and 17 of stat(5) (cutime, cstime), counted from the state field (3): indices 13, 14.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

function accuracyOf(reading: ScanReading, expected: readonly string[], offset = 0): number[] {
  return reading.pages.map((p) => characterAccuracy(expected[offset + p.pageNo - 1]!, p.text));
}

function meanConfidence(readings: ScanReading[]): number | null {
  const values = readings.flatMap((r) => r.pages.map((p) => p.confidence)).filter((c): c is number => c !== null);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

const dir = await scratchDir();
try {
  const options = readOcrOptions(process.env);
  const expected = letterPages(PAGES);
  const born = await typeset(expected);
  say(`typeset ${PAGES} pages (${expected.reduce((n, p) => n + [...p].length, 0)} characters); rendering at ${DPI} dpi…`);
  const pngs = await renderPages(born, DPI, dir);
  if (pngs.length !== PAGES) throw new Error(`the letter came out as ${pngs.length} pages, not ${PAGES}: shorten the pages`);
  const files = {
    born: path.join(dir, 'born-digital.pdf'),
    tiff: path.join(dir, 'scan.tif'),
    pdf: path.join(dir, 'scan.pdf'),
    png: pngs.map((_, i) => path.join(dir, `page-${i + 1}.png`)),
  };
  await writeFile(files.born, born);
  await writeFile(files.tiff, await pngsToTiff(pngs, dir));
  await writeFile(files.pdf, await imagePdf(pngs));
  await Promise.all(pngs.map((png, i) => writeFile(files.png[i]!, png)));

  const rows: Row[] = [];
  async function measure(series: string, run: () => Promise<ScanReading[]>): Promise<void> {
    say(`${series}…`);
    const cpu0 = childCpuSeconds();
    const t0 = performance.now();
    const readings = await run();
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = childCpuSeconds();
    const cpuSeconds = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;
    let offset = 0;
    const accuracies: number[] = [];
    for (const r of readings) { accuracies.push(...accuracyOf(r, expected, offset)); offset += r.pageCount; }
    rows.push({ series, pages: offset, seconds, cpuSeconds, accuracies, confidence: meanConfidence(readings) });
  }

  await measure('born-digital PDF (text layer, no OCR)', async () => [await readScan(files.born, options)]);
  await measure(`multi-page TIFF, ${PAGES} pages in one file`, async () => [await readScan(files.tiff, options)]);
  await measure(`image-only PDF, ${PAGES} pages (rendered at ${options.dpi} dpi, then OCR)`, async () => [await readScan(files.pdf, options)]);
  await measure(`PNG, ${PAGES} single-page files`, async () => {
    const out: ScanReading[] = [];
    for (const file of files.png) out.push(await readScan(file, options));
    return out;
  });

  const cpu = os.cpus();
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  console.log(`\nOCR benchmark ${new Date().toISOString()} on ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; `
    + `load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}; tesseract -l ${options.languages}; pages rendered at ${DPI} dpi`);
  console.log('| series | pages | seconds | pages/min | tools\' CPU s/page | character accuracy (mean) | worst page | tesseract confidence |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const mean = r.accuracies.reduce((a, b) => a + b, 0) / r.accuracies.length;
    console.log(`| ${r.series} | ${r.pages} | ${r.seconds.toFixed(1)} | ${((r.pages / r.seconds) * 60).toFixed(1)} | ${r.cpuSeconds === null ? '—' : (r.cpuSeconds / r.pages).toFixed(2)} | ${pct(mean)} | ${pct(Math.min(...r.accuracies))} | ${r.confidence === null ? '—' : r.confidence.toFixed(1)} |`);
  }
} finally {
  await removeDir(dir);
}
