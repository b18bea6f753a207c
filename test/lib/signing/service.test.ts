// The signing service against the real, migrated PostgreSQL of the test stack and its data folder:
// certificates created once however many processes ask at once, keys encrypted at rest, one
// signature per (document, purpose, signer), and verification that notices a changed scan byte,
// a changed card field and a tampered signature.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb, migrateLatest, type Db } from '../../../lib/db.ts';
import { createFileStore } from '../../../lib/file-store.ts';
import { findCaCertificate } from '../../../lib/signing/certificates-repository.ts';
import { createSigningService, SignaturePurposes, SystemSeals, type SigningService } from '../../../lib/signing/index.ts';
import { createKeyVault, loadOrCreateKek } from '../../../lib/signing/key-vault.ts';
import { testConfig } from '../../support/stack.ts';
import { corruptScan, registeredDocument } from './fixtures.ts';

const seal = SystemSeals.registration;
const systemSigner = { kind: 'system', name: seal.name } as const;

describe('signing service (PostgreSQL)', function () {
  this.timeout(120000);
  let db: Db;
  let signing: SigningService;
  let dataDir: string;
  let filesDir: string;

  before(async function () {
    const url = process.env.HROMADA_TEST_APP_DB_URL;
    if (!url) {
      console.warn('    HROMADA_TEST_APP_DB_URL is not set: skipping the database tests');
      this.skip();
    }
    db = createDb(url, 10);
    await migrateLatest(db);
    // The stack's own data folder: the API verifying these signatures later uses the same key.
    ({ dataDir, filesDir } = testConfig());
    signing = createSigningService({ db, dataDir, files: createFileStore(filesDir) });
  });
  after(async () => { await db?.destroy(); });

  describe('the certificate authority, in a database of its own', () => {
    let adminDb: Db;
    let name: string;
    let dbs: Db[] = [];
    let tmp: string;

    before(async function () {
      const url = new URL(process.env.HROMADA_TEST_APP_DB_URL!);
      adminDb = createDb(url.toString(), 1);
      name = `hromada_signing_${randomBytes(4).toString('hex')}`;
      await adminDb.raw(`CREATE DATABASE "${name}"`);
      url.pathname = `/${name}`;
      // Two pools stand for two processes starting at the same time.
      dbs = [createDb(url.toString(), 3), createDb(url.toString(), 3)];
      await migrateLatest(dbs[0]!);
      tmp = await mkdtemp(path.join(os.tmpdir(), 'hromada-signing-'));
    });
    after(async () => {
      for (const d of dbs) await d.destroy();
      await adminDb?.raw(`DROP DATABASE IF EXISTS "${name}"`);
      await adminDb?.destroy();
      if (tmp) await rm(tmp, { recursive: true, force: true });
    });

    it('is created exactly once when two processes ask for it at the same time, its key encrypted at rest', async () => {
      const [a, b] = dbs.map((d) => createSigningService({ db: d, dataDir: tmp, files: createFileStore(path.join(tmp, 'files')) }));
      const [pemA, pemB] = await Promise.all([a!.caCertificatePem(), b!.caCertificatePem()]);
      expect(pemA).to.equal(pemB);
      expect(pemA).to.match(/^-----BEGIN CERTIFICATE-----/);
      const rows = await dbs[0]!('signing_certificates').where({ kind: 'ca' });
      expect(rows).to.have.length(1);

      const stored = (await findCaCertificate(dbs[0]!))!;
      expect(stored.encryptedPrivateKey).to.not.include('PRIVATE KEY');
      // Both processes hold the same key-encryption key: either can issue under the CA.
      const kek = await loadOrCreateKek(tmp);
      expect(createKeyVault(kek).decrypt(stored.encryptedPrivateKey, stored.serial)).to.include('BEGIN PRIVATE KEY');
      expect(() => createKeyVault(randomBytes(32)).decrypt(stored.encryptedPrivateKey, stored.serial)).to.throw(/cannot be decrypted/);
      expect(() => createKeyVault(kek).decrypt(stored.encryptedPrivateKey, 'ANOTHER-SERIAL')).to.throw(/cannot be decrypted/);

      // And one seal certificate, however many workers ask.
      const seals = await Promise.all([a!.systemCertificate(seal), b!.systemCertificate(seal), a!.systemCertificate(seal)]);
      expect(new Set(seals.map((s) => s.serial)).size).to.equal(1);
      expect(await dbs[0]!('signing_certificates').where({ kind: 'system' })).to.have.length(1);
    });
  });

  it('issues a staff member a certificate with their full name once, and a seal certificate for workers', async () => {
    const clerk = await db('staff_users').where({ username: 'clerk' }).first('id', 'full_name');
    const [first, second] = await Promise.all([signing.userCertificate(clerk.id), signing.userCertificate(clerk.id)]);
    expect(first.serial).to.equal(second.serial);
    expect(first.commonName).to.equal(clerk.full_name);
    expect(first.kind).to.equal('user');
    const sealCert = await signing.systemCertificate(seal);
    expect(sealCert.commonName).to.equal('Реєстрація — Загальний відділ');
    expect(sealCert.serial).to.not.equal(first.serial);
  });

  it('signs a registration card once, however often it is asked, and the signature verifies', async () => {
    const doc = await registeredDocument(db, filesDir);
    const input = { documentId: doc.id, journalCode: 'incoming', purpose: SignaturePurposes.registration, signer: systemSigner, signerSeal: seal };
    const [one, two] = await Promise.all([signing.signRegistrationCard(input), signing.signRegistrationCard(input)]);
    const three = await signing.signRegistrationCard(input);
    expect(one.status).to.equal('signed');
    if (one.status !== 'signed' || two.status !== 'signed' || three.status !== 'signed') throw new Error('not signed');
    expect([one.signature.id, two.signature.id, three.signature.id]).to.deep.equal([one.signature.id, one.signature.id, one.signature.id]);
    expect([one.created, two.created].filter(Boolean)).to.have.length.at.most(1);
    expect(three.created).to.equal(false);
    expect(await db('signatures').where({ document_id: doc.id })).to.have.length(1);

    const [verified] = (await signing.verifyDocumentSignatures(doc.id))!;
    expect(verified!.verification.problems).to.deep.equal([]);
    expect(verified!.verification.valid).to.equal(true);
    expect(verified!.verification.signed!.card).to.include({ documentId: doc.id, registrationIndex: doc.registrationIndex, scanSha256: doc.scanSha256 });
    expect(verified!.signature.certificateCommonName).to.equal('Реєстрація — Загальний відділ');
  });

  it('answers not-registered and document-not-found instead of signing nothing', async () => {
    const unregistered = await registeredDocument(db, filesDir, { register: false });
    const base = { journalCode: 'incoming', purpose: SignaturePurposes.registration, signer: systemSigner, signerSeal: seal };
    expect((await signing.signRegistrationCard({ ...base, documentId: unregistered.id })).status).to.equal('not-registered');
    expect((await signing.signRegistrationCard({ ...base, documentId: '00000000-0000-4000-8000-000000000000' })).status).to.equal('document-not-found');
    expect(await signing.verifyDocumentSignatures('00000000-0000-4000-8000-000000000000')).to.equal(undefined);
  });

  it('refuses to sign when the stored scan is not the registered one', async () => {
    const doc = await registeredDocument(db, filesDir);
    await corruptScan(doc);
    const attempt = signing.signRegistrationCard({ documentId: doc.id, journalCode: 'incoming', purpose: SignaturePurposes.registration, signer: systemSigner, signerSeal: seal });
    let error: unknown;
    try { await attempt; } catch (e) { error = e; }
    expect((error as Error | undefined)?.name).to.equal('ScanIntegrityError');
    expect(await db('signatures').where({ document_id: doc.id })).to.have.length(0);
  });

  describe('verification of a stored signature', () => {
    async function signedDocument() {
      const doc = await registeredDocument(db, filesDir);
      const clerk = await db('staff_users').where({ username: 'clerk' }).first('id');
      await signing.signRegistrationCard({ documentId: doc.id, journalCode: 'incoming', purpose: SignaturePurposes.approval, signer: { kind: 'user', userId: clerk.id } });
      return doc;
    }
    async function problemsOf(documentId: string): Promise<string[]> {
      const [one] = (await signing.verifyDocumentSignatures(documentId))!;
      return one!.verification.problems.map((p) => (p.field ? `${p.code}:${p.field}` : p.code));
    }

    it('detects one changed byte of the scan', async () => {
      const doc = await signedDocument();
      expect(await problemsOf(doc.id)).to.deep.equal([]);
      await corruptScan(doc);
      expect(await problemsOf(doc.id)).to.deep.equal(['scan-changed']);
    });

    it('detects a changed field of the card in the database', async () => {
      const doc = await signedDocument();
      await db('documents').where({ id: doc.id }).update({ summary: 'Про ремонт дахів' });
      await db('registrations').where({ document_id: doc.id }).update({ case_file_index: '01-17' });
      expect(await problemsOf(doc.id)).to.deep.equal(['card-changed:summary', 'card-changed:caseFileIndex']);
    });

    it('detects a tampered signed XML', async () => {
      const doc = await signedDocument();
      const row = await db('signatures').where({ document_id: doc.id }).first('id', 'signed_xml');
      await db('signatures').where({ id: row.id }).update({ signed_xml: (row.signed_xml as string).replace('<Kind>incoming</Kind>', '<Kind>outgoing</Kind>') });
      expect(await problemsOf(doc.id)).to.deep.equal(['signature-invalid']);
    });
  });
});
