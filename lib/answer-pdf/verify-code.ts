// The verification code of a signed answer: the id in its QR code and under it in the letter, 16
// random bytes in base64url (22 characters: letters, digits, "-" and "_"). People copy it from the
// letter or retype it, so what they give may carry separators: spaces and line breaks from a copy,
// hyphens they add to group it, or miss a hyphen of its own. Pure: the API, and portal/verify.js
// with the same rule.
//
// A code is therefore matched on its key: the code without hyphens and whitespace. Two codes with the
// same key would differ only in where their hyphens stand; with 128 random bits that never happens
// (the register has far fewer than 2^60 answers), and an exact match is tried first anyway.

/** The characters of a code, and the separators a person may add. */
export const VERIFY_CODE_INPUT_PATTERN = '^[A-Za-z0-9_\\s-]{16,80}$';

/** A real code has 22 characters, at most a handful of them hyphens: 16 to 22 once hyphens are dropped. */
const KEY = /^[A-Za-z0-9_]{16,22}$/;

/** The code as typed or copied, without whitespace (never part of a code): the exact form to try first. */
export function compactVerifyCode(text: string): string {
  return text.replace(/\s+/g, '');
}

/** The key a code is matched on, or undefined when the text cannot be a code. */
export function verifyCodeKey(text: string): string | undefined {
  const key = compactVerifyCode(text).replace(/-/g, '');
  return KEY.test(key) ? key : undefined;
}
