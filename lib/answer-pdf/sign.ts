// An embedded PDF signature (PAdES-style adbe.pkcs7.detached, CMS with SHA-256) over the answer's
// exact bytes (Law 2155-VIII; DESIGN.md "Signatures": outgoing PDFs carry an embedded signature
// that independent tools verify, e.g. poppler's pdfsig). The signature covers every byte of the
// file except its own contents, so any later change is detected.
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';

export interface PdfSignatureInput {
  /** PKCS#12 with the signer's certificate and key (lib/signing/p12.ts), and its passphrase. */
  p12: Buffer;
  passphrase: string;
  /** "Відповідь на запит на публічну інформацію" */
  reason: string;
  /** The signer's name as shown by PDF readers. */
  name: string;
  location?: string;
  contactInfo?: string;
  signingTime?: Date;
}

/** Room for the CMS: a 3072-bit signature plus the signer's and the CA's certificates. */
const SIGNATURE_LENGTH = 16384;

export async function signPdf(pdf: Buffer, input: PdfSignatureInput): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: input.reason,
    name: input.name,
    location: input.location ?? 'Київ',
    contactInfo: input.contactInfo ?? '',
    signatureLength: SIGNATURE_LENGTH,
    appName: 'Hromada',
    ...(input.signingTime ? { signingTime: input.signingTime } : {}),
  });
  const signer = new P12Signer(input.p12, { passphrase: input.passphrase });
  return new SignPdf().sign(withPlaceholder, signer, input.signingTime);
}
