// XML-DSig of a card (DESIGN.md "Signatures": XML-DSig with xml-crypto, verifiable by independent
// tools): an enveloped signature over the whole document (Reference URI=""), exclusive c14n,
// RSA-SHA256, and the signer's X.509 certificate in KeyInfo. No Id attributes are needed, so
// `xmlsec1 --verify --trusted-pem ca.pem signed.xml` verifies it as it is.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { checkSignerCertificate } from './certificates.ts';
import { cardToXml, changedFields, parseCardXml, type ApprovalPart, type RegistrationCard, type ResolutionPart, type SignedCardEnvelope } from './card-xml.ts';

export const ALGORITHMS = {
  signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  canonicalization: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
} as const;

const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

export interface SigningKey {
  certificatePem: string;
  privateKeyPem: string;
}

/** Signs the card (with a resolution and an acceptance when given); `signedAt` and `purpose` are inside what is signed. */
export function signCard(card: RegistrationCard, options: { key: SigningKey; purpose: string; signedAt: Date; resolution?: ResolutionPart; approval?: ApprovalPart }): string {
  const xml = cardToXml({
    purpose: options.purpose, signedAt: options.signedAt.toISOString(), card,
    ...(options.resolution ? { resolution: options.resolution } : {}),
    ...(options.approval ? { approval: options.approval } : {}),
  });
  const sig = new SignedXml({
    privateKey: options.key.privateKeyPem,
    publicCert: options.key.certificatePem,
    signatureAlgorithm: ALGORITHMS.signature,
    canonicalizationAlgorithm: ALGORITHMS.canonicalization,
  });
  sig.addReference({
    xpath: '/*',
    transforms: [ALGORITHMS.enveloped, ALGORITHMS.canonicalization],
    digestAlgorithm: ALGORITHMS.digest,
    isEmptyUri: true,
  });
  sig.computeSignature(xml, { location: { reference: '/*', action: 'append' } });
  return sig.getSignedXml();
}

export type VerificationProblemCode =
  | 'signature-invalid'
  | 'certificate-untrusted'
  | 'certificate-not-valid-at-signing-time'
  | 'certificate-key-usage'
  | 'purpose-mismatch'
  | 'scan-missing'
  | 'scan-changed'
  | 'card-changed'
  | 'registration-missing';

export interface VerificationProblem {
  code: VerificationProblemCode;
  field?: string;
  message: string;
  message_uk: string;
}

export interface CardVerification {
  valid: boolean;
  problems: VerificationProblem[];
  /** What the signature covers; absent when the signature itself does not hold. */
  signed?: SignedCardEnvelope;
  certificate?: { serial: string; commonName: string; pem: string };
}

const texts: Record<VerificationProblemCode, [string, string]> = {
  'signature-invalid': ['the signature does not match the signed data', 'підпис не відповідає підписаним даним'],
  'certificate-untrusted': ['the certificate was not issued by our certificate authority', 'сертифікат видано не нашим центром сертифікації'],
  'certificate-not-valid-at-signing-time': ['the certificate was not valid at the time of signing', 'сертифікат не був чинним на момент підписання'],
  'certificate-key-usage': ['the certificate is not meant for signing documents', 'сертифікат не призначений для підписання документів'],
  'purpose-mismatch': ['the signature was made for another purpose', 'підпис накладено з іншою метою'],
  'scan-missing': ['the stored scan is missing', 'збережений скан відсутній'],
  'scan-changed': ['the scan has changed since it was signed', 'скан змінено після підписання'],
  'card-changed': ['the registration card has changed since it was signed', 'реєстраційну картку змінено після підписання'],
  'registration-missing': ['the document is no longer registered in the signed journal', 'документ більше не зареєстровано в підписаному журналі'],
};

export function verificationProblem(code: VerificationProblemCode, field?: string): VerificationProblem {
  const [message, message_uk] = texts[code];
  return field === undefined ? { code, message, message_uk } : { code, field, message: `${field}: ${message}`, message_uk: `${field}: ${message_uk}` };
}

export interface VerifyCardOptions {
  /** PEM of our CA: the only issuer we accept. */
  trustedCaPem: string;
  /**
   * The SHA-256 recomputed from the stored scan's bytes now; null when the file is gone. Compared
   * with the hash inside the signature, so a changed byte of the scan is detected.
   */
  expectedScanSha256: string | null;
  /** The card as the database holds it now; compared field by field with the signed one. */
  currentCard?: RegistrationCard;
  expectedPurpose?: string;
}

/**
 * Verifies a signed card: the XML signature, the certificate against our CA, then what was signed
 * against the scan and the card as they are now. Never throws on bad input: every failure is a
 * problem in the answer.
 */
export function verifyCard(xml: string, options: VerifyCardOptions): CardVerification {
  const checked = verifySignedXml(xml, options.trustedCaPem);
  if (!checked.signed) return checked;
  return compareWithCurrent(checked, options);
}

/**
 * The first half of verifyCard: the signature and the certificate only. Callers that must read
 * the signed card to know what to compare it with (which journal) continue with compareWithCurrent.
 */
export function verifySignedXml(xml: string, trustedCaPem: string): CardVerification {
  let certificatePem: string;
  let signedCanonical: string;
  try {
    const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } }).parseFromString(xml, 'text/xml');
    const root = doc.documentElement;
    if (!root) throw new Error('empty document');
    const signatures = new SignedXml().findSignatures(doc as unknown as Node) as unknown as Element[];
    // Exactly one signature, a child of the card: anything else is a wrapping attempt.
    const signatureNode = signatures[0];
    if (signatures.length !== 1 || !signatureNode || signatureNode.parentNode !== root) throw new Error('expected one enveloped signature');
    const found = certificateIn(signatureNode);
    if (!found) throw new Error('no X.509 certificate in KeyInfo');
    certificatePem = found;
    const sig = new SignedXml({ publicCert: certificatePem });
    sig.loadSignature(signatureNode as unknown as Node);
    if (!sig.checkSignature(xml)) throw new Error('signature check failed');
    const references = sig.getReferences();
    // xml-crypto reads URI="" back as undefined.
    if (references.length !== 1 || (references[0]!.uri ?? '') !== '') {
      throw new Error('the signature must cover the whole card (one Reference URI="")');
    }
    const signedReferences = sig.getSignedReferences();
    if (signedReferences.length !== 1) throw new Error('the signature must cover the whole card');
    signedCanonical = signedReferences[0]!;
  } catch {
    return { valid: false, problems: [verificationProblem('signature-invalid')] };
  }

  let signed: SignedCardEnvelope;
  try {
    // What was signed, as the verifier canonicalised it: never the unverified document.
    signed = parseCardXml(signedCanonical);
  } catch {
    return { valid: false, problems: [verificationProblem('signature-invalid')] };
  }

  const signedAt = new Date(signed.signedAt);
  const check = checkSignerCertificate(certificatePem, trustedCaPem, Number.isNaN(signedAt.getTime()) ? new Date(0) : signedAt);
  const problems = check.problems.map((code) => verificationProblem(code));
  return {
    valid: problems.length === 0,
    problems,
    signed,
    certificate: { serial: check.serial, commonName: check.commonName, pem: certificatePem },
  };
}

/** The second half of verifyCard: what was signed against the scan and the card as they are now. */
export function compareWithCurrent(checked: CardVerification, options: Omit<VerifyCardOptions, 'trustedCaPem'>): CardVerification {
  const { signed } = checked;
  if (!signed) return checked;
  const problems = [...checked.problems];
  if (options.expectedPurpose !== undefined && signed.purpose !== options.expectedPurpose) problems.push(verificationProblem('purpose-mismatch'));
  if (options.expectedScanSha256 === null) problems.push(verificationProblem('scan-missing'));
  else if (options.expectedScanSha256 !== signed.card.scanSha256) problems.push(verificationProblem('scan-changed'));
  if (options.currentCard) {
    for (const field of changedFields(signed.card, options.currentCard)) problems.push(verificationProblem('card-changed', field));
  }
  return { ...checked, valid: problems.length === 0, problems };
}

function certificateIn(signature: Element): string | undefined {
  const keyInfo = Array.from(signature.childNodes).find((n): n is Element => n.nodeType === 1 && (n as Element).localName === 'KeyInfo' && (n as Element).namespaceURI === DSIG_NS);
  const certs = keyInfo ? Array.from(keyInfo.getElementsByTagNameNS(DSIG_NS, 'X509Certificate')) : [];
  // The signer's certificate only: a chain in KeyInfo would let a signer bring their own issuer.
  if (certs.length !== 1) return undefined;
  const base64 = (certs[0]!.textContent ?? '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(base64)) return undefined;
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}
