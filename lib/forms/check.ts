// Checks a form file before anything renders or trusts it: the form-js shape, known component types
// only, a Ukrainian and an English label for every field and every offered value, `validate` the
// server can re-check, defaults of the field's own type, and FEEL only in `conditional.hide` and only
// in the subset of lib/forms/feel.ts. Pure: the text of the file is the caller's to read.
import {
  COMPONENT_PROPERTIES, DATETIME_SUBTYPES, FIELD_TYPES, FORM_ID_PATTERN, FORM_PROPERTIES, KEY_PATTERN, MAX_SCHEMA_VERSION,
  isCustomType, isDisplayType, isFieldType,
} from './components.ts';
import { conditionComparisons, FeelSubsetError, parseFeelCondition } from './feel.ts';
import type { CamundaForm, FormComponent, FormProblem, FormValue } from './types.ts';

export class FormFileError extends Error {
  constructor(readonly formId: string, readonly problems: readonly FormProblem[]) {
    super(`form ${formId || '(no id)'}: ${problems.map((p) => `${p.path || '(form)'}: ${p.message_en}`).join('; ')}`);
    this.name = 'FormFileError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isDate = (v: unknown) => typeof v === 'string' && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

/** The English labels of a field's values: `properties.values_en`, a JSON object from String(value) to the label. */
export function englishValueLabels(component: FormComponent): Record<string, string> | undefined {
  const raw = component.properties?.values_en;
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isObject(parsed) && Object.values(parsed).every(isText) ? (parsed as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

/** Every problem of a parsed form file; none means parseForm accepts it. */
export function checkForm(value: unknown): FormProblem[] {
  const problems: FormProblem[] = [];
  const problem = (path: string, uk: string, en: string) => problems.push({ path, message: uk, message_en: en });
  if (!isObject(value)) {
    problem('', 'Файл форми має бути об’єктом JSON (схема Camunda Forms)', 'A form file is a JSON object (a Camunda Forms schema)');
    return problems;
  }
  for (const name of Object.keys(value)) {
    if (!FORM_PROPERTIES.has(name)) problem(name, `Невідома властивість форми «${name}»: приберіть її`, `Unknown form property "${name}": remove it`);
  }
  if (value.type !== 'default') problem('type', 'Тип форми має бути «default»', 'The form\'s type is "default"');
  if (typeof value.id !== 'string' || !FORM_ID_PATTERN.test(value.id)) {
    problem('id', 'Id форми: малі латинські літери, цифри й дефіси (це ім’я файлу і camunda:formRef)', 'The form id is lower-case letters, digits and hyphens (the file name and the camunda:formRef)');
  }
  if (!Number.isInteger(value.schemaVersion) || (value.schemaVersion as number) < 1 || (value.schemaVersion as number) > MAX_SCHEMA_VERSION) {
    problem('schemaVersion', `schemaVersion — ціле число від 1 до ${MAX_SCHEMA_VERSION} (form-js, який показує Tasklist рушія)`, `schemaVersion is a whole number from 1 to ${MAX_SCHEMA_VERSION} (the form-js the engine's Tasklist renders)`);
  }
  if (!Array.isArray(value.components)) {
    problem('components', 'Форма має містити масив components', 'The form has an array of components');
    return problems;
  }
  const components = value.components as unknown[];
  const keys = new Map<string, FormComponent>();
  const ids = new Set<string>();
  components.forEach((c, i) => {
    const at = `components[${i}]`;
    if (!isObject(c)) {
      problem(at, 'Компонент форми має бути об’єктом', 'A form component is an object');
      return;
    }
    if (typeof c.id === 'string') {
      if (ids.has(c.id)) problem(`${at}.id`, `Id «${c.id}» уже є у формі`, `Id "${c.id}" is used twice`);
      ids.add(c.id);
    }
    if (typeof c.key === 'string' && KEY_PATTERN.test(c.key)) {
      if (keys.has(c.key)) problem(`${at}.key`, `Поле «${c.key}» уже є у формі`, `Key "${c.key}" is used twice`);
      else keys.set(c.key, c as unknown as FormComponent);
    }
  });
  components.forEach((c, i) => {
    if (isObject(c)) checkComponent(c, `components[${i}]`, keys, problem);
  });
  return problems;
}

type Report = (path: string, uk: string, en: string) => void;

function checkComponent(c: Record<string, unknown>, at: string, keys: ReadonlyMap<string, FormComponent>, problem: Report): void {
  const type = c.type;
  if (typeof type !== 'string' || !(isFieldType(type) || isCustomType(type) || isDisplayType(type))) {
    problem(`${at}.type`, `Тип компонента «${String(type)}» не підтримується: поля textfield, textarea, number, checkbox, radio, select, checklist, datetime, hromada-*; text, separator, spacer`,
      `Component type "${String(type)}" is not supported: fields textfield, textarea, number, checkbox, radio, select, checklist, datetime, hromada-*; text, separator, spacer`);
    return;
  }
  for (const name of Object.keys(c)) {
    if (!COMPONENT_PROPERTIES.has(name)) problem(`${at}.${name}`, `Властивість «${name}» не підтримується: сервер не може її перевірити`, `Property "${name}" is not supported: the server cannot check it`);
  }
  const properties = c.properties;
  if (properties !== undefined && (!isObject(properties) || !Object.values(properties).every((v) => typeof v === 'string'))) {
    problem(`${at}.properties`, 'properties — об’єкт із рядковими значеннями (form-js)', 'properties is an object of strings (form-js)');
  }
  const props = isObject(properties) ? properties : {};
  // FEEL or templates anywhere but conditional.hide would be evaluated by the browser alone.
  for (const name of ['label', 'dateLabel', 'description', 'text']) {
    const v = c[name];
    if (v === undefined) continue;
    if (typeof v !== 'string') problem(`${at}.${name}`, `${name} має бути рядком`, `${name} is a string`);
    else if (v.trimStart().startsWith('=') || v.includes('{{')) {
      problem(`${at}.${name}`, `FEEL і шаблони дозволено лише в conditional.hide: приберіть вираз з ${name}`, `FEEL and templates are allowed only in conditional.hide: remove the expression from ${name}`);
    }
  }
  for (const name of ['disabled', 'readonly', 'searchable'] as const) {
    if (c[name] !== undefined && typeof c[name] !== 'boolean') problem(`${at}.${name}`, `${name} має бути true або false (не вираз)`, `${name} is true or false (not an expression)`);
  }

  if (isDisplayType(type)) {
    if (c.key !== undefined) problem(`${at}.key`, `Компонент «${type}» не має поля (key)`, `A "${type}" component has no key`);
    if (type === 'text') {
      if (!isText(c.text)) problem(`${at}.text`, 'Текст компонента text — українською', 'The text of a text component, in Ukrainian');
      if (!isText(props.text_en)) problem(`${at}.properties.text_en`, 'Додайте англійський текст у properties.text_en', 'Add the English text as properties.text_en');
    }
    return;
  }

  const key = c.key;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    problem(`${at}.key`, 'Поле має key — ім’я змінної процесу (латинські літери, цифри, _; без крапок)', 'A field has a key: a process variable name (letters, digits, _; no dots)');
  }
  const ukLabel = type === 'datetime' ? c.dateLabel : c.label;
  if (!isText(ukLabel)) problem(`${at}.${type === 'datetime' ? 'dateLabel' : 'label'}`, 'Поле має підпис українською', 'A field has a Ukrainian label');
  if (!isText(props.label_en)) problem(`${at}.properties.label_en`, 'Додайте англійський підпис у properties.label_en', 'Add the English label as properties.label_en');
  if (c.description !== undefined && !isText(props.description_en)) {
    problem(`${at}.properties.description_en`, 'Додайте англійський опис у properties.description_en', 'Add the English description as properties.description_en');
  }

  checkValidate(c, type, at, problem);

  const values = c.values;
  const withValues = type === 'radio' || type === 'select' || type === 'checklist';
  if (withValues) {
    if (!Array.isArray(values) || values.length === 0) {
      problem(`${at}.values`, 'Поле з вибором має перелік values (значення задано у файлі, не змінною)', 'A choice field lists its values (in the file, not from a variable)');
    } else {
      const seen = new Set<string>();
      const english = englishValueLabels(c as unknown as FormComponent);
      if (!english) problem(`${at}.properties.values_en`, 'Додайте англійські підписи значень у properties.values_en: JSON {"значення": "English label"}', 'Add the English labels of the values as properties.values_en: JSON {"value": "English label"}');
      values.forEach((v: unknown, j) => {
        const vat = `${at}.values[${j}]`;
        if (!isObject(v) || !['string', 'number', 'boolean'].includes(typeof v.value)) {
          problem(vat, 'Значення — {label, value}, value: рядок, число або true/false', 'A value is {label, value}, value a string, number or true/false');
          return;
        }
        if (!isText(v.label)) problem(`${vat}.label`, 'Значення має підпис українською', 'A value has a Ukrainian label');
        const name = String(v.value);
        if (seen.has(name)) problem(`${vat}.value`, `Значення «${name}» повторюється`, `Value "${name}" is listed twice`);
        seen.add(name);
        if (english && !isText(english[name])) problem(`${at}.properties.values_en`, `Немає англійського підпису значення «${name}»`, `No English label for value "${name}"`);
      });
    }
  } else if (values !== undefined) {
    problem(`${at}.values`, `Поле «${type}» не має values`, `A "${type}" field has no values`);
  }

  if (type === 'datetime' && !(DATETIME_SUBTYPES as readonly unknown[]).includes(c.subtype)) {
    problem(`${at}.subtype`, 'Поле datetime — лише дата: subtype "date"', 'A datetime field is a date only: subtype "date"');
  } else if (type !== 'datetime' && c.subtype !== undefined) {
    problem(`${at}.subtype`, 'subtype — лише для datetime', 'subtype is for datetime only');
  }
  if (c.decimalDigits !== undefined && (type !== 'number' || !isCount(c.decimalDigits))) {
    problem(`${at}.decimalDigits`, 'decimalDigits — невід’ємне ціле, лише для number', 'decimalDigits is a whole number, for number only');
  }

  if (c.defaultValue !== undefined && !defaultFits(c, type)) {
    problem(`${at}.defaultValue`, 'Типове значення не відповідає типу поля', 'The default value does not fit the field');
  }

  const conditional = c.conditional;
  if (conditional !== undefined) {
    if (!isObject(conditional) || Object.keys(conditional).some((k) => k !== 'hide') || typeof conditional.hide !== 'string') {
      problem(`${at}.conditional`, 'conditional — лише {"hide": "=вираз FEEL"}', 'conditional is {"hide": "=FEEL expression"} only');
    } else {
      checkHide(conditional.hide, `${at}.conditional.hide`, typeof key === 'string' ? key : undefined, keys, problem);
    }
  }
}

function checkValidate(c: Record<string, unknown>, type: string, at: string, problem: Report): void {
  const validate = c.validate;
  if (validate === undefined) return;
  if (!isObject(validate)) {
    problem(`${at}.validate`, 'validate має бути об’єктом', 'validate is an object');
    return;
  }
  const allowed: readonly string[] = isFieldType(type) ? FIELD_TYPES[type] : ['required'];
  for (const [name, v] of Object.entries(validate)) {
    const vat = `${at}.validate.${name}`;
    if (!allowed.includes(name)) {
      problem(vat, `Перевірка «${name}» для поля «${type}» не підтримується (${allowed.join(', ')})`, `Validation "${name}" is not supported for a "${type}" field (${allowed.join(', ')})`);
    } else if (name === 'required') {
      if (typeof v !== 'boolean') problem(vat, 'required — true або false', 'required is true or false');
    } else if (name === 'minLength' || name === 'maxLength') {
      if (!isCount(v)) problem(vat, `${name} — невід’ємне ціле число (не вираз)`, `${name} is a whole number (not an expression)`);
    } else if (name === 'min' || name === 'max') {
      if (typeof v !== 'number' || !Number.isFinite(v)) problem(vat, `${name} — число (не вираз)`, `${name} is a number (not an expression)`);
    } else if (name === 'pattern') {
      try {
        if (typeof v !== 'string') throw new TypeError();
        // ajv compiles patterns with the u flag: the server must read it the same way.
        new RegExp(v, 'u');
      } catch {
        problem(vat, 'pattern — регулярний вираз JavaScript (з прапорцем u)', 'pattern is a JavaScript regular expression (with the u flag)');
      }
    }
  }
  if (isCount(validate.minLength) && isCount(validate.maxLength) && validate.minLength > validate.maxLength) {
    problem(`${at}.validate`, 'minLength більша за maxLength', 'minLength is greater than maxLength');
  }
}

function defaultFits(c: Record<string, unknown>, type: string): boolean {
  const v = c.defaultValue;
  const values = Array.isArray(c.values) ? (c.values as FormValue[]).map((x) => x?.value) : [];
  switch (type) {
    case 'textfield': case 'textarea': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v) && (c.decimalDigits !== 0 || Number.isInteger(v));
    case 'checkbox': return typeof v === 'boolean';
    case 'radio': case 'select': return values.includes(v as FormValue['value']);
    case 'checklist': return Array.isArray(v) && v.every((x) => values.includes(x));
    case 'datetime': return isDate(v);
    default: return true; // a custom field's own schema judges it (lib/forms/schema.ts)
  }
}

function checkHide(hide: string, at: string, self: string | undefined, keys: ReadonlyMap<string, FormComponent>, problem: Report): void {
  let condition;
  try {
    condition = parseFeelCondition(hide);
  } catch (err) {
    if (!(err instanceof FeelSubsetError)) throw err;
    problem(at, err.message_uk, err.message);
    return;
  }
  for (const { name, value } of conditionComparisons(condition)) {
    const field = keys.get(name);
    if (!field) {
      problem(at, `Умова читає «${name}», якого немає серед полів форми`, `The condition reads "${name}", which is not a field of the form`);
      continue;
    }
    if (name === self) problem(at, 'Поле не може приховувати саме себе', 'A field cannot hide itself');
    const offered = field.values?.map((v) => v.value);
    if (offered && !offered.includes(value)) {
      problem(at, `Поле «${name}» не має значення ${JSON.stringify(value)} (${offered.map((v) => JSON.stringify(v)).join(', ')})`, `Field "${name}" has no value ${JSON.stringify(value)} (${offered.map((v) => JSON.stringify(v)).join(', ')})`);
    } else if (field.type === 'checkbox' && typeof value !== 'boolean') {
      problem(at, `Поле «${name}» — прапорець: порівнюйте з true або false`, `Field "${name}" is a checkbox: compare it with true or false`);
    }
  }
}

/** The form, checked; throws FormFileError naming every problem. */
export function parseForm(value: unknown): CamundaForm {
  const problems = checkForm(value);
  const id = value !== null && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : '';
  if (problems.length > 0) throw new FormFileError(id, problems);
  return value as CamundaForm;
}

/** The keys of the form's fields, in the form's order. */
export function formKeys(form: CamundaForm): string[] {
  return form.components.filter((c) => typeof c.key === 'string').map((c) => c.key!);
}
