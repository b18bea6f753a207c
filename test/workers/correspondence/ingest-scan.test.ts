// The ingest-scan handler against the test stack's database and file store, without the engine:
// idempotent (a retried task neither reads again nor doubles the pages), unreadable scans recorded
// as failed, technical failures thrown for a retry.
import { expect } from 'chai';
import path from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { createDb, type Db } from '../../../lib/db.ts';
import { createFileStore, type FileStore } from '../../../lib/file-store.ts';
import { insertIncomingDocument } from '../../../lib/correspondence/repository.ts';
import { listDocumentPages } from '../../../lib/ocr/repository.ts';
import { createHandler } from '../../../workers/topics/correspondence/ingest-scan.ts';
import { ContractError } from '../../../workers/task-outcome.ts';
import { LETTER_PAGES, textPdf } from '../../lib/ocr/fixtures.ts';
import { testStack, testConfig } from '../../support/stack.ts';

describe('ingest-scan handler', function () {
  this.timeout(120000);
  let db: Db;
  let files: FileStore;
  const log = pino({ level: 'silent' });

  before(() => {
    db = createDb(testStack().database.appUrl, 2);
    files = createFileStore(path.join(testStack().profile.dataDir, 'files'));
  });
  after(async () => db.destroy());

  /** A document row without a process: the stack's own workers never see it. */
  async function documentWith(bytes: Buffer): Promise<string> {
    const stored = await files.commit(await files.receive(Readable.from([bytes])));
    const doc = await insertIncomingDocument(db, {
      correspondent: 'Тест', summary: 'Тест', file: { sha256: stored.sha256, type: stored.type, size: stored.size }, createdBy: null,
    });
    return doc.id;
  }

  it('stores the pages once: a second delivery of the task returns the first result', async () => {
    const id = await documentWith(await textPdf([`${LETTER_PAGES[0]} ${Date.now()}`, LETTER_PAGES[1]!]));
    const handler = createHandler({ db, config: testConfig(), log, now: () => new Date(), files });
    expect(await handler({ documentId: id })).to.deep.equal({ ocrStatus: 'done', pageCount: 2 });
    const first = await listDocumentPages(db, id);
    expect(first.map((p) => p.pageNo)).to.deep.equal([1, 2]);
    expect(await handler({ documentId: id })).to.deep.equal({ ocrStatus: 'done', pageCount: 2 });
    expect(await listDocumentPages(db, id)).to.deep.equal(first);
    const audits = await db('audit_log').where({ entity_id: id, action: 'document.ocr' }).count<{ count: string }[]>('* as count');
    expect(Number(audits[0]!.count), 'read once').to.equal(1);
  });

  it('records an unreadable scan as failed and answers the same on a retry', async () => {
    const id = await documentWith(await textPdf([`Закрито ${Date.now()}`], { userPassword: 'x', pdfVersion: '1.7' } as PDFKit.PDFDocumentOptions));
    const handler = createHandler({ db, config: testConfig(), log, now: () => new Date(), files });
    expect(await handler({ documentId: id })).to.deep.equal({ ocrStatus: 'failed' });
    expect(await handler({ documentId: id })).to.deep.equal({ ocrStatus: 'failed' });
    const row = await db('documents').where({ id }).first('ocr_status', 'ocr_error');
    expect(row.ocr_status).to.equal('failed');
    expect(row.ocr_error).to.match(/^encrypted:/);
    expect(await listDocumentPages(db, id)).to.deep.equal([]);
  });

  it('throws a technical failure for a retry and a ContractError for an unknown document', async () => {
    const handler = createHandler({ db, config: testConfig(), log, now: () => new Date(), files });
    const doc = await insertIncomingDocument(db, {
      correspondent: 'Тест', summary: 'Тест', file: { sha256: 'e'.repeat(64), type: 'application/pdf', size: 1 }, createdBy: null,
    });
    const missing = await handler({ documentId: doc.id }).catch((e: Error) => e);
    expect(missing).to.be.instanceOf(Error).and.not.instanceOf(ContractError);
    expect((await db('documents').where({ id: doc.id }).first('ocr_status')).ocr_status, 'still pending: a retry reads it').to.equal('pending');
    const unknown = await handler({ documentId: '00000000-0000-4000-8000-000000000000' }).catch((e: Error) => e);
    expect(unknown).to.be.instanceOf(ContractError);
  });
});
