// The verification code as people give it back (lib/answer-pdf/verify-code.ts): copied from the
// letter with spaces and line breaks, grouped with hyphens of their own, or missing one of its own.
import { expect } from 'chai';
import { compactVerifyCode, VERIFY_CODE_INPUT_PATTERN, verifyCodeKey } from '../../../lib/answer-pdf/verify-code.ts';

describe('verification code of a signed answer', () => {
  const code = 'q7Vd2Kx9mRt_aB3cDeF4-W';

  it('has one key with or without separators', () => {
    for (const given of [code, 'q7Vd2Kx9mRt_aB3cDeF4W', ' q7Vd2 Kx9mR t_aB3\ncDeF4-W ', 'q7Vd-2Kx9-mRt_-aB3c-DeF4-W', 'q7Vd2Kx9mRt_aB3cDeF4-\r\nW']) {
      expect(verifyCodeKey(given), JSON.stringify(given)).to.equal('q7Vd2Kx9mRt_aB3cDeF4W');
      expect(new RegExp(VERIFY_CODE_INPUT_PATTERN).test(given), JSON.stringify(given)).to.equal(true);
    }
    expect(compactVerifyCode(' q7Vd2 Kx9mR t_aB3\ncDeF4-W ')).to.equal(code);
  });

  it('refuses what cannot be a code', () => {
    for (const given of ['', 'short', 'not a code', 'q7Vd2Kx9mRt_aB3cDeF4WXYZ', 'q7Vd2Kx9mRt_aB3cDeF4+W', '----------------------']) {
      expect(verifyCodeKey(given), JSON.stringify(given)).to.equal(undefined);
    }
    expect(new RegExp(VERIFY_CODE_INPUT_PATTERN).test('../../etc/passwd')).to.equal(false);
  });
});
