// The scanners' hot folder on the real stack: files dropped into <dataDir>/inbox/ws1/ are taken by
// the workers process, registered through the same path as an upload, and their text is read.
import { expect } from 'chai';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pino } from 'pino';
import { createDb, type Db } from '../../../lib/db.ts';
import { createFileStore } from '../../../lib/file-store.ts';
import { HOT_FOLDER_CORRESPONDENT, receiveHotFolderFile } from '../../../lib/correspondence/service.ts';
import { startHotFolder } from '../../../workers/hot-folder.ts';
import { LETTER_PAGES, characterAccuracy, pngToJpeg, removeDir, renderPages, scratchDir, textPdf } from '../../lib/ocr/fixtures.ts';
import { ApiSession, eventually, testStack } from '../../support/stack.ts';

describe('hot folder', function () {
  this.timeout(180000);
  let db: Db;
  let clerk: ApiSession;
  let inbox: string;
  let scratch: string;

  before(async () => {
    db = createDb(testStack().database.appUrl, 2);
    clerk = await ApiSession.login('clerk');
    inbox = path.join(testStack().profile.dataDir, 'inbox', 'ws1');
    await mkdir(inbox, { recursive: true });
    scratch = await scratchDir();
  });
  after(async () => {
    await db.destroy();
    await removeDir(scratch);
  });

  /** Writes as a scanner does: under a temporary name, then renamed when complete. */
  async function drop(name: string, bytes: Buffer): Promise<void> {
    const part = path.join(inbox, `${name.replace(/[\\/]/g, '_')}.${Math.random().toString(36).slice(2)}.part`);
    await writeFile(part, bytes);
    await rename(part, path.join(inbox, name));
  }

  const landed = (folder: 'done' | 'failed', name: string) => eventually(`${name} in ${folder}/`, async () => {
    const names = await readdir(path.join(inbox, folder)).catch(() => [] as string[]);
    return names.includes(name) ? path.join(inbox, folder, name) : undefined;
  }, 60000);

  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  async function documentOf(bytes: Buffer): Promise<{ id: string; file_name: string; file_type: string; created_by: number | null }> {
    return db('documents').where({ file_sha256: sha256(bytes) }).first('id', 'file_name', 'file_type', 'created_by');
  }

  it('registers a complete file, moves it to done/, and stores its text', async () => {
    const pdf = await textPdf([`${LETTER_PAGES[0]} Гаряча тека ${Date.now()}.`, LETTER_PAGES[1]!]);
    await drop('Лист від ліфтової компанії.pdf', pdf);
    await landed('done', 'Лист від ліфтової компанії.pdf');
    expect(existsSync(path.join(inbox, 'Лист від ліфтової компанії.pdf')), 'gone from the inbox').to.equal(false);

    const row = await documentOf(pdf);
    expect(row.file_name).to.equal('Лист від ліфтової компанії.pdf');
    expect(row.created_by).to.equal(null);
    const doc = await eventually('registration and the card check', async () => {
      const res = await clerk.request<{ status: string; registrationIndex: string | null; correspondent: string; currentSteps: Array<{ step: string }> }>('GET', `/api/v1/documents/${row.id}`);
      return res.body.currentSteps?.some((s) => s.step === 'check-registration-card') ? res.body : undefined;
    });
    expect(doc.registrationIndex).to.match(/^\d+\/01-15$/);
    expect(doc.correspondent).to.equal(HOT_FOLDER_CORRESPONDENT);

    const pages = await eventually('pages stored', async () => {
      const rows = await db('document_pages').where({ document_id: row.id }).orderBy('page_no').select('page_no', 'source', 'text', 'words');
      return rows.length === 2 ? rows : undefined;
    });
    expect(pages.map((p) => p.source)).to.deep.equal(['text-layer', 'text-layer']);
    expect(characterAccuracy(LETTER_PAGES[1]!, pages[1].text), 'the text layer, exactly').to.equal(1);
    expect(pages[0].words[0]).to.include({ text: 'Київська' });
    const state = await db('documents').where({ id: row.id }).first('ocr_status', 'page_count', 'thumbnail_sha256');
    expect(state).to.include({ ocr_status: 'done', page_count: 2 });
    expect(existsSync(path.join(testStack().profile.dataDir, 'files', state.thumbnail_sha256.slice(0, 2), state.thumbnail_sha256.slice(2, 4), state.thumbnail_sha256)), 'thumbnail stored').to.equal(true);
  });

  it('judges by content: a JPEG named .pdf is registered as a JPEG and OCR’d', async () => {
    const pdf = await textPdf([`${LETTER_PAGES[0]}`]);
    const jpeg = await pngToJpeg((await renderPages(pdf, 200, scratch))[0]!, scratch);
    await drop('photo-of-letter.pdf', jpeg);
    await landed('done', 'photo-of-letter.pdf');
    const row = await documentOf(jpeg);
    expect(row.file_type).to.equal('image/jpeg');
    const page: { source: string; text: string } = await eventually('OCR text', async () => db('document_pages').where({ document_id: row.id }).first('source', 'text', 'confidence'));
    expect(page.source).to.equal('ocr');
    expect(characterAccuracy(LETTER_PAGES[0]!, page.text)).to.be.greaterThan(0.9);
  });

  it('moves a zero-byte file, a path-trick name and a link to failed/ with a reason, registering nothing', async () => {
    const before = Number((await db('documents').count<{ count: string }[]>('* as count'))[0]!.count);
    await writeFile(path.join(inbox, 'empty-scan.pdf'), Buffer.alloc(0));
    await drop('..\\..\\files\\evil.pdf', await textPdf(['Спроба вийти за межі теки']));
    await symlink('/etc/passwd', path.join(inbox, 'passwords.pdf'));

    const empty = await landed('failed', 'empty-scan.pdf');
    expect(await readFile(`${empty}.reason.txt`, 'utf8')).to.match(/Code: empty/).and.match(/порожній/);
    const trick = await eventually('the path-trick file in failed/', async () => (await readdir(path.join(inbox, 'failed'))).find((n) => n.includes('evil') && n.endsWith('.pdf')));
    expect(trick, 'no separator survives in our name').to.not.match(/[\\/]/);
    expect(await readFile(path.join(inbox, 'failed', `${trick}.reason.txt`), 'utf8')).to.match(/Code: unsafe-name/);
    const link = await landed('failed', 'passwords.pdf');
    expect(await readFile(`${link}.reason.txt`, 'utf8')).to.match(/Code: not-a-file/);
    expect(existsSync('/etc/passwd'), 'the link target is untouched').to.equal(true);
    expect(Number((await db('documents').count<{ count: string }[]>('* as count'))[0]!.count)).to.equal(before);
  });

  it('reports the same file dropped twice as a duplicate instead of registering it again', async () => {
    const pdf = await textPdf([`Дублікат ${Date.now()}: ${LETTER_PAGES[0]}`]);
    await drop('first.pdf', pdf);
    await landed('done', 'first.pdf');
    const first = await documentOf(pdf);
    await drop('second.pdf', pdf);
    const second = await landed('failed', 'second.pdf');
    const reason = await readFile(`${second}.reason.txt`, 'utf8');
    expect(reason).to.match(/Code: duplicate/).and.contain(first.id).and.match(/Дублікат/);
    expect((await db('documents').where({ file_sha256: sha256(pdf) }).select('id')).length).to.equal(1);
  });

  it('recovers the claims a crashed run left in processing/: a received one keeps its one document, the other is received', async () => {
    // A hot folder of its own, so the stack's workers do not race this one for the files.
    const inboxDir = path.join(scratch, `inbox-${randomUUID()}`);
    const processing = path.join(inboxDir, 'ws-recover', 'processing');
    await mkdir(processing, { recursive: true });
    const files = createFileStore(path.join(testStack().profile.dataDir, 'files'));
    const received = await textPdf([`Отримано до збою ${Date.now()}`]);
    const notYet = await textPdf([`Не отримано до збою ${Date.now()}`]);
    // The crashed run had received the first claim (its document and the audit entry naming the
    // claim committed) but not yet moved its file to done/; it had only claimed the second.
    const claimId = randomUUID();
    const first = await receiveHotFolderFile({ db, files }, { staged: await files.receive(Readable.from([received])), fileName: 'received.pdf', workstation: 'ws-recover', claimId });
    expect(first).to.deep.include({ status: 'received', created: true });
    await writeFile(path.join(processing, `${claimId}--received.pdf`), received);
    await writeFile(path.join(processing, `${randomUUID()}--not-yet.pdf`), notYet);

    const folder = startHotFolder({ inboxDir, db, files, log: pino({ level: 'silent' }), maxBytes: 10 * 1024 * 1024 });
    await folder.scanOnce();
    await folder.stop();

    expect((await readdir(path.join(inboxDir, 'ws-recover', 'done'))).sort()).to.deep.equal(['not-yet.pdf', 'received.pdf']);
    expect(await readdir(processing)).to.deep.equal([]);
    expect(await readdir(path.join(inboxDir, 'ws-recover', 'failed')), 'the received claim is not its own duplicate').to.deep.equal([]);
    expect(await db('documents').where({ file_sha256: sha256(received) }).pluck('id')).to.deep.equal([(first as { id: string }).id]);
    expect(await db('documents').where({ file_sha256: sha256(notYet) }).pluck('id')).to.have.length(1);
  });
});
