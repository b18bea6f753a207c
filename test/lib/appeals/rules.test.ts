import { expect } from 'chai';
import {
  APPEAL_CHANNELS, APPEAL_STATUSES, APPEAL_TYPES, NORMAL_TASK_PRIORITY, PRIORITY_CATEGORIES, TokenBuckets, statusNames, taskPriority,
} from '../../../lib/appeals/index.ts';
import { appealSchema } from '../../../lib/appeals/schemas.ts';

describe('appeal vocabulary, priority and the shared schema', () => {
  it('names every status in the citizen\'s Ukrainian (DESIGN.md)', () => {
    expect(Object.keys(statusNames)).to.have.members([...APPEAL_STATUSES]);
    expect(statusNames.registered).to.equal('Зареєстровано');
    expect(statusNames['not-considered']).to.equal('Залишено без розгляду');
  });

  it('keeps the schema\'s enums equal to the rules (one list each)', () => {
    const p = appealSchema.properties;
    expect(p.priorityCategory.enum).to.deep.equal([...PRIORITY_CATEGORIES]);
    expect(p.type.enum).to.deep.equal([...APPEAL_TYPES]);
    expect(p.channel.enum).to.deep.equal([...APPEAL_CHANNELS]);
  });

  it('gives Art. 22 categories a task priority above every ordinary task', () => {
    for (const category of PRIORITY_CATEGORIES) expect(taskPriority(category)).to.be.above(NORMAL_TASK_PRIORITY);
    expect(taskPriority(undefined)).to.equal(NORMAL_TASK_PRIORITY);
  });
});

describe('token buckets', () => {
  it('allows a burst, refuses the next with a wait, and refills with time', () => {
    let now = 0;
    const buckets = new TokenBuckets({ capacity: 3, refillPerSecond: 0.5 }, () => now);
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).to.deep.equal([true, true, true]);
    expect(buckets.take('a')).to.deep.equal({ allowed: false, retryAfterSeconds: 2 });
    expect(buckets.take('b').allowed, 'another address has its own bucket').to.equal(true);
    now += 2000;
    expect(buckets.take('a').allowed).to.equal(true);
    expect(buckets.take('a').allowed).to.equal(false);
  });

  it('forgets idle addresses', () => {
    let now = 0;
    const buckets = new TokenBuckets({ capacity: 1, refillPerSecond: 1, idleMs: 1000 }, () => now);
    buckets.take('a');
    now = 5000;
    buckets.take('b');
    expect(buckets.size).to.equal(1);
  });
});
