// The nomenclature of case files (CMU 55/2018) through the real API: staff read it, an administrator
// changes it, a journal's default case file ends the registration index of what the workers register
// next, and a case file with registrations is closed, never deleted.
import { expect } from 'chai';
import { createDb, type Db } from '../../lib/db.ts';
import { samplePdf } from '../support/files.ts';
import { ApiSession, eventually, testStack } from '../support/stack.ts';

interface CaseFileView {
  index: string; title: string; department: { code: string; name: string } | null; year: number | null;
  createdAt: string; closedAt: string | null; registrationCount: number; defaultOfJournals: string[];
}
interface ProblemView { status: number; type: string; title_uk: string; errors?: Array<{ field: string }> }

function upload(summary: string): FormData {
  const form = new FormData();
  form.set('metadata', JSON.stringify({ correspondent: 'ТОВ «Номенклатура»', summary }));
  form.set('file', new Blob([new Uint8Array(samplePdf(summary))]), 'scan.pdf');
  return form;
}

describe('nomenclature of case files', function () {
  this.timeout(90000);
  let db: Db;
  let admin: ApiSession;
  let clerk: ApiSession;

  before(async () => {
    db = createDb(testStack().database.appUrl, 2);
    admin = await ApiSession.login('admin');
    clerk = await ApiSession.login('clerk');
  });
  after(async () => {
    // Whatever happened above, the incoming journal files into its usual case file again.
    await db('journals').where({ code: 'incoming' }).update({ default_case_file_index: '01-15' });
    await db.destroy();
  });

  function expectProblem(res: { status: number; headers: Headers; body: unknown }, status: number, type: string, field?: string): void {
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    const body = res.body as ProblemView;
    expect(body.type).to.equal(`urn:hromada:problem:${type}`);
    expect(body.title_uk).to.be.a('string').and.not.equal('');
    if (field) expect(body.errors?.map((e) => e.field)).to.include(field);
  }

  it('lets staff read the case files and journals, and only an administrator change them', async () => {
    const files = await clerk.request<CaseFileView[]>('GET', '/api/v1/nomenclature/case-files');
    expect(files.status).to.equal(200);
    const incoming = files.body.find((f) => f.index === '01-15');
    expect(incoming?.department?.code).to.equal('01');
    expect(incoming?.defaultOfJournals).to.include('incoming');
    expect(incoming?.closedAt).to.equal(null);

    const journals = await clerk.request<Array<{ code: string; defaultCaseFileIndex: string | null }>>('GET', '/api/v1/nomenclature/journals');
    expect(journals.status).to.equal(200);
    expect(journals.body.find((j) => j.code === 'incoming')?.defaultCaseFileIndex).to.equal('01-15');

    expectProblem(await clerk.request('POST', '/api/v1/nomenclature/case-files', { index: '03-50', title: 'Спроба діловода', department: '03' }), 403, 'forbidden');
    expectProblem(await clerk.request('PUT', '/api/v1/nomenclature/journals/incoming/default-case-file', { caseFileIndex: '01-16' }), 403, 'forbidden');
    expectProblem(await new ApiSession().request('GET', '/api/v1/nomenclature/case-files'), 401, 'unauthenticated');
  });

  it('adds a case file, and answers problem+json for a bad index, a duplicate or an unknown department', async () => {
    const added = await admin.request<CaseFileView>('POST', '/api/v1/nomenclature/case-files', { index: '03-8', title: 'Листування з питань ліфтів', department: '03', year: 2026 });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    expect(added.headers.get('location')).to.equal('/api/v1/nomenclature/case-files/03-8');
    expect(added.body).to.include({ index: '03-8', title: 'Листування з питань ліфтів', year: 2026, closedAt: null, registrationCount: 0 });
    expect(added.body.department?.code).to.equal('03');

    const audit = await db('audit_log').where({ action: 'nomenclature.case-file.added', entity_id: '03-8' }).first('actor');
    expect(audit?.actor).to.match(/^user:\d+$/);

    expectProblem(await admin.request('POST', '/api/v1/nomenclature/case-files', { index: '03-8', title: 'Ще раз', department: '03' }), 409, 'case-file-exists');
    for (const index of ['abc', '03/8', '03-', '-8', '03 8', '03-8x']) {
      expectProblem(await admin.request('POST', '/api/v1/nomenclature/case-files', { index, title: 'Погана', department: '03' }), 400, 'validation', 'index');
    }
    expectProblem(await admin.request('POST', '/api/v1/nomenclature/case-files', { index: '04-1', title: 'Чужий підрозділ', department: '03' }), 400, 'validation', 'index');
    expectProblem(await admin.request('POST', '/api/v1/nomenclature/case-files', { index: '99-1', title: 'Немає підрозділу', department: '99' }), 400, 'validation', 'department');
    expectProblem(await admin.request('POST', '/api/v1/nomenclature/case-files', { index: '03-9', department: '03' }), 400, 'validation', 'title');
    expect(await db('case_files').whereIn('index', ['04-1', '99-1', '03-9']).count<{ count: string }[]>('* as count')).to.deep.equal([{ count: '0' }]);
  });

  it('renames a case file, keeping its index', async () => {
    const renamed = await admin.request<CaseFileView>('PATCH', '/api/v1/nomenclature/case-files/03-8', { title: 'Листування щодо ліфтів' });
    expect(renamed.status).to.equal(200);
    expect(renamed.body).to.include({ index: '03-8', title: 'Листування щодо ліфтів', year: 2026 });
    const audit = await db('audit_log').where({ action: 'nomenclature.case-file.changed', entity_id: '03-8' }).first('details');
    expect(audit?.details).to.deep.equal({ previousTitle: 'Листування з питань ліфтів', title: 'Листування щодо ліфтів' });
    expectProblem(await admin.request('PATCH', '/api/v1/nomenclature/case-files/03-777', { title: 'Немає' }), 404, 'not-found');
    expectProblem(await admin.request('PATCH', '/api/v1/nomenclature/case-files/03-8', {}), 400, 'validation');
  });

  it('files the next registrations into the journal\'s new default; a used case file is closed, not deleted', async () => {
    const set = await admin.request<{ code: string; defaultCaseFileIndex: string }>('PUT', '/api/v1/nomenclature/journals/incoming/default-case-file', { caseFileIndex: '03-8' });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    expect(set.body.defaultCaseFileIndex).to.equal('03-8');
    expect(await db('audit_log').where({ action: 'nomenclature.journal.default-case-file-set', entity_id: 'incoming' }).first('details'))
      .to.deep.include({ details: { previous: '01-15', caseFile: '03-8' } });

    let registrationIndex: string;
    try {
      const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents', upload('Лист до справи 03-8'));
      expect(posted.status).to.equal(202);
      registrationIndex = await eventually('the registration', async () => {
        const doc = await clerk.request<{ registrationIndex: string | null }>('GET', `/api/v1/documents/${posted.body.id}`);
        return doc.body.registrationIndex ?? undefined;
      }, 60000);
      // Closing the journal's default is refused: the next registration would have nowhere to go.
      expectProblem(await admin.request('POST', '/api/v1/nomenclature/case-files/03-8/close'), 409, 'case-file-in-use');
    } finally {
      const back = await admin.request('PUT', '/api/v1/nomenclature/journals/incoming/default-case-file', { caseFileIndex: '01-15' });
      expect(back.status).to.equal(200);
    }
    expect(registrationIndex).to.match(/^\d+\/03-8$/);

    const file = await admin.request<CaseFileView>('GET', '/api/v1/nomenclature/case-files/03-8');
    expect(file.body.registrationCount).to.equal(1);
    expect(file.body.defaultOfJournals).to.deep.equal([]);
    expectProblem(await admin.request('DELETE', '/api/v1/nomenclature/case-files/03-8'), 409, 'case-file-in-use');
    expectProblem(await admin.request('DELETE', '/api/v1/nomenclature/case-files/01-15'), 409, 'case-file-in-use');

    const closed = await admin.request<CaseFileView>('POST', '/api/v1/nomenclature/case-files/03-8/close');
    expect(closed.status).to.equal(200);
    expect(closed.body.closedAt).to.be.a('string');
    const again = await admin.request<CaseFileView>('POST', '/api/v1/nomenclature/case-files/03-8/close');
    expect(again.body.closedAt).to.equal(closed.body.closedAt);
    expect(await db('audit_log').where({ action: 'nomenclature.case-file.closed', entity_id: '03-8' }).count<{ count: string }[]>('* as count'))
      .to.deep.equal([{ count: '1' }]);

    const open = await clerk.request<CaseFileView[]>('GET', '/api/v1/nomenclature/case-files?department=03');
    expect(open.body.map((f) => f.index)).to.not.include('03-8');
    const all = await clerk.request<CaseFileView[]>('GET', '/api/v1/nomenclature/case-files?department=03&includeClosed=true');
    expect(all.body.map((f) => f.index)).to.include('03-8');

    expectProblem(await admin.request('PUT', '/api/v1/nomenclature/journals/incoming/default-case-file', { caseFileIndex: '03-8' }), 409, 'case-file-closed');
    expectProblem(await admin.request('PUT', '/api/v1/nomenclature/journals/incoming/default-case-file', { caseFileIndex: '03-404' }), 400, 'validation', 'caseFileIndex');
    expectProblem(await admin.request('PUT', '/api/v1/nomenclature/journals/nope/default-case-file', { caseFileIndex: '01-15' }), 404, 'not-found');
    // The registration keeps its index; the case file keeps it too.
    expect(await db('registrations').where({ registration_index: registrationIndex }).first('case_file_index')).to.deep.equal({ case_file_index: '03-8' });
  });

  it('deletes a case file nothing refers to', async () => {
    expect((await admin.request('POST', '/api/v1/nomenclature/case-files', { index: '03-9', title: 'Помилково додана', department: '03' })).status).to.equal(201);
    const deleted = await admin.request('DELETE', '/api/v1/nomenclature/case-files/03-9');
    expect(deleted.status).to.equal(204);
    expectProblem(await admin.request('GET', '/api/v1/nomenclature/case-files/03-9'), 404, 'not-found');
    expectProblem(await admin.request('DELETE', '/api/v1/nomenclature/case-files/03-9'), 404, 'not-found');
    expect(await db('audit_log').where({ action: 'nomenclature.case-file.deleted', entity_id: '03-9' }).first('details'))
      .to.deep.include({ details: { title: 'Помилково додана', department: '03', year: null } });
  });
});
