// The pure rules of an appeal's second half: forwarding (Art. 7), the 45-day limit of an extension
// (Art. 20), the timers' instants, what each step tells the citizen, and the forms' schemas.
import { readRuntimeConfig } from '../../../lib/config.ts';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { expect } from 'chai';
import {
  APPEAL_OUTCOMES, checkExtension, checkForwarding, describeOutcome, endOfWorkingDay, maxAppealDue, normaliseBodyName,
  reminderDateTime,
} from '../../../lib/appeals/index.ts';
import { appealForms } from '../../../lib/appeals/forms.ts';
import { defaultCalendarData } from '../../../lib/calendar/index.ts';
import { TopicContracts, Topics, UserTasks, Variables } from '../../../lib/appeals/manifest.ts';
import { formKeys } from '../../../lib/forms/index.ts';
import type { FormRuleContext } from '../../../lib/manifest.ts';
import { shippedUserTaskForms } from '../../../lib/process-forms.ts';
import { isTemplateName, renderMessage } from '../../../lib/notifications/index.ts';

describe('appeals: forwarding (Art. 7)', () => {
  it('never sends a complaint to the body it complains about, however the name is spelt', () => {
    expect(normaliseBodyName(' Управління  «Соцзахисту» — Дарницьке ')).to.equal(normaliseBodyName('управління соцзахисту дарницьке'));
    const errors = checkForwarding({ appealType: 'complaint', forwardTo: 'управління соцзахисту', complainedBody: 'Управління «соцзахисту»' });
    expect(errors.map((e) => e.field)).to.deep.equal(['forwardTo']);
    expect(errors[0]!.message_uk).to.include('ст. 7');
  });

  it('asks which body a forwarded complaint is about, and lets other appeals go anywhere', () => {
    expect(checkForwarding({ appealType: 'complaint', forwardTo: 'ГУ ПФУ' }).map((e) => e.field)).to.deep.equal(['complainedBody']);
    expect(checkForwarding({ appealType: 'complaint', forwardTo: 'ГУ ПФУ', complainedBody: 'Районна адміністрація' })).to.deep.equal([]);
    expect(checkForwarding({ appealType: 'application', forwardTo: 'ГУ ПФУ' })).to.deep.equal([]);
  });
});

describe('appeals: extension of the term (Art. 20)', () => {
  // Received on Monday 2 March 2026; 45 days end on Thursday 16 April 2026 (a working day).
  const received = new Date('2026-03-02T10:00:00+02:00');
  const max = maxAppealDue(received, defaultCalendarData);

  it('limits the term to 45 days from receipt', () => {
    expect(max).to.equal('2026-04-16');
    expect(checkExtension({ requested: '2026-04-16', currentDue: '2026-04-02', maxDue: max })).to.deep.equal([]);
    const late = checkExtension({ requested: '2026-04-17', currentDue: '2026-04-02', maxDue: max });
    expect(late.map((e) => e.field)).to.deep.equal(['newDueDate']);
    expect(late[0]!.message_uk).to.include('2026-04-16');
  });

  it('refuses a date that is not later than the term in force, or not a date', () => {
    expect(checkExtension({ requested: '2026-04-02', currentDue: '2026-04-02', maxDue: max })).to.have.length(1);
    expect(checkExtension({ requested: '2026-02-30', currentDue: null, maxDue: max })[0]!.message).to.match(/date/);
  });

  it('ends a due day with the working hours, and reminds before it but never in the past', () => {
    expect(endOfWorkingDay('2026-04-16', defaultCalendarData)).to.equal('2026-04-16T18:00:00+03:00');
    expect(endOfWorkingDay('2026-04-17', defaultCalendarData)).to.equal('2026-04-17T16:45:00+03:00');
    const now = new Date('2026-03-03T08:00:00Z');
    expect(reminderDateTime('2026-04-16T18:00:00+03:00', now)).to.equal('2026-04-13T15:00:00.000Z');
    expect(reminderDateTime('2026-03-04T18:00:00+02:00', now)).to.equal(now.toISOString());
  });
});

describe('appeals: what each step tells the citizen', () => {
  it('gives every step a status, a note and an e-mail template that exists', () => {
    const steps = [
      describeOutcome({ kind: 'under-consideration', departmentName: 'Відділ виконання', dueDate: '2026-12-11' }),
      describeOutcome({ kind: 'forwarded', bodyName: 'ГУ ПФУ в м. Києві' }),
      describeOutcome({ kind: 'term-extended', newDueDate: '2027-01-09', reason: 'потрібне обстеження' }),
      describeOutcome({ kind: 'answered', result: 'explained', text: 'Роз’яснюємо…', refusalGround: null, signedAt: '2026-12-01T10:00:00.000Z' }),
      describeOutcome({ kind: 'answered', result: 'refused', text: 'Відмовляємо…', refusalGround: 'не належить громаді', signedAt: '2026-12-01T10:00:00.000Z' }),
      describeOutcome({ kind: 'not-considered', code: 'repeat', article: 'ст. 8 ч. 2', reason: 'Повторне звернення' }),
    ];
    expect(steps.map((s) => s.status)).to.deep.equal(['under-consideration', 'forwarded', 'term-extended', 'answered', 'refused', 'not-considered']);
    expect(steps[0]!.note).to.include('11.12.2026');
    expect(steps[4]!.result).to.deep.include({ kind: 'refused', ground: 'не належить громаді' });
    expect(String(steps[4]!.result!.howToAppeal)).to.match(/суду/);
    for (const step of steps) {
      expect(isTemplateName(step.mail.template), step.mail.template).to.equal(true);
      const params = { ...step.mail.params, registrationIndex: 'Л-7', trackingUrl: 'https://hromada.example/track' };
      const { subject, text } = renderMessage(step.mail.template, Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)));
      expect(subject, 'later e-mails name the case by its number').to.include('Л-7');
      expect(text).to.include('https://hromada.example/track');
    }
  });

  it('declares every step in the topic contract, and links the portal page without a code', () => {
    expect(TopicContracts[Topics.recordAppealOutcome].reads.properties[Variables.appealOutcome]!.enum).to.deep.equal([...APPEAL_OUTCOMES]);
    const base = { HROMADA_APP_DB_URL: 'postgres://x', HROMADA_ENGINE_PASSWORD: 'x' };
    expect(readRuntimeConfig({ ...base, HROMADA_PUBLIC_URL: 'https://hromada.example/' }).cases.trackingUrl).to.equal('https://hromada.example/track');
    expect(readRuntimeConfig({ ...base, HROMADA_API_PORT: '3099' }).cases.trackingUrl).to.equal('http://127.0.0.1:3099/track');
  });
});

describe('appeals: the forms the server checks', () => {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
  ajvFormats.default(ajv);
  // The JSON Schema the API derives from the task's form file (processes/forms/, lib/forms).
  const valid = (task: keyof typeof UserTasks, variables: Record<string, unknown>) => ajv.validate(shippedUserTaskForms().get(UserTasks[task].id)!.schema, variables);
  const context = (processVariables: Record<string, unknown>): FormRuleContext => ({
    processVariables: async () => processVariables,
    calendar: async () => defaultCalendarData,
    departmentCodes: async () => ['01', '02', '03'],
  });

  it('names only declared variables, and is attached to its user task', () => {
    const declared = new Set<string>(Object.values(Variables));
    for (const task of Object.values(UserTasks)) {
      const { form } = shippedUserTaskForms().get(task.id)!;
      for (const variable of formKeys(form)) expect(declared.has(variable), `${task.id}: ${variable}`).to.equal(true);
    }
    for (const [name, rules] of Object.entries(appealForms)) {
      if (rules.completedBy) expect(declared.has(rules.completedBy)).to.equal(true);
      expect(Object.values(UserTasks).some((t) => 'rules' in t && t.rules === rules), name).to.equal(true);
    }
  });

  it('asks the head for a body to forward to, or a department, and defaults to one month', () => {
    expect(valid('considerAppeal', { decision: 'forward' })).to.equal(false);
    expect(valid('considerAppeal', { decision: 'consider' })).to.equal(false);
    const ok = { decision: 'consider', executorsDepartment: '03' } as Record<string, unknown>;
    expect(valid('considerAppeal', ok)).to.equal(true);
    expect(ok.shortTerm).to.equal(false);
    expect(valid('considerAppeal', { decision: 'maybe', executorsDepartment: '03' })).to.equal(false);
  });

  it('takes a draft with its result, a refusal only with its ground, or a request for more time', () => {
    expect(valid('prepareAppealAnswer', { answerText: 'Текст', answerResult: 'explained' })).to.equal(true);
    expect(valid('prepareAppealAnswer', { answerText: 'Текст', answerResult: 'refused' })).to.equal(false);
    expect(valid('prepareAppealAnswer', { answerText: 'Текст', answerResult: 'refused', refusalGround: 'Підстава' })).to.equal(true);
    expect(valid('prepareAppealAnswer', { requestExtension: true })).to.equal(false);
    expect(valid('prepareAppealAnswer', { requestExtension: true, extensionReason: 'Обстеження' })).to.equal(true);
    expect(valid('prepareAppealAnswer', { answerText: '   ', answerResult: 'explained' })).to.equal(false);
  });

  it('refuses an extension beyond 45 days from receipt, against the case\'s own dates', async () => {
    const facts = context({ receivedAt: '2026-03-02T10:00:00+02:00', dueDate: '2026-04-02' });
    const rule = appealForms.extendAppealTerm.rule!;
    expect(await rule({ extend: true, newDueDate: '2026-04-16', extensionReason: 'x' }, facts)).to.deep.equal([]);
    expect((await rule({ extend: true, newDueDate: '2026-04-17', extensionReason: 'x' }, facts)).map((e) => e.field)).to.deep.equal(['newDueDate']);
    expect(await rule({ extend: false }, facts)).to.deep.equal([]);
  });

  it('counts the returns of a draft on the server', async () => {
    const derive = appealForms.approveAppealAnswer.derive!;
    expect(await derive({ approval: 'return' }, context({}))).to.deep.equal({ answerReturns: 1 });
    expect(await derive({ approval: 'return' }, context({ answerReturns: 2 }))).to.deep.equal({ answerReturns: 3 });
    expect(await derive({ approval: 'approve' }, context({ answerReturns: 2 }))).to.deep.equal({ answerReturns: 2 });
    expect(appealForms.approveAppealAnswer.completedBy).to.equal(Variables.approvedBy);
  });
});
