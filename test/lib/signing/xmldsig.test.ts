// Signing and verifying registration cards without a database: the library against itself, and
// against xmlsec1, the independent verifier (DESIGN.md "Signatures": both must verify in
// independent tools). Given a CA and a signer, when a card is signed, then xmlsec1 accepts it with
// only the CA certificate as trust, and refuses it once one field or one byte has changed.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { checkSignerCertificate, createRootCa, issueSigningCertificate, type IssuedCertificate } from '../../../lib/signing/certificates.ts';
import { cardToXml, parseCardXml, type RegistrationCard } from '../../../lib/signing/card-xml.ts';
import { signCard, verifyCard } from '../../../lib/signing/xmldsig.ts';

const run = promisify(execFile);

const card: RegistrationCard = {
  documentId: '6f1c2b1e-6a59-4a2e-9d55-2d1a0d6f0a11',
  kind: 'incoming',
  correspondent: 'ТОВ «Київські ліфти» & Co <test>',
  theirNumber: '17/3-45',
  theirDate: '2026-11-20',
  summary: 'Про ремонт ліфтів на вул. Хрещатик, 36\r\nдругий рядок',
  registrationIndex: '865/01-15',
  journalCode: 'incoming',
  registeredAt: '2026-11-26T08:15:00.000Z',
  caseFileIndex: '01-15',
  scanSha256: 'a'.repeat(64),
};

async function xmlsec(dir: string, caPem: string, xml: string): Promise<{ ok: boolean; output: string }> {
  await writeFile(path.join(dir, 'ca.pem'), caPem);
  await writeFile(path.join(dir, 'signed.xml'), xml);
  try {
    const { stdout, stderr } = await run('xmlsec1', ['--verify', '--trusted-pem', path.join(dir, 'ca.pem'), path.join(dir, 'signed.xml')]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('signing of registration cards (XML-DSig)', function () {
  this.timeout(60000);
  const now = new Date();
  let ca: IssuedCertificate;
  let otherCa: IssuedCertificate;
  let seal: IssuedCertificate;
  let stranger: IssuedCertificate;
  let dir: string;

  before(async () => {
    ca = await createRootCa(now);
    otherCa = await createRootCa(now);
    seal = await issueSigningCertificate({ ca, subject: { commonName: 'Реєстрація — Загальний відділ' }, now });
    stranger = await issueSigningCertificate({ ca: otherCa, subject: { commonName: 'Хтось Інший' }, now });
    dir = await mkdtemp(path.join(os.tmpdir(), 'hromada-xmlsec-'));
  });
  after(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  it('writes the card as XML and reads back exactly the same fields, CR and markup included', () => {
    const back = parseCardXml(cardToXml({ purpose: 'registration', signedAt: now.toISOString(), card }));
    expect(back).to.deep.equal({ purpose: 'registration', signedAt: now.toISOString(), card });
    const noOptional = { ...card, theirNumber: null, theirDate: null };
    expect(parseCardXml(cardToXml({ purpose: 'registration', signedAt: now.toISOString(), card: noOptional })).card).to.deep.equal(noOptional);
  });

  it('issues signing certificates with the staff name as CN, for signatures only', () => {
    const x = new X509Certificate(seal.certificatePem);
    expect(x.subject).to.include('CN=Реєстрація — Загальний відділ');
    expect(x.issuer).to.include('CN=Hromada Test CA');
    expect(x.checkIssued(new X509Certificate(ca.certificatePem))).to.equal(true);
    expect(x.serialNumber.toUpperCase()).to.equal(seal.serial);
    expect(new X509Certificate(ca.certificatePem).ca).to.equal(true);
    expect(x.ca).to.equal(false);
    const usage = forge.pki.certificateFromPem(seal.certificatePem).getExtension('keyUsage') as Record<string, unknown>;
    expect(usage).to.include({ critical: true, digitalSignature: true, nonRepudiation: true, keyCertSign: false });
    expect(checkSignerCertificate(seal.certificatePem, ca.certificatePem, now).problems).to.deep.equal([]);
    // A certificate that may sign certificates is not a document signer.
    expect(checkSignerCertificate(otherCa.certificatePem, ca.certificatePem, now).problems).to.include('certificate-untrusted');
  });

  it('signs a card that verifies with its own CA and reports nothing wrong', () => {
    const xml = signCard(card, { key: seal, purpose: 'registration', signedAt: now });
    expect(xml).to.include('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(xml).to.include('http://www.w3.org/2001/10/xml-exc-c14n#');
    expect(xml).to.include('<X509Certificate>');
    const result = verifyCard(xml, { trustedCaPem: ca.certificatePem, expectedScanSha256: card.scanSha256, currentCard: card, expectedPurpose: 'registration' });
    expect(result.problems).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(result.certificate?.serial).to.equal(seal.serial);
    expect(result.certificate?.commonName).to.equal('Реєстрація — Загальний відділ');
    expect(result.signed?.card).to.deep.equal(card);
  });

  it('detects a changed scan, a changed card field, a broken signature and a foreign certificate', () => {
    const xml = signCard(card, { key: seal, purpose: 'registration', signedAt: now });
    const codes = (r: ReturnType<typeof verifyCard>) => r.problems.map((p) => (p.field ? `${p.code}:${p.field}` : p.code));

    expect(codes(verifyCard(xml, { trustedCaPem: ca.certificatePem, expectedScanSha256: 'b'.repeat(64), currentCard: card }))).to.deep.equal(['scan-changed']);
    expect(codes(verifyCard(xml, { trustedCaPem: ca.certificatePem, expectedScanSha256: null, currentCard: card }))).to.deep.equal(['scan-missing']);
    expect(codes(verifyCard(xml, { trustedCaPem: ca.certificatePem, expectedScanSha256: card.scanSha256, currentCard: { ...card, summary: 'Інший зміст' } })))
      .to.deep.equal(['card-changed:summary']);
    expect(codes(verifyCard(xml, { trustedCaPem: ca.certificatePem, expectedScanSha256: card.scanSha256, currentCard: card, expectedPurpose: 'approval' })))
      .to.deep.equal(['purpose-mismatch']);

    const tampered = xml.replace('<Index>865/01-15</Index>', '<Index>866/01-15</Index>');
    expect(tampered).to.not.equal(xml);
    expect(codes(verifyCard(tampered, { trustedCaPem: ca.certificatePem, expectedScanSha256: card.scanSha256, currentCard: card }))).to.deep.equal(['signature-invalid']);
    expect(verifyCard('<not-xml', { trustedCaPem: ca.certificatePem, expectedScanSha256: null }).valid).to.equal(false);

    expect(codes(verifyCard(xml, { trustedCaPem: otherCa.certificatePem, expectedScanSha256: card.scanSha256, currentCard: card }))).to.deep.equal(['certificate-untrusted']);
    const foreign = signCard(card, { key: stranger, purpose: 'registration', signedAt: now });
    expect(codes(verifyCard(foreign, { trustedCaPem: ca.certificatePem, expectedScanSha256: card.scanSha256, currentCard: card }))).to.deep.equal(['certificate-untrusted']);
  });

  it('refuses a second signature wrapped around the signed card', () => {
    const xml = signCard(card, { key: seal, purpose: 'registration', signedAt: now });
    const wrapped = xml.replace('</RegistrationCard>', `${xml.slice(xml.indexOf('<Signature'), xml.indexOf('</Signature>') + '</Signature>'.length)}</RegistrationCard>`);
    expect(verifyCard(wrapped, { trustedCaPem: ca.certificatePem, expectedScanSha256: card.scanSha256, currentCard: card }).valid).to.equal(false);
  });

  describe('xmlsec1, the independent verifier', () => {
    it('accepts the signed card trusting only our CA certificate', async () => {
      const xml = signCard(card, { key: seal, purpose: 'registration', signedAt: now });
      const result = await xmlsec(dir, ca.certificatePem, xml);
      expect(result.ok, result.output).to.equal(true);
      expect(result.output).to.match(/^OK/m);
    });

    it('refuses it when one field of the card has changed', async () => {
      const xml = signCard(card, { key: seal, purpose: 'registration', signedAt: now });
      const tampered = xml.replace('<Journal>incoming</Journal>', '<Journal>outgoing</Journal>');
      expect(tampered).to.not.equal(xml);
      const result = await xmlsec(dir, ca.certificatePem, tampered);
      expect(result.ok, result.output).to.equal(false);
    });

    it('refuses it when one hex digit of the scan hash has changed', async () => {
      const xml = signCard(card, { key: seal, purpose: 'registration', signedAt: now });
      const tampered = xml.replace(`<Sha256>${'a'.repeat(64)}</Sha256>`, `<Sha256>b${'a'.repeat(63)}</Sha256>`);
      expect(tampered).to.not.equal(xml);
      expect((await xmlsec(dir, ca.certificatePem, tampered)).ok).to.equal(false);
    });

    it('refuses a card signed with a certificate from another CA', async () => {
      const xml = signCard(card, { key: stranger, purpose: 'registration', signedAt: now });
      const result = await xmlsec(dir, ca.certificatePem, xml);
      expect(result.ok, result.output).to.equal(false);
    });
  });
});
