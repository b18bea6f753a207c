// Answers to public-information requests as signed PDF (Law 2939-VI; Law 2155-VIII): the letter
// (letter.ts), masks burned into scanned pages (png.ts), the embedded signature (sign.ts). Needs
// Debian fonts-dejavu-core; no database: the caller passes the PKCS#12 (lib/signing/p12.ts).
export { KMDA_LETTERHEAD, renderAnswerPdf, ukrainianDate, verificationUrl, type AnswerLetter, type Letterhead, type ScannedPage } from './letter.ts';
export { burnInMasks, decodePng, encodePng, PngError, type RawImage, type Rect } from './png.ts';
export { signPdf, type PdfSignatureInput } from './sign.ts';
