// Helpers for the answer-PDF tests: poppler and tesseract run on the produced files, as anyone
// checking an answer would run them.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runTool } from '../../../lib/ocr/run.ts';
import type { AnswerLetter } from '../../../lib/answer-pdf/index.ts';

const TIMEOUT = { timeoutMs: 120000, maxOutputBytes: 64 * 1024 * 1024 };

export async function scratchDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'hromada-answer-pdf-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

async function onDisk(dir: string, pdf: Buffer): Promise<string> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, pdf);
  return file;
}

export async function pdftotext(dir: string, pdf: Buffer): Promise<string> {
  return (await runTool('pdftotext', ['-enc', 'UTF-8', await onDisk(dir, pdf), '-'], TIMEOUT)).stdout.toString('utf8');
}

export async function pdfsig(dir: string, pdf: Buffer): Promise<string> {
  return (await runTool('pdfsig', [await onDisk(dir, pdf)], TIMEOUT)).stdout.toString('utf8');
}

export async function pdffonts(dir: string, pdf: Buffer): Promise<string> {
  return (await runTool('pdffonts', [await onDisk(dir, pdf)], TIMEOUT)).stdout.toString('utf8');
}

/** Every image embedded in the PDF, as PNG files (pdfimages -png), largest first. */
export async function embeddedImages(dir: string, pdf: Buffer): Promise<string[]> {
  const sub = await mkdtemp(path.join(dir, 'images-'));
  await runTool('pdfimages', ['-png', await onDisk(dir, pdf), path.join(sub, 'img')], TIMEOUT);
  const files = (await readdir(sub)).map((f) => path.join(sub, f));
  const sizes = await Promise.all(files.map(async (f) => ({ f, size: (await readFile(f)).length })));
  return sizes.sort((a, b) => b.size - a.size).map((x) => x.f);
}

export async function ocrText(image: string): Promise<string> {
  return (await runTool('tesseract', [image, '-', '-l', 'ukr+eng'], TIMEOUT)).stdout.toString('utf8');
}

export function sampleLetter(overrides: Partial<AnswerLetter> = {}): AnswerLetter {
  return {
    verificationId: '3f6c2a9e-5b1d-4e8f-9a70-2c4d6e8f0a1b',
    publicUrl: 'https://hromada.example.gov.ua/',
    registrationIndex: '5/05-12',
    date: new Date('2026-11-27T10:00:00Z'),
    addressee: { name: 'Заявнику запиту ЗПІ-17', lines: ['на адресу електронної пошти, зазначену в запиті'] },
    subject: 'Про надання публічної інформації',
    body: 'На Ваш запит повідомляємо таке.\n\nРемонт ліфтів заплановано на грудень.',
    signatory: { position: 'Заступник голови', name: 'Андрій ПАНТЕЛЕЙЧУК' },
    inReplyTo: 'На Ваш запит від 20.11.2026 № ЗПІ-17',
    ...overrides,
  };
}
