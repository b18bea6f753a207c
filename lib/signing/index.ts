// Signatures of registration cards (Law 2155-VIII, CMU 798/2023; DESIGN.md "Signatures"): what the
// API and the workers use. Provides the CA certificate, signing certificates issued on first need,
// signing a card once per (document, purpose, signer), and verification against the scan and the
// card as they are now. Needs the database, the data folder (key-encryption key) and the file store.
//
// Pieces: key-vault.ts (keys at rest), certificates.ts (X.509), card-xml.ts (the card as XML),
// xmldsig.ts (sign, verify); SQL in lib/signing/certificates-repository.ts and lib/signing/repository.ts.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Db, Queryable } from '../db.ts';
import type { FileStore } from '../file-store.ts';
import { appendAudit, userActor } from '../audit.ts';
import {
  findCaCertificate, findSystemCertificate, findUserCertificate, insertCertificate, lockCertificateCreation,
  type NewCertificate, type StoredCertificate,
} from './certificates-repository.ts';
import {
  documentExists, findRegistrationCard, findSignature, insertSignatureOnce, listSignatures,
  type Signer, type StoredSignature,
} from './repository.ts';
import { findResolution, findResolutionOfProcess, type Resolution } from '../correspondence/resolutions-repository.ts';
import { findStaffUser } from '../staff/repository.ts';
import { changedParts, executorsText, type ApprovalPart, type ResolutionPart } from './card-xml.ts';
import { createRootCa, issueSigningCertificate, type IssuedCertificate } from './certificates.ts';
import { createKeyVault, loadOrCreateKek, type KeyVault } from './key-vault.ts';
import { compareWithCurrent, signCard, verificationProblem, verifySignedXml, type CardVerification } from './xmldsig.ts';

export { SignaturePurposes, type SignaturePurpose, type RegistrationCard } from './card-xml.ts';
export type { CardVerification, VerificationProblem } from './xmldsig.ts';
export type { Signer } from './repository.ts';

/** Seals of the body, used by workers: one certificate each, created on first use. */
export const SystemSeals = {
  registration: { name: 'registration-seal', commonName: 'Реєстрація — Загальний відділ', organizationalUnit: 'Загальний відділ (канцелярія)' },
} as const;
export type SystemSeal = (typeof SystemSeals)[keyof typeof SystemSeals];

export interface SigningDeps {
  db: Db;
  /** Holds the key-encryption key (`<dataDir>/signing-kek`). */
  dataDir: string;
  /** The content-addressed scans (config.filesDir). */
  files: Pick<FileStore, 'pathOf'>;
  now?: () => Date;
}

export type SignCardResult =
  | { status: 'signed'; signature: StoredSignature; created: boolean }
  | { status: 'document-not-found' }
  | { status: 'not-registered' }
  /** Asked to sign a resolution (or its acceptance) that is not recorded (or not accepted) yet. */
  | { status: 'no-resolution' };

/** The resolution as its author's signature covers it (CMU 55/2018: author, executors, term, text). */
export function resolutionPart(r: Resolution): ResolutionPart {
  return {
    id: String(r.id),
    text: r.text,
    executors: executorsText(r.executors),
    term: r.term,
    controlDate: r.controlDate,
    replyNeeded: String(r.replyNeeded),
    resolvedAt: new Date(r.at).toISOString(),
  };
}

/** The controller's acceptance as the controller's signature covers it; undefined before acceptance. */
export function approvalPart(r: Resolution): ApprovalPart | undefined {
  if (!r.acceptedAt) return undefined;
  return { decision: 'accepted', acceptedAt: new Date(r.acceptedAt).toISOString(), reworkCount: String(r.reworkCount), summary: r.executionSummary ?? '' };
}

export interface VerifiedSignature {
  signature: StoredSignature;
  verification: CardVerification;
}

export interface SigningService {
  /** The root certificate anyone can verify our signatures with (created on first call). */
  caCertificatePem(): Promise<string>;
  userCertificate(userId: number): Promise<StoredCertificate>;
  systemCertificate(seal: SystemSeal): Promise<StoredCertificate>;
  /**
   * Signs the document's registration card in the journal, or returns the signature this signer
   * already made for this purpose: a retried task never signs twice.
   */
  signRegistrationCard(input: {
    documentId: string; journalCode: string; purpose: string; signer: Signer; signerSeal?: SystemSeal; actor?: string;
    /**
     * Sign the card with this case's resolution (`with: 'resolution'`, by its author) or with the
     * resolution and the controller's acceptance of its execution (`with: 'approval'`).
     */
    attach?: { processInstanceId: string; with: 'resolution' | 'approval' };
  }): Promise<SignCardResult>;
  verifySignature(signature: StoredSignature): Promise<CardVerification>;
  /** Undefined when the document does not exist. */
  verifyDocumentSignatures(documentId: string): Promise<VerifiedSignature[] | undefined>;
}

export class ScanIntegrityError extends Error {
  override name = 'ScanIntegrityError';
}

export function createSigningService({ db, dataDir, files, now = () => new Date() }: SigningDeps): SigningService {
  let vault: Promise<KeyVault> | undefined;
  let caPem: Promise<string> | undefined;

  function keyVault(): Promise<KeyVault> {
    vault ??= loadOrCreateKek(dataDir).then(createKeyVault).catch((error: unknown) => {
      vault = undefined;
      throw error;
    });
    return vault;
  }

  /** Finds the certificate, or creates it under an advisory lock so that only one process does. */
  async function ensure(lockKey: string, find: (q: Queryable) => Promise<StoredCertificate | undefined>,
    issue: () => Promise<Omit<NewCertificate, 'encryptedPrivateKey' | 'serial' | 'commonName' | 'certificatePem' | 'notBefore' | 'notAfter'> & { issued: IssuedCertificate }>): Promise<StoredCertificate> {
    const existing = await find(db);
    if (existing) return existing;
    const kv = await keyVault();
    return db.transaction(async (trx) => {
      await lockCertificateCreation(trx, lockKey);
      const created = await find(trx);
      if (created) return created;
      const { issued, ...rest } = await issue();
      return insertCertificate(trx, {
        ...rest,
        serial: issued.serial,
        commonName: issued.commonName,
        certificatePem: issued.certificatePem,
        encryptedPrivateKey: kv.encrypt(issued.privateKeyPem, issued.serial),
        notBefore: issued.notBefore,
        notAfter: issued.notAfter,
      });
    });
  }

  function ensureCa(): Promise<StoredCertificate> {
    return ensure('ca', findCaCertificate, async () => ({ kind: 'ca', issued: await createRootCa(now()) }));
  }

  async function caKey(): Promise<{ certificatePem: string; privateKeyPem: string }> {
    const ca = await ensureCa();
    return { certificatePem: ca.certificatePem, privateKeyPem: (await keyVault()).decrypt(ca.encryptedPrivateKey, ca.serial) };
  }

  function caCertificatePem(): Promise<string> {
    caPem ??= ensureCa().then((ca) => ca.certificatePem).catch((error: unknown) => {
      caPem = undefined;
      throw error;
    });
    return caPem;
  }

  // What issuing needs (the CA key, the user's name) is read before ensure() opens its transaction:
  // inside it, a second connection from the same pool could wait forever for a free one.
  async function userCertificate(userId: number): Promise<StoredCertificate> {
    const existing = await findUserCertificate(db, userId);
    if (existing) return existing;
    const user = await findStaffUser(db, userId);
    if (!user) throw new Error(`staff user ${userId} does not exist or is not active`);
    const ca = await caKey();
    return ensure(`user:${userId}`, (q) => findUserCertificate(q, userId), async () => ({
      kind: 'user',
      userId,
      issued: await issueSigningCertificate({ ca, subject: { commonName: user.fullName }, now: now() }),
    }));
  }

  async function systemCertificate(seal: SystemSeal): Promise<StoredCertificate> {
    const existing = await findSystemCertificate(db, seal.name);
    if (existing) return existing;
    const ca = await caKey();
    return ensure(`system:${seal.name}`, (q) => findSystemCertificate(q, seal.name), async () => ({
      kind: 'system',
      systemName: seal.name,
      issued: await issueSigningCertificate({ ca, subject: { commonName: seal.commonName, organizationalUnit: seal.organizationalUnit }, now: now() }),
    }));
  }

  /** SHA-256 of the stored scan's bytes now; null when the file is gone. */
  async function scanHash(sha256: string): Promise<string | null> {
    const hash = createHash('sha256');
    try {
      for await (const chunk of createReadStream(files.pathOf(sha256))) hash.update(chunk as Buffer);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return hash.digest('hex');
  }

  async function signRegistrationCard({ documentId, journalCode, purpose, signer, signerSeal, actor, attach }: Parameters<SigningService['signRegistrationCard']>[0]): Promise<SignCardResult> {
    const existing = await findSignature(db, documentId, purpose, signer);
    if (existing) return { status: 'signed', signature: existing, created: false };

    let certificate: StoredCertificate;
    if (signer.kind === 'user') certificate = await userCertificate(signer.userId);
    else {
      if (!signerSeal || signerSeal.name !== signer.name) throw new Error(`the seal of system signer ${signer.name} is required`);
      certificate = await systemCertificate(signerSeal);
    }
    const privateKeyPem = (await keyVault()).decrypt(certificate.encryptedPrivateKey, certificate.serial);

    return db.transaction(async (trx): Promise<SignCardResult> => {
      // FOR SHARE: the card cannot change between being read and its signature being stored.
      const document = await trx('documents').where({ id: documentId }).forShare().first('id');
      if (!document) return { status: 'document-not-found' };
      const card = await findRegistrationCard(trx, documentId, journalCode);
      if (!card) return { status: 'not-registered' };
      // The signature covers the scan's exact bytes (Law 2155-VIII): never sign a hash that the
      // stored file no longer has.
      const actual = await scanHash(card.scanSha256);
      if (actual !== card.scanSha256) {
        throw new ScanIntegrityError(`the stored scan of document ${documentId} is ${actual === null ? 'missing' : 'not the registered one'}; not signing`);
      }
      let parts: { resolution?: ResolutionPart; approval?: ApprovalPart } = {};
      if (attach) {
        // FOR SHARE as the document: the resolution cannot change between being read and signed.
        const resolution = await findResolutionOfProcess(trx, attach.processInstanceId);
        const locked = resolution && await trx('resolutions').where({ id: resolution.id }).forShare().first('id');
        if (!resolution || !locked || resolution.documentId !== documentId) return { status: 'no-resolution' };
        const approval = attach.with === 'approval' ? approvalPart(resolution) : undefined;
        if (attach.with === 'approval' && !approval) return { status: 'no-resolution' };
        parts = { resolution: resolutionPart(resolution), ...(approval ? { approval } : {}) };
      }
      const signedAt = now();
      const signedXml = signCard(card, { key: { certificatePem: certificate.certificatePem, privateKeyPem }, purpose, signedAt, ...parts });
      const result = await insertSignatureOnce(trx, { documentId, purpose, signer, certificateSerial: certificate.serial, signedXml, signedAt });
      if (result.created) {
        await appendAudit(trx, {
          actor: actor ?? (signer.kind === 'user' ? userActor(signer.userId) : `system:${signer.name}`),
          action: 'document.signed',
          entityType: 'document',
          entityId: documentId,
          details: { purpose, journal: journalCode, certificateSerial: certificate.serial },
        });
      }
      return { status: 'signed', ...result };
    });
  }

  async function verifySignature(signature: StoredSignature): Promise<CardVerification> {
    const checked = verifySignedXml(signature.signedXml, await caCertificatePem());
    if (!checked.signed) return checked;
    // The row and the XML must tell the same story: a signature copied from another row does not.
    if (checked.certificate?.serial !== signature.certificateSerial || checked.signed.card.documentId !== signature.documentId) {
      return { ...checked, valid: false, problems: [...checked.problems, verificationProblem('signature-invalid')] };
    }
    const currentCard = await findRegistrationCard(db, signature.documentId, checked.signed.card.journalCode);
    const compared = compareWithCurrent(checked, {
      expectedScanSha256: await scanHash(currentCard?.scanSha256 ?? checked.signed.card.scanSha256),
      currentCard,
      expectedPurpose: signature.purpose,
    });
    const problems = [...compared.problems];
    if (!currentCard) problems.push(verificationProblem('registration-missing'));
    const { signed } = checked;
    if (signed.resolution) {
      // A resolution or an acceptance is checked against the resolution as it is now, like the card.
      const resolutionId = Number(signed.resolution.id);
      const current = Number.isSafeInteger(resolutionId) ? await findResolution(db, resolutionId) : undefined;
      const currentParts = current && current.documentId === signature.documentId
        ? { resolution: resolutionPart(current), approval: approvalPart(current) }
        : {};
      for (const field of changedParts(signed, currentParts)) problems.push(verificationProblem('card-changed', field));
    }
    return { ...compared, valid: problems.length === 0, problems };
  }

  async function verifyDocumentSignatures(documentId: string): Promise<VerifiedSignature[] | undefined> {
    if (!(await documentExists(db, documentId))) return undefined;
    const signatures = await listSignatures(db, documentId);
    const out: VerifiedSignature[] = [];
    for (const signature of signatures) out.push({ signature, verification: await verifySignature(signature) });
    return out;
  }

  return { caCertificatePem, userCertificate, systemCertificate, signRegistrationCard, verifySignature, verifyDocumentSignatures };
}
