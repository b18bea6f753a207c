// X.509 certificates of the demo certificate authority, made with node-forge; keys come from
// node:crypto (native and asynchronous: forge's pure-JS RSA 3072 would block the event loop for
// seconds). No I/O here: lib/signing/index.ts decides when to issue and where to keep the result.
//
// This CA stands in for a qualified trust service provider (Law 2155-VIII Art. 17): the signatures
// are advanced, not qualified, but they are made and verified the same way, and independent tools
// (xmlsec1, openssl) verify them against the CA certificate we publish.
import { X509Certificate, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateRsa = promisify(generateKeyPair);

export const RSA_BITS = 3072;

/** ASCII only: PrintableString, which every tool renders the same way. */
export const CA_SUBJECT = {
  commonName: 'Hromada Test CA',
  organizationName: 'Kyiv City State Administration (demo)',
  countryName: 'UA',
} as const;

const ORGANIZATION = CA_SUBJECT.organizationName;

export interface KeyPairPem {
  publicKeyPem: string;
  /** PKCS#8 */
  privateKeyPem: string;
}

export interface IssuedCertificate extends KeyPairPem {
  certificatePem: string;
  serial: string;
  commonName: string;
  notBefore: Date;
  notAfter: Date;
}

export async function generateRsaKeyPair(bits = RSA_BITS): Promise<KeyPairPem> {
  const { publicKey, privateKey } = await generateRsa('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/**
 * 128 random bits, positive and without a leading zero byte (RFC 5280 4.1.2.2: unique per issuer,
 * at most 20 octets), so its hex form is the same in forge, node:crypto and OpenSSL.
 */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = 0x40 | (bytes[0]! & 0x3f);
  return bytes.toString('hex').toUpperCase();
}

function addYears(date: Date, years: number): Date {
  const d = new Date(date);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/** Accepts clocks a little behind ours: a certificate made now is valid from an hour ago. */
function validity(now: Date, years: number): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  notBefore.setUTCMilliseconds(0);
  return { notBefore, notAfter: addYears(notBefore, years) };
}

/** forge writes CRLF; OpenSSL, node:crypto and people expect LF. */
function toPem(cert: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

function subjectKeyIdentifier(publicKey: forge.pki.PublicKey): string {
  return forge.pki.getPublicKeyFingerprint(publicKey, { type: 'SubjectPublicKeyInfo', encoding: 'hex' }) as string;
}

/** A UTF8String attribute: staff names and seal names are Cyrillic. */
function utf8(name: string, value: string): forge.pki.CertificateField {
  return { name, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class };
}

export async function createRootCa(now: Date): Promise<IssuedCertificate> {
  const keys = await generateRsaKeyPair();
  const publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  const privateKey = forge.pki.privateKeyFromPem(keys.privateKeyPem);
  const cert = forge.pki.createCertificate();
  const serial = randomSerial();
  const { notBefore, notAfter } = validity(now, 20);
  cert.publicKey = publicKey;
  cert.serialNumber = serial;
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const subject = [
    { name: 'commonName', value: CA_SUBJECT.commonName },
    { name: 'organizationName', value: CA_SUBJECT.organizationName },
    { name: 'countryName', value: CA_SUBJECT.countryName },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  const ski = subjectKeyIdentifier(publicKey);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier', subjectKeyIdentifier: ski },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return { ...keys, certificatePem: toPem(cert), serial, commonName: CA_SUBJECT.commonName, notBefore, notAfter };
}

export interface SignerSubject {
  commonName: string;
  /** e.g. the department, for a system seal */
  organizationalUnit?: string;
}

/**
 * A signing certificate for a staff member (CN = full name) or for a seal of the body: key usage
 * digitalSignature and nonRepudiation only (a key that signs documents signs nothing else).
 */
export async function issueSigningCertificate(params: {
  ca: { certificatePem: string; privateKeyPem: string };
  subject: SignerSubject;
  now: Date;
  years?: number;
}): Promise<IssuedCertificate> {
  const keys = await generateRsaKeyPair();
  const caCert = forge.pki.certificateFromPem(params.ca.certificatePem);
  const caKey = forge.pki.privateKeyFromPem(params.ca.privateKeyPem);
  const publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  const cert = forge.pki.createCertificate();
  const serial = randomSerial();
  const { notBefore, notAfter } = validity(params.now, params.years ?? 3);
  cert.publicKey = publicKey;
  cert.serialNumber = serial;
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const subject: forge.pki.CertificateField[] = [utf8('commonName', params.subject.commonName)];
  if (params.subject.organizationalUnit) subject.push(utf8('organizationalUnitName', params.subject.organizationalUnit));
  subject.push({ name: 'organizationName', value: ORGANIZATION }, { name: 'countryName', value: 'UA' });
  cert.setSubject(subject);
  // The CA's subject is ASCII PrintableString; copying its parsed attributes keeps the issuer
  // byte-identical to the CA subject, which is how OpenSSL matches issuer to CA.
  cert.setIssuer(caCert.subject.attributes.map((a) => ({ type: a.type, value: a.value, valueTagClass: a.valueTagClass })));
  const caSki = caCert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null;
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier', subjectKeyIdentifier: subjectKeyIdentifier(publicKey) },
    ...(caSki?.subjectKeyIdentifier ? [{ name: 'authorityKeyIdentifier', keyIdentifier: forge.util.hexToBytes(caSki.subjectKeyIdentifier) }] : []),
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { ...keys, certificatePem: toPem(cert), serial, commonName: params.subject.commonName, notBefore, notAfter };
}

export interface CertificateCheck {
  serial: string;
  commonName: string;
  /** Empty when the certificate was issued by the CA, for signing, and valid at `at`. */
  problems: Array<'certificate-untrusted' | 'certificate-not-valid-at-signing-time' | 'certificate-key-usage'>;
}

/** Checks a signer's certificate against our CA with node:crypto (OpenSSL), not forge. */
export function checkSignerCertificate(certificatePem: string, caCertificatePem: string, at: Date): CertificateCheck {
  const leaf = new X509Certificate(certificatePem);
  const ca = new X509Certificate(caCertificatePem);
  const problems: CertificateCheck['problems'] = [];
  if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey) || leaf.ca) problems.push('certificate-untrusted');
  if (at < new Date(leaf.validFrom) || at > new Date(leaf.validTo)) problems.push('certificate-not-valid-at-signing-time');
  const parsed = forge.pki.certificateFromPem(certificatePem);
  const usage = parsed.getExtension('keyUsage') as { digitalSignature?: boolean; nonRepudiation?: boolean } | null;
  if (!usage?.digitalSignature || !usage.nonRepudiation) problems.push('certificate-key-usage');
  return { serial: leaf.serialNumber.toUpperCase(), commonName: commonNameOf(parsed), problems };
}

/** The CN as text, decoding a UTF8String (forge keeps its raw bytes). */
export function commonNameOf(cert: forge.pki.Certificate): string {
  const field = cert.subject.getField('CN') as forge.pki.CertificateField | null;
  if (!field || typeof field.value !== 'string') return '';
  return (field.valueTagClass as unknown) === forge.asn1.Type.UTF8 ? forge.util.decodeUtf8(field.value) : field.value;
}
