// The answer letter to a public-information request as PDF (pdfkit): the body's letterhead, the
// registration index and date, the addressee, the body text (masked before it gets here), the
// signatory, page numbers "Сторінка N з M", and a QR code leading to the verification page, with
// the link and the verification code printed under it, each unbroken.
// DejaVu Sans (Debian fonts-dejavu-core) covers the whole Ukrainian alphabet and is embedded as a
// subset with a ToUnicode map, so the text can be searched, copied and read aloud.
// Masked scans follow the letter as images with the masks burned into their pixels (png.ts).
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { burnInMasks, decodePng, type Rect } from './png.ts';

export const FONT_REGULAR = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
export const FONT_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
/** For the verification code, which people retype: 0 and O, 1, l and I look different. */
export const FONT_MONO = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';

export interface Letterhead {
  name: string;
  subtitle?: string;
  /** Address, phones, e-mail, code: one line under the name. */
  contacts: string;
}

export const KMDA_LETTERHEAD: Letterhead = {
  name: 'КИЇВСЬКА МІСЬКА ДЕРЖАВНА АДМІНІСТРАЦІЯ',
  subtitle: '(ВИКОНАВЧИЙ ОРГАН КИЇВСЬКОЇ МІСЬКОЇ РАДИ)',
  contacts: 'вул. Хрещатик, 36, м. Київ, 01044, тел. (044) 202-76-66, e-mail: zagalny@kyivcity.gov.ua, код ЄДРПОУ 00022527',
};

export interface ScannedPage {
  /** The page image as PNG. */
  png: Buffer;
  /** Rectangles to black out, in pixels of `png` (or of the OCR image, with `scale`). */
  masks: readonly Rect[];
  /** Image pixels per mask unit; 1 when the masks come from OCR of this very image. */
  scale?: number;
}

export interface AnswerLetter {
  /** The answer's id in the verification URL: never a name or anything personal. */
  verificationId: string;
  /** Where the public site lives, e.g. https://hromada.kyivcity.gov.ua */
  publicUrl: string;
  registrationIndex: string;
  /** The date of the answer. */
  date: Date;
  addressee: { name: string; lines?: readonly string[] };
  /** "Про надання публічної інформації" */
  subject: string;
  /** Paragraphs separated by blank lines; personal data of others already masked (lib/masking). */
  body: string;
  signatory: { position: string; name: string };
  /** The request this answers: "На Ваш запит від 20.11.2026 № ЗПІ-17". */
  inReplyTo?: string;
  letterhead?: Letterhead;
  attachments?: readonly ScannedPage[];
  /** PDF metadata language (screen readers pick the voice from it). */
  lang?: string;
}

export function verificationUrl(publicUrl: string, id: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/verify/${encodeURIComponent(id)}`;
}

/** dd.mm.yyyy in Kyiv time, as Ukrainian documents date themselves. */
export function ukrainianDate(date: Date): string {
  const parts = new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(date);
  const get = (t: string): string => parts.find((p) => p.type === t)!.value;
  return `${get('day')}.${get('month')}.${get('year')}`;
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

const MARGIN = { top: 56, bottom: 70, left: 70, right: 50 };
const QR_SIZE = 84;

/**
 * The largest size from `max` down to `min` at which `text` fits `width` on one line, or undefined.
 * A line that fits is never wrapped, so nothing breaks it, least of all at a hyphen of its own
 * (readers and pdftotext then join the halves and drop the hyphen).
 */
function fittingSize(doc: PDFKit.PDFDocument, font: string, text: string, width: number, max: number, min: number): number | undefined {
  doc.font(font);
  for (let size = max; size >= min; size -= 0.25) {
    if (doc.fontSize(size).widthOfString(text) <= width) return size;
  }
  return undefined;
}

export async function renderAnswerPdf(letter: AnswerLetter): Promise<Buffer> {
  const head = letter.letterhead ?? KMDA_LETTERHEAD;
  const url = verificationUrl(letter.publicUrl, letter.verificationId);
  const dateText = ukrainianDate(letter.date);
  const qr = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 4 });

  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: letter.lang ?? 'uk-UA',
    displayTitle: true,
    info: {
      Title: `${letter.subject} — № ${letter.registrationIndex} від ${dateText}`,
      Author: head.name,
      Subject: letter.subject,
      Creator: 'Hromada',
      CreationDate: letter.date,
    },
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  doc.registerFont('mono', FONT_MONO);
  const width = doc.page.width - MARGIN.left - MARGIN.right;

  // Letterhead.
  doc.font('bold').fontSize(13).text(head.name, { align: 'center', width });
  if (head.subtitle) doc.font('regular').fontSize(9).text(head.subtitle, { align: 'center', width });
  doc.moveDown(0.3).font('regular').fontSize(8).text(head.contacts, { align: 'center', width });
  const ruleY = doc.y + 4;
  doc.moveTo(MARGIN.left, ruleY).lineTo(MARGIN.left + width, ruleY).lineWidth(1.2).stroke();
  doc.moveTo(MARGIN.left, ruleY + 2.5).lineTo(MARGIN.left + width, ruleY + 2.5).lineWidth(0.4).stroke();

  // Registration data on the left, the QR code for verification on the right.
  const blockTop = ruleY + 14;
  doc.image(qr, MARGIN.left + width - QR_SIZE, blockTop, { width: QR_SIZE, height: QR_SIZE });
  doc.font('regular').fontSize(11).text(`${dateText} № ${letter.registrationIndex}`, MARGIN.left, blockTop + 4, { width: width - QR_SIZE - 60 });
  if (letter.inReplyTo) doc.moveDown(0.3).fontSize(10).text(letter.inReplyTo, { width: width - QR_SIZE - 60 });
  const leftBottom = doc.y;

  // Under the QR code, right-aligned in the right half: the link and the verification code the
  // /verify page asks for, each on a line of its own that fits, so neither is ever broken (a code
  // split at its own hyphen comes out of a copy or pdftotext without it). Should even the smallest
  // size not hold the whole link, it goes on two lines, split before the code.
  const boxWidth = width / 2 - 10;
  const boxX = MARGIN.left + width - boxWidth;
  let y = Math.max(blockTop + QR_SIZE + 2, leftBottom + 4);
  const line = (text: string, font: string, size: number | undefined, link?: string) => {
    doc.font(font).fontSize(size ?? 7).text(text, boxX, y, { width: boxWidth, align: 'right', ...(link ? { link } : {}) });
    y = doc.y;
  };
  line('Перевірка документа:', 'regular', 7);
  const urlSize = fittingSize(doc, 'regular', url, boxWidth, 7, 5);
  if (urlSize) line(url, 'regular', urlSize, url);
  else line(url.slice(0, url.length - encodeURIComponent(letter.verificationId).length), 'regular', 6, url);
  line('Код перевірки:', 'regular', 7);
  line(letter.verificationId, 'mono', fittingSize(doc, 'mono', letter.verificationId, boxWidth, 9, 4) ?? 4, url);

  // Addressee, in the right half as letters are laid out.
  const addresseeX = MARGIN.left + width / 2;
  doc.font('bold').fontSize(11).text(letter.addressee.name, addresseeX, Math.max(y + 12, blockTop + QR_SIZE + 30), { width: width / 2 });
  doc.font('regular');
  for (const line of letter.addressee.lines ?? []) doc.text(line, { width: width / 2 });

  doc.moveDown(1.5).font('bold').fontSize(11).text(letter.subject, MARGIN.left, doc.y, { width: width / 2 });
  doc.moveDown(1).font('regular').fontSize(12);
  for (const paragraph of letter.body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) {
    doc.text(paragraph.replace(/\s*\n\s*/g, ' '), MARGIN.left, doc.y, { width, align: 'justify', indent: 28, lineGap: 2 });
    doc.moveDown(0.6);
  }

  // Signatory: position on the left, name on the right of the same line.
  doc.moveDown(1.5);
  if (doc.y > doc.page.height - MARGIN.bottom - 40) doc.addPage();
  const signY = doc.y;
  doc.font('regular').fontSize(12).text(letter.signatory.position, MARGIN.left, signY, { width: width * 0.6 });
  const afterPosition = doc.y;
  doc.font('bold').text(letter.signatory.name, MARGIN.left + width * 0.6, signY, { width: width * 0.4, align: 'right' });
  doc.y = Math.max(afterPosition, doc.y);

  for (const [i, page] of (letter.attachments ?? []).entries()) {
    // Burn first, then embed: the PDF never receives the unmasked pixels.
    const masked = burnInMasks(page.png, page.masks, page.scale ?? 1);
    const { width: w, height: h } = decodePng(masked);
    doc.addPage();
    doc.font('regular').fontSize(9).text(
      `Додаток ${i + 1} до листа № ${letter.registrationIndex} від ${dateText}. Персональні дані приховано (ч. 7 ст. 6 Закону України «Про доступ до публічної інформації»).`,
      MARGIN.left, MARGIN.top, { width },
    );
    const top = doc.y + 6;
    const boxH = doc.page.height - MARGIN.bottom - top;
    const s = Math.min(width / w, boxH / h);
    doc.image(masked, MARGIN.left + (width - w * s) / 2, top, { width: w * s, height: h * s });
  }

  // Page numbers once the count is known. The bottom margin is lifted while writing into it,
  // or pdfkit would start a new page for text below the margin.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(9).text(`Сторінка ${i - range.start + 1} з ${range.count}`, MARGIN.left, doc.page.height - 40, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.flushPages();
  return collect(doc);
}
