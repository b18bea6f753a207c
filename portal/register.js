// The public register of answered public-information requests (Law 2939-VI): GET /api/v1/register
// with the words typed, newest first or by relevance; each answer masked (Art. 6 p.7), with its
// signed PDF and the page that verifies it. The query lives in the address (?q=&page=) so a search
// can be shared and the back button works.
import { clearErrors, fetchJson, h, onLanguageChange, problemText, t } from './common.js';
import { L } from './explain.js';
import { formatDate } from './format.js';

const form = document.getElementById('register-form');
const input = document.getElementById('q');
const error = document.getElementById('q-error');
const heading = document.getElementById('results-heading');
const count = document.getElementById('results-count');
const list = document.getElementById('results-list');
const pager = document.getElementById('pager');
const PAGE_SIZE = 20;
let last;

const resultNames = {
  provided: ['Інформацію надано', 'Information provided'],
  'partly-provided': ['Інформацію надано частково', 'Information partly provided'],
  refused: ['Відмовлено', 'Refused'],
  forwarded: ['Переслано розпоряднику інформації', 'Forwarded to the holder of the information'],
};

function plural(n) {
  const rule = new Intl.PluralRules('uk').select(n);
  return L(`${n} ${rule === 'one' ? 'відповідь' : rule === 'few' ? 'відповіді' : 'відповідей'}`, `${n} ${n === 1 ? 'answer' : 'answers'}`);
}

function render() {
  if (!last) return;
  const { body, q, page } = last;
  count.textContent = body.total === 0
    ? (q ? L('Нічого не знайдено. Спробуйте інші слова.', 'Nothing found. Try other words.') : L('Відповідей у реєстрі ще немає.', 'The register has no answers yet.'))
    : `${L('Знайдено', 'Found')}: ${plural(body.total)}`;
  list.replaceChildren(...body.items.map((item) => h('li', { class: 'card' },
    h('h3', {}, h('span', { lang: 'uk' }, item.subject)),
    h('dl', { class: 'facts' },
      h('dt', {}, L('Запит', 'Request')), h('dd', {}, `№ ${item.requestIndex}, ${formatDate(item.receivedOn)}`),
      h('dt', {}, L('Відповідь', 'Answer')), h('dd', {}, `№ ${item.answerIndex}, ${formatDate(item.answeredOn)}`),
      h('dt', {}, L('Результат', 'Result')), h('dd', {}, resultNames[item.result] ? L(...resultNames[item.result]) : item.result)),
    h('p', { lang: 'uk' }, item.excerpt),
    h('p', {}, h('a', { href: `/api/v1/register/${encodeURIComponent(item.id)}/pdf` }, L(`Підписана відповідь № ${item.answerIndex} (PDF)`, `Signed answer No. ${item.answerIndex} (PDF)`))))));
  const pages = Math.ceil(body.total / PAGE_SIZE);
  const links = [];
  if (page > 1) links.push(h('a', { href: url(q, page - 1), 'data-page': page - 1 }, L('← Попередня', '← Previous')));
  if (pages > 1) links.push(h('span', {}, L(`Сторінка ${page} з ${pages}`, `Page ${page} of ${pages}`)));
  if (page < pages) links.push(h('a', { href: url(q, page + 1), 'data-page': page + 1 }, L('Наступна →', 'Next →')));
  pager.replaceChildren(...links);
}

function url(q, page) {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return `/register${s ? `?${s}` : ''}`;
}

async function search(q, page, focus) {
  clearErrors(form);
  error.textContent = '';
  const params = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  if (q) params.set('q', q);
  const { status, body } = await fetchJson(`/api/v1/register?${params}`);
  if (status !== 200) {
    error.textContent = t(problemText(status, body));
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  last = { body, q, page };
  render();
  if (focus) heading.focus();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const q = input.value.trim();
  history.pushState(null, '', url(q, 1));
  void search(q, 1, true);
});

pager.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-page]');
  if (!link) return;
  event.preventDefault();
  const page = Number(link.dataset.page);
  history.pushState(null, '', url(last?.q ?? '', page));
  void search(last?.q ?? '', page, true);
});

function fromAddress(focus) {
  const params = new URLSearchParams(location.search);
  const q = (params.get('q') ?? '').slice(0, 200);
  const page = Math.max(1, Math.min(1000, Number(params.get('page')) || 1));
  input.value = q;
  void search(q, page, focus);
}

window.addEventListener('popstate', () => fromAddress(true));
onLanguageChange(() => render());
fromAddress(false);
