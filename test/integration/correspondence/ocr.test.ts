// OCR in the incoming-document process on the real stack: it runs beside the clerk's card check,
// an unreadable scan ends as ocrStatus 'failed' without an incident, and a technical failure ends
// as an incident (after the retries) while the card check goes on.
import { expect } from 'chai';
import { createDb, type Db } from '../../../lib/db.ts';
import { receiveIncomingDocument } from '../../../lib/correspondence/service.ts';
import { LETTER_PAGES, characterAccuracy, imagePdf, removeDir, renderPages, scratchDir, textPdf } from '../../lib/ocr/fixtures.ts';
import { ApiSession, eventually, testStack } from '../../support/stack.ts';

function upload(file: Buffer, name: string): FormData {
  const form = new FormData();
  form.set('metadata', JSON.stringify({ correspondent: 'ТОВ «Київські ліфти»', summary: 'Про ремонт ліфтів' }));
  form.set('file', new Blob([new Uint8Array(file)]), name);
  return form;
}

describe('OCR in the incoming-document process', function () {
  this.timeout(240000);
  let db: Db;
  let clerk: ApiSession;
  let scratch: string;

  before(async () => {
    db = createDb(testStack().database.appUrl, 2);
    clerk = await ApiSession.login('clerk');
    scratch = await scratchDir();
  });
  after(async () => {
    await db.destroy();
    await removeDir(scratch);
  });

  const engine = () => testStack().engine.client;

  async function variables(businessKey: string): Promise<Record<string, unknown>> {
    const [instance] = await engine().request<Array<{ id: string }>>('GET', `/history/process-instance?processInstanceBusinessKey=${businessKey}`);
    const vars = await engine().request<Array<{ name: string; value: unknown }>>('GET', `/history/variable-instance?processInstanceId=${instance!.id}`);
    return Object.fromEntries(vars.map((v) => [v.name, v.value]));
  }

  async function completeCardCheck(documentId: string): Promise<void> {
    const taskId = await eventually('the card check', async () => {
      const res = await clerk.request<Array<{ id: string; businessKey: string }>>('GET', '/api/v1/tasks');
      return res.body.find((t) => t.businessKey === documentId)?.id;
    });
    expect((await clerk.request('POST', `/api/v1/tasks/${taskId}/claim`)).status).to.equal(200);
    expect((await clerk.request('POST', `/api/v1/tasks/${taskId}/complete`, { variables: { cardConfirmed: true } })).status).to.equal(204);
  }

  it('OCRs an uploaded scanned PDF and the case goes on once the card is checked and the text read', async () => {
    const scanned = await imagePdf(await renderPages(await textPdf([`${LETTER_PAGES[0]} ${Date.now()}`]), 300, scratch));
    const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents', upload(scanned, 'scan.pdf'));
    expect(posted.status).to.equal(202);
    const id = posted.body.id;
    await completeCardCheck(id);
    const state = await eventually('OCR done', async () => {
      const row = await db('documents').where({ id }).first('ocr_status', 'page_count');
      return row.ocr_status === 'done' ? row : undefined;
    }, 120000);
    expect(state.page_count).to.equal(1);
    const page = await db('document_pages').where({ document_id: id }).first('source', 'text', 'confidence');
    expect(page.source).to.equal('ocr');
    expect(characterAccuracy(LETTER_PAGES[0]!, page.text)).to.be.greaterThan(0.9);
    // Past the join of the card check and OCR: the case waits for the head's resolution.
    await eventually('the case to reach the resolution', async () => {
      const tasks = await engine().request<unknown[]>('GET', `/task?processInstanceBusinessKey=${id}&taskDefinitionKey=resolve-document`);
      return tasks.length === 1 ? true : undefined;
    });
    expect(await variables(id)).to.include({ ocrStatus: 'done', pageCount: 1 });
  });

  it('records an unreadable (password-protected) scan as ocrStatus failed, without an incident', async () => {
    const locked = await textPdf([`Закрито ${Date.now()}`], { userPassword: 'secret', pdfVersion: '1.7' } as PDFKit.PDFDocumentOptions);
    const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents', upload(locked, 'locked.pdf'));
    expect(posted.status).to.equal(202);
    const id = posted.body.id;
    const row = await eventually('OCR failed', async () => {
      const r = await db('documents').where({ id }).first('ocr_status', 'ocr_error');
      return r.ocr_status === 'failed' ? r : undefined;
    });
    expect(row.ocr_error).to.match(/^encrypted:/);
    await completeCardCheck(id);
    // Past the join of the card check and OCR: the case waits for the head's resolution.
    await eventually('the case to reach the resolution', async () => {
      const tasks = await engine().request<unknown[]>('GET', `/task?processInstanceBusinessKey=${id}&taskDefinitionKey=resolve-document`);
      return tasks.length === 1 ? true : undefined;
    });
    expect(await variables(id)).to.include({ ocrStatus: 'failed' });
  });

  it('turns a technical failure into an incident after the retries, and the card check goes on', async () => {
    // A document whose scan is missing from the store: reading fails the same way every time.
    const missing = 'f'.repeat(40) + Date.now().toString(16).padStart(24, '0');
    const doc = await db.transaction((tx) => receiveIncomingDocument(tx, {
      file: { path: '/nowhere', sha256: missing, size: 10, type: 'application/pdf' },
      metadata: { correspondent: 'Тест', summary: 'Скан загублено' }, createdBy: null, actor: 'system:test',
    }));
    const incident = await eventually('an incident on ingest-scan', async () => {
      const [instance] = await engine().request<Array<{ id: string }>>('GET', `/process-instance?businessKey=${doc.id}`);
      if (!instance) return undefined;
      const incidents = await engine().request<Array<{ activityId: string; incidentMessage: string }>>('GET', `/incident?processInstanceId=${instance.id}`);
      return incidents[0];
    }, 120000);
    expect(incident.activityId).to.equal('ingest-scan');
    const card = await clerk.request<{ registrationIndex: string | null; currentSteps: Array<{ step: string }> }>('GET', `/api/v1/documents/${doc.id}`);
    expect(card.body.registrationIndex).to.match(/^\d+\/01-15$/);
    expect(card.body.currentSteps.map((s) => s.step)).to.include('check-registration-card');
    await completeCardCheck(doc.id);
    expect((await db('documents').where({ id: doc.id }).first('ocr_status')).ocr_status).to.equal('pending');
  });
});
