// Full-text search through the real API: documents uploaded and registered by the real stack, then
// found by words in other forms, misspellings, partial registration indexes, filters and pages.
import { expect } from 'chai';
import { randomInt } from 'node:crypto';
import { createDb, type Db } from '../../lib/db.ts';
import { samplePdf } from '../support/files.ts';
import { ApiSession, eventually, testStack } from '../support/stack.ts';

interface Hit {
  id: string;
  registrationIndex: string | null;
  journal: string | null;
  status: string;
  department: { code: string; name: string } | null;
  correspondent: string;
  summary: string;
  highlights: { correspondent: string; summary: string; pages: string | null };
}
interface Results { items: Hit[]; total: number; totalIsEstimate: boolean; orderedBy: string; rankedHits: number; page: number; pageSize: number }
interface Problem { status: number; errors?: Array<{ field: string }> }

function upload(metadata: Record<string, string>, label: string): FormData {
  const form = new FormData();
  form.set('metadata', JSON.stringify(metadata));
  form.set('file', new Blob([new Uint8Array(samplePdf(label))]), 'scan.pdf');
  return form;
}

function todayInKyiv(offsetDays = 0): string {
  const at = new Date(Date.now() + offsetDays * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

describe('document search', function () {
  this.timeout(120000);
  let clerk: ApiSession;
  let db: Db;
  // A tag in every correspondent of this run, so filters can isolate our documents from the others'.
  const tag = `ОСББ Сонячне ${randomInt(100000, 999999)}`;
  const docs: Record<'square' | 'heating' | 'roads', { id: string; index: string }> = {} as never;

  const search = (params: Record<string, string | number>) =>
    clerk.request<Results>('GET', `/api/v1/documents/search?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`);
  const ids = (r: { body: Results }) => r.body.items.map((i) => i.id);

  /** Waits until the OCR stage has read the scan (it replaces all pages when it does). */
  async function pagesSettled(id: string): Promise<string> {
    return eventually(`OCR of ${id}`, async () => {
      const row = await db('documents').where({ id }).first('ocr_status');
      return row && row.ocr_status !== 'pending' ? row.ocr_status as string : undefined;
    }, 60000);
  }

  /** One more recognised page, written as the OCR stage writes pages; removed by the caller. */
  async function addPage(id: string, text: string): Promise<void> {
    await pagesSettled(id);
    await db('document_pages').insert({ document_id: id, page_no: 900, source: 'ocr', width: 2480, height: 3508, text });
  }
  const removePage = (id: string) => db('document_pages').where({ document_id: id, page_no: 900 }).delete();

  before(async function () {
    db = createDb(testStack().database.appUrl, 2);
    clerk = await ApiSession.login('clerk');
    const metadata = {
      square: { correspondent: `${tag} (Поділ)`, summary: 'Про благоустрій скверу на Контрактовій площі', theirNumber: '17/3-45' },
      heating: { correspondent: `${tag}, Дарницкий район`, summary: 'Обращение по вопросу отопления жилого дома' },
      roads: { correspondent: `${tag} — ремонтна бригада`, summary: 'Щодо ямкового ремонту доріг і тротуарів' },
    };
    // What the scans themselves say (the sample PDF's text layer is ASCII).
    const textLayer = { square: 'Kontraktova square landscaping plan', heating: 'Heating meter readings', roads: 'Pothole repair schedule' };
    for (const key of ['square', 'heating', 'roads'] as const) {
      const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents', upload(metadata[key], textLayer[key]));
      expect(posted.status).to.equal(202);
      const index = await eventually(`registration of ${key}`, async () => {
        const res = await clerk.request<{ registrationIndex: string | null }>('GET', `/api/v1/documents/${posted.body.id}`);
        return res.body.registrationIndex ?? undefined;
      }, 60000);
      docs[key] = { id: posted.body.id, index };
    }
  });
  after(async () => db.destroy());

  it('finds a document by a word of its summary and marks the word', async function () {
    const res = await search({ q: 'благоустрій' });
    expect(res.status).to.equal(200);
    expect(ids(res)).to.include(docs.square.id);
    const hit = res.body.items.find((i) => i.id === docs.square.id)!;
    expect(hit.highlights.summary).to.equal('Про <mark>благоустрій</mark> скверу на Контрактовій площі');
    expect(hit.registrationIndex).to.equal(docs.square.index);
    expect(hit.journal).to.equal('incoming');
    expect(hit.status).to.equal('registered');
  });

  it('finds other word forms, in Ukrainian and in Russian', async function () {
    expect(ids(await search({ q: 'благоустрою сквери' }))).to.include(docs.square.id);
    expect(ids(await search({ q: 'отоплением' }))).to.include(docs.heating.id);
    expect(ids(await search({ q: 'ямковий ремонт тротуарами' }))).to.include(docs.roads.id);
  });

  it('finds a misspelt word', async function () {
    const res = await search({ q: 'блогоустрій', correspondent: tag });
    expect(ids(res)).to.deep.equal([docs.square.id]);
    expect(res.body.items[0]!.highlights.summary).to.include('<mark>благоустрій</mark>');
  });

  it('finds a document by a partial or complete registration index, and by the correspondent\'s number', async function () {
    const [number, caseFile] = docs.roads.index.split('/');
    expect(ids(await search({ q: `${number}/${caseFile!.slice(0, 2)}` }))).to.include(docs.roads.id);
    expect(ids(await search({ q: docs.roads.index }))).to.include(docs.roads.id);
    expect(ids(await search({ q: '17/3', correspondent: tag }))).to.deep.equal([docs.square.id]);
  });

  it('filters by correspondent, journal, status, department and dates of receipt', async function () {
    const all = await search({ correspondent: tag.toLowerCase() });
    expect(ids(all)).to.have.members(Object.values(docs).map((d) => d.id));
    expect(all.body.total).to.equal(3);
    expect(ids(await search({ correspondent: tag, journal: 'incoming', status: 'registered', department: '01', from: todayInKyiv(-1), to: todayInKyiv() })))
      .to.have.members(Object.values(docs).map((d) => d.id));
    expect(ids(await search({ correspondent: tag, journal: 'outgoing' }))).to.deep.equal([]);
    expect(ids(await search({ correspondent: tag, status: 'received' }))).to.deep.equal([]);
    expect(ids(await search({ correspondent: tag, department: '03' }))).to.deep.equal([]);
    expect(ids(await search({ correspondent: tag, to: todayInKyiv(-2) }))).to.deep.equal([]);
    expect(ids(await search({ correspondent: tag, from: todayInKyiv(1) }))).to.deep.equal([]);
    expect(ids(await search({ q: 'ремонт', correspondent: 'Поділ' }))).to.not.include(docs.roads.id);
  });

  it('orders by relevance: a match in the card before a match only in the pages', async function () {
    await addPage(docs.roads.id, 'Після ремонту просимо також благоустрій прибудинкової території.');
    try {
      const res = await search({ q: 'благоустрій', correspondent: tag });
      expect(ids(res)).to.deep.equal([docs.square.id, docs.roads.id]);
      expect(res.body).to.include({ orderedBy: 'relevance', rankedHits: 2 });
      expect(res.body.items[1]!.highlights.pages).to.include('<mark>благоустрій</mark>');
      const both = await search({ q: 'ремонтна', correspondent: tag });
      expect(ids(both)).to.deep.equal([docs.roads.id]);
      expect(both.body.items[0]!.highlights.correspondent).to.include('<mark>ремонтна</mark>');
    } finally {
      await removePage(docs.roads.id);
    }
  });

  it('pages through the hits without repeating one', async function () {
    const first = await search({ correspondent: tag, pageSize: 2, page: 1 });
    const second = await search({ correspondent: tag, pageSize: 2, page: 2 });
    const third = await search({ correspondent: tag, pageSize: 2, page: 3 });
    expect(first.body).to.include({ total: 3, totalIsEstimate: false, orderedBy: 'date', rankedHits: 0, page: 1, pageSize: 2 });
    expect(first.body.items).to.have.length(2);
    expect(second.body.items).to.have.length(1);
    expect(third.body.items).to.deep.equal([]);
    expect([...ids(first), ...ids(second)]).to.have.members(Object.values(docs).map((d) => d.id));
  });

  it('searches the text read from the scan by the OCR stage, through the whole pipeline', async function () {
    expect(await pagesSettled(docs.heating.id)).to.equal('done');
    const res = await search({ q: 'meter readings', correspondent: tag });
    expect(ids(res)).to.deep.equal([docs.heating.id]);
    expect(res.body.items[0]!.highlights.pages).to.equal('Heating <mark>meter</mark> <mark>readings</mark>');
  });

  it('searches every recognised page, and forgets a page that is removed', async function () {
    await addPage(docs.heating.id, 'Прошу провести перерасчёт платы за теплоснабжение <квартиры> № 12 за ноябрь.');
    try {
      const res = await search({ q: 'перерасчет теплоснабжения', correspondent: tag });
      expect(ids(res)).to.deep.equal([docs.heating.id]);
      expect(res.body.items[0]!.highlights.pages).to.include(
        'Прошу провести <mark>перерасчет</mark> платы за <mark>теплоснабжение</mark> &lt;квартиры&gt; № 12 за ноябрь');
    } finally {
      await removePage(docs.heating.id);
    }
    expect(ids(await search({ q: 'теплоснабжение', correspondent: tag }))).to.deep.equal([]);
  });

  it('escapes what the correspondent wrote', async function () {
    const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents',
      upload({ correspondent: `${tag} <img src=x onerror=alert(1)>`, summary: 'Скарга на <b>шум</b> & вібрацію' }, 'xss'));
    const hit = await eventually('the new document to be found', async () => {
      const res = await search({ q: 'вібрація', correspondent: tag });
      return res.body.items.find((i) => i.id === posted.body.id);
    });
    expect(hit.highlights.summary).to.equal('Скарга на &lt;b&gt;шум&lt;/b&gt; &amp; <mark>вібрацію</mark>');
    expect(hit.highlights.correspondent).to.not.include('<img');
  });

  it('answers problem+json naming the field for bad parameters', async function () {
    const cases: Array<[Record<string, string | number>, string]> = [
      [{ pageSize: 101 }, 'pageSize'],
      [{ pageSize: 'many' }, 'pageSize'],
      [{ page: 0 }, 'page'],
      [{ page: 1000, pageSize: 100 }, 'page'],
      [{ from: '2026-02-30' }, 'from'],
      [{ to: 'yesterday' }, 'to'],
      [{ from: '2026-11-20', to: '2026-11-01' }, 'to'],
      [{ journal: 'in coming' }, 'journal'],
      [{ q: 'x'.repeat(201) }, 'q'],
      [{ sort: 'date' }, 'sort'],
    ];
    for (const [params, field] of cases) {
      const res = await clerk.request<Problem>('GET', `/api/v1/documents/search?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`);
      expect(res.status, JSON.stringify(params)).to.equal(400);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(res.body.errors?.map((e) => e.field), JSON.stringify(params)).to.include(field);
    }
  });

  it('logs who saw which documents in a hit list, never the query; an empty list logs nothing (Law 2297-VI)', async function () {
    const { id: clerkId } = await db('staff_users').where({ username: 'clerk' }).first('id');
    const logged = () => db('audit_log').where({ action: 'document.search', actor: `user:${clerkId}` }).orderBy('id').select('id', 'details');
    const before = (await logged()).length;
    const query = 'благоустрій';
    const res = await search({ q: query, correspondent: tag });
    expect(ids(res)).to.deep.equal([docs.square.id]);
    const rows = await logged();
    expect(rows).to.have.length(before + 1);
    const entry = rows.at(-1)!;
    expect(entry.details).to.deep.equal({ documents: docs.square.id, page: 1, total: 1 });
    expect(JSON.stringify(entry.details)).to.not.include(query);
    expect((await search({ q: 'qqqxxxzzz', correspondent: tag })).body.items).to.deep.equal([]);
    expect(await logged()).to.have.length(before + 1);
  });

  it('is for staff only, and does not shadow the document view', async function () {
    expect((await new ApiSession().request('GET', '/api/v1/documents/search?q=x')).status).to.equal(401);
    expect((await clerk.request('GET', `/api/v1/documents/${docs.square.id}`)).status).to.equal(200);
  });
});
