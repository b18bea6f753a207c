// The answer package of a public-information request on the real stack (Law 2939-VI Art. 6 p.7;
// Law 2297-VI; Law 2155-VIII): a scan with planted personal data is uploaded and OCR'd by the
// incoming-document process; an answer whose text carries planted personal data is drafted with it;
// masks are proposed; a lawyer removes one (an official's name, public by law) and adds two the
// detector cannot know; signing refuses before the review and works after; pdfsig finds the
// signature valid; neither the text layer nor OCR of the page images carries a planted value; views
// of the original are audited; the public register and the verification page show the masked answer.
import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createDb, type Db } from '../../../lib/db.ts';
import { createFileStore } from '../../../lib/file-store.ts';
import {
  draftInfoAnswer, InfoAnswerError, isInfoAnswerReviewed, proposeInfoAnswerMasks, publishInfoAnswer, reviewInfoAnswerMasks,
  signInfoAnswer, type SignInfoAnswerDeps,
} from '../../../lib/info-requests/answers-service.ts';
import { createStaffUser } from '../../../lib/staff/repository.ts';
import { createSigningService } from '../../../lib/signing/index.ts';
import { embeddedImages, ocrText, pdfsig, pdftotext } from '../../lib/answer-pdf/fixtures.ts';
import { removeDir, renderPages, scratchDir, textPdf } from '../../lib/ocr/fixtures.ts';
import { ApiSession, eventually, testConfig, testStack } from '../../support/stack.ts';

const compact = (s: string): string => s.toLowerCase().replace(/[\s\-()]+/g, '');
const digitsOnly = (s: string): string => s.replace(/\D/g, '');

// Planted in the answer's text.
const TEXT = {
  name: 'Гончаренко Марією Петрівною',
  phone: '+380501234567',
  email: 'maria.kovalenko@ukr.net',
  address: 'вул. Січових Стрільців, буд. 12, кв. 45',
  plate: 'АА 1234 ВК',
  official: 'Пантелейчук Андрій Петрович',
};
// Planted on the scan.
const SCAN = { name: 'Петренко Олена Іванівна', phone: '+380671234567', tax: '3012345670', cadastre: '8000000000:75:123:0045' };
const RECIPIENT = { name: 'Сидоренку Івану', address: 'м. Київ, вул. Велика Васильківська, 5' };

async function expectRefusal(promise: Promise<unknown>, code: InfoAnswerError['code']): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(InfoAnswerError);
    expect((error as InfoAnswerError).code).to.equal(code);
    return;
  }
  expect.fail(`expected a refusal ${code}`);
}

describe('Answers to public-information requests: masks, review, signature, register', function () {
  this.timeout(600000);
  let db: Db;
  let scratch: string;
  let clerk: ApiSession;
  let lawyer: ApiSession;
  let lawyerId: number;
  let signerId: number;
  let documentId: string;
  let answerId: string;
  let text: string;
  let deps: SignInfoAnswerDeps;
  const requestId = crypto.randomUUID();

  before(async () => {
    db = createDb(testStack().database.appUrl, 4);
    scratch = await scratchDir();
    clerk = await ApiSession.login('clerk');
    // The role may come from the request process's migration; the test needs it either way.
    await db.raw(`INSERT INTO roles (code, name_uk, name_en, candidate_group) VALUES ('lawyer', 'Юрист', 'Lawyer', 'lawyers') ON CONFLICT DO NOTHING`);
    const username = `lawyer-${Date.now()}`;
    lawyerId = (await createStaffUser(db, { username, password: 'lawyer-password', fullName: 'Юрист Тестовий', departmentCode: '01', roles: ['lawyer'] }))!;
    lawyer = await ApiSession.login(username, 'lawyer-password');
    signerId = (await db('staff_users').where({ username: 'head' }).first('id')).id;
    const { dataDir, filesDir } = testConfig();
    const files = createFileStore(filesDir);
    deps = { db, files, signing: createSigningService({ db, dataDir, files }), dataDir, publicUrl: testStack().apiUrl };

    // A scanned letter, as a clerk registers it; the incoming-document process reads it by OCR.
    const source = await textPdf([
      `Заява. Я, ${SCAN.name}, прошу надати копію рішення про ремонт ліфтів у будинку. Телефон ${SCAN.phone}. `
      + `РНОКПП ${SCAN.tax}. Земельна ділянка, кадастровий номер ${SCAN.cadastre}. Відділ житлового господарства.`,
    ], { margin: 60 });
    const [png] = await renderPages(source, 200, scratch);
    const form = new FormData();
    form.set('metadata', JSON.stringify({ correspondent: 'Громадянка', summary: 'Заява про ремонт ліфтів' }));
    form.set('file', new Blob([new Uint8Array(png!)]), 'scan.png');
    const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents', form);
    expect(posted.status).to.equal(202);
    documentId = posted.body.id;
    await eventually('OCR of the scan', async () => {
      const row = await db('documents').where({ id: documentId }).first('ocr_status');
      return row.ocr_status === 'done' ? true : undefined;
    }, 300000);

    text = `Відповідно до Вашого запиту повідомляємо, що договір на ремонт ліфтів укладено з громадянкою ${TEXT.name} `
      + `(тел. ${TEXT.phone}, e-mail ${TEXT.email}), яка мешкає за адресою м. Київ, ${TEXT.address}.\n\n`
      + `Рішення підписав заступник голови ${TEXT.official}. Автомобіль з номерним знаком ${TEXT.plate} передано на баланс району. `
      + 'Ремонт ліфтів завершено у грудні.';
  });

  after(async () => {
    await db?.destroy();
    if (scratch) await removeDir(scratch);
  });

  it('drafts once per request and round, and refuses to sign before masks were proposed and reviewed', async () => {
    const first = await draftInfoAnswer(db, { requestId, round: 1, text, documentIds: [documentId], actor: 'system:test' });
    const again = await draftInfoAnswer(db, { requestId, round: 1, text, documentIds: [documentId], actor: 'system:test' });
    expect(again.answerId).to.equal(first.answerId);
    answerId = first.answerId;
    await expectRefusal(signInfoAnswer(deps, answerId, signInput()), 'masks-not-reviewed');
    await expectRefusal(reviewInfoAnswerMasks(db, answerId, { done: true }, lawyerId), 'masks-not-proposed');
  });

  it('proposes masks over the text and the scan, once', async () => {
    const { spans } = await proposeInfoAnswerMasks(db, answerId);
    expect(spans).to.be.greaterThan(5);
    expect((await proposeInfoAnswerMasks(db, answerId)).spans).to.equal(spans);
    const kinds = await db('info_answer_masks').where({ answer_id: answerId }).select('target', 'kind');
    expect(kinds.filter((k) => k.target === 'text').map((k) => k.kind)).to.include.members(['name', 'phone', 'email', 'address']);
    expect(kinds.filter((k) => k.target === 'page').map((k) => k.kind)).to.include.members(['name', 'phone', 'tax-number']);
    expect(await isInfoAnswerReviewed(db, answerId)).to.equal(false);
    await expectRefusal(signInfoAnswer(deps, answerId, signInput()), 'masks-not-reviewed');
  });

  it('shows the preview to lawyers only, without unmasked values', async () => {
    expect((await clerk.request('GET', `/api/v1/info-answers/${answerId}/preview`)).status).to.equal(403);
    expect((await new ApiSession().request('GET', `/api/v1/info-answers/${answerId}/preview`)).status).to.equal(401);
    const res = await lawyer.request('GET', `/api/v1/info-answers/${answerId}/preview`);
    expect(res.status).to.equal(200);
    expect(res.body.masksProposed).to.equal(true);
    expect(res.body.pages).to.have.length(1);
    const body = JSON.stringify(res.body);
    for (const value of [TEXT.name, TEXT.phone, TEXT.email, 'Січових', SCAN.name, SCAN.tax]) expect(body, value).to.not.include(value);
    expect(res.body.maskedText).to.include('[приховано: ПІБ]');
  });

  it('audits every view of the original and requires a reason', async () => {
    const count = async () => Number((await db('audit_log').where({ action: 'info-answer.original-viewed', entity_id: answerId }).count({ n: '*' }))[0]!.n);
    const before = await count();
    expect((await lawyer.request('GET', `/api/v1/info-answers/${answerId}/original`)).status).to.equal(400);
    expect((await clerk.request('GET', `/api/v1/info-answers/${answerId}/original?reason=${encodeURIComponent('перевірка масок')}`)).status).to.equal(403);
    const res = await lawyer.request('GET', `/api/v1/info-answers/${answerId}/original?reason=${encodeURIComponent('перевірка масок юристом')}`);
    expect(res.status).to.equal(200);
    expect(res.body.text).to.equal(text);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    await lawyer.request('GET', `/api/v1/info-answers/${answerId}/original?reason=${encodeURIComponent('друга перевірка')}`);
    expect(await count()).to.equal(before + 2);
    const last = await db('audit_log').where({ action: 'info-answer.original-viewed', entity_id: answerId }).orderBy('id', 'desc').first('actor', 'details', 'at');
    expect(last.actor).to.equal(`user:${lawyerId}`);
    expect(last.details.reason).to.equal('друга перевірка');
  });

  it("lets the lawyer remove the official's name, add a span and a word on the page, and finish the review", async () => {
    const preview = (await lawyer.request('GET', `/api/v1/info-answers/${answerId}/preview`)).body;
    const officialAt = text.indexOf(TEXT.official);
    const official = preview.masks.find((m: any) => m.target === 'text' && m.start <= officialAt && m.end > officialAt);
    expect(official, 'the official was proposed').to.not.equal(undefined);
    const original = (await lawyer.request('GET', `/api/v1/info-answers/${answerId}/original?reason=${encodeURIComponent('знайти кадастровий номер')}`)).body;
    const words: Array<{ text: string }> = original.pages[0].words;
    const cadastreWords = words.map((w, i) => ({ w, i })).filter(({ w }) => digitsOnly(w.text).length >= 6);
    expect(cadastreWords.length, 'the cadastral number read by OCR').to.be.greaterThan(0);
    const plateAt = text.indexOf(TEXT.plate);

    // A span outside the text is refused as a field error; nothing changes.
    const bad = await lawyer.request('PATCH', `/api/v1/info-answers/${answerId}/masks`, { add: [{ target: 'text', start: 0, end: text.length + 5 }] });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors[0].field).to.equal('add[0]');

    const res = await lawyer.request('PATCH', `/api/v1/info-answers/${answerId}/masks`, {
      remove: [official.id],
      add: [
        { target: 'text', start: plateAt, end: plateAt + TEXT.plate.length },
        ...cadastreWords.filter(({ w }) => digitsOnly(w.text).length >= 6).map(({ i }) => ({ target: 'word', documentId, pageNo: 1, wordIndex: i, kind: 'tax-number' })),
      ],
      done: true,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.reviewed).to.equal(true);
    expect(await isInfoAnswerReviewed(db, answerId)).to.equal(true);
    const after = (await lawyer.request('GET', `/api/v1/info-answers/${answerId}/preview`)).body;
    expect(after.maskedText).to.include(TEXT.official);
    expect(after.maskedText).to.not.include(TEXT.plate);
    expect(after.masks.filter((m: any) => m.state === 'proposed')).to.have.length(0);
    const audit = await db('audit_log').where({ action: 'info-answer.masks-reviewed', entity_id: answerId }).orderBy('id', 'desc').first('actor', 'details');
    expect(audit.actor).to.equal(`user:${lawyerId}`);
    expect(audit.details).to.include({ removed: 1, done: true });
  });

  let recipientPdf: Buffer;
  let verifyId: string;

  it('signs once, with the masks burned in, and pdfsig finds the signature valid', async () => {
    const signed = await signInfoAnswer(deps, answerId, signInput());
    expect(await signInfoAnswer(deps, answerId, signInput())).to.deep.equal(signed);
    expect(await db('info_answer_pdfs').where({ answer_id: answerId }).count({ n: '*' })).to.deep.equal([{ n: '2' }]);
    verifyId = signed.verifyId;
    expect(verifyId).to.match(/^[A-Za-z0-9_-]{22}$/);
    recipientPdf = await readFile(deps.files.pathOf(signed.pdfSha256));
    const report = await pdfsig(scratch, recipientPdf);
    expect(report).to.include('Signature Validation: Signature is Valid.');
    expect(report).to.include('Total document signed');
    const head = await db('staff_users').where({ id: signerId }).first('full_name');
    expect(report).to.include(`Signer Certificate Common Name: ${head.full_name}`);
    // The masks can no longer change.
    await expectRefusal(reviewInfoAnswerMasks(db, answerId, { remove: [], done: true }, lawyerId), 'answer-signed');
    const staffPdf = await lawyer.request('GET', `/api/v1/info-answers/${answerId}/pdf`);
    expect(staffPdf.status).to.equal(200);
    expect(staffPdf.headers.get('content-type')).to.equal('application/pdf');
    expect(await db('audit_log').where({ action: 'info-answer.letter-exported', entity_id: answerId, actor: `user:${lawyerId}` }).count({ n: '*' })).to.deep.equal([{ n: '1' }]);
    expect((await clerk.request('GET', `/api/v1/info-answers/${answerId}/pdf`)).status).to.equal(403);
    // Once signed, the masks are fixed: the API says so as a problem.
    const late = await lawyer.request('PATCH', `/api/v1/info-answers/${answerId}/masks`, { done: true });
    expect(late.status).to.equal(409);
    expect(late.body.type).to.equal('urn:hromada:problem:info-answer-signed');
  });

  it('carries no planted value in its text layer, and OCR of its page images finds none', async () => {
    const layer = await pdftotext(scratch, recipientPdf);
    for (const value of [...Object.values(SCAN), TEXT.name, TEXT.phone, TEXT.email, TEXT.address, TEXT.plate]) {
      expect(compact(layer), value).to.not.include(compact(value));
    }
    expect(layer).to.include('Ремонт ліфтів завершено');
    expect(layer).to.not.include('Гончаренко');
    expect(layer).to.include(TEXT.official);
    expect(layer).to.include('[приховано: ПІБ]');
    expect(layer).to.include(RECIPIENT.name);
    expect(layer).to.include('Додаток 1 до листа № 77/05-12');

    const [page] = await embeddedImages(scratch, recipientPdf);
    const ocr = await ocrText(page!);
    expect(ocr, 'the rest of the scan still reads').to.match(/ліфт/i);
    expect(ocr).to.not.match(/Петренко|Олена|Іванівна/);
    const d = digitsOnly(ocr);
    for (const value of ['0671234567', SCAN.tax, digitsOnly(SCAN.cadastre).slice(0, 10)]) expect(d, value).to.not.include(value);
  });

  it('publishes the masked answer to the public register, once, searchable, without planted values', async () => {
    await expectRefusal(publishInfoAnswer(db, crypto.randomUUID(), publishInput()), 'answer-not-found');
    await publishInfoAnswer(db, answerId, publishInput());
    await publishInfoAnswer(db, answerId, publishInput());
    expect(await db('info_register').where({ answer_id: answerId }).count({ n: '*' })).to.deep.equal([{ n: '1' }]);

    const anonymous = new ApiSession();
    const list = await anonymous.request('GET', `/api/v1/register?q=${encodeURIComponent('ремонту ліфтів')}&page=1&pageSize=10`);
    expect(list.status).to.equal(200);
    const item = list.body.items.find((i: any) => i.requestIndex === publishInput().requestIndex);
    expect(item, 'found by words of the answer').to.not.equal(undefined);
    expect((await anonymous.request('GET', `/api/v1/register?q=${encodeURIComponent('неіснуючесловоxyz')}`)).body.total).to.equal(0);

    const entry = await anonymous.request('GET', `/api/v1/register/${item.id}`);
    expect(entry.status).to.equal(200);
    const all = JSON.stringify([list.body, entry.body]);
    for (const value of [...Object.values(SCAN), TEXT.name, TEXT.phone, TEXT.email, 'Січових', TEXT.plate, RECIPIENT.name, 'Васильківська']) {
      expect(all, value).to.not.include(value);
    }
    expect(entry.body.text).to.include(TEXT.official);

    const pdf = await fetch(`${testStack().apiUrl}/api/v1/register/${item.id}/pdf`);
    expect(pdf.status).to.equal(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect((await pdfsig(scratch, bytes))).to.include('Signature Validation: Signature is Valid.');
    const layer = await pdftotext(scratch, bytes);
    expect(layer).to.not.include('Сидоренк');
    expect(layer).to.not.include('Васильківська');
    expect(layer).to.include('Ремонт ліфтів завершено');
    expect((await anonymous.request('GET', `/api/v1/register/${crypto.randomUUID()}`)).status).to.equal(404);
  });

  it('verifies a signed answer by the id of its QR code: JSON and the page', async () => {
    const anonymous = new ApiSession();
    const res = await anonymous.request('GET', `/api/v1/verify/${verifyId}`);
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ valid: true, registrationIndex: '77/05-12', registeredOn: '2026-11-27', copy: 'recipient' });
    expect(res.body.problems).to.deep.equal([]);
    expect(res.body.sha256).to.equal(createHash('sha256').update(recipientPdf).digest('hex'));
    expect(res.body.signer.position).to.equal('Уповноважена особа з питань доступу до публічної інформації');
    const body = JSON.stringify(res.body);
    expect(body).to.not.include(RECIPIENT.name);
    expect((await anonymous.request('GET', '/api/v1/verify/AAAAAAAAAAAAAAAAAAAAAA')).status).to.equal(404);
    expect((await anonymous.request('GET', '/api/v1/verify/short')).status).to.equal(400);
    const page = await fetch(`${testStack().apiUrl}/verify/${verifyId}`);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/text\/html/);
    expect(await page.text()).to.include('/portal/verify.js');
    // The QR code and the printed link lead to this very page.
    expect(compact(await pdftotext(scratch, recipientPdf))).to.include(compact(`/verify/${verifyId}`));
  });

  it('finds a signed answer by its code with or without separators: spaces, line breaks, hyphens added or missing', async () => {
    const anonymous = new ApiSession();
    const verify = (text: string) => anonymous.request<{ verifyId?: string; errors?: Array<{ field: string }> }>('GET', `/api/v1/verify/${encodeURIComponent(text)}`);
    // A code with hyphens of its own, as base64url gives them now and then: the public copy is given one.
    const part = (n: number) => randomBytes(16).toString('base64url').replace(/-/g, 'x').slice(0, n);
    const code = `${part(6)}-${part(5)}_k-${part(7)}`;
    expect(code).to.have.length(22);
    const before = (await db('info_answer_pdfs').where({ answer_id: answerId, variant: 'public' }).first('verify_id')).verify_id as string;
    await db('info_answer_pdfs').where({ answer_id: answerId, variant: 'public' }).update({ verify_id: code });
    try {
      const given = [
        code, code.replace(/-/g, ''), `${code.slice(0, 7)} ${code.slice(7, 15)}\n${code.slice(15)}`, `${code.slice(0, 13)}-\r\n${code.slice(13)}`,
        code.replace(/-/g, '').match(/.{1,4}/g)!.join('-'), `  ${code}  `,
      ];
      for (const text of given) {
        const res = await verify(text);
        expect(res.status, JSON.stringify(text)).to.equal(200);
        expect(res.body.verifyId, 'the code as printed').to.equal(code);
      }
      // The requester's letter by its code split over lines, as a copy from the PDF gives it.
      const split = await verify(`${verifyId.slice(0, 11)}\n${verifyId.slice(11)}`);
      expect(split.status).to.equal(200);
      expect(split.body).to.include({ verifyId, copy: 'recipient' });
      // Still a 404 for a code that is not there, and a 400 naming the field for what is no code at all.
      expect((await verify('AAAA AAAA AAAA AAAA AAAA AA')).status).to.equal(404);
      expect((await verify('not a code at all')).status).to.equal(404);
      const bad = await verify('!!!!!!!!!!!!!!!!!!!!!!');
      expect(bad.status).to.equal(400);
      expect(bad.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(bad.body.errors?.map((e) => e.field)).to.deep.equal(['verifyId']);
    } finally {
      await db('info_answer_pdfs').where({ answer_id: answerId, variant: 'public' }).update({ verify_id: before });
    }
  });

  function signInput() {
    return {
      signerUserId: signerId, registrationIndex: '77/05-12', registeredOn: '2026-11-27',
      recipientName: RECIPIENT.name, recipientAddress: RECIPIENT.address, subject: 'Про надання публічної інформації',
    };
  }

  function publishInput() {
    return { requestIndex: `ЗПІ-${requestId.slice(0, 6)}`, receivedOn: '2026-11-20', subject: 'Про ремонт ліфтів', result: 'provided' as const };
  }
});
