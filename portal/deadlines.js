// The deadline calculator: GET /api/v1/deadlines with the regime, the moment of receipt (Kyiv
// time, no offset: the API reads it as Kyiv's) and the martial-law "what if".
import { clearErrors, fetchJson, onLanguageChange, problemText, showErrors } from './common.js';
import { renderDeadline } from './explain.js';
import { kyivNowLocal } from './format.js';

const form = document.getElementById('deadline-form');
const received = document.getElementById('received');
const result = document.getElementById('result');
const resultBody = document.getElementById('result-body');
let last;

if (!received.value) received.value = kyivNowLocal();

const controlOf = (field) => (field === 'regime' ? form.querySelector('input[name="regime"]:checked') ?? form.querySelector('input[name="regime"]') : form.elements.namedItem(field));

function render() {
  if (last) resultBody.replaceChildren(...renderDeadline(last));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  const regime = form.querySelector('input[name="regime"]:checked')?.value;
  const at = received.value;
  const errors = [];
  if (!regime) errors.push({ field: 'regime', message: { uk: 'Оберіть, що саме ви подали', en: 'Choose what was submitted' } });
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(at)) errors.push({ field: 'received', message: { uk: 'Вкажіть дату й час отримання', en: 'Enter the date and time of receipt' } });
  if (errors.length > 0) {
    showErrors(form, errors, controlOf);
    return;
  }
  const query = new URLSearchParams({ regime, received: at });
  if (form.elements.namedItem('martialLaw').checked) query.set('martialLaw', 'off');
  const { status, body } = await fetchJson(`/api/v1/deadlines?${query}`);
  if (status === 200) {
    last = body;
    render();
    result.hidden = false;
    document.getElementById('result-heading').focus();
    return;
  }
  const fieldErrors = Array.isArray(body?.errors) ? body.errors.map((e) => ({ field: e.field, message: { uk: e.message_uk, en: e.message } })) : [];
  showErrors(form, fieldErrors.length > 0 ? fieldErrors : [{ field: '(form)', message: problemText(status, body) }], controlOf);
});

onLanguageChange(() => {
  render();
  // Messages already shown were written in the old language; they are cleared rather than left mixed.
  if (!form.querySelector('.error-summary').hidden) clearErrors(form);
});
