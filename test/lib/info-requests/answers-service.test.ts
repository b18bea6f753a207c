// Who keeps a name public in an answer (Law 2297-VI Art. 5 p.2: an official's data about their
// duties; Law 2939-VI Art. 6 p.7): the rule of lib/info-requests/answers-service.ts, without I/O.
import { expect } from 'chai';
import { actingStaffIds } from '../../../lib/info-requests/answers-service.ts';

describe('information answers: the officials acting in an answer', () => {
  it('are the executors who drafted the parts and the staff the process names, each once, by id', () => {
    expect(actingStaffIds([7, 3], [5, null, 3, 5])).to.deep.equal([3, 5, 7]);
  });

  it('are nobody when nobody is known yet', () => {
    expect(actingStaffIds([], [null])).to.deep.equal([]);
  });
});
