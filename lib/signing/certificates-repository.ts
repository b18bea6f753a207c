// Certificates of our demo CA and their encrypted private keys (see migrations/20261126110000_signatures.ts).
import type { Queryable } from '../db.ts';

export type CertificateKind = 'ca' | 'user' | 'system';

export interface StoredCertificate {
  id: number;
  serial: string;
  kind: CertificateKind;
  userId: number | null;
  systemName: string | null;
  commonName: string;
  certificatePem: string;
  encryptedPrivateKey: string;
  notBefore: Date;
  notAfter: Date;
}

export interface NewCertificate {
  serial: string;
  kind: CertificateKind;
  userId?: number;
  systemName?: string;
  commonName: string;
  certificatePem: string;
  encryptedPrivateKey: string;
  notBefore: Date;
  notAfter: Date;
}

interface Row {
  id: number;
  serial: string;
  kind: CertificateKind;
  user_id: number | null;
  system_name: string | null;
  common_name: string;
  certificate_pem: string;
  encrypted_private_key: string;
  not_before: Date;
  not_after: Date;
}

const COLUMNS = ['id', 'serial', 'kind', 'user_id', 'system_name', 'common_name', 'certificate_pem', 'encrypted_private_key', 'not_before', 'not_after'];

function toCertificate(row: Row): StoredCertificate {
  return {
    id: row.id,
    serial: row.serial,
    kind: row.kind,
    userId: row.user_id,
    systemName: row.system_name,
    commonName: row.common_name,
    certificatePem: row.certificate_pem,
    encryptedPrivateKey: row.encrypted_private_key,
    notBefore: row.not_before,
    notAfter: row.not_after,
  };
}

async function first(q: Queryable, where: Record<string, unknown>): Promise<StoredCertificate | undefined> {
  const row = (await q('signing_certificates').where(where).first(COLUMNS)) as Row | undefined;
  return row ? toCertificate(row) : undefined;
}

export function findCaCertificate(q: Queryable): Promise<StoredCertificate | undefined> {
  return first(q, { kind: 'ca' });
}

export function findUserCertificate(q: Queryable, userId: number): Promise<StoredCertificate | undefined> {
  return first(q, { kind: 'user', user_id: userId });
}

export function findSystemCertificate(q: Queryable, systemName: string): Promise<StoredCertificate | undefined> {
  return first(q, { kind: 'system', system_name: systemName });
}

export function findCertificateBySerial(q: Queryable, serial: string): Promise<StoredCertificate | undefined> {
  return first(q, { serial });
}

export async function insertCertificate(q: Queryable, cert: NewCertificate): Promise<StoredCertificate> {
  const [row] = (await q('signing_certificates')
    .insert({
      serial: cert.serial,
      kind: cert.kind,
      user_id: cert.userId ?? null,
      system_name: cert.systemName ?? null,
      common_name: cert.commonName,
      certificate_pem: cert.certificatePem,
      encrypted_private_key: cert.encryptedPrivateKey,
      not_before: cert.notBefore,
      not_after: cert.notAfter,
    })
    .returning(COLUMNS)) as Row[];
  return toCertificate(row!);
}

/**
 * Serialises whoever creates the certificate named by `key` (the CA, a user's, a seal's) until the
 * transaction ends, across every process sharing the database: the second one waits, then finds
 * the first one's row. Released by COMMIT or ROLLBACK, so a crash cannot leave it held.
 */
export async function lockCertificateCreation(trx: Queryable, key: string): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`hromada:signing:${key}`]);
}
