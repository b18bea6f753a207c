// Attachments of citizens' appeals through the real API, engine and PostgreSQL: the multipart
// route stores the appeal, its files and its process start together, or nothing at all.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createDb, type Db } from '../../../lib/db.ts';
import { trackingCodeHash } from '../../../lib/cases/tracking-code.ts';
import { notAScan, samplePdf, samplePng } from '../../support/files.ts';
import { ApiSession, testConfig, testStack } from '../../support/stack.ts';

interface Problem {
  status: number;
  errors?: Array<{ field: string }>;
}

const appeal = {
  type: 'complaint',
  surname: 'Коваленко',
  name: 'Андрій',
  address: 'м. Київ, вул. Січових Стрільців, 12, кв. 3',
  phone: '+380 44 123 45 67',
  text: 'Скаржуся на відмову у видачі довідки; копію рішення і фото додаю.',
  complaintDecisionDate: '2026-11-02',
  complaintLearnedDate: '2026-11-05',
  consent: true,
};

function form(appealJson: unknown, files: Array<[Buffer, string]>): FormData {
  const f = new FormData();
  if (appealJson !== undefined) f.set('appeal', typeof appealJson === 'string' ? appealJson : JSON.stringify(appealJson));
  for (const [bytes, name] of files) f.append('files', new Blob([new Uint8Array(bytes)]), name);
  return f;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('attachments of citizens\' appeals (Law 393/96-ВР Art. 5)', function () {
  this.timeout(120000);
  let db: Db;
  let citizen: ApiSession;

  before(async () => {
    db = createDb(testStack().database.appUrl, 2);
    citizen = new ApiSession();
  });
  after(async () => db.destroy());

  async function count(table: string): Promise<number> {
    return Number((await db(table).count<{ count: string }[]>('* as count'))[0]!.count);
  }

  it('stores an appeal with a PNG and a PDF, the files in the same transaction as its process start', async function () {
    const png = samplePng();
    const pdf = samplePdf('Rishennia pro vidmovu');
    const res = await citizen.request<{ trackingCode: string }>('POST', '/api/v1/appeals/with-attachments',
      form(appeal, [[png, 'фото.png'], [pdf, '../../etc/\u202Eрішення.pdf']]));
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const row = await db('appeals').where({ tracking_code_hash: trackingCodeHash(res.body.trackingCode) }).first('id', 'type', 'channel');
    expect(row).to.include({ type: 'complaint', channel: 'portal' });
    const rows = await db('appeal_attachments').where({ appeal_id: row.id }).orderBy('position');
    expect(rows.map((r) => [r.position, r.type, r.sha256, Number(r.size), r.display_name])).to.deep.equal([
      [0, 'image/png', sha256(png), png.length, 'фото.png'],
      [1, 'application/pdf', sha256(pdf), pdf.length, 'рішення.pdf'],
    ]);
    expect(await db('process_links').where({ business_key: row.id }).count<{ count: string }[]>('* as count')).to.deep.equal([{ count: '1' }]);

    // Staff see them, with the cleaned names; the public does not.
    const clerk = await ApiSession.login('clerk');
    const listed = await clerk.request<{ attachments: Array<{ position: number; type: string; name: string | null }> }>('GET', `/api/v1/appeals/${row.id}/attachments`);
    expect(listed.status).to.equal(200);
    expect(listed.body.attachments.map((a) => [a.position, a.type, a.name])).to.deep.equal([[0, 'image/png', 'фото.png'], [1, 'application/pdf', 'рішення.pdf']]);
    expect((await citizen.request('GET', `/api/v1/appeals/${row.id}/attachments`)).status).to.equal(401);
    expect((await clerk.request('GET', '/api/v1/appeals/00000000-0000-4000-8000-000000000000/attachments')).status).to.equal(404);
  });

  it('accepts the multipart form without files, like the JSON route', async function () {
    const res = await citizen.request<{ trackingCode: string }>('POST', '/api/v1/appeals/with-attachments', form({ ...appeal, type: 'proposal', complaintDecisionDate: undefined, complaintLearnedDate: undefined }, []));
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
  });

  it('rejects bad input with problem+json naming the field, storing nothing', async function () {
    const before = { appeals: await count('appeals'), attachments: await count('appeal_attachments'), links: await count('process_links') };
    const png = samplePng();
    const tooMany: Array<[Buffer, string]> = Array.from({ length: 6 }, (_, i) => [png, `${i}.png`]);
    const oversize = Buffer.concat([samplePdf('big'), Buffer.alloc(testConfig().api.uploadLimitBytes)]);
    const cases: Array<[string, FormData, number, string]> = [
      ['a text file among scans', form(appeal, [[png, 'a.png'], [notAScan(), 'b.pdf']]), 415, 'files[1]'],
      ['six files', form(appeal, tooMany), 400, 'files'],
      ['a file over the limit', form(appeal, [[oversize, 'big.pdf']]), 413, 'files[0]'],
      ['an appeal without text', form({ ...appeal, text: undefined }, [[png, 'a.png']]), 400, 'appeal.text'],
      ['an appeal that is not JSON', form('{nope', [[png, 'a.png']]), 400, 'appeal'],
      ['no appeal part', form(undefined, [[png, 'a.png']]), 400, 'appeal'],
      ['a decision dated in the future', form({ ...appeal, complaintDecisionDate: '2999-01-01', complaintLearnedDate: '2999-01-02' }, [[png, 'a.png']]), 400, 'appeal.complaintDecisionDate'],
    ];
    for (const [what, body, status, field] of cases) {
      const res = await citizen.request<Problem>('POST', '/api/v1/appeals/with-attachments', body);
      expect(res.status, `status for ${what}: ${JSON.stringify(res.body)}`).to.equal(status);
      expect(res.headers.get('content-type'), what).to.match(/^application\/problem\+json/);
      expect(res.body.errors?.map((e) => e.field), `field named for ${what}`).to.include(field);
    }
    expect({ appeals: await count('appeals'), attachments: await count('appeal_attachments'), links: await count('process_links') }).to.deep.equal(before);
    // Nor on disk: no temp file left behind, and the refused file never reached the store.
    const filesDir = testConfig().filesDir;
    expect(await readdir(path.join(filesDir, '.tmp')).catch(() => [])).to.deep.equal([]);
    expect(existsSync(path.join(filesDir, sha256(oversize).slice(0, 2), sha256(oversize).slice(2, 4), sha256(oversize)))).to.equal(false);
    expect(existsSync(path.join(filesDir, sha256(notAScan()).slice(0, 2), sha256(notAScan()).slice(2, 4), sha256(notAScan())))).to.equal(false);
  });

  it('keeps the JSON route for plain appeals and refuses JSON on the multipart route', async function () {
    const res = await citizen.request<Problem>('POST', '/api/v1/appeals/with-attachments', appeal);
    expect(res.status).to.equal(415);
  });
});
