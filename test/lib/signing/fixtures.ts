// Registered documents with a real scan in the file store, for the signing tests.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Db } from '../../../lib/db.ts';
import { createFileStore } from '../../../lib/file-store.ts';
import { registerDocument } from '../../../lib/correspondence/service.ts';
import { Journals } from '../../../lib/nomenclature/journals.ts';
import { samplePdf } from '../../support/files.ts';

// A year no real registration uses, so numbering tests and today's mail are left alone.
export const SIGNING_TEST_YEAR = 2198;

export interface RegisteredDocument {
  id: string;
  scanSha256: string;
  scanPath: string;
  registrationIndex: string;
}

export async function registeredDocument(db: Db, filesDir: string, options: { register?: boolean } = {}): Promise<RegisteredDocument> {
  const files = createFileStore(filesDir);
  // A scan of its own (random text), so changing its bytes touches no other test's document.
  const staged = await files.receive(Readable.from(samplePdf(`Lyst ${randomBytes(8).toString('hex')}`)));
  const stored = await files.commit(staged);
  const [row] = await db('documents').insert({
    kind: 'incoming',
    status: 'received',
    correspondent: 'ТОВ «Київські ліфти»',
    their_number: '17/3-45',
    their_date: '2026-11-20',
    summary: 'Про ремонт ліфтів на вул. Хрещатик, 36',
    file_sha256: stored.sha256,
    file_type: stored.type,
    file_size: stored.size,
  }).returning('id') as Array<{ id: string }>;
  const id = row!.id;
  let registrationIndex = '';
  if (options.register !== false) {
    const result = await registerDocument(db, { documentId: id, journalCode: Journals.incoming, at: new Date(`${SIGNING_TEST_YEAR}-03-10T09:00:00Z`) });
    registrationIndex = result!.registration.registrationIndex;
  }
  return { id, scanSha256: stored.sha256, scanPath: stored.path, registrationIndex };
}

/** Flips one bit of one byte of the stored scan, as silent corruption or tampering would. */
export async function corruptScan(doc: RegisteredDocument): Promise<void> {
  const bytes = await readFile(doc.scanPath);
  bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0x01;
  await writeFile(doc.scanPath, bytes);
}
