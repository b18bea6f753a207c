// The answer to a citizen's appeal, signed by the head who approved it with their personal
// certificate (Law 393/96-ВР Art. 15: the answer is signed by the head or the person authorised;
// Law 2155-VIII; DESIGN.md "Signatures"). Same XML-DSig as the registration card (enveloped,
// exclusive c14n, RSA-SHA256, the signer's certificate in KeyInfo), so `xmlsec1 --verify
// --trusted-pem ca.pem` checks it too; the document is the answer with the appeal's registration.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { Db } from '../db.ts';
import { appendAudit, userActor } from '../audit.ts';
import { findAppealAnswer, insertAppealAnswerOnce, type StoredAppealAnswer } from './repository.ts';
import { checkSignerCertificate } from '../signing/certificates.ts';
import { createSigningService } from '../signing/index.ts';
import { createKeyVault, loadOrCreateKek } from '../signing/key-vault.ts';
import { ALGORITHMS } from '../signing/xmldsig.ts';

export const ANSWER_NAMESPACE = 'urn:hromada:appeal-answer:1';
export const ANSWER_PURPOSE = 'appeal-answer';

export interface AppealAnswerDocument {
  appealId: string;
  registrationIndex: string;
  /** ISO 8601, UTC */
  registeredAt: string;
  result: 'satisfied' | 'explained' | 'refused';
  text: string;
  refusalGround: string | null;
  /** ISO 8601, UTC */
  signedAt: string;
}

// XML 1.0 cannot carry these at all.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function text(value: string, field: string): string {
  if (FORBIDDEN.test(value)) throw new Error(`answer field ${field} holds a control character XML cannot carry`);
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** The answer as the XML that gets signed: built by hand, one element per field in a fixed order. */
export function answerToXml(answer: AppealAnswerDocument): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<AppealAnswer xmlns="${ANSWER_NAMESPACE}">`,
    `<Purpose>${ANSWER_PURPOSE}</Purpose>`,
    `<SignedAt>${text(answer.signedAt, 'signedAt')}</SignedAt>`,
    `<AppealId>${text(answer.appealId, 'appealId')}</AppealId>`,
    `<RegistrationIndex>${text(answer.registrationIndex, 'registrationIndex')}</RegistrationIndex>`,
    `<RegisteredAt>${text(answer.registeredAt, 'registeredAt')}</RegisteredAt>`,
    `<Result>${text(answer.result, 'result')}</Result>`,
    ...(answer.refusalGround !== null ? [`<RefusalGround>${text(answer.refusalGround, 'refusalGround')}</RefusalGround>`] : []),
    `<Text>${text(answer.text, 'text')}</Text>`,
    '</AppealAnswer>',
  ];
  return lines.join('\n');
}

/** Signs any XML document as an enveloped signature over the whole of it (Reference URI=""). */
export function signXmlDocument(xml: string, key: { certificatePem: string; privateKeyPem: string }): string {
  const sig = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certificatePem,
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

export interface AnswerVerification {
  valid: boolean;
  problems: string[];
  certificate?: { serial: string; commonName: string };
  /** What was signed, canonical, when the signature holds. */
  signedXml?: string;
}

/** Verifies a signed answer: one enveloped signature over the whole document, by a certificate of our CA. */
export function verifyAnswerXml(xml: string, trustedCaPem: string): AnswerVerification {
  try {
    const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } }).parseFromString(xml, 'text/xml');
    const root = doc.documentElement;
    if (!root || root.localName !== 'AppealAnswer' || root.namespaceURI !== ANSWER_NAMESPACE) throw new Error('not an appeal answer');
    const signatures = new SignedXml().findSignatures(doc as unknown as Node) as unknown as Element[];
    const node = signatures[0];
    if (signatures.length !== 1 || !node || node.parentNode !== root) throw new Error('expected one enveloped signature');
    const certs = Array.from(node.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'X509Certificate'));
    if (certs.length !== 1) throw new Error('expected the signer certificate only');
    const base64 = (certs[0]!.textContent ?? '').replace(/\s+/g, '');
    const certificatePem = `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
    const sig = new SignedXml({ publicCert: certificatePem });
    sig.loadSignature(node as unknown as Node);
    if (!sig.checkSignature(xml)) throw new Error('signature check failed');
    const refs = sig.getReferences();
    if (refs.length !== 1 || (refs[0]!.uri ?? '') !== '') throw new Error('the signature must cover the whole answer');
    const signedAt = /<SignedAt>([^<]+)<\/SignedAt>/.exec(sig.getSignedReferences()[0] ?? '')?.[1];
    const check = checkSignerCertificate(certificatePem, trustedCaPem, signedAt ? new Date(signedAt) : new Date(0));
    return {
      valid: check.problems.length === 0,
      problems: check.problems,
      certificate: { serial: check.serial, commonName: check.commonName },
      signedXml: sig.getSignedReferences()[0],
    };
  } catch {
    return { valid: false, problems: ['signature-invalid'] };
  }
}

export interface AnswerSigningDeps {
  db: Db;
  /** Holds the key-encryption key (`<dataDir>/signing-kek`). */
  dataDir: string;
  now?: () => Date;
}

export type SignAnswerResult =
  | { status: 'signed'; answer: StoredAppealAnswer; created: boolean }
  | { status: 'appeal-not-found' }
  | { status: 'not-registered' };

/**
 * Signs the approved answer with the head's personal certificate (issued on first need) and
 * stores it, once per appeal: a retried task gets the first signature back.
 */
export async function signAppealAnswer(deps: AnswerSigningDeps, input: {
  appealId: string;
  signerUserId: number;
  result: AppealAnswerDocument['result'];
  text: string;
  refusalGround: string | null;
}): Promise<SignAnswerResult> {
  const now = deps.now ?? (() => new Date());
  const existing = await findAppealAnswer(deps.db, input.appealId);
  if (existing) return { status: 'signed', answer: existing, created: false };

  // Certificates only: no scan is read, so no file store.
  const service = createSigningService({ db: deps.db, dataDir: deps.dataDir, now, files: { pathOf: () => { throw new Error('no scans here'); } } });
  const certificate = await service.userCertificate(input.signerUserId);
  const vault = createKeyVault(await loadOrCreateKek(deps.dataDir));
  const privateKeyPem = vault.decrypt(certificate.encryptedPrivateKey, certificate.serial);

  return deps.db.transaction(async (trx): Promise<SignAnswerResult> => {
    // FOR UPDATE: one signer at a time; the second finds the first one's answer.
    const appeal = await trx('appeals').where({ id: input.appealId }).forUpdate().first('registration_index', 'registered_at');
    if (!appeal) return { status: 'appeal-not-found' };
    if (!appeal.registration_index) return { status: 'not-registered' };
    const again = await findAppealAnswer(trx, input.appealId);
    if (again) return { status: 'signed', answer: again, created: false };
    const signedAt = now();
    const xml = answerToXml({
      appealId: input.appealId,
      registrationIndex: appeal.registration_index,
      registeredAt: (appeal.registered_at as Date).toISOString(),
      result: input.result,
      text: input.text,
      refusalGround: input.refusalGround,
      signedAt: signedAt.toISOString(),
    });
    const signedXml = signXmlDocument(xml, { certificatePem: certificate.certificatePem, privateKeyPem });
    const answer = await insertAppealAnswerOnce(trx, {
      appealId: input.appealId, result: input.result, text: input.text, refusalGround: input.refusalGround,
      signerUserId: input.signerUserId, certificateSerial: certificate.serial, signedXml, signedAt,
    });
    await appendAudit(trx, {
      actor: userActor(input.signerUserId), action: 'appeal.answer-signed', entityType: 'appeal', entityId: input.appealId,
      details: { purpose: ANSWER_PURPOSE, certificateSerial: certificate.serial, result: input.result },
    });
    return { status: 'signed', answer, created: true };
  });
}
