// The portal's small JSON Schema interpreter (portal/schema-check.js) against ajv, the API's
// validator, on the appeal schema they share: they agree on every body below, except the one place
// the portal is deliberately looser (e-mail by the HTML standard's rule) and leaves it to the server.
import { expect } from 'chai';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { appealSchema } from '../../lib/appeals/schemas.ts';
import { infoRequestSchema } from '../../lib/info-requests/schemas.ts';

type Check = (schema: unknown, data: unknown) => Array<{ field: string; keyword: string }>;

const valid = {
  channel: 'portal', type: 'application', surname: 'Петренко', name: 'Олена', address: 'м. Київ, вул. Хрещатик, 36',
  email: 'o@example.com', text: 'Прошу відремонтувати ліфт', consent: true,
};

const cases: Array<[string, Record<string, unknown>]> = [
  ['a complete portal appeal', valid],
  ['a phone instead of an e-mail', { ...valid, email: undefined, phone: '+380 44 123-45-67' }],
  ['neither e-mail nor phone', { ...valid, email: undefined }],
  ['no consent', { ...valid, consent: undefined }],
  ['consent false', { ...valid, consent: false }],
  ['no surname', { ...valid, surname: undefined }],
  ['a surname without letters', { ...valid, surname: '123' }],
  ['a blank text', { ...valid, text: '   ' }],
  ['a text over 20000 characters', { ...valid, text: 'а'.repeat(20001) }],
  ['20000 characters outside the BMP', { ...valid, text: '😀'.repeat(20000) }],
  ['a bad phone', { ...valid, phone: 'call me' }],
  ['an impossible date', { ...valid, type: 'complaint', complaintDecisionDate: '2025-02-30' }],
  ['a good complaint date', { ...valid, type: 'complaint', complaintDecisionDate: '2025-02-28' }],
  ['an unknown type', { ...valid, type: 'petition' }],
  ['an unknown field', { ...valid, hobby: 'chess' }],
  ['a collective appeal with a priority', { ...valid, collective: true, priorityCategory: 'war-veteran' }],
  ['an unknown priority', { ...valid, priorityCategory: 'vip' }],
  ['a paper appeal without author', { channel: 'paper', type: 'proposal', text: 'Пропозиція' }],
];

function clean(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

describe('portal schema check (portal/schema-check.js) agrees with ajv on lib/appeals/schemas.ts', () => {
  let check: Check;
  const ajv = new Ajv({ allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(appealSchema);

  before(async () => {
    // A browser module, loaded as it is served; a variable path keeps TypeScript from typing it.
    const url = new URL('../../portal/schema-check.js', import.meta.url).href;
    ({ check } = await import(url) as { check: Check });
  });

  for (const [name, body] of cases) {
    it(name, () => {
      const data = clean(body);
      const server = validate(data);
      const portal = check(appealSchema, data);
      expect(portal.length === 0, JSON.stringify(portal)).to.equal(server);
      // The fields the portal names are among those the server would name.
      if (!server) {
        const serverFields = new Set((validate.errors ?? []).map((e) => (e.instancePath.slice(1) || String((e.params as { missingProperty?: string }).missingProperty ?? '')) || (e.params as { additionalProperty?: string }).additionalProperty));
        for (const e of portal) expect([...serverFields], `${e.field} ${e.keyword}`).to.include(e.field);
      }
    });
  }

  it('lets through an e-mail the HTML standard accepts and ajv does not, for the server to name', () => {
    const data = { ...valid, email: 'andrii@localhost' };
    expect(check(appealSchema, data)).to.deep.equal([]);
    expect(validate(data)).to.equal(false);
  });
});

const request = {
  requesterName: 'Олена Петренко', email: 'o@example.com', answerChannel: 'email',
  description: 'Копії договорів на ремонт доріг у 2026 році', consent: true,
};

const requestCases: Array<[string, Record<string, unknown>]> = [
  ['a complete portal request', request],
  ['a postal answer with an address', { ...request, answerChannel: 'post', email: undefined, postalAddress: 'м. Київ, вул. Хрещатик, 36' }],
  ['a postal answer without an address', { ...request, answerChannel: 'post' }],
  ['an e-mail answer without an e-mail', { ...request, email: undefined, postalAddress: 'м. Київ, вул. Хрещатик, 36' }],
  ['no way to answer at all', { ...request, email: undefined, answerChannel: 'portal' }],
  ['urgency without justification', { ...request, urgent: true }],
  ['urgency with justification', { ...request, urgent: true, urgencyJustification: 'Загроза життю: аварійний будинок' }],
  ['a blank description', { ...request, description: ' ' }],
  ['no name on the portal', { ...request, requesterName: undefined }],
  ['no consent on the portal', { ...request, consent: undefined }],
  ['a phone request entered by a clerk', { channel: 'phone', requesterName: 'Олена Петренко', postalAddress: 'м. Київ', answerChannel: 'post', description: 'Графік прийому' }],
  ['an unknown channel', { ...request, channel: 'fax' }],
];

describe('portal schema check agrees with ajv on lib/info-requests/schemas.ts', () => {
  let check: Check;
  const ajv = new Ajv({ allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(infoRequestSchema);

  before(async () => {
    const url = new URL('../../portal/schema-check.js', import.meta.url).href;
    ({ check } = await import(url) as { check: Check });
  });

  for (const [name, body] of requestCases) {
    it(name, () => {
      const data = clean(body);
      expect(check(infoRequestSchema, data).length === 0, JSON.stringify(check(infoRequestSchema, data))).to.equal(validate(data));
    });
  }
});
