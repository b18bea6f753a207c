// Against a real, migrated PostgreSQL: the numbering guarantees (CMU 55/2018: registered once; no
// gaps and no duplicates within a journal and year) only mean something under real concurrency.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { createDb, migrateLatest, type Db } from '../../../lib/db.ts';
import { REGISTERED_BY, registerDocument } from '../../../lib/correspondence/service.ts';
import { Journals } from '../../../lib/nomenclature/journals.ts';

// A year no real registration uses, so workers of a running stack registering today's mail cannot
// interleave with the numbers checked here. Earlier runs may have used it too: every check is
// relative to the counter's value at the start.
const YEAR = 2199;
const at = new Date(`${YEAR}-06-15T09:00:00Z`);
const journalCode = Journals.incoming;
const caseFileIndex = '01-15'; // the incoming journal's default case file (foundation migration)

describe('correspondence service: registering documents (PostgreSQL)', function () {
  let db: Db;

  before(async function () {
    const url = process.env.HROMADA_TEST_APP_DB_URL;
    if (!url) {
      console.warn('    HROMADA_TEST_APP_DB_URL is not set: skipping the database tests');
      this.skip();
    }
    this.timeout(60000);
    db = createDb(url, 20);
    await migrateLatest(db);
  });

  after(async () => {
    await db?.destroy();
  });

  async function newDocuments(count: number): Promise<string[]> {
    const rows = Array.from({ length: count }, () => ({
      kind: 'incoming',
      status: 'received',
      correspondent: 'Тестова організація',
      summary: 'Тестовий документ',
      file_sha256: randomBytes(32).toString('hex'),
      file_type: 'application/pdf',
      file_size: 1024,
    }));
    const inserted = await db('documents').insert(rows).returning('id') as Array<{ id: string }>;
    return inserted.map((r) => r.id);
  }

  async function counter(year = YEAR): Promise<number> {
    const row = await db('journal_counters').where({ journal_code: journalCode, year }).first('last_number');
    return row?.last_number ?? 0;
  }

  it('numbers 100 documents registered at once 1..N after the counter, without gaps or duplicates', async function () {
    this.timeout(60000);
    const ids = await newDocuments(100);
    const start = await counter();

    const results = await Promise.all(ids.map((documentId) => registerDocument(db, { documentId, journalCode, at })));

    const numbers = results.map((r) => r!.registration.number).sort((a, b) => a - b);
    expect(numbers).to.deep.equal(Array.from({ length: 100 }, (_, i) => start + i + 1));
    expect(results.every((r) => r!.created)).to.equal(true);
    for (const r of results) {
      expect(r!.registration).to.include({ journalCode, year: YEAR, caseFileIndex });
      expect(r!.registration.registrationIndex).to.equal(`${r!.registration.number}/${caseFileIndex}`);
    }
    expect(await counter()).to.equal(start + 100);

    const statuses = await db('documents').whereIn('id', ids).pluck('status');
    expect(new Set(statuses)).to.deep.equal(new Set(['registered']));
    const audit = await db('audit_log').whereIn('entity_id', ids).where({ action: 'document.registered' }).select('actor', 'entity_type', 'details');
    expect(audit).to.have.length(100);
    expect(audit[0]).to.deep.include({ actor: REGISTERED_BY, entity_type: 'document' });
    expect(Object.keys(audit[0].details).sort(), 'ids and codes only, no personal data').to.deep.equal(['journal', 'number', 'year']);
  });

  it('gives a document registered 10 times at once one number and one row', async () => {
    const [documentId] = await newDocuments(1);
    const start = await counter();

    const results = await Promise.all(Array.from({ length: 10 }, () => registerDocument(db, { documentId: documentId!, journalCode, at })));

    expect(new Set(results.map((r) => r!.registration.id)).size).to.equal(1);
    expect(results.map((r) => r!.registration.number)).to.deep.equal(Array(10).fill(start + 1));
    expect(results.filter((r) => r!.created)).to.have.length(1);
    expect(await db('registrations').where({ document_id: documentId }).count<Array<{ count: string }>>('* as count')).to.deep.equal([{ count: '1' }]);
    expect(await counter()).to.equal(start + 1);
    expect(await db('audit_log').where({ entity_id: documentId, action: 'document.registered' }).count<Array<{ count: string }>>('* as count')).to.deep.equal([{ count: '1' }]);
  });

  it('returns the same registration to a retried call, without taking a number', async () => {
    const [documentId] = await newDocuments(1);
    const first = await registerDocument(db, { documentId: documentId!, journalCode, at });
    const afterFirst = await counter();

    const retried = await registerDocument(db, { documentId: documentId!, journalCode, at: new Date(at.getTime() + 60000) });

    expect(retried).to.deep.equal({ registration: first!.registration, created: false });
    expect(await counter()).to.equal(afterFirst);
  });

  it('gives the number back when the transaction that took it rolls back', async () => {
    const [abandoned, next] = await newDocuments(2);
    const start = await counter();

    let taken: number | undefined;
    const rolledBack = db.transaction(async (trx) => {
      taken = (await registerDocument(trx, { documentId: abandoned!, journalCode, at }))!.registration.number;
      throw new Error('fails after taking a number');
    });
    const error = await rolledBack.then(() => undefined, (e: Error) => e);
    expect(error?.message).to.equal('fails after taking a number');
    expect(taken).to.equal(start + 1);

    const registered = await registerDocument(db, { documentId: next!, journalCode, at });
    expect(registered!.registration.number, 'the rolled-back number is reused').to.equal(start + 1);
    expect(await db('registrations').where({ document_id: abandoned }).first()).to.equal(undefined);
    expect((await db('documents').where({ id: abandoned }).first('status')).status).to.equal('received');
  });

  it('answers undefined for a document that does not exist, without taking a number', async () => {
    const start = await counter();
    const result = await registerDocument(db, { documentId: '00000000-0000-4000-8000-000000000000', journalCode, at });
    expect(result).to.equal(undefined);
    expect(await counter()).to.equal(start);
  });

  it('numbers by the Kyiv calendar year: 00:30 on 1 January in Kyiv opens the new year', async () => {
    const [documentId] = await newDocuments(1);
    const start = await counter(YEAR + 1);
    const result = await registerDocument(db, { documentId: documentId!, journalCode, at: new Date(`${YEAR}-12-31T22:30:00Z`) });
    expect(result!.registration).to.include({ year: YEAR + 1, number: start + 1 });
  });

  it('refuses an unknown journal', async () => {
    const [documentId] = await newDocuments(1);
    let error: unknown;
    try {
      await registerDocument(db, { documentId: documentId!, journalCode: 'no-such-journal', at });
    } catch (e) {
      error = e;
    }
    expect((error as Error | undefined)?.message).to.match(/unknown journal/);
  });

  it('keeps audit_log append-only: UPDATE and DELETE are rejected', async () => {
    const [documentId] = await newDocuments(1);
    await registerDocument(db, { documentId: documentId!, journalCode, at });
    for (const attempt of [
      () => db('audit_log').where({ entity_id: documentId }).update({ action: 'tampered' }),
      () => db('audit_log').where({ entity_id: documentId }).delete(),
    ]) {
      let error: unknown;
      try {
        await attempt();
      } catch (e) {
        error = e;
      }
      expect((error as Error | undefined)?.message).to.match(/append-only/);
    }
    expect(await db('audit_log').where({ entity_id: documentId }).pluck('action')).to.deep.equal(['document.registered']);
  });
});
