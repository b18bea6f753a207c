// Signing registration cards through the real stack: a document uploaded through the API and
// registered by the process, the sign-registration handler run against the same database and data
// folder (the diagram does not call it yet), and the API answering with each signature verified
// now. The stored XML and the CA certificate the API publishes verify with xmlsec1.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { createDb, type Db } from '../../../lib/db.ts';
import { createFileStore } from '../../../lib/file-store.ts';
import { ContractError, type TopicHandler } from '../../../workers/task-outcome.ts';
import { createHandler } from '../../../workers/topics/correspondence/sign-registration.ts';
import { samplePdf } from '../../support/files.ts';
import { ApiSession, eventually, testConfig, testStack } from '../../support/stack.ts';
import { corruptScan, registeredDocument } from '../../lib/signing/fixtures.ts';

const run = promisify(execFile);

interface SignatureView {
  purpose: string;
  signer: { kind: 'user' | 'system'; name: string };
  certificateSerial: string;
  signedAt: string;
  valid: boolean;
  problems: Array<{ code: string; field?: string; message: string; message_uk: string }>;
}

describe('signatures of registration cards (stack)', function () {
  this.timeout(120000);
  let db: Db;
  let clerk: ApiSession;
  let handler: TopicHandler;
  let tmp: string;

  before(async function () {
    db = createDb(testStack().database.appUrl, 4);
    clerk = await ApiSession.login('clerk');
    const config = testConfig();
    handler = createHandler(
      { db, config, log: pino({ level: 'silent' }), now: () => new Date(), files: createFileStore(config.filesDir) },
      { dataDir: config.dataDir },
    );
    tmp = await mkdtemp(path.join(os.tmpdir(), 'hromada-signatures-'));
  });
  after(async () => {
    await db?.destroy();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('signs an uploaded and registered document with the seal once, and the API shows it valid', async () => {
    const form = new FormData();
    form.set('metadata', JSON.stringify({ correspondent: 'ТОВ «Київські ліфти»', theirNumber: '17/3-45', theirDate: '2026-11-20', summary: 'Про ремонт ліфтів' }));
    form.set('file', new Blob([new Uint8Array(samplePdf(`Lyst dlia pidpysu ${Date.now()}`))]), 'scan.pdf');
    const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents', form);
    expect(posted.status).to.equal(202);
    const id = posted.body.id;
    await eventually('the document to be registered', async () => {
      const res = await clerk.request<{ registrationIndex: string | null }>('GET', `/api/v1/documents/${id}`);
      return res.body.registrationIndex ?? undefined;
    });

    expect(await handler({ documentId: id })).to.deep.equal({});
    // A retried task: the same signature, not a second one.
    expect(await handler({ documentId: id })).to.deep.equal({});
    expect(await db('signatures').where({ document_id: id })).to.have.length(1);

    const res = await clerk.request<SignatureView[]>('GET', `/api/v1/documents/${id}/signatures`);
    expect(res.status).to.equal(200);
    expect(res.body).to.have.length(1);
    const [signature] = res.body;
    expect(signature).to.deep.include({ purpose: 'registration', signer: { kind: 'system', name: 'Реєстрація — Загальний відділ' }, valid: true, problems: [] });
    expect(signature!.certificateSerial).to.match(/^[0-9A-F]{32}$/);
    const audit = await db('audit_log').where({ entity_id: id, action: 'document.signed' }).select('actor', 'details');
    expect(audit).to.have.length(1);
    expect(audit[0]!.actor).to.equal('system:sign-registration');
  });

  it('publishes the CA certificate to anyone, and the stored signature verifies with it in xmlsec1', async () => {
    const doc = await registeredDocument(db, testConfig().filesDir);
    await handler({ documentId: doc.id });
    const anonymous = await fetch(`${testStack().apiUrl}/api/v1/signing/ca.pem`);
    expect(anonymous.status).to.equal(200);
    expect(anonymous.headers.get('content-type')).to.match(/^application\/x-pem-file/);
    const caPem = await anonymous.text();
    expect(caPem).to.match(/^-----BEGIN CERTIFICATE-----\n/);

    const { signed_xml: signedXml } = await db('signatures').where({ document_id: doc.id }).first('signed_xml');
    await writeFile(path.join(tmp, 'ca.pem'), caPem);
    await writeFile(path.join(tmp, 'signed.xml'), signedXml);
    const ok = await run('xmlsec1', ['--verify', '--trusted-pem', path.join(tmp, 'ca.pem'), path.join(tmp, 'signed.xml')]);
    expect(ok.stdout + ok.stderr).to.match(/^OK/m);

    const tampered = (signedXml as string).replace(`<Index>${doc.registrationIndex}</Index>`, '<Index>999999/01-15</Index>');
    expect(tampered, 'the tampering changed the card').to.not.equal(signedXml);
    await writeFile(path.join(tmp, 'tampered.xml'), tampered);
    let failed = false;
    try {
      await run('xmlsec1', ['--verify', '--trusted-pem', path.join(tmp, 'ca.pem'), path.join(tmp, 'tampered.xml')]);
    } catch {
      failed = true;
    }
    expect(failed, 'xmlsec1 refuses a card whose registration index was changed').to.equal(true);
  });

  it('shows a changed scan byte and a changed card field as problems of the signature', async () => {
    const doc = await registeredDocument(db, testConfig().filesDir);
    await handler({ documentId: doc.id });
    await corruptScan(doc);
    await db('documents').where({ id: doc.id }).update({ correspondent: 'ТОВ «Інші ліфти»' });
    const res = await clerk.request<SignatureView[]>('GET', `/api/v1/documents/${doc.id}/signatures`);
    expect(res.status).to.equal(200);
    expect(res.body[0]!.valid).to.equal(false);
    expect(res.body[0]!.problems.map((p) => (p.field ? `${p.code}:${p.field}` : p.code))).to.deep.equal(['scan-changed', 'card-changed:correspondent']);
    expect(res.body[0]!.problems[0]!.message_uk).to.equal('скан змінено після підписання');
  });

  it('raises an incident (ContractError) for a document that is not registered or does not exist', async () => {
    const unregistered = await registeredDocument(db, testConfig().filesDir, { register: false });
    for (const documentId of [unregistered.id, '00000000-0000-4000-8000-000000000000']) {
      let error: unknown;
      try { await handler({ documentId }); } catch (e) { error = e; }
      expect(error).to.be.instanceOf(ContractError);
    }
    let bad: unknown;
    try { await handler({ documentId: 'not-a-uuid' }); } catch (e) { bad = e; }
    expect(bad).to.be.instanceOf(ContractError);
  });

  it('answers 404 for an unknown document, an empty list for an unsigned one, and 401 to anonymous callers', async () => {
    const missing = await clerk.request('GET', '/api/v1/documents/00000000-0000-4000-8000-000000000000/signatures');
    expect(missing.status).to.equal(404);
    expect(missing.body.type).to.equal('urn:hromada:problem:document-not-found');
    const unsigned = await registeredDocument(db, testConfig().filesDir);
    expect((await clerk.request('GET', `/api/v1/documents/${unsigned.id}/signatures`)).body).to.deep.equal([]);
    const anonymous = await new ApiSession().request('GET', `/api/v1/documents/${unsigned.id}/signatures`);
    expect(anonymous.status).to.equal(401);
    expect((await clerk.request('GET', '/api/v1/documents/not-a-uuid/signatures')).status).to.equal(400);
  });
});
