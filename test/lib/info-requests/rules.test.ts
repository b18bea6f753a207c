// The pure rules of requests for public information (Law 2939-VI): the Art. 19 p.5 check, the
// journal index, the copying fee (Art. 21), the reminder and the limits of extension and deferral
// on the legal calendar, and what each step tells the requester.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import type { FormRuleContext } from '../../../lib/manifest.ts';
import { fieldErrorsFromAjv } from '../../../lib/problem.ts';
import { computeDeadline, defaultCalendarData } from '../../../lib/calendar/index.ts';
import {
  checkDeferralDate, checkExtensionInTime, checkInfoRequest, copyFeeKopecks, describeInfoStep, formatHryvnias, formatInfoRequestIndex,
  infoReminderDateTime, parseInfoRequestIndex, REFUSAL_GROUNDS, refusalGrounds,
} from '../../../lib/info-requests/index.ts';
import { infoRequestForms, TRIAGE_REFUSAL_GROUNDS } from '../../../lib/info-requests/forms.ts';
import { infoRequestSchema } from '../../../lib/info-requests/schemas.ts';
import { shippedUserTaskForms } from '../../../lib/process-forms.ts';

const complete = { requesterName: 'Олег Гончаренко', postalAddress: null, email: 'o@example.com', description: 'Копія рішення', urgent: false, urgencyJustification: null };

describe('public information: the request check (Art. 19 p.5, Art. 20 p.2)', () => {
  it('passes a request with name, an address and a description', () => {
    expect(checkInfoRequest(complete)).to.deep.equal({ outcome: 'ok', reasons: [] });
    expect(checkInfoRequest({ ...complete, email: null, postalAddress: 'м. Київ, вул. Хрещатик, 36' }).outcome).to.equal('ok');
  });

  it('names every missing part with its article', () => {
    const { outcome, reasons } = checkInfoRequest({ requesterName: ' ', postalAddress: null, email: null, description: '', urgent: true, urgencyJustification: null });
    expect(outcome).to.equal('incomplete');
    expect(reasons.map((r) => r.code)).to.deep.equal(['no-name', 'no-address', 'no-description', 'urgency-unjustified']);
    expect(reasons.at(-1)!.article).to.equal('ст. 20 ч. 2');
  });
});

describe('public information: index, fee and grounds', () => {
  it('writes and reads the journal index ЗІ-<n>', () => {
    expect(formatInfoRequestIndex(17)).to.equal('ЗІ-17');
    expect(parseInfoRequestIndex('ЗІ-17')).to.equal(17);
    expect(parseInfoRequestIndex('К-17')).to.equal(undefined);
    expect(() => formatInfoRequestIndex(0)).to.throw(RangeError);
  });

  it('charges nothing up to ten pages and each page from the eleventh (Art. 21, CMU 740)', () => {
    expect(copyFeeKopecks(10, 865)).to.equal(0);
    expect(copyFeeKopecks(11, 865)).to.equal(865);
    expect(copyFeeKopecks(25, 865)).to.equal(12975);
    expect(formatHryvnias(12975)).to.equal('129,75 грн');
    expect(formatHryvnias(5)).to.equal('0,05 грн');
  });

  it('knows exactly the four refusal grounds of Art. 22 p.1, and the schema and forms use them', () => {
    expect([...REFUSAL_GROUNDS]).to.deep.equal(['not-held', 'restricted', 'unpaid', 'incomplete']);
    expect(Object.values(refusalGrounds).map((g) => g.article)).to.deep.equal(['ст. 22 ч. 1 п. 1', 'ст. 22 ч. 1 п. 2', 'ст. 22 ч. 1 п. 3', 'ст. 22 ч. 1 п. 4']);
    const triage = shippedUserTaskForms().get('triage-info-request')!.schema as { properties: { refusalGround: { enum: string[] } } };
    expect(triage.properties.refusalGround.enum, 'unpaid follows only an unpaid fee').to.deep.equal(['not-held', 'restricted', 'incomplete']);
    expect(triage.properties.refusalGround.enum, 'the form offers the triage grounds').to.deep.equal([...TRIAGE_REFUSAL_GROUNDS]);
    expect([...infoRequestSchema.properties.answerChannel.enum]).to.deep.equal(['email', 'post', 'portal']);
  });
});

describe('public information: the clock after registration', () => {
  // Wednesday 25 November 2026, 10:00 Kyiv: five working days end on Wednesday 2 December.
  const received = new Date('2026-11-25T08:00:00Z');
  const five = computeDeadline({ regime: 'public-info', received, calendar: defaultCalendarData });

  it('reminds at the opening of the working day before the due day', () => {
    expect(five.due).to.equal('2026-12-02');
    const at = infoReminderDateTime({ dueDate: five.due, dueDateTime: five.dueDateTime, regime: 'public-info' }, defaultCalendarData, received);
    expect(at).to.equal('2026-12-01T09:00:00+02:00');
  });

  it('reminds over a weekend: a Monday due day is reminded on Friday', () => {
    const at = infoReminderDateTime({ dueDate: '2026-12-07', dueDateTime: '2026-12-07T18:00:00+02:00' }, defaultCalendarData, received);
    expect(at).to.equal('2026-12-04T09:00:00+02:00');
  });

  it('reminds a 48-hour request 24 hours before, and never in the past', () => {
    const urgent = computeDeadline({ regime: 'public-info-urgent', received, calendar: defaultCalendarData });
    expect(new Date(infoReminderDateTime({ dueDate: urgent.due.slice(0, 10), dueDateTime: urgent.dueDateTime, regime: 'public-info-urgent' }, defaultCalendarData, received)).getTime())
      .to.equal(received.getTime() + 24 * 3_600_000);
    const late = new Date('2026-12-02T12:00:00Z');
    expect(new Date(infoReminderDateTime({ dueDate: five.due, dueDateTime: five.dueDateTime }, defaultCalendarData, late)).getTime()).to.equal(late.getTime());
  });

  it('accepts an extension only while the five-day notice is still possible (Art. 20 p.4)', () => {
    expect(checkExtensionInTime(received, new Date('2026-12-02T10:00:00Z'), defaultCalendarData)).to.deep.equal([]);
    const late = checkExtensionInTime(received, new Date('2026-12-03T08:00:00Z'), defaultCalendarData);
    expect(late.map((e) => e.field)).to.deep.equal(['extend']);
    expect(late[0]!.message_uk).to.include('ст. 20 ч. 4');
  });

  it('wants a real deferral date after today (Art. 22 p.6-7)', () => {
    expect(checkDeferralDate('2026-12-20', '2026-11-26')).to.deep.equal([]);
    expect(checkDeferralDate('2026-11-26', '2026-11-26').map((e) => e.field)).to.deep.equal(['deferredTo']);
    expect(checkDeferralDate('2026-02-30', '2026-01-01')[0]!.message).to.include('date');
  });
});

describe('public information: what each step tells the requester', () => {
  it('states a refusal\'s ground, article and how to appeal (Art. 22, 23)', () => {
    const record = describeInfoStep({ kind: 'refused', ground: 'restricted', reason: 'Службова інформація' });
    expect(record.status).to.equal('refused');
    expect(record.result?.details).to.deep.include({ ground: 'restricted', article: 'ст. 22 ч. 1 п. 2' });
    expect(String(record.result?.details.howToAppeal)).to.include('стаття 23');
    expect(record.mail?.template).to.equal('info-refused');
  });

  it('announces the fee with the amount and keeps the case open', () => {
    const record = describeInfoStep({ kind: 'awaiting-payment', pages: 25, feeKopecks: 12975, rateKopecks: 865 });
    expect(record.status).to.equal('awaiting-payment');
    expect(record.result).to.equal(undefined);
    expect(record.mail?.params).to.deep.equal({ pages: '25', amount: '129,75 грн', rate: '8,65 грн' });
  });

  it('closes a forwarded, deferred and answered request with its result', () => {
    expect(describeInfoStep({ kind: 'forwarded', holder: 'ДТІ' }).result?.kind).to.equal('forwarded');
    expect(describeInfoStep({ kind: 'deferred', newDueDate: '2026-12-20', reason: 'Обстріл' }).result?.kind).to.equal('deferred');
    const answered = describeInfoStep({ kind: 'answered', result: 'partly-given', answerUrl: 'https://h.example/verify/x', answerChannel: 'post' });
    expect(answered.result?.details).to.deep.include({ kind: 'partly-given', answerUrl: 'https://h.example/verify/x' });
    expect(String(answered.result?.details.howToGet)).to.include('поштою');
  });
});

describe('public information: the triage form (server side)', () => {
  // The same ajv options as the task pipeline (api/routes/tasks.ts createFormPipeline).
  const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: false, strict: false });
  addFormats.default(ajv);
  const form = infoRequestForms.triageInfoRequest;
  // The JSON Schema derived from the form file (processes/forms/triage-info-request.form, lib/forms).
  const validate = ajv.compile(shippedUserTaskForms().get('triage-info-request')!.schema);
  const context = (pv: Record<string, unknown>): FormRuleContext => ({
    processVariables: async () => pv,
    calendar: async () => defaultCalendarData,
    departmentCodes: async () => ['01', '02', '03'],
  });
  const schemaFields = (v: Record<string, unknown>) => (validate(structuredClone(v)) ? [] : fieldErrorsFromAjv(validate.errors ?? []).map((e) => e.field));
  const ruleFields = async (v: Record<string, unknown>, pv: Record<string, unknown> = {}) => {
    const data = structuredClone(v);
    expect(validate(data), JSON.stringify(validate.errors)).to.equal(true);
    return (await form.rule!(data, context(pv))).map((e) => e.field);
  };

  it('wants a ground from the fixed list and a reason for a refusal (Art. 22 p.1)', () => {
    expect(schemaFields({ infoDecision: 'refuse', refusalReason: 'x' })).to.include('refusalGround');
    expect(schemaFields({ infoDecision: 'refuse', refusalGround: 'dislike', refusalReason: 'x' })).to.include('refusalGround');
    expect(schemaFields({ infoDecision: 'refuse', refusalGround: 'unpaid', refusalReason: 'x' }), 'unpaid is not a triage ground').to.include('refusalGround');
    expect(schemaFields({ infoDecision: 'refuse', refusalGround: 'restricted' })).to.include('refusalReason');
    expect(schemaFields({ infoDecision: 'refuse', refusalGround: 'restricted', refusalReason: 'Службова інформація' })).to.deep.equal([]);
  });

  it('wants a reason for an extension and pages for a fee', () => {
    expect(schemaFields({ infoDecision: 'assign', infoDepartments: { '03': true }, extend: true })).to.include('extensionReason');
    expect(schemaFields({ infoDecision: 'assign', infoDepartments: { '03': true }, chargeCopies: true })).to.include('copyPages');
    expect(schemaFields({ infoDecision: 'assign' })).to.include('infoDepartments');
  });

  it('charges only over ten pages, knows the departments, and extends neither a 48-hour request nor late', async () => {
    expect(await ruleFields({ infoDecision: 'assign', infoDepartments: { '03': true }, chargeCopies: true, copyPages: 10 })).to.deep.equal(['copyPages']);
    expect(await ruleFields({ infoDecision: 'assign', infoDepartments: { '03': true }, chargeCopies: true, copyPages: 11 })).to.deep.equal([]);
    expect(await ruleFields({ infoDecision: 'assign', infoDepartments: { '03': true, '99': true } })).to.deep.equal(['infoDepartments.99']);
    const extend = { infoDecision: 'assign', infoDepartments: { '03': true }, extend: true, extensionReason: 'Великий обсяг' };
    expect(await ruleFields(extend, { regime: 'public-info-urgent', receivedAt: new Date().toISOString() })).to.deep.equal(['extend']);
    expect(await ruleFields(extend, { regime: 'public-info', receivedAt: new Date().toISOString() })).to.deep.equal([]);
    expect(await ruleFields(extend, { regime: 'public-info', receivedAt: '2026-01-05T10:00:00+02:00' })).to.deep.equal(['extend']);
  });

  it('takes no departments, extension or fee with any other decision', async () => {
    expect(await ruleFields({ infoDecision: 'forward', forwardTo: 'ДТІ', infoDepartments: { '03': true } })).to.deep.equal(['infoDepartments']);
    expect(await ruleFields({ infoDecision: 'forward', forwardTo: 'ДТІ' })).to.deep.equal([]);
  });
});
