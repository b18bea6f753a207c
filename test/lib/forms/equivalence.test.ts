// The move from JSON Schemas written in TypeScript to Camunda Forms changes nothing a completion may
// contain: for every user task, sample completions (valid ones taken from the tests, and each of them
// mutated field by field) get the same verdict, and the same defaults, from the schema the task had
// before (legacy-schemas.json: lib/<domain>/forms.ts as of the commit before the forms, dumped as
// they were) and from the schema the API now derives from processes/forms/<task>.form. Tasks that had
// no server-side form are pinned to what their new form says.
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { expect } from 'chai';
import { shippedUserTaskForms } from '../../../lib/process-forms.ts';
import legacySchemas from './legacy-schemas.json' with { type: 'json' };

type Vars = Record<string, unknown>;

const DOC = '5f0c2b8e-3a7d-4c1e-9b2a-1d2e3f4a5b6c';

/** Valid completions, as the API and integration tests submit them; each is also mutated below. */
const SAMPLES: Record<string, Vars[]> = {
  'check-registration-card': [{ cardConfirmed: true }],
  'resolve-document': [
    { executors: { 'department:03': 'responsible', 'user:ivanenko': 'co-executor' }, text: 'Розглянути і підготувати відповідь', term: '2030-01-15', replyNeeded: true },
    { executors: { 'department:03': 'responsible' }, text: 'До виконання' },
  ],
  'execute-assignment': [{ report: 'Виконано' }],
  'consolidate-execution': [{ summary: 'Узагальнено виконання' }],
  'review-execution': [{ accepted: true }, { accepted: false, reason: 'Доопрацювати розрахунки' }],
  'draft-reply': [{ replyAddressee: 'ТОВ «Київські ліфти»', replySummary: 'Про ремонт ліфтів', replyText: 'Повідомляємо, що ремонт заплановано.' }],
  'approve-reply': [{ replyApproved: true }, { replyApproved: false, replyComment: 'Уточнити строки' }],
  'consider-appeal': [
    { decision: 'consider', executorsDepartment: '03' },
    { decision: 'consider', executorsDepartment: '03', shortTerm: true },
    { decision: 'forward', forwardTo: 'Департамент транспортної інфраструктури' },
    { decision: 'forward', forwardTo: 'Управління соцзахисту', complainedBody: 'Дарницька РДА' },
  ],
  'prepare-appeal-answer': [
    { answerText: 'Текст відповіді', answerResult: 'explained' },
    { answerText: 'Текст відповіді', answerResult: 'refused', refusalGround: 'Підстава' },
    { requestExtension: true, extensionReason: 'Потрібне обстеження' },
    { requestExtension: false, answerText: 'Текст', answerResult: 'satisfied' },
  ],
  'extend-appeal-term': [{ extend: true, newDueDate: '2026-04-16', extensionReason: 'Обстеження будинку' }, { extend: false }],
  'approve-appeal-answer': [{ approval: 'approve' }, { approval: 'return', approvalComment: 'Доповнити' }],
  'triage-info-request': [
    { infoDecision: 'assign', infoDepartments: { '03': true } },
    { infoDecision: 'assign', infoDepartments: { '03': true, '05': true }, extend: true, extensionReason: 'Великий обсяг', chargeCopies: true, copyPages: 11 },
    { infoDecision: 'forward', forwardTo: 'ДТІ' },
    { infoDecision: 'defer', deferredTo: '2026-12-01', deferralReason: 'Обстріл' },
    { infoDecision: 'refuse', refusalGround: 'restricted', refusalReason: 'Службова інформація' },
  ],
  'confirm-info-payment': [{ paid: true }, { paid: false }],
  'prepare-info-answer': [{ branchAnswerText: 'Відповідь підрозділу' }, { branchAnswerText: 'Відповідь', branchDocumentIds: { [DOC]: true } }],
  'review-info-answer-masks': [{ masksReviewed: true }],
  'approve-info-answer': [{ approval: 'approve', infoResult: 'given' }, { approval: 'approve', infoResult: 'partly-given' }, { approval: 'return', approvalComment: 'Маска на с. 2' }],
  'post-info-answer': [{ answerPostedOn: '2026-11-20' }, { answerPostedOn: '2026-11-20', postTrackingNumber: 'RR123456789UA' }],
};

/** Invalid completions the tests submit, beyond the mutations. */
const REFUSED: Record<string, Vars[]> = {
  'check-registration-card': [{}, { cardConfirmed: false }, { cardConfirmed: 'true' }, { cardConfirmed: true, remark: 'Картка правильна' }],
  'consider-appeal': [{ decision: 'forward' }, { decision: 'consider' }, { decision: 'maybe', executorsDepartment: '03' }, { decision: 'consider', executorsDepartment: '03 ' }],
  'prepare-appeal-answer': [{ answerText: 'Текст', answerResult: 'refused' }, { requestExtension: true }, { answerText: '   ', answerResult: 'explained' }, {}],
  'triage-info-request': [
    { infoDecision: 'refuse', refusalReason: 'x' }, { infoDecision: 'refuse', refusalGround: 'dislike', refusalReason: 'x' },
    { infoDecision: 'refuse', refusalGround: 'unpaid', refusalReason: 'x' }, { infoDecision: 'refuse', refusalGround: 'restricted' },
    { infoDecision: 'assign', infoDepartments: { '03': true }, extend: true }, { infoDecision: 'assign', infoDepartments: { '03': true }, chargeCopies: true },
    { infoDecision: 'assign' }, { infoDecision: 'assign', infoDepartments: {} }, { infoDecision: 'assign', infoDepartments: { '03': false } },
    { infoDecision: 'assign', infoDepartments: { '03': true }, chargeCopies: true, copyPages: 1.5 },
  ],
  'review-info-answer-masks': [{ masksReviewed: false }],
  'approve-info-answer': [{ approval: 'approve' }, { approval: 'return' }],
  'prepare-info-answer': [{}, { branchAnswerText: 'В', branchDocumentIds: { 'not-a-uuid': true } }],
  'post-info-answer': [{}, { answerPostedOn: '20.11.2026' }, { answerPostedOn: '2026-11-20', postTrackingNumber: '12345' }],
};

/** The same values tried in every field: types, blanks, lengths, dates, maps. */
const PROBES: unknown[] = [
  null, 0, 1, 11, 100001, -1, 1.5, true, false, '', ' ', '   ', 'x', 'Текст', 'a'.repeat(301), 'a'.repeat(2001), 'a'.repeat(4001),
  '2026-11-20', '2026-13-45', '13 digits here', '1234567890123', 'responsible', 'consider', 'forward', 'not-considered', 'refused',
  'approve', 'return', 'given', 'restricted', 'unpaid', 'assign', 'defer', 'refuse', '03', '03 ', {}, { '03': true }, { '03': false },
  { 'department:03': 'responsible' }, { 'department:03': 'boss' }, { 'bad key': 'responsible' }, { [DOC]: true }, { nope: true },
];

function mutations(base: Vars, fields: readonly string[]): Vars[] {
  const out: Vars[] = [base];
  for (const field of new Set([...Object.keys(base), ...fields])) {
    const { [field]: _dropped, ...without } = base;
    out.push(without);
    for (const probe of PROBES) out.push({ ...base, [field]: probe });
  }
  out.push({ ...base, unexpected: 'x' });
  return out;
}

describe('forms: the same verdicts as the schemas written in TypeScript before (equivalence)', () => {
  // The options of the task pipeline (api/routes/tasks.ts createFormPipeline).
  const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: false, strict: false });
  ajvFormats.default(ajv);
  const legacy = legacySchemas as Record<string, Record<string, unknown> | null>;
  const forms = shippedUserTaskForms();

  it('covers every user task, and samples every task that had a schema', () => {
    expect(Object.keys(legacy).sort()).to.deep.equal([...forms.keys()].sort());
    for (const [task, schema] of Object.entries(legacy)) if (schema) expect(SAMPLES[task], task).to.be.an('array').that.is.not.empty;
  });

  for (const [task, schema] of Object.entries(legacySchemas as Record<string, Record<string, unknown> | null>)) {
    if (!schema) continue;
    it(`${task}: accepts and refuses what it did, with the same defaults`, () => {
      const before = ajv.compile(schema);
      const now = ajv.compile(forms.get(task)!.schema);
      const fields = Object.keys((schema.properties ?? {}) as object);
      const samples = [...(SAMPLES[task] ?? []).flatMap((s) => mutations(s, fields)), ...(REFUSED[task] ?? [])];
      let valid = 0;
      for (const sample of samples) {
        const a = structuredClone(sample);
        const b = structuredClone(sample);
        const verdict = before(a);
        expect(now(b), `${task}: ${JSON.stringify(sample)} was ${verdict ? 'valid' : 'invalid'}`).to.equal(verdict);
        if (verdict) {
          valid += 1;
          expect(b, `${task}: defaults of ${JSON.stringify(sample)}`).to.deep.equal(a);
        }
      }
      for (const sample of SAMPLES[task] ?? []) expect(before(structuredClone(sample)), `${task}: sample ${JSON.stringify(sample)} is valid`).to.equal(true);
      for (const sample of REFUSED[task] ?? []) expect(before(structuredClone(sample)), `${task}: ${JSON.stringify(sample)} is invalid`).to.equal(false);
      expect(valid, 'some mutations stay valid').to.be.greaterThan(0);
      expect(samples.length - valid, 'and many are refused').to.be.greaterThan(fields.length);
    });
  }

  describe('the tasks that had no server-side form', () => {
    const check = (task: string) => {
      const validate = ajv.compile(forms.get(task)!.schema);
      return (v: Vars) => validate(structuredClone(v));
    };

    it('decide-repeat-appeal requires the head\'s decision (Art. 8 p.2): the gateway after it reads repeatDecision', () => {
      expect(legacy['decide-repeat-appeal']).to.equal(null);
      const valid = check('decide-repeat-appeal');
      expect(valid({ repeatDecision: 'consider' })).to.equal(true);
      expect(valid({ repeatDecision: 'not-considered' })).to.equal(true);
      for (const refused of [{}, { repeatDecision: 'maybe' }, { repeatDecision: true }, { repeatDecision: 'consider', note: 'x' }]) {
        expect(valid(refused), JSON.stringify(refused)).to.equal(false);
      }
    });

    it('the acknowledgements and the return to the author take a completion without variables, and nothing else', () => {
      for (const task of ['return-appeal-to-author', 'appeal-due-reminder', 'appeal-overdue', 'review-overdue', 'info-request-due-reminder', 'info-request-overdue']) {
        expect(legacy[task], task).to.equal(null);
        const valid = check(task);
        // test/integration/correspondence/timers.test.ts completes review-overdue with {}.
        expect(valid({}), task).to.equal(true);
        expect(valid({ seen: true }), task).to.equal(false);
      }
    });
  });
});
