import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { samplePdf, samplePng, notAScan } from '../../support/files.ts';
import {
  createTestUser, listFiles, login, multipartBody, removeTestUsers, startTestApp, type SessionHeaders, type TestApp, type TestUser,
} from '../helpers.ts';

const metadata = { correspondent: 'ТОВ «Київські ліфти»', theirNumber: '17/3-45', theirDate: '2026-01-20', summary: 'Про ремонт ліфтів' };

function fieldsOf(body: { errors?: Array<{ field: string }> }): string[] {
  return (body.errors ?? []).map((e) => e.field);
}

describe('api: documents', function () {
  this.timeout(20000);
  let t: TestApp;
  let clerk: TestUser;
  let executor: TestUser;
  let clerkSession: SessionHeaders;

  before(async () => {
    t = await startTestApp();
    clerk = await createTestUser(t.db, ['clerk']);
    executor = await createTestUser(t.db, ['executor'], '03');
    clerkSession = await login(t.app, clerk);
  });
  after(async () => {
    await removeTestUsers(t.db, [clerk, executor]);
    await t.close();
  });

  async function upload(parts: Parameters<typeof multipartBody>[0], session: Record<string, string> = clerkSession, app = t.app) {
    const { payload, headers } = await multipartBody(parts);
    return app.inject({ method: 'POST', url: '/api/v1/documents', payload, headers: { ...headers, ...session } });
  }

  async function expectNothingStored(ctx: TestApp, user: TestUser) {
    expect(await ctx.db('documents').where({ created_by: user.id }).count({ n: '*' }).first()).to.deep.equal({ n: '0' });
    expect(await listFiles(ctx.filesDir), 'no file, not even a temp file').to.deep.equal([]);
  }

  describe('refused uploads store nothing', () => {
    let fresh: TestUser;
    let session: SessionHeaders;
    before(async () => {
      fresh = await createTestUser(t.db, ['clerk']);
      session = await login(t.app, fresh);
    });
    after(async () => removeTestUsers(t.db, [fresh]));

    it('refuses a type that is not a scan (415, naming the file)', async () => {
      const res = await upload([{ name: 'metadata', value: JSON.stringify(metadata) }, { name: 'file', file: notAScan(), filename: 'scan.pdf', type: 'application/pdf' }], session);
      expect(res.statusCode).to.equal(415);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(fieldsOf(res.json())).to.deep.equal(['file']);
      await expectNothingStored(t, fresh);
      expect(t.kicks).to.equal(0);
    });

    it('names every wrong metadata field, after the file arrived', async () => {
      const bad = { correspondent: '', theirDate: '2026-13-45', extra: 'x' };
      const res = await upload([{ name: 'file', file: samplePdf('x'), filename: 'a.pdf' }, { name: 'metadata', value: JSON.stringify(bad) }], session);
      expect(res.statusCode).to.equal(400);
      expect(fieldsOf(res.json())).to.have.members(['metadata.correspondent', 'metadata.theirDate', 'metadata.extra', 'metadata.summary']);
      const problem = res.json();
      expect(problem).to.include.keys('type', 'title', 'title_uk', 'status', 'detail', 'detail_uk', 'instance', 'errors');
      expect(problem.instance).to.equal('/api/v1/documents');
      await expectNothingStored(t, fresh);
    });

    it('refuses text the database cannot store (NUL, a lone surrogate), naming the field, and keeps no scan', async () => {
      // The file first: it is staged before the metadata arrives, and must go when the metadata is refused.
      const bad = { ...metadata, correspondent: 'ТОВ\u0000«Ліфти»', summary: 'Про ремонт \uD800' };
      const res = await upload([{ name: 'file', file: samplePdf('nul'), filename: 'a.pdf' }, { name: 'metadata', value: JSON.stringify(bad) }], session);
      expect(res.statusCode, res.body).to.equal(400);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(fieldsOf(res.json())).to.have.members(['metadata.correspondent', 'metadata.summary']);
      await expectNothingStored(t, fresh);
    });

    it('refuses a body cut before its closing boundary (400, naming the form), keeping no temp file', async () => {
      const { payload, headers } = await multipartBody([{ name: 'metadata', value: JSON.stringify(metadata) }, { name: 'file', file: samplePdf('cut'), filename: 'a.pdf' }]);
      for (const cut of [payload.subarray(0, payload.length - 20), payload.subarray(0, payload.length - 200)]) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: cut, headers: { ...headers, ...session } });
        expect(res.statusCode, res.body).to.equal(400);
        expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
        expect(fieldsOf(res.json())).to.deep.equal(['(form)']);
      }
      await expectNothingStored(t, fresh);
    });

    it('refuses a date in the future', async () => {
      const res = await upload([{ name: 'metadata', value: JSON.stringify({ ...metadata, theirDate: '2999-01-01' }) }, { name: 'file', file: samplePdf('x'), filename: 'a.pdf' }], session);
      expect(res.statusCode).to.equal(400);
      expect(fieldsOf(res.json())).to.deep.equal(['metadata.theirDate']);
      await expectNothingStored(t, fresh);
    });

    it('refuses missing metadata, invalid JSON, a missing file and two files', async () => {
      const missing = await upload([{ name: 'file', file: samplePdf('x'), filename: 'a.pdf' }], session);
      expect(missing.statusCode).to.equal(400);
      expect(fieldsOf(missing.json())).to.deep.equal(['metadata']);

      const notJson = await upload([{ name: 'metadata', value: '{not json' }, { name: 'file', file: samplePdf('x'), filename: 'a.pdf' }], session);
      expect(notJson.statusCode).to.equal(400);
      expect(fieldsOf(notJson.json())).to.deep.equal(['metadata']);

      const noFile = await upload([{ name: 'metadata', value: JSON.stringify(metadata) }], session);
      expect(noFile.statusCode).to.equal(400);
      expect(fieldsOf(noFile.json())).to.deep.equal(['file']);

      const two = await upload([
        { name: 'metadata', value: JSON.stringify(metadata) },
        { name: 'file', file: samplePdf('one'), filename: 'a.pdf' },
        { name: 'file', file: samplePdf('two'), filename: 'b.pdf' },
      ], session);
      expect(two.statusCode).to.equal(400);
      expect(fieldsOf(two.json())).to.deep.equal(['file']);
      await expectNothingStored(t, fresh);
    });

    it('refuses a JSON body with 415', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: { metadata }, headers: session });
      expect(res.statusCode).to.equal(415);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      await expectNothingStored(t, fresh);
    });

    it('refuses an oversized file with 413 under a small limit', async () => {
      const small = await startTestApp({ uploadLimitBytes: 1024 });
      try {
        const user = await createTestUser(small.db, ['clerk']);
        const smallSession = await login(small.app, user);
        const big = Buffer.concat([samplePdf('big'), Buffer.alloc(4096, 0x20)]);
        const res = await upload([{ name: 'metadata', value: JSON.stringify(metadata) }, { name: 'file', file: big, filename: 'big.pdf' }], smallSession, small.app);
        expect(res.statusCode).to.equal(413);
        expect(fieldsOf(res.json())).to.deep.equal(['file']);
        await expectNothingStored(small, user);
        await removeTestUsers(small.db, [user]);
      } finally {
        await small.close();
      }
    });

    it('refuses anonymous callers (401) and staff without the clerk role (403) before reading the body', async () => {
      const anonymous = await upload([{ name: 'metadata', value: JSON.stringify(metadata) }, { name: 'file', file: samplePdf('x'), filename: 'a.pdf' }], {});
      expect(anonymous.statusCode).to.equal(401);
      const executorSession = await login(t.app, executor);
      const notClerk = await upload([{ name: 'metadata', value: JSON.stringify(metadata) }, { name: 'file', file: samplePdf('x'), filename: 'a.pdf' }], executorSession);
      expect(notClerk.statusCode).to.equal(403);
      await expectNothingStored(t, fresh);
    });
  });

  describe('accepted upload', () => {
    let id: string;
    let sha256: string;
    // Bytes of this run's own: the database may hold other suites' documents.
    const png = samplePng(`documents.test ${randomBytes(8).toString('hex')}`);

    it('stores the scan by content, the document, its process start and an audit row in one go', async () => {
      const kicksBefore = t.kicks;
      const res = await upload([{ name: 'metadata', value: JSON.stringify(metadata) }, { name: 'file', file: png, filename: 'scan.png' }]);
      expect(res.statusCode).to.equal(202);
      id = res.json().id;
      expect(res.json()).to.deep.equal({ id, status: 'received' });
      expect(res.headers.location).to.equal(`/api/v1/documents/${id}`);
      expect(t.kicks).to.equal(kicksBefore + 1);

      const doc = await t.db('documents').where({ id }).first();
      expect(doc).to.include({ kind: 'incoming', status: 'received', created_by: clerk.id, file_type: 'image/png', correspondent: metadata.correspondent });
      sha256 = doc.file_sha256;
      const files = await listFiles(t.filesDir);
      expect(files).to.deep.equal([`${t.filesDir}/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`]);

      const link = await t.db('process_links').where({ business_key: id }).first();
      expect(link).to.include({ process_key: 'incoming-document', state: 'pending' });
      expect(link.variables).to.deep.equal({ documentId: id });
      const audit = await t.db('audit_log').where({ entity_type: 'document', entity_id: id, action: 'document.receive' });
      expect(audit).to.have.length(1);
      expect(JSON.stringify(audit[0].details)).to.not.include('ліфт');
    });

    const receipts = async (hash: string) => Number((await t.db('audit_log')
      .where({ action: 'document.receive' }).whereRaw(`details->>'sha256' = ?`, [hash]).count({ n: '*' }))[0]!.n);

    it('refuses the same scan again with 409 naming the document still being registered, and stores nothing (the original file stays)', async () => {
      const kicksBefore = t.kicks;
      const receiptsBefore = await receipts(sha256);
      const res = await upload([{ name: 'metadata', value: JSON.stringify(metadata) }, { name: 'file', file: png, filename: 'again.png' }]);
      expect(res.statusCode).to.equal(409);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      const problem = res.json();
      expect(problem).to.include({ type: 'urn:hromada:problem:duplicate-document', status: 409, title: 'The same scan was already received', title_uk: 'Такий самий скан уже надійшов' });
      // The engine is unreachable here: the first one is received, not registered yet.
      expect(problem.existingDocument).to.deep.equal({ id, status: 'received', registrationIndex: null });
      expect(problem.detail).to.include(id).and.include('metadata.duplicateOf');
      expect(problem.detail_uk).to.include(id).and.include('ще не присвоєно');
      expect(fieldsOf(problem)).to.deep.equal(['file']);

      expect(await t.db('documents').where({ file_sha256: sha256 }).pluck('id'), 'no second row').to.deep.equal([id]);
      expect(await t.db('process_links').where({ business_key: id }).count({ n: '*' }).first()).to.deep.equal({ n: '1' });
      expect(await receipts(sha256), 'no audit entry').to.equal(receiptsBefore);
      expect(t.kicks).to.equal(kicksBefore);
      const original = `${t.filesDir}/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
      expect(await listFiles(t.filesDir), 'the original file, and no temp file').to.deep.equal([original]);
      expect((await readFile(original)).equals(png), 'the original file is untouched').to.equal(true);
    });

    it('registers a second copy on purpose with metadata.duplicateOf and a reason, recorded on the row and in the audit log', async () => {
      const other = samplePng(`other ${randomBytes(8).toString('hex')}`);
      const refused: Array<[Record<string, unknown>, Buffer, string[]]> = [
        [{ ...metadata, duplicateOf: id }, png, ['metadata.duplicateReason']],
        [{ ...metadata, duplicateReason: 'Другий примірник' }, png, ['metadata.duplicateOf']],
        [{ ...metadata, duplicateOf: id, duplicateReason: '   ' }, png, ['metadata.duplicateReason']],
        [{ ...metadata, duplicateOf: '00000000-0000-4000-8000-000000000000', duplicateReason: 'Другий примірник' }, png, ['metadata.duplicateOf']],
        // duplicateOf says "the same file": a scan with other bytes is not a copy of it.
        [{ ...metadata, duplicateOf: id, duplicateReason: 'Другий примірник' }, other, ['metadata.duplicateOf']],
      ];
      for (const [meta, file, expected] of refused) {
        const res = await upload([{ name: 'metadata', value: JSON.stringify(meta) }, { name: 'file', file, filename: 'copy.png' }]);
        expect(res.statusCode, JSON.stringify(meta)).to.equal(400);
        expect(fieldsOf(res.json()), JSON.stringify(meta)).to.deep.equal(expected);
      }
      expect(await listFiles(t.filesDir), 'nothing stored for the refused ones').to.have.length(1);
      expect(await t.db('documents').where({ file_sha256: createHash('sha256').update(other).digest('hex') }).count({ n: '*' }).first()).to.deep.equal({ n: '0' });

      const kicksBefore = t.kicks;
      const reason = 'Другий оригінал, адресований відділу освіти';
      const res = await upload([{ name: 'metadata', value: JSON.stringify({ ...metadata, duplicateOf: id, duplicateReason: reason }) }, { name: 'file', file: png, filename: 'copy.png' }]);
      expect(res.statusCode, res.body).to.equal(202);
      const copy = res.json().id as string;
      expect(copy).to.not.equal(id);
      expect(t.kicks, 'registered like any other').to.equal(kicksBefore + 1);
      expect(await t.db('documents').where({ id: copy }).first('duplicate_of', 'duplicate_reason', 'file_sha256', 'status'))
        .to.deep.equal({ duplicate_of: id, duplicate_reason: reason, file_sha256: sha256, status: 'received' });
      expect(await t.db('process_links').where({ business_key: copy }).first('state')).to.deep.equal({ state: 'pending' });
      const audit = await t.db('audit_log').where({ action: 'document.receive', entity_id: copy }).first('actor', 'details');
      expect(audit.actor).to.equal(`user:${clerk.id}`);
      expect(audit.details).to.deep.include({ sha256, duplicateOf: id });
      expect(JSON.stringify(audit.details), 'the reason stays on the row').to.not.include('освіти');
      expect(await listFiles(t.filesDir), 'one stored copy of the bytes').to.have.length(1);
      const card = await t.app.inject({ method: 'GET', url: `/api/v1/documents/${copy}`, headers: clerkSession });
      expect(card.json().duplicateOf).to.deep.equal({ documentId: id, reason });
    });

    it('takes one of two identical uploads arriving at the same moment, and refuses the other with 409', async () => {
      const same = samplePng(`race ${randomBytes(8).toString('hex')}`);
      const hash = createHash('sha256').update(same).digest('hex');
      const results = await Promise.all([1, 2].map((n) =>
        upload([{ name: 'metadata', value: JSON.stringify(metadata) }, { name: 'file', file: same, filename: `scan-${n}.png` }])));
      expect(results.map((r) => r.statusCode).sort()).to.deep.equal([202, 409]);
      const taken = results.find((r) => r.statusCode === 202)!.json().id;
      expect(results.find((r) => r.statusCode === 409)!.json().existingDocument.id).to.equal(taken);
      expect(await t.db('documents').where({ file_sha256: hash }).pluck('id')).to.deep.equal([taken]);
    });

    it('shows the card with no current steps before the process starts, and audits the view', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/documents/${id}`, headers: clerkSession });
      expect(res.statusCode).to.equal(200);
      expect(res.json()).to.deep.include({
        id, status: 'received', registrationIndex: null, correspondent: metadata.correspondent, theirNumber: '17/3-45',
        theirDate: '2026-01-20', summary: metadata.summary, currentSteps: [], currentStepsKnown: true, duplicateOf: null,
      });
      expect(res.json().file).to.deep.equal({ sha256, type: 'image/png', size: png.length });
      const views = await t.db('audit_log').where({ action: 'document.view', entity_id: id, actor: `user:${clerk.id}` });
      expect(views).to.have.length(1);
    });

    it('answers 404 for an unknown document and 400 naming `id` for a malformed one', async () => {
      const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/documents/00000000-0000-4000-8000-000000000000', headers: clerkSession });
      expect(unknown.statusCode).to.equal(404);
      expect(unknown.json().type).to.equal('urn:hromada:problem:document-not-found');
      const malformed = await t.app.inject({ method: 'GET', url: '/api/v1/documents/not-a-uuid', headers: clerkSession });
      expect(malformed.statusCode).to.equal(400);
      expect(fieldsOf(malformed.json())).to.deep.equal(['id']);
    });
  });
});
