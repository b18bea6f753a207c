// Issue 3's "done when", end to end through the real stack (hot folder, OCR, API, engine, workers,
// PostgreSQL): a scanned letter dropped into a workstation's hot folder is read and registered, the
// clerk checks the card, a head resolves it to two departments with a reply needed, both execute,
// the responsible one consolidates, the controller returns it once and then accepts, the reply is
// drafted, approved, registered in the outgoing journal with a reference to the incoming index and
// signed, and the document is filed. Then: the route shows every hand-over in order and "where now"
// is the case file; every signature (registration seal, resolution, acceptance, reply) is valid in
// the API and in xmlsec1, and fails when a scan byte, a card field or a resolution value changes;
// the search finds the letter by a word of its scanned text (CMU 55/2018, Law 2155-VIII).
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { createDb, type Db } from '../../../lib/db.ts';
import { createFileStore } from '../../../lib/file-store.ts';
import * as registerReplyTopic from '../../../workers/topics/correspondence/register-reply.ts';
import * as signDocumentTopic from '../../../workers/topics/correspondence/sign-document.ts';
import { removeDir, renderPages, scratchDir, textPdf } from '../../lib/ocr/fixtures.ts';
import { ApiSession, eventually, testConfig, testStack } from '../../support/stack.ts';

const run = promisify(execFile);

interface Task { id: string; businessKey: string | null; taskDefinitionKey: string; assignee: string | null }
interface RouteEntry { action: string; step: string | null; fromDepartment: string | null; toDepartment: string | null; fromUser: string | null; toUser: string | null; byUser: string | null; reason: string | null }
interface RouteView {
  history: RouteEntry[];
  now: { departments: Array<{ code: string; name: string }>; steps: Array<{ step: string }>; filed?: { caseFileIndex: string; at: string } };
}
interface SignatureView {
  purpose: string;
  signer: { kind: 'user' | 'system'; name: string };
  certificateSerial: string;
  valid: boolean;
  problems: Array<{ code: string; field?: string }>;
}

/** Creates a second executing department (06) with its own group and person, as the execution test does. */
export async function ensureSecondDepartment(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx('departments').insert({ code: '06', name_uk: 'Департамент житлово-комунальної інфраструктури', name_en: 'Housing and utilities', candidate_group: 'executors-06' }).onConflict('code').ignore();
    await tx('roles').insert({ code: 'executor-06', name_uk: 'Виконавець (06)', name_en: 'Executor (06)', candidate_group: 'executors-06' }).onConflict('code').ignore();
    const dept = await tx('departments').where({ code: '06' }).first('id');
    const hash = (await tx('staff_users').where({ username: 'executor' }).first('password_hash')).password_hash;
    await tx('staff_users').insert({ username: 'executor6', full_name: 'Богдан Мельник', password_hash: hash, department_id: dept.id }).onConflict('username').ignore();
    const u = await tx('staff_users').where({ username: 'executor6' }).first('id');
    await tx('staff_user_roles').insert({ user_id: u.id, role_code: 'executor-06' }).onConflict(['user_id', 'role_code']).ignore();
  });
}

async function taskOf(session: ApiSession, documentId: string, step: string): Promise<Task> {
  return eventually(`task ${step}`, async () => {
    const res = await session.request<Task[]>('GET', '/api/v1/tasks');
    return res.body.find((t) => t.businessKey === documentId && t.taskDefinitionKey === step);
  }, 60000);
}

async function work(session: ApiSession, task: Task, variables: Record<string, unknown>): Promise<void> {
  if (!task.assignee) expect((await session.request('POST', `/api/v1/tasks/${task.id}/claim`)).status, `claim ${task.taskDefinitionKey}`).to.equal(200);
  const done = await session.request('POST', `/api/v1/tasks/${task.id}/complete`, { variables });
  expect(done.status, `complete ${task.taskDefinitionKey}: ${JSON.stringify(done.body)}`).to.equal(204);
}

describe('incoming correspondence: the issue’s "done when", from the hot folder to the case file', function () {
  this.timeout(600000);
  let db: Db;
  let scratch: string;
  let clerk: ApiSession;
  let head: ApiSession;
  let executor: ApiSession;
  let executor6: ApiSession;

  before(async () => {
    db = createDb(testStack().database.appUrl, 2);
    scratch = await scratchDir();
    await ensureSecondDepartment(db);
    clerk = await ApiSession.login('clerk');
    head = await ApiSession.login('head');
    executor = await ApiSession.login('executor');
    executor6 = await ApiSession.login('executor6');
  });
  after(async () => {
    await db?.destroy();
    if (scratch) await removeDir(scratch);
  });

  it('takes a scanned letter through registration, resolution, execution, control, reply and filing', async () => {
    // A scan as a scanner makes it: a page image (PNG, 300 dpi) of a Ukrainian letter, no text layer.
    const word = 'каналізаційного';
    const letter = `Київська міська державна адміністрація. Просимо терміново усунути пошкодження ${word} колектора на вулиці Гончара, будинок 12. Лист ${Date.now()}.`;
    const [png] = await renderPages(await textPdf([letter]), 300, scratch);
    const inbox = path.join(testStack().profile.dataDir, 'inbox', 'ws-done-when');
    await mkdir(inbox, { recursive: true });
    const part = path.join(inbox, 'scan.png.part');
    await writeFile(part, png!);
    await rename(part, path.join(inbox, 'Лист про колектор.png'));

    const sha = createHash('sha256').update(png!).digest('hex');
    const { id } = await eventually('the scan taken from the hot folder', async () => db('documents').where({ file_sha256: sha }).first('id'), 60000) as { id: string };

    // Registered in the incoming journal; OCR runs beside the clerk's card check.
    const card = await eventually('registration', async () => {
      const res = await clerk.request<{ registrationIndex: string | null }>('GET', `/api/v1/documents/${id}`);
      return res.body.registrationIndex ? res.body : undefined;
    }, 60000);
    expect(card.registrationIndex).to.match(/^\d+\/01-15$/);
    const incomingIndex = card.registrationIndex!;
    await work(clerk, await taskOf(clerk, id, 'check-registration-card'), { cardConfirmed: true });

    // The head resolves it to two departments, 03 responsible, with a reply needed. The resolution
    // waits for OCR and the seal, which can take a while on a busy machine.
    const resolve = await taskOf(head, id, 'resolve-document');
    await work(head, resolve, { executors: { 'department:03': 'responsible', 'department:06': 'co-executor' }, text: 'Усунути пошкодження і відповісти заявнику', replyNeeded: true });

    // Round 1: both execute, 03 consolidates, the controller returns it.
    await work(executor, await taskOf(executor, id, 'execute-assignment'), { report: 'Бригаду направлено' });
    await work(executor6, await taskOf(executor6, id, 'execute-assignment'), { report: 'Погоджено відключення' });
    await work(executor, await taskOf(executor, id, 'consolidate-execution'), { summary: 'Пошкодження локалізовано' });
    await work(head, await taskOf(head, id, 'review-execution'), { accepted: false, reason: 'Немає акта виконаних робіт' });
    // Round 2: executed again, consolidated, accepted.
    await work(executor, await taskOf(executor, id, 'execute-assignment'), { report: 'Колектор відремонтовано' });
    await work(executor6, await taskOf(executor6, id, 'execute-assignment'), { report: 'Акт підписано' });
    await work(executor, await taskOf(executor, id, 'consolidate-execution'), { summary: 'Колектор відремонтовано, акт додано' });
    await work(head, await taskOf(head, id, 'review-execution'), { accepted: true });

    // The responsible executor drafts the reply; the head returns the draft once, then approves it.
    const draft = await taskOf(executor, id, 'draft-reply');
    if (!draft.assignee) expect((await executor.request('POST', `/api/v1/tasks/${draft.id}/claim`)).status).to.equal(200);
    const empty = await executor.request<{ errors?: Array<{ field: string }> }>('POST', `/api/v1/tasks/${draft.id}/complete`, { variables: { replyAddressee: 'ОСББ «Гончара, 12»' } });
    expect(empty.status).to.equal(400);
    expect(empty.body.errors?.map((e) => e.field)).to.include.members(['variables.replySummary', 'variables.replyText']);
    await work(executor, draft, { replyAddressee: 'ОСББ «Гончара, 12»', replySummary: 'Про ремонт колектора', replyText: 'Повідомляємо, що колектор відремонтовано.' });
    const approve = await taskOf(head, id, 'approve-reply');
    expect((await head.request('POST', `/api/v1/tasks/${approve.id}/claim`)).status).to.equal(200);
    const noComment = await head.request<{ errors?: Array<{ field: string }> }>('POST', `/api/v1/tasks/${approve.id}/complete`, { variables: { replyApproved: false } });
    expect(noComment.status).to.equal(400);
    expect(noComment.body.errors?.map((e) => e.field)).to.include('variables.replyComment');
    await work(head, approve, { replyApproved: false, replyComment: 'Зазначте дату ремонту' });
    await work(executor, await taskOf(executor, id, 'draft-reply'), { replyAddressee: 'ОСББ «Гончара, 12»', replySummary: 'Про ремонт колектора', replyText: 'Повідомляємо, що колектор відремонтовано 25.11.2026.' });
    await work(head, await taskOf(head, id, 'approve-reply'), { replyApproved: true });

    // Filed: the case ends.
    await eventually('the case to end', async () => {
      const h = await testStack().engine.client.request<Array<{ state: string }>>('GET', `/history/process-instance?processInstanceBusinessKey=${id}`);
      return h.length === 1 && h[0]!.state === 'COMPLETED' ? h : undefined;
    }, 120000);

    // The reply: its own document, registered in the outgoing journal, referring to the incoming registration.
    const view = await clerk.request<{ status: string; replies: Array<{ documentId: string; registrationIndex: string }> }>('GET', `/api/v1/documents/${id}`);
    expect(view.status).to.equal(200);
    expect(view.body.status).to.equal('filed');
    expect(view.body.replies).to.have.length(1);
    const reply = view.body.replies[0]!;
    expect(reply.registrationIndex).to.match(/^\d+\/01-16$/);
    const replyRegistration = await db('registrations as o').join('registrations as i', 'i.id', 'o.in_reply_to')
      .where({ 'o.document_id': reply.documentId }).first('o.journal_code', 'o.registration_index', 'i.registration_index as incoming_index');
    expect(replyRegistration).to.deep.equal({ journal_code: 'outgoing', registration_index: reply.registrationIndex, incoming_index: incomingIndex });
    const replyView = await clerk.request<{ registrationIndex: string; correspondent: string; summary: string; file: { type: string } }>('GET', `/api/v1/documents/${reply.documentId}`);
    expect(replyView.body).to.deep.include({ registrationIndex: reply.registrationIndex, correspondent: 'ОСББ «Гончара, 12»', summary: 'Про ремонт колектора' });
    expect(replyView.body.file.type).to.equal('application/pdf');

    // The route: every hand-over in order, then "where now" = the case file.
    const route = await clerk.request<RouteView>('GET', `/api/v1/documents/${id}/route`);
    expect(route.status).to.equal(200);
    const steps = route.body.history.filter((h) => h.action !== 'claimed').map((h) => `${h.action}:${h.step}`);
    expect(steps).to.deep.equal([
      'registered:register-document',
      'completed:check-registration-card',
      'completed:resolve-document',
      'resolved:plan-execution', 'resolved:plan-execution',
      'completed:execute-assignment', 'completed:execute-assignment',
      'completed:consolidate-execution',
      'returned:review-execution', 'returned:review-execution',
      'completed:execute-assignment', 'completed:execute-assignment',
      'completed:consolidate-execution',
      'completed:review-execution',
      'completed:draft-reply',
      'returned:approve-reply',
      'completed:draft-reply',
      'completed:approve-reply',
      'replied:register-reply',
      'filed:file-document',
    ]);
    const byStep = (action: string, step: string) => route.body.history.filter((h) => h.action === action && h.step === step);
    expect(byStep('resolved', 'plan-execution').map((h) => h.toDepartment)).to.deep.equal(['03', '06']);
    expect(byStep('returned', 'review-execution').map((h) => h.reason)).to.deep.equal(['Немає акта виконаних робіт', 'Немає акта виконаних робіт']);
    expect(byStep('returned', 'approve-reply')[0]).to.include({ byUser: 'head', toDepartment: '03', reason: 'Зазначте дату ремонту' });
    expect(byStep('replied', 'register-reply')[0]).to.include({ fromDepartment: '03', toDepartment: '01', reason: reply.registrationIndex });
    expect(route.body.history.at(-1)).to.include({ action: 'filed', toDepartment: '01', reason: '01-15' });
    expect(route.body.now.steps).to.deep.equal([]);
    expect(route.body.now.filed?.caseFileIndex).to.equal('01-15');
    expect(route.body.now.departments.map((d) => d.code)).to.deep.equal(['01']);

    // Signatures: the registration seal, the head's resolution, the controller's acceptance; the
    // reply's own card signed by the approving head. All valid now.
    const signatures = async (documentId: string) => {
      const res = await clerk.request<SignatureView[]>('GET', `/api/v1/documents/${documentId}/signatures`);
      expect(res.status).to.equal(200);
      return res.body;
    };
    const headName = (await db('staff_users').where({ username: 'head' }).first('full_name')).full_name as string;
    const incomingSignatures = await signatures(id);
    expect(incomingSignatures.map((s) => [s.purpose, s.signer.kind, s.signer.name, s.valid, s.problems])).to.deep.equal([
      ['registration', 'system', 'Реєстрація — Загальний відділ', true, []],
      ['resolution', 'user', headName, true, []],
      ['approval', 'user', headName, true, []],
    ]);
    expect((await signatures(reply.documentId)).map((s) => [s.purpose, s.signer.kind, s.signer.name, s.valid])).to.deep.equal([['reply', 'user', headName, true]]);

    // What each signature covers: the resolution and the acceptance are in the signed card.
    const stored = await db('signatures').whereIn('document_id', [id, reply.documentId]).orderBy('id').select('purpose', 'signed_xml');
    const xmlOf = (purpose: string) => stored.find((s) => s.purpose === purpose)!.signed_xml as string;
    expect(xmlOf('resolution')).to.include('<Executors>department:03=responsible;department:06=co-executor</Executors>').and.include('<ReplyNeeded>true</ReplyNeeded>');
    expect(xmlOf('approval')).to.include('<Summary>Колектор відремонтовано, акт додано</Summary>').and.include('<ReworkCount>1</ReworkCount>');
    expect(xmlOf('reply')).to.include(`<Index>${reply.registrationIndex}</Index>`).and.include('<Journal>outgoing</Journal>');

    // xmlsec1, with the CA certificate anyone can fetch, verifies every one of them.
    const caPem = await (await fetch(`${testStack().apiUrl}/api/v1/signing/ca.pem`)).text();
    await writeFile(path.join(scratch, 'ca.pem'), caPem);
    expect(stored).to.have.length(4);
    for (const s of stored) {
      const file = path.join(scratch, `${s.purpose}.xml`);
      await writeFile(file, s.signed_xml);
      const ok = await run('xmlsec1', ['--verify', '--trusted-pem', path.join(scratch, 'ca.pem'), file]);
      expect(ok.stdout + ok.stderr, `xmlsec1 on ${s.purpose}`).to.match(/^OK/m);
    }

    // A changed scan byte makes every signature of the incoming card fail; restored, they hold again.
    const scanPath = path.join(testConfig().filesDir, sha.slice(0, 2), sha.slice(2, 4), sha);
    const original = await readFile(scanPath);
    const corrupted = Buffer.from(original);
    corrupted[corrupted.length - 20] = corrupted[corrupted.length - 20]! ^ 0x01;
    await writeFile(scanPath, corrupted);
    try {
      const broken = await signatures(id);
      expect(broken.map((s) => [s.purpose, s.valid, s.problems.map((p) => p.code)])).to.deep.equal([
        ['registration', false, ['scan-changed']], ['resolution', false, ['scan-changed']], ['approval', false, ['scan-changed']],
      ]);
    } finally {
      await writeFile(scanPath, original);
    }
    expect((await signatures(id)).every((s) => s.valid)).to.equal(true);

    // A changed card field fails all three; a changed resolution value fails the resolution and the
    // acceptance that covers it, not the seal. The database holds the trigger-free tables, so the
    // change is made there and undone.
    const summary = (await db('documents').where({ id }).first('summary')).summary as string;
    await db('documents').where({ id }).update({ summary: `${summary} (змінено)` });
    try {
      expect((await signatures(id)).map((s) => [s.purpose, s.valid, s.problems.map((p) => p.field)])).to.deep.equal([
        ['registration', false, ['summary']], ['resolution', false, ['summary']], ['approval', false, ['summary']],
      ]);
    } finally {
      await db('documents').where({ id }).update({ summary });
    }
    await db('resolutions').where({ document_id: id }).update({ term: db.raw(`term + 1`) });
    try {
      expect((await signatures(id)).map((s) => [s.purpose, s.valid, s.problems.map((p) => p.field)])).to.deep.equal([
        ['registration', true, []], ['resolution', false, ['resolution.term']], ['approval', false, ['resolution.term']],
      ]);
    } finally {
      await db('resolutions').where({ document_id: id }).update({ term: db.raw(`term - 1`) });
    }
    await db('resolutions').where({ document_id: id }).update({ execution_summary: 'Інше узагальнення' });
    try {
      expect((await signatures(id)).map((s) => [s.purpose, s.valid, s.problems.map((p) => p.field)])).to.deep.equal([
        ['registration', true, []], ['resolution', true, []], ['approval', false, ['approval.summary']],
      ]);
    } finally {
      await db('resolutions').where({ document_id: id }).update({ execution_summary: 'Колектор відремонтовано, акт додано' });
    }
    expect((await signatures(id)).every((s) => s.valid)).to.equal(true);

    // The search finds the letter by a word of its scanned text (read by OCR, no text layer).
    const found = await clerk.request<{ items: Array<{ id: string }> }>('GET', `/api/v1/documents/search?${new URLSearchParams({ q: word, pageSize: '100' })}`);
    expect(found.status).to.equal(200);
    expect(found.body.items.map((i) => i.id)).to.include(id);
    const page = await db('document_pages').where({ document_id: id }).first('source');
    expect(page.source, 'the text came from OCR').to.equal('ocr');

    // Workers are idempotent: a retried register-reply or sign-document task (the same inputs, the
    // same case) gets the first reply and signature back; no second outgoing number, no second signature.
    const [instance] = await testStack().engine.client.request<Array<{ id: string }>>('GET', `/history/process-instance?processInstanceBusinessKey=${id}`);
    const config = testConfig();
    const deps = { db, config, log: pino({ level: 'silent' }), now: () => new Date(), files: createFileStore(config.filesDir) };
    const context = (activityId: string) => ({ log: deps.log, task: { id: `retry-${activityId}`, processInstanceId: instance!.id, activityId, businessKey: id } });
    const headId = (await db('staff_users').where({ username: 'head' }).first('id')).id as number;
    const outgoingBefore = await db('journal_counters').where({ journal_code: 'outgoing' }).first('last_number');
    const again = await registerReplyTopic.createHandler(deps)({
      documentId: id, replyAddressee: 'ОСББ «Гончара, 12»', replySummary: 'Про ремонт колектора', replyText: 'Інший текст', replyApprovedBy: headId,
    }, context('register-reply'));
    expect(again).to.deep.equal({ replyDocumentId: reply.documentId, replyIndex: reply.registrationIndex });
    expect(await db('journal_counters').where({ journal_code: 'outgoing' }).first('last_number')).to.deep.equal(outgoingBefore);
    const sign = signDocumentTopic.createHandler(deps, { dataDir: config.dataDir });
    await sign({ documentId: id, signaturePurpose: 'resolution', signerId: headId }, context('sign-resolution'));
    await sign({ documentId: id, signaturePurpose: 'approval', signerId: headId, summary: 'Колектор відремонтовано, акт додано', reworkCount: 1 }, context('sign-approval'));
    await sign({ documentId: id, signaturePurpose: 'reply', signerId: headId, replyDocumentId: reply.documentId }, context('sign-reply'));
    expect(await db('signatures').whereIn('document_id', [id, reply.documentId]).count('* as n').first()).to.deep.equal({ n: '4' });
    expect(await db('registrations').where({ in_reply_to: db('registrations').where({ document_id: id, journal_code: 'incoming' }).select('id') })).to.have.length(1);
    expect((await signatures(id)).every((s) => s.valid)).to.equal(true);
  });
});
