import { expect } from 'chai';
import { TRACKING_CODE_BITS, newTrackingCode, normaliseTrackingCode, trackingCodeHash } from '../../../lib/cases/tracking-code.ts';

describe('tracking code', () => {
  it('carries at least 80 random bits in four readable groups', () => {
    expect(TRACKING_CODE_BITS).to.be.at.least(80);
    const code = newTrackingCode();
    expect(code).to.match(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
  });

  it('differs every time (10 000 codes, no repeats)', () => {
    const codes = new Set(Array.from({ length: 10000 }, () => newTrackingCode()));
    expect(codes.size).to.equal(10000);
  });

  it('uses every bit of the randomness it is given', () => {
    expect(newTrackingCode(() => Buffer.alloc(13, 0))).to.equal('00000-00000-00000-00000');
    expect(newTrackingCode(() => Buffer.alloc(13, 0xff))).to.equal('ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ');
  });

  it('reads what people type: any case, no hyphens, O for 0 and I or L for 1', () => {
    const code = '7KQ2M-XD9PA-40RTV-HC3NE';
    expect(normaliseTrackingCode('7kq2mxd9pa4ortvhc3ne')).to.equal(code);
    expect(normaliseTrackingCode(' 7KQ2M-XD9PA-40RTV-HC3NE ')).to.equal(code);
    expect(normaliseTrackingCode('7KQ2M-XD9PA-40RTV-HC3N')).to.equal(undefined);
    expect(normaliseTrackingCode('7KQ2M-XD9PA-40RTV-HC3NU')).to.equal(undefined);
  });

  it('hashes the canonical form, so spellings of one code find one appeal', () => {
    expect(trackingCodeHash('7kq2mxd9pa4ortvhc3ne')).to.equal(trackingCodeHash('7KQ2M-XD9PA-40RTV-HC3NE'));
    expect(trackingCodeHash(newTrackingCode())).to.match(/^[0-9a-f]{64}$/);
  });
});
