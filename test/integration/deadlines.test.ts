// The deadline calculator over HTTP against the running stack: the calendar the migration seeded
// in the stack's database, through the real API, as a citizen's browser would call it.
import { expect } from 'chai';
import { ApiSession } from '../support/stack.ts';

describe('deadlines over HTTP', () => {
  const anonymous = () => new ApiSession();

  it('counts a public-information request received after hours on a Friday, with the calendar from the database', async () => {
    const res = await anonymous().request('GET', `/api/v1/deadlines?regime=public-info&received=${encodeURIComponent('2025-11-28T16:50:00+02:00')}`);
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ regime: 'public-info', due: '2025-12-08', dueDateTime: '2025-12-08T18:00:00+02:00' });
    expect(res.body.explanation.counted.reason.uk).to.match(/після закінчення робочого часу/);
    expect(res.body.explanation.workingDaysCounted).to.equal(5);
  });

  it('moves an appeal term ending on Easter 2019 to the next working day and keeps the internal date', async () => {
    const res = await anonymous().request('GET', '/api/v1/deadlines?regime=appeal-short&received=2019-04-13T10:00');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ due: '2019-04-30', internalDue: '2019-04-26' });
    expect(res.body.explanation.skipped.map((s: { reasons: Array<{ code: string }> }) => s.reasons.map((r) => r.code)))
      .to.deep.equal([['weekend', 'holiday'], ['transferred-day-off']]);
  });

  it('answers the martial-law what-if: Christmas 2025 counts as a day off only with martialLaw=off', async () => {
    const asIs = await anonymous().request('GET', '/api/v1/deadlines?regime=public-info&received=2025-12-22T10:00');
    const whatIf = await anonymous().request('GET', '/api/v1/deadlines?regime=public-info&received=2025-12-22T10:00&martialLaw=off');
    expect([asIs.body.due, whatIf.body.due]).to.deep.equal(['2025-12-29', '2025-12-30']);
    expect(asIs.body.explanation.notes[0].notes[0].uk).to.match(/воєнний стан/);
  });

  it('answers 400 problem+json naming the field for a bad regime or a malformed date', async () => {
    const badRegime = await anonymous().request('GET', '/api/v1/deadlines?regime=nope&received=2025-12-22T10:00');
    expect(badRegime.status).to.equal(400);
    expect(badRegime.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(badRegime.body.errors[0].field).to.equal('regime');
    const badDate = await anonymous().request('GET', '/api/v1/deadlines?regime=appeal&received=2025-13-01T10:00');
    expect(badDate.status).to.equal(400);
    expect(badDate.body.errors[0].field).to.equal('received');
  });

  it('is described in the OpenAPI document', async () => {
    const res = await anonymous().request('GET', '/openapi.json');
    expect(res.body.paths['/api/v1/deadlines/']?.get ?? res.body.paths['/api/v1/deadlines']?.get).to.not.equal(undefined);
  });
});
