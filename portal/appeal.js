// The appeal form (Law 393/96-ВР Art. 5): built to the API's own schema, served at
// /portal/schemas/appeal.json. Required marks come from the schema; the form is checked against it
// before sending, and the server's problem+json field errors land next to the same fields.
import { clearErrors, onLanguageChange } from './common.js';
import { L, controlIn, loadSchema, markRequired, showTrackingCode, submitHandler } from './form-kit.js';

const form = document.getElementById('appeal-form');
const complaintDates = document.getElementById('complaint-dates');
const controlOf = controlIn(form);
const schema = await loadSchema('appeal.json');

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

form.addEventListener('submit', submitHandler({
  form, button: document.getElementById('submit'), schema, collect, message, controlOf,
  url: '/api/v1/appeals',
  onAccepted: (code) => showTrackingCode({ form, intro: document.getElementById('appeal-intro'), code }),
}));

onLanguageChange(() => {
  if (!form.querySelector('.error-summary').hidden) clearErrors(form);
});

markRequired(form, requiredFields(), controlOf);
toggleComplaintDates();
