// The appeal form (Law 393/96-ВР Art. 5): built to the API's own schema, served at
// /portal/schemas/appeal.json. Required marks come from the schema; the form is checked against it
// before sending, and the server's problem+json field errors land next to the same fields.
import { clearErrors, fetchJson, h, onLanguageChange, problemText, showErrors, translate } from './common.js';
import { check } from './schema-check.js';

const form = document.getElementById('appeal-form');
const submit = document.getElementById('submit');
const success = document.getElementById('success');
const complaintDates = document.getElementById('complaint-dates');
const L = (uk, en) => ({ uk, en });

const schema = await fetch('/portal/schemas/appeal.json').then((r) => (r.ok ? r.json() : undefined)).catch(() => undefined);

/** Fields in the order of the form; what the schema holds but a citizen never gives (channel, signed, letterDate) is not here. */
const TEXT_FIELDS = ['surname', 'name', 'patronymic', 'address', 'email', 'phone', 'text', 'complaintDecisionDate', 'complaintLearnedDate'];

const names = {
  type: L('вид звернення', 'type of appeal'),
  surname: L('прізвище', 'surname'), name: L('ім’я', 'first name'), patronymic: L('по батькові', 'patronymic'),
  address: L('місце проживання', 'place of residence'), email: L('електронну пошту', 'e-mail'), phone: L('телефон', 'phone'),
  text: L('суть звернення', 'the substance of the appeal'),
};

/** The portal's required fields: the schema's own and those its `if channel = portal` branch adds. */
function requiredFields() {
  if (!schema) return [];
  return [...(schema.required ?? []), ...(schema.then?.required ?? [])];
}

function markRequired() {
  for (const field of requiredFields()) {
    const control = controlOf(field);
    if (!control) continue;
    if (control.type !== 'radio') control.setAttribute('aria-required', 'true');
    const label = control.type === 'radio' ? control.closest('fieldset')?.querySelector('legend') : control.labels?.[0];
    if (label && !label.querySelector('.req')) {
      label.append(' ', h('span', { class: 'req', 'data-i18n': 'common.required' }, '(обов’язково)'));
    }
  }
  translate(form);
}

function controlOf(field) {
  if (field === 'type') return form.querySelector('input[name="type"]:checked') ?? form.querySelector('input[name="type"]');
  const control = form.elements.namedItem(field);
  return control instanceof HTMLElement && control.id === field ? control : null;
}

function collect() {
  const data = { channel: 'portal' };
  const type = form.querySelector('input[name="type"]:checked')?.value;
  if (type) data.type = type;
  for (const field of TEXT_FIELDS) {
    const control = form.elements.namedItem(field);
    if (!control || control.closest('[hidden]')) continue;
    const raw = control.value;
    // Blank means "not given", so `required` names it; e-mail and phone lose stray spaces.
    if (raw.trim() === '') continue;
    data[field] = field === 'email' || field === 'phone' ? raw.trim() : raw;
  }
  if (form.elements.namedItem('collective').checked) data.collective = true;
  const priority = form.elements.namedItem('priorityCategory').value;
  if (priority) data.priorityCategory = priority;
  if (form.elements.namedItem('consent').checked) data.consent = true;
  return data;
}

/** Words for an error of schema-check.js, in both languages. */
function message(error) {
  const { field, keyword, params } = error;
  switch (keyword) {
    case 'required':
      if (field === 'consent') return L('Без вашої згоди на обробку персональних даних звернення не можна розглянути', 'Your appeal cannot be considered without your consent to the processing of personal data');
      if (field === 'type') return L('Оберіть вид звернення', 'Choose the type of appeal');
      return L(`Вкажіть ${names[field]?.uk ?? field}`, `Enter ${names[field]?.en ?? field}`);
    case 'const':
      return L('Без вашої згоди на обробку персональних даних звернення не можна розглянути', 'Your appeal cannot be considered without your consent to the processing of personal data');
    case 'anyOf':
      return L('Вкажіть електронну пошту або телефон', 'Enter an e-mail address or a phone number');
    case 'minLength':
      return L('Поле не може бути порожнім', 'This field cannot be empty');
    case 'maxLength':
      return L(`Не більше ${params.limit} символів`, `At most ${params.limit} characters`);
    case 'pattern':
      if (field === 'phone') return L('Телефон: цифри, пробіли, дужки й дефіси, на початку може бути +; від 5 до 20 знаків', 'Phone: digits, spaces, brackets and hyphens, optionally + first; 5 to 20 characters');
      if (field === 'surname' || field === 'name') return L('Має містити літери', 'Must contain letters');
      return L('Поле не може бути порожнім', 'This field cannot be empty');
    case 'format':
      if (params.format === 'email') return L('Вкажіть адресу електронної пошти у вигляді name@example.com', 'Enter an e-mail address like name@example.com');
      if (params.format === 'date') return L('Вкажіть дату', 'Enter a date');
      return L('Неправильний формат', 'Wrong format');
    default:
      return L('Перевірте це поле', 'Check this field');
  }
}

function toggleComplaintDates() {
  complaintDates.hidden = form.querySelector('input[name="type"]:checked')?.value !== 'complaint';
}

form.addEventListener('change', (event) => {
  if (event.target instanceof HTMLInputElement && event.target.name === 'type') toggleComplaintDates();
});

let sending = false;
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (sending) return;
  clearErrors(form);
  const data = collect();
  const errors = schema ? check(schema, data) : [];
  if (errors.length > 0) {
    showErrors(form, errors.map((e) => ({ field: e.field, message: message(e) })), controlOf);
    return;
  }
  sending = true;
  submit.disabled = true;
  try {
    const { status, body } = await fetchJson('/api/v1/appeals', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data),
    });
    if (status === 202 && body?.trackingCode) {
      showSuccess(body.trackingCode);
      return;
    }
    // The server's word per field (errors[].field → the input of that name), in the page's language.
    const fieldErrors = Array.isArray(body?.errors)
      ? body.errors.map((e) => ({ field: e.field, message: { uk: capital(e.message_uk), en: capital(e.message) } }))
      : [];
    showErrors(form, fieldErrors.length > 0 ? fieldErrors : [{ field: '(form)', message: problemText(status, body) }], controlOf);
  } finally {
    sending = false;
    submit.disabled = false;
  }
});

const capital = (s) => (typeof s === 'string' && s ? s[0].toUpperCase() + s.slice(1) : s);

function showSuccess(code) {
  form.reset();
  form.hidden = true;
  document.getElementById('appeal-intro').hidden = true;
  // Groups never split across lines on a narrow screen: a code copied by hand must stay readable.
  const groups = code.split('-');
  document.getElementById('tracking-code').replaceChildren(...groups.flatMap((group, i) => [
    h('span', { class: 'group' }, i < groups.length - 1 ? `${group}-` : group), i < groups.length - 1 ? h('wbr') : '',
  ]));
  // The fragment is never sent to the server, so the code stays out of its logs.
  document.getElementById('track-link').href = `/track#${code}`;
  success.hidden = false;
  document.getElementById('success-heading').focus();
}

onLanguageChange(() => {
  if (!form.querySelector('.error-summary').hidden) clearErrors(form);
});

markRequired();
toggleComplaintDates();
