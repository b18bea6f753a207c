// Verification of a signed answer (Law 2155-VIII): the QR code on the letter leads to
// /verify/<id>; the page asks GET /api/v1/verify/<id> and shows what the signed document itself
// shows (index, date, subject, the signer as printed), its SHA-256 to compare with the copy in
// hand, and whether the stored file and the certificate still hold. Never anyone's personal data.
import { h } from './common.js';
import { codeLookup } from './code-lookup.js';
import { L } from './explain.js';
import { formatDate, formatDateTime } from './format.js';

const form = document.getElementById('verify-form');
const input = document.getElementById('code');
const error = document.getElementById('code-error');
const result = document.getElementById('result');
const resultBody = document.getElementById('result-body');
// A code has 22 characters: letters, digits, "-" and "_" (16 random bytes, base64url). Copied from
// the letter or retyped it may carry spaces, line breaks and hyphens of the reader's own, or miss one
// of its own: the API matches it without hyphens (lib/answer-pdf/verify-code.ts, the same rule).
const CODE_CHARS = /^[A-Za-z0-9_-]+$/;
const KEY = /^[A-Za-z0-9_]{16,22}$/;

const problemNames = {
  'file-missing': ['Файл документа не знайдено в сховищі', 'The document file is missing from the store'],
  'file-changed': ['Збережений файл не збігається з підписаним', 'The stored file differs from the signed one'],
  'certificate-untrusted': ['Сертифікат підписувача видано не нашим центром сертифікації', 'The signer certificate was not issued by our certificate authority'],
  'certificate-not-valid-at-signing-time': ['Сертифікат не діяв у момент підписання', 'The certificate was not valid when signing'],
  'certificate-key-usage': ['Сертифікат не призначений для підпису', 'The certificate is not meant for signing'],
  'certificate-missing': ['Сертифікат підписувача не знайдено', 'The signer certificate was not found'],
};

/**
 * The code from /verify/<code>, or from what was typed or pasted (a whole link too, even one broken
 * over lines): whitespace never belongs to a code or a link and is dropped; hyphens are kept for the
 * API, which finds the code with or without them.
 */
export function codeOf(text) {
  const candidate = String(text).replace(/\s+/g, '').split(/[/#?]/).filter(Boolean).pop() ?? '';
  return CODE_CHARS.test(candidate) && candidate.length <= 80 && KEY.test(candidate.replace(/-/g, '')) ? candidate : undefined;
}

function render(v) {
  // The code as the letter prints it, whatever separators it was given with.
  if (typeof v.verifyId === 'string') input.value = v.verifyId;
  const facts = [];
  const fact = (term, ...value) => facts.push(h('dt', {}, term), h('dd', {}, ...value));
  fact(L('Реєстраційний індекс', 'Registration index'), v.registrationIndex);
  fact(L('Дата документа', 'Date of the document'), formatDate(v.registeredOn));
  fact(L('Тема', 'Subject'), h('span', { lang: 'uk' }, v.subject));
  fact(L('Підписав', 'Signed by'), h('span', { lang: 'uk' }, `${v.signer.position}, ${v.signer.name}`));
  fact(L('Час підписання', 'Signed at'), formatDateTime(v.signedAt));
  fact(L('Примірник', 'Copy'), v.copy === 'public' ? L('для реєстру відповідей (персональні дані приховано)', 'for the public register (personal data masked)') : L('лист запитувачу', 'the letter to the requester'));
  fact(L('SHA-256 файлу', 'SHA-256 of the file'), h('code', { class: 'hash' }, v.sha256));
  fact(L('Сертифікат', 'Certificate'), `${v.certificate.serial} (${v.certificate.issuer})`);
  const verdict = v.valid
    ? h('p', { class: 'status', id: 'verdict' }, L('Документ справжній: підпис і файл чинні.', 'The document is genuine: the signature and the file hold.'))
    : h('p', { class: 'status', id: 'verdict' }, L('Увага: перевірка виявила проблеми.', 'Warning: the check found problems.'));
  const parts = [verdict, h('dl', { class: 'facts' }, facts)];
  if (!v.valid) parts.push(h('ul', {}, v.problems.map((p) => h('li', {}, problemNames[p] ? L(...problemNames[p]) : p))));
  parts.push(h('p', {}, L('Порівняйте SHA-256 вашого файлу з наведеним вище (наприклад, командою sha256sum).',
    'Compare the SHA-256 of your file with the one above (for example with sha256sum).')));
  resultBody.replaceChildren(...parts);
}

const check = codeLookup({
  form, input, error, result, canonical: codeOf, url: (code) => `/api/v1/verify/${encodeURIComponent(code)}`,
  badCode: {
    uk: 'Код перевірки має 22 символи: латинські літери, цифри, «-» і «_» (пробіли й переноси рядків не враховуються).',
    en: 'The verification code has 22 characters: Latin letters, digits, "-" and "_" (spaces and line breaks do not count).',
  },
  notFound: { uk: 'Підписаного документа з таким кодом немає. Перевірте код.', en: 'No signed document has this code. Check the code.' },
  render,
});

const fromPath = location.pathname.startsWith('/verify/') ? decodeURIComponent(location.pathname.slice('/verify/'.length)) : '';
if (fromPath) {
  input.value = fromPath;
  void check(fromPath);
}
