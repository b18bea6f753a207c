// Precision and recall of personal-data masking (lib/masking) on generated Ukrainian letters
// (bench/masking-data.ts): per kind and overall, plus every planted value left visible and every
// decoy masked, so a regression shows what it broke. `npm run bench:masking`; BENCH_MASKING_N
// letters (default 200, at least 50), BENCH_MASKING_SEED; then the same on scans
// (bench/masking-scans.ts): BENCH_MASKING_SCANS (default 50, 0 skips), BENCH_MASKING_CONCURRENCY (2).
import { applyMasks, detectPersonalData, PersonalDataKinds, type PersonalDataKind, type PersonalDataSpan } from '../lib/masking/index.ts';
import { generateTexts, publicOptions, type LabelledSpan, type LabelledText } from './masking-data.ts';
import { printScanScore, scanBench } from './masking-scans.ts';

export interface KindScore {
  kind: PersonalDataKind | 'overall';
  gold: number;
  predicted: number;
  truePositives: number;
  /** Gold spans with every character covered by some mask: nothing of them leaks. */
  covered: number;
  precision: number;
  recall: number;
}

export interface MaskingScore {
  texts: number;
  kinds: KindScore[];
  leaks: Array<{ text: number; span: LabelledSpan }>;
  decoysMasked: Array<{ text: number; decoy: string }>;
  falsePositives: Array<{ text: number; span: PersonalDataSpan }>;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

function isCovered(gold: LabelledSpan, predicted: readonly PersonalDataSpan[]): boolean {
  for (let i = gold.start; i < gold.end; i++) {
    if (/\s/.test(gold.text[i - gold.start]!)) continue;
    if (!predicted.some((p) => p.start <= i && i < p.end)) return false;
  }
  return true;
}

/**
 * A planted span is found when a mask of its kind overlaps it and the masks cover all its
 * characters; a mask is right when it overlaps a planted span of its kind.
 */
export function score(texts: readonly LabelledText[], detect: (text: string) => PersonalDataSpan[]): MaskingScore {
  const perKind = new Map<PersonalDataKind, { gold: number; predicted: number; tp: number; found: number; covered: number }>();
  for (const k of PersonalDataKinds) perKind.set(k, { gold: 0, predicted: 0, tp: 0, found: 0, covered: 0 });
  const leaks: MaskingScore['leaks'] = [];
  const decoysMasked: MaskingScore['decoysMasked'] = [];
  const falsePositives: MaskingScore['falsePositives'] = [];

  texts.forEach((t, i) => {
    const predicted = detect(t.text);
    for (const g of t.spans) {
      const k = perKind.get(g.kind)!;
      k.gold++;
      const covered = isCovered(g, predicted);
      if (covered) k.covered++;
      else leaks.push({ text: i, span: g });
      if (covered && predicted.some((p) => p.kind === g.kind && overlaps(p, g))) k.found++;
    }
    for (const p of predicted) {
      const k = perKind.get(p.kind)!;
      k.predicted++;
      if (t.spans.some((g) => g.kind === p.kind && overlaps(p, g))) k.tp++;
      else if (!t.spans.some((g) => overlaps(p, g))) falsePositives.push({ text: i, span: p });
    }
    const masked = applyMasks(t.text, predicted);
    for (const d of t.decoys) if (!masked.includes(d)) decoysMasked.push({ text: i, decoy: d });
  });

  const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
  const kinds: KindScore[] = PersonalDataKinds.map((kind) => {
    const k = perKind.get(kind)!;
    return { kind, gold: k.gold, predicted: k.predicted, truePositives: k.tp, covered: k.covered, precision: ratio(k.tp, k.predicted), recall: ratio(k.found, k.gold) };
  });
  const sum = (f: (k: { gold: number; predicted: number; tp: number; found: number; covered: number }) => number): number => [...perKind.values()].reduce((s, k) => s + f(k), 0);
  kinds.push({
    kind: 'overall', gold: sum((k) => k.gold), predicted: sum((k) => k.predicted), truePositives: sum((k) => k.tp), covered: sum((k) => k.covered),
    precision: ratio(sum((k) => k.tp), sum((k) => k.predicted)), recall: ratio(sum((k) => k.found), sum((k) => k.gold)),
  });
  return { texts: texts.length, kinds, leaks, decoysMasked, falsePositives };
}

async function main(): Promise<void> {
  const n = Math.max(50, Number(process.env.BENCH_MASKING_N ?? 200));
  const seed = Number(process.env.BENCH_MASKING_SEED ?? 20261127);
  const texts = generateTexts(n, seed);
  const options = publicOptions();
  const started = performance.now();
  const result = score(texts, (text) => detectPersonalData(text, options));
  const ms = performance.now() - started;

  const pct = (x: number): string => (100 * x).toFixed(1).padStart(6);
  console.log(`Masking personal data: ${result.texts} generated letters (seed ${seed}), ${(ms / result.texts).toFixed(2)} ms a letter\n`);
  console.log('| kind | planted | masks | precision % | recall % | fully covered |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const k of result.kinds) console.log(`| ${k.kind} | ${k.gold} | ${k.predicted} | ${pct(k.precision)} | ${pct(k.recall)} | ${k.covered}/${k.gold} |`);
  const show = <T>(title: string, xs: T[], f: (x: T) => string): void => {
    console.log(`\n${title}: ${xs.length}`);
    for (const x of xs.slice(0, 15)) console.log(`  ${f(x)}`);
  };
  show('Planted values left visible (leaks)', result.leaks, (l) => `#${l.text} ${l.span.kind}: ${l.span.text}`);
  show('Masks over no planted value', result.falsePositives, (f) => `#${f.text} ${f.span.kind}: ${f.span.text}`);
  show('Decoys masked', result.decoysMasked, (d) => `#${d.text} ${d.decoy}`);

  // Scans: BENCH_MASKING_SCANS letters (default 50; 0 skips), each OCR'd twice (a few minutes on 2 cores).
  const scans = Number(process.env.BENCH_MASKING_SCANS ?? 50);
  if (scans > 0) {
    const scanResult = await scanBench(scans, seed, Number(process.env.BENCH_MASKING_CONCURRENCY ?? 2));
    printScanScore(scanResult, seed);
    if (scanResult.leaks.length > 0) process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
