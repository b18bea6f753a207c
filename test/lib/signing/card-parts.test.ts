// The resolution and the acceptance inside a signed card (Law 2155-VIII: a personal signature covers
// the registration data, the scan's hash and what the signer decided). Given a card with a
// resolution and an acceptance, when it is written and read back, then every value survives, a card
// without them is written exactly as before, and a changed value is named.
import { expect } from 'chai';
import { cardToXml, changedParts, executorsText, parseCardXml, type ApprovalPart, type RegistrationCard, type ResolutionPart } from '../../../lib/signing/card-xml.ts';

const card: RegistrationCard = {
  documentId: '6f1c2b1e-6a59-4a2e-9d55-2d1a0d6f0a11', kind: 'incoming', correspondent: 'ОСББ «Гончара, 12»',
  theirNumber: null, theirDate: null, summary: 'Про колектор', registrationIndex: '12/01-15', journalCode: 'incoming',
  registeredAt: '2026-11-26T08:15:00.000Z', caseFileIndex: '01-15', scanSha256: 'b'.repeat(64),
};
const resolution: ResolutionPart = {
  id: '7', text: 'Усунути & відповісти <терміново>', executors: executorsText({ 'department:06': 'co-executor', 'department:03': 'responsible' }),
  term: '2026-12-28', controlDate: '2026-12-28', replyNeeded: 'true', resolvedAt: '2026-11-26T09:00:00.000Z',
};
const approval: ApprovalPart = { decision: 'accepted', acceptedAt: '2026-11-27T10:00:00.000Z', reworkCount: '1', summary: 'Відремонтовано\r\nакт додано' };

describe('signing: resolution and acceptance parts of a card', () => {
  it('writes executors in one canonical order, whatever the form’s order', () => {
    expect(resolution.executors).to.equal('department:03=responsible;department:06=co-executor');
  });

  it('reads back every value of the resolution and the acceptance', () => {
    const envelope = { purpose: 'approval', signedAt: '2026-11-27T10:00:01.000Z', card, resolution, approval };
    expect(parseCardXml(cardToXml(envelope))).to.deep.equal(envelope);
  });

  it('writes a card without them exactly as a registration seal always had it', () => {
    const xml = cardToXml({ purpose: 'registration', signedAt: '2026-11-26T08:15:01.000Z', card });
    expect(xml).to.not.include('<Resolution>');
    expect(xml.split('\n').at(-2)).to.equal('</Scan>');
    expect(parseCardXml(xml)).to.not.have.property('resolution');
  });

  it('names each changed value, and every value when the resolution is gone', () => {
    const signed = { purpose: 'approval', signedAt: '2026-11-27T10:00:01.000Z', card, resolution, approval };
    expect(changedParts(signed, { resolution, approval })).to.deep.equal([]);
    expect(changedParts(signed, { resolution: { ...resolution, term: '2026-12-29' }, approval: { ...approval, summary: 'Інше' } }))
      .to.deep.equal(['resolution.term', 'approval.summary']);
    expect(changedParts({ ...signed, approval: undefined }, { resolution })).to.deep.equal([]);
    expect(changedParts(signed, {})).to.have.length(11);
  });
});
