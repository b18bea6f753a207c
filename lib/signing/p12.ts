// A signer's certificate and private key as PKCS#12, for signers that take one (embedded PDF
// signatures, @signpdf/signer-p12). The key is decrypted through the same vault as every other
// signature (key-vault.ts), so the key-encryption key in the data folder is still required, and
// the PKCS#12 lives only in memory, under a passphrase of the caller's choosing.
import forge from 'node-forge';
import type { StoredCertificate } from './certificates-repository.ts';
import type { SigningService } from './index.ts';
import { createKeyVault, loadOrCreateKek } from './key-vault.ts';

export interface Pkcs12Bundle {
  p12: Buffer;
  passphrase: string;
  certificate: StoredCertificate;
}

export interface Pkcs12Deps {
  signing: Pick<SigningService, 'caCertificatePem' | 'userCertificate'>;
  /** The data folder holding `signing-kek` (config.dataDir). */
  dataDir: string;
}

/** The certificate and key in one PKCS#12, with the CA certificate so the chain travels with it. */
export function toPkcs12(input: { certificatePem: string; privateKeyPem: string; caCertificatePem?: string; passphrase: string; friendlyName?: string }): Buffer {
  const key = forge.pki.privateKeyFromPem(input.privateKeyPem);
  const chain = [forge.pki.certificateFromPem(input.certificatePem)];
  if (input.caCertificatePem) chain.push(forge.pki.certificateFromPem(input.caCertificatePem));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, chain, input.passphrase, {
    algorithm: '3des',
    generateLocalKeyId: true,
    ...(input.friendlyName ? { friendlyName: input.friendlyName } : {}),
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/**
 * The staff member's personal certificate (issued on first need, as for card signatures) with its
 * private key, as PKCS#12. Callers sign and drop it; it is never stored or logged.
 */
export async function userPkcs12({ signing, dataDir }: Pkcs12Deps, userId: number, passphrase: string): Promise<Pkcs12Bundle> {
  const certificate = await signing.userCertificate(userId);
  const vault = createKeyVault(await loadOrCreateKek(dataDir));
  const privateKeyPem = vault.decrypt(certificate.encryptedPrivateKey, certificate.serial);
  const p12 = toPkcs12({ certificatePem: certificate.certificatePem, privateKeyPem, caCertificatePem: await signing.caCertificatePem(), passphrase });
  return { p12, passphrase, certificate };
}
