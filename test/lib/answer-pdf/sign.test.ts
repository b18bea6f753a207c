// The signed answer PDF against the real, migrated PostgreSQL of the test stack: the clerk's
// personal certificate from our CA (lib/signing) signs an answer, and poppler's pdfsig, an
// independent tool, finds the signature valid and names the signer; one changed byte makes it fail.
// pdfsig does not know our demo CA, so it reports the issuer as not trusted: we assert the
// integrity of the signature, not the trust chain (anyone can check that with our CA certificate).
import { expect } from 'chai';
import { createDb, migrateLatest, type Db } from '../../../lib/db.ts';
import { createFileStore } from '../../../lib/file-store.ts';
import { renderAnswerPdf, signPdf } from '../../../lib/answer-pdf/index.ts';
import { createSigningService } from '../../../lib/signing/index.ts';
import { userPkcs12 } from '../../../lib/signing/p12.ts';
import { testConfig } from '../../support/stack.ts';
import { pdfsig, removeDir, sampleLetter, scratchDir } from './fixtures.ts';

describe('lib/answer-pdf: embedded PDF signature (PostgreSQL, pdfsig)', function () {
  this.timeout(180000);
  let db: Db;
  let dir: string;
  let signed: Buffer;
  let clerkName: string;

  before(async function () {
    const url = process.env.HROMADA_TEST_APP_DB_URL;
    if (!url) {
      console.warn('    HROMADA_TEST_APP_DB_URL is not set: skipping the database tests');
      this.skip();
    }
    db = createDb(url, 4);
    await migrateLatest(db);
    dir = await scratchDir();
    const { dataDir, filesDir } = testConfig();
    const signing = createSigningService({ db, dataDir, files: createFileStore(filesDir) });
    const clerk = await db('staff_users').where({ username: 'clerk' }).first('id', 'full_name');
    clerkName = clerk.full_name;
    const bundle = await userPkcs12({ signing, dataDir }, clerk.id, 'answer-test');
    expect(bundle.certificate.commonName).to.equal(clerkName);
    const pdf = await renderAnswerPdf(sampleLetter());
    signed = await signPdf(pdf, { p12: bundle.p12, passphrase: bundle.passphrase, reason: 'Відповідь на запит на публічну інформацію', name: clerkName });
  });
  after(async () => {
    await db?.destroy();
    if (dir) await removeDir(dir);
  });

  it('is valid for pdfsig, covers the whole document and names the signer', async () => {
    const report = await pdfsig(dir, signed);
    expect(report).to.include('Signature Validation: Signature is Valid.');
    expect(report).to.include('Total document signed');
    expect(report).to.include(`Signer Certificate Common Name: ${clerkName}`);
    expect(report).to.include('Signing Hash Algorithm: SHA-256');
    // Our demo CA is not in poppler's trust store.
    expect(report).to.match(/Certificate Validation: Certificate issuer isn't Trusted/);
  });

  it('fails in pdfsig once one byte of the signed PDF changes', async () => {
    const tampered = Buffer.from(signed);
    // The producer's name in the document information: the file stays well-formed, one letter differs.
    const at = tampered.indexOf('(PDFKit)');
    expect(at).to.be.greaterThan(0);
    tampered[at + 6] = 'T'.charCodeAt(0);
    const report = await pdfsig(dir, tampered);
    expect(report).to.not.include('Signature is Valid.');
    expect(report).to.match(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
  });
});
