// The launcher's restart backoff: 1 s doubling to 30 s while a child keeps crashing, 1 s again after
// it stayed up a while.
import { expect } from 'chai';
import { RestartBackoff, RESTART_BACKOFF } from '../../../scripts/stack/backoff.ts';

describe('launcher: restart backoff', () => {
  it('waits 1 s, then doubles for each crash soon after a start, up to 30 s, and stays there', () => {
    const backoff = new RestartBackoff();
    const delays = Array.from({ length: 9 }, () => backoff.next(500));
    expect(delays).to.deep.equal([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });

  it('starts again at 1 s once the child had stayed up for the reset time', () => {
    const backoff = new RestartBackoff();
    for (let i = 0; i < 4; i++) backoff.next(100);
    expect(backoff.next(RESTART_BACKOFF.resetAfterMs - 1), 'just short of the reset time: still climbing').to.equal(16000);
    expect(backoff.next(RESTART_BACKOFF.resetAfterMs), 'up a whole minute: a new incident').to.equal(1000);
    expect(backoff.next(10)).to.equal(2000);
  });

  it('follows the policy it is given', () => {
    const backoff = new RestartBackoff({ initialMs: 50, maxMs: 120, resetAfterMs: 1000 });
    expect([backoff.next(0), backoff.next(0), backoff.next(0), backoff.next(5000), backoff.next(0)]).to.deep.equal([50, 100, 120, 50, 100]);
  });

  it('uses 1 s, 30 s and one minute by default', () => {
    expect(RESTART_BACKOFF).to.deep.equal({ initialMs: 1000, maxMs: 30000, resetAfterMs: 60000 });
  });
});
