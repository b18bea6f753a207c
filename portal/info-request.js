// The public-information request form (Law 2939-VI Art. 19): built to the API's own schema, served
// at /portal/schemas/info-request.json, and checked against it before sending; the server's
// problem+json field errors land next to the same fields.
import { clearErrors, onLanguageChange } from './common.js';
import { L, controlIn, loadSchema, markRequired, showTrackingCode, submitHandler } from './form-kit.js';

const form = document.getElementById('info-form');
const urgencyBlock = document.getElementById('urgency-block');
const controlOf = controlIn(form);
const schema = await loadSchema('info-request.json');

const TEXT_FIELDS = ['description', 'requesterName', 'email', 'postalAddress', 'phone', 'urgencyJustification'];

const names = {
  description: L('яку інформацію ви просите', 'what information you ask for'),
  requesterName: L('ім’я або назву організації', 'your name or the organisation\'s'),
  email: L('електронну пошту', 'e-mail'), postalAddress: L('поштову адресу', 'postal address'), phone: L('телефон', 'phone'),
  urgencyJustification: L('чому потрібна термінова відповідь (ст. 20 ч. 2)', 'why the answer is urgent (Art. 20 p. 2)'),
};

function collect() {
  const data = { channel: 'portal' };
  for (const field of TEXT_FIELDS) {
    const control = form.elements.namedItem(field);
    if (!control || control.closest('[hidden]')) continue;
    if (control.value.trim() === '') continue; // blank means "not given", so `required` names it
    data[field] = field === 'email' || field === 'phone' ? control.value.trim() : control.value;
  }
  const channel = form.querySelector('input[name="answerChannel"]:checked')?.value;
  if (channel) data.answerChannel = channel;
  if (form.elements.namedItem('urgent').checked) data.urgent = true;
  if (form.elements.namedItem('consent').checked) data.consent = true;
  return data;
}

/** Words for an error of schema-check.js, in both languages. */
function message({ field, keyword, params }) {
  switch (keyword) {
    case 'required':
    case 'const':
      if (field === 'consent') return L('Без вашої згоди на обробку персональних даних ми не зможемо надіслати відповідь', 'Without your consent to the processing of personal data we cannot send the answer');
      if (field === 'answerChannel') return L('Оберіть, як надіслати відповідь', 'Choose how the answer should be sent');
      return L(`Вкажіть ${names[field]?.uk ?? field}`, `Enter ${names[field]?.en ?? field}`);
    case 'anyOf':
      return L('Вкажіть електронну пошту або поштову адресу (ст. 19 ч. 5)', 'Enter an e-mail or a postal address (Art. 19 p. 5)');
    case 'maxLength':
      return L(`Не більше ${params.limit} символів`, `At most ${params.limit} characters`);
    case 'pattern':
      if (field === 'phone') return L('Телефон: цифри, пробіли, дужки й дефіси, на початку може бути +; від 5 до 20 знаків', 'Phone: digits, spaces, brackets and hyphens, optionally + first; 5 to 20 characters');
      if (field === 'requesterName') return L('Має містити літери', 'Must contain letters');
      return L('Поле не може бути порожнім', 'This field cannot be empty');
    case 'minLength':
      return L('Поле не може бути порожнім', 'This field cannot be empty');
    case 'format':
      return L('Вкажіть адресу електронної пошти у вигляді name@example.com', 'Enter an e-mail address like name@example.com');
    default:
      return L('Перевірте це поле', 'Check this field');
  }
}

/** Required by the schema for a portal request, whatever else is chosen. */
function requiredFields() {
  if (!schema) return [];
  const portal = (schema.allOf ?? []).find((rule) => rule.if?.properties?.channel?.const === 'portal');
  return [...(schema.required ?? []), ...(portal?.then?.required ?? [])];
}

form.addEventListener('change', (event) => {
  if (event.target === form.elements.namedItem('urgent')) urgencyBlock.hidden = !event.target.checked;
});
form.addEventListener('submit', submitHandler({
  form, button: document.getElementById('submit'), schema, collect, message, controlOf,
  url: '/api/v1/info-requests',
  onAccepted: (code) => showTrackingCode({ form, intro: document.getElementById('info-intro'), code }),
}));
onLanguageChange(() => {
  if (!form.querySelector('.error-summary').hidden) clearErrors(form);
});

// The justification shows only with the 48-hour box ticked, and then it is required (Art. 20 p. 2).
markRequired(form, [...requiredFields(), 'urgencyJustification'], controlOf);
urgencyBlock.hidden = !form.elements.namedItem('urgent').checked;
