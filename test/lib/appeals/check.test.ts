import { expect } from 'chai';
import { checkAppeal, type AppealFacts } from '../../../lib/appeals/index.ts';

const portal: AppealFacts = {
  channel: 'portal', type: 'application', signed: true,
  surname: 'Петренко', name: 'Олена', address: 'м. Київ, вул. Хрещатик, 1', email: 'olena@example.com', phone: null,
  text: 'Прошу відремонтувати ліфт', receivedDate: '2026-11-26', earlierDecidedAppeal: false,
};
const paper: AppealFacts = { ...portal, channel: 'paper', email: null, letterDate: '2026-11-20' };

describe('appeal check (Law 393/96-ВР Art. 5, 8, 17)', () => {
  it('passes a complete electronic appeal and a complete signed, dated letter', () => {
    expect(checkAppeal(portal)).to.deep.equal({ outcome: 'ok', reasons: [] });
    expect(checkAppeal(paper).outcome).to.equal('ok');
  });

  it('finds an appeal anonymous when authorship cannot be established (Art. 8 p.1)', () => {
    const result = checkAppeal({ ...paper, surname: null });
    expect(result.outcome).to.equal('anonymous');
    expect(result.reasons.map((r) => r.code)).to.include('no-author');
  });

  it('finds a written appeal anonymous without residence or signature (Art. 8 p.1)', () => {
    expect(checkAppeal({ ...paper, address: ' ' }).reasons.map((r) => r.code)).to.deep.equal(['no-residence']);
    expect(checkAppeal({ ...paper, signed: false }).reasons.map((r) => r.code)).to.deep.equal(['not-signed']);
    expect(checkAppeal({ ...paper, signed: false }).outcome).to.equal('anonymous');
  });

  it('finds defects of content incomplete (Art. 5), listing each', () => {
    const undated = checkAppeal({ ...paper, letterDate: null, name: '' });
    expect(undated.outcome).to.equal('incomplete');
    expect(undated.reasons.map((r) => r.code)).to.deep.equal(['no-name', 'not-dated']);
    expect(checkAppeal({ ...portal, channel: 'email', email: null }).reasons.map((r) => r.code)).to.deep.equal(['no-contact']);
    expect(checkAppeal({ ...portal, channel: 'phone', address: null }).reasons.map((r) => r.code)).to.deep.equal(['no-residence']);
  });

  it('flags a repeat candidate for a head to decide (Art. 8 p.2)', () => {
    expect(checkAppeal({ ...portal, earlierDecidedAppeal: true }).outcome).to.equal('repeat');
  });

  it('finds a complaint late after one year from the decision or one month from learning of it (Art. 17)', () => {
    const complaint = { ...portal, type: 'complaint' as const };
    expect(checkAppeal({ ...complaint, complaintDecisionDate: '2025-11-20' }).outcome).to.equal('complaint-late');
    expect(checkAppeal({ ...complaint, complaintDecisionDate: '2026-01-10', complaintLearnedDate: '2026-10-20' }).outcome).to.equal('complaint-late');
    expect(checkAppeal({ ...complaint, complaintDecisionDate: '2026-01-10', complaintLearnedDate: '2026-10-26' }).outcome).to.equal('ok');
  });

  it('moves a complaint term ending on a weekend to Monday (Civil Code Art. 254 p.5)', () => {
    // Learned 2026-09-24: one month ends Saturday 2026-10-24, so filing on Monday 2026-10-26 is in time.
    const complaint = { ...portal, type: 'complaint' as const, complaintLearnedDate: '2026-09-24' };
    expect(checkAppeal({ ...complaint, receivedDate: '2026-10-26' }).outcome).to.equal('ok');
    expect(checkAppeal({ ...complaint, receivedDate: '2026-10-27' }).outcome).to.equal('complaint-late');
  });

  it('puts Art. 8 grounds before Art. 5 defects', () => {
    expect(checkAppeal({ ...paper, surname: null, letterDate: null }).outcome).to.equal('anonymous');
  });
});
