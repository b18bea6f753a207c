// Where my appeal is: GET /api/v1/track/{code}. The code may come in the fragment (/track#CODE),
// which browsers never send, so a shared link keeps it out of every server log; it is taken out of
// the address bar once read, so it is not left on screen.
import { h, lang, t } from './common.js';
import { codeLookup } from './code-lookup.js';
import { L, renderDeadline } from './explain.js';
import { formatDate, formatDateTime } from './format.js';

const form = document.getElementById('track-form');
const input = document.getElementById('code');
const error = document.getElementById('code-error');
const result = document.getElementById('result');
const resultBody = document.getElementById('result-body');

// The one status vocabulary (DESIGN.md "What the citizen sees"); the API gives the Ukrainian words.
const statusEn = {
  'received': 'Received', 'registered': 'Registered', 'under-consideration': 'Under consideration',
  'clarification-needed': 'Clarification needed from you', 'term-extended': 'Term extended',
  'forwarded': 'Forwarded to the competent body', 'awaiting-payment': 'Awaiting payment', 'answered': 'Answered',
  'refused': 'Refused', 'not-considered': 'Not considered', 'deferred': 'Consideration deferred',
};
const resultNames = {
  'given': { uk: 'Інформацію надано', en: 'Information given' }, 'partly-given': { uk: 'Інформацію надано частково', en: 'Information partly given' },
  'refused': { uk: 'Відмовлено', en: 'Refused' }, 'forwarded': { uk: 'Запит переслано належному розпоряднику', en: 'Forwarded to the holder of the information' },
  'deferred': { uk: 'Розгляд відстрочено', en: 'Consideration deferred' },
};
const typeNames = {
  proposal: { uk: 'Пропозиція (зауваження)', en: 'Proposal (remark)' },
  application: { uk: 'Заява (клопотання)', en: 'Application (petition)' },
  complaint: { uk: 'Скарга', en: 'Complaint' },
};
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** As the server reads a code: case and hyphens ignored, O → 0, I and L → 1 (Crockford's base32). */
export function normalise(text) {
  const compact = text.trim().toUpperCase().replace(/[-\s]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (compact.length !== 20 || [...compact].some((c) => !ALPHABET.includes(c))) return undefined;
  return compact.match(/.{5}/g).join('-');
}

const statusText = (status, uk) => (lang() === 'en' ? statusEn[status] ?? uk : uk);
/** Texts the API keeps only in Ukrainian (department names, notes) are marked as such. */
const uk = (text) => h('span', { lang: 'uk' }, text);

const money = (kopecks) => `${Math.floor(kopecks / 100)},${String(kopecks % 100).padStart(2, '0')} грн`;

/** A request for public information (Law 2939-VI): its clock and every decision with its article. */
function renderInfoRequest(v) {
  const facts = [];
  const fact = (term, ...value) => facts.push(h('dt', {}, term), h('dd', {}, ...value));
  fact(L('Вид', 'Type'), v.urgent ? L('Запит на публічну інформацію, терміновий (48 годин)', 'Request for public information, urgent (48 hours)')
    : L('Запит на публічну інформацію', 'Request for public information'));
  fact(L('Отримано', 'Received'), formatDateTime(v.receivedAt));
  fact(L('Реєстраційний індекс', 'Registration index'), v.registrationIndex ?? L('ще не присвоєно', 'not assigned yet'));
  if (v.registeredAt) fact(L('Зареєстровано', 'Registered'), formatDateTime(v.registeredAt));
  fact(L('Хто розглядає', 'Handled by'), v.department ? uk(v.department.name) : L('ще не визначено', 'not decided yet'));
  const parts = [
    h('p', {}, h('span', { class: 'status', id: 'status' }, statusText(v.status, v.statusText))),
    h('dl', { class: 'facts' }, facts),
  ];
  const decision = (title, ...lines) => parts.push(h('h3', {}, title), ...lines.filter(Boolean).map((line) => h('p', {}, ...line)));
  if (v.extension) {
    decision(L('Строк продовжено', 'Term extended'),
      [L('До ', 'Until '), formatDate(v.extension.to), ` (${v.extension.article})`], [uk(v.extension.reason)],
      v.extension.notifiedAt ? [L('Повідомлення надіслано ', 'Notice sent '), formatDateTime(v.extension.notifiedAt)] : null);
  }
  if (v.forwarding) decision(L('Переслано за належністю', 'Forwarded'), [uk(v.forwarding.holder), ` (${v.forwarding.article})`]);
  if (v.deferral) {
    decision(L('Розгляд відстрочено', 'Consideration deferred'), [L('Новий строк: ', 'New term: '), formatDate(v.deferral.to), ` (${v.deferral.article})`],
      [uk(v.deferral.reason)]);
  }
  if (v.refusal) {
    decision(L('Відмова', 'Refusal'), [uk(v.refusal.groundText), ` (${v.refusal.article})`], v.refusal.reason ? [uk(v.refusal.reason)] : null,
      [L('Як оскаржити: ', 'How to appeal: '), uk(v.refusal.howToAppeal)]);
  }
  if (v.fee) {
    decision(L('Плата за копії', 'Copying fee'),
      [L(`${v.fee.pages} сторінок; до сплати `, `${v.fee.pages} pages; to pay `), money(v.fee.amountKopecks), ` (${v.fee.article})`],
      [v.fee.paidAt ? [L('Сплачено ', 'Paid '), formatDateTime(v.fee.paidAt)] : L('Очікує оплати', 'Awaiting payment')]);
  }
  if (list(v.branches).length > 0) {
    parts.push(h('h3', {}, L('Підрозділи, що готують відповідь', 'Departments preparing the answer')),
      h('ul', {}, v.branches.map((b) => h('li', {}, b.department ? uk(b.department.name) : '—', ' — ',
        b.status === 'drafted' ? L('відповідь підготовлено', 'answer drafted') : L('працює над відповіддю', 'working on the answer')))));
  }
  if (v.result) {
    const r = v.result;
    parts.push(h('h3', {}, L('Результат', 'Result')), h('p', {}, t(resultNames[r.kind]) || r.kind));
    if (r.kind === 'given' || r.kind === 'partly-given') {
      // The letter addressed to the requester, by their own code; the code stays out of logs (redacted).
      parts.push(h('p', {}, h('a', { href: `/api/v1/track/${encodeURIComponent(input.value)}/answer.pdf`, id: 'answer-pdf', download: '' },
        L('Завантажити відповідь з електронним підписом (PDF)', 'Download the signed answer (PDF)'))));
    }
    if (typeof r.answerUrl === 'string' && r.answerUrl) {
      parts.push(h('p', {}, h('a', { href: r.answerUrl, id: 'answer-link' }, L('Перевірити підпис відповіді', 'Verify the answer\'s signature'))));
    }
  }
  parts.push(h('h3', {}, L('Строк відповіді', 'Term of the answer')));
  parts.push(...term(v, L('Строк буде визначено під час реєстрації.', 'The term is set when the request is registered.')));
  parts.push(...timeline(v));
  return parts;
}

/**
 * The due date with its explanation: the API gives `dueDate`, `dueDateTime` and a whole explanation
 * (or null); renderDeadline leaves out whatever part is missing, so the date always shows.
 */
function term(v, notYet) {
  if (!v.dueDate) return [h('p', {}, notYet)];
  return renderDeadline({ due: v.dueDate, dueDateTime: v.dueDateTime ?? undefined, explanation: v.dueExplanation ?? undefined });
}

const list = (value) => (Array.isArray(value) ? value : []);

function timeline(v) {
  return [h('h3', {}, L('Історія', 'History')),
    h('ol', { class: 'timeline' }, list(v.timeline).map((e) => h('li', {},
      h('time', { datetime: e.at }, formatDateTime(e.at)), ' — ', h('strong', {}, statusText(e.status, e.statusText)),
      e.department ? [', ', uk(e.department.name)] : '', e.note ? ['. ', uk(e.note)] : ''))),
  ];
}

function render(v) {
  if (v.kind === 'info-request') {
    resultBody.replaceChildren(...renderInfoRequest(v));
    return;
  }
  const facts = [];
  const fact = (term, ...value) => facts.push(h('dt', {}, term), h('dd', {}, ...value));
  fact(L('Вид', 'Type'), t(typeNames[v.type]) || v.type);
  fact(L('Отримано', 'Received'), formatDateTime(v.receivedAt));
  fact(L('Реєстраційний індекс', 'Registration index'), v.registrationIndex ?? L('ще не присвоєно', 'not assigned yet'));
  if (v.registeredAt) fact(L('Зареєстровано', 'Registered'), formatDateTime(v.registeredAt));
  fact(L('Хто розглядає', 'Handled by'), v.department ? uk(v.department.name) : L('ще не визначено', 'not decided yet'));

  const parts = [
    h('p', {}, h('span', { class: 'status', id: 'status' }, statusText(v.status, v.statusText))),
    h('dl', { class: 'facts' }, facts),
  ];
  if (v.result && Array.isArray(v.result.reasons) && v.result.reasons.length > 0) {
    parts.push(h('h3', {}, L('Підстави', 'Grounds')),
      h('ul', {}, v.result.reasons.map((r) => h('li', {}, uk(r?.text_uk ?? r?.code ?? ''), r?.article ? ` (${r.article})` : ''))));
  }
  parts.push(h('h3', {}, L('Строк розгляду', 'Term of consideration')));
  parts.push(...term(v, L('Строк буде визначено під час реєстрації.', 'The term is set when the appeal is registered.')));

  parts.push(...timeline(v));
  resultBody.replaceChildren(...parts);
}

// Messages are {uk, en} pairs, translated when shown (the language may switch in between).
const lookUp = codeLookup({
  form, input, error, result, canonical: normalise, url: (code) => `/api/v1/track/${encodeURIComponent(code)}`,
  badCode: { uk: 'Код має 20 літер і цифр, наприклад 7KQ2M-XD9PA-40RTV-HC3NE', en: 'The code has 20 letters and digits, e.g. 7KQ2M-XD9PA-40RTV-HC3NE' },
  notFound: { uk: 'Звернення чи запиту з таким кодом не знайдено. Перевірте код.', en: 'No appeal or request has this code. Check the code.' },
  render,
});

const fromFragment = decodeURIComponent(location.hash.slice(1));
if (fromFragment) {
  history.replaceState(null, '', location.pathname);
  input.value = fromFragment;
  void lookUp(fromFragment);
}
