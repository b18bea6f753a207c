// RFC 9457 problem details: one catalogue of what can go wrong, in English and Ukrainian,
// and the mapping of validation errors to fields a form can highlight.
import type { ErrorObject } from 'ajv';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

interface CatalogueEntry {
  status: number;
  title: string;
  title_uk: string;
}

export const problemCatalogue = {
  'validation': { status: 400, title: 'The request is not valid', title_uk: 'Запит містить помилки' },
  'bad-request': { status: 400, title: 'Bad request', title_uk: 'Некоректний запит' },
  'unauthenticated': { status: 401, title: 'Authentication required', title_uk: 'Потрібно увійти до системи' },
  'invalid-credentials': { status: 401, title: 'Wrong username or password', title_uk: 'Неправильне ім’я користувача або пароль' },
  'forbidden': { status: 403, title: 'Not allowed', title_uk: 'Недостатньо прав' },
  // A state change from a page of another origin, or a non-browser request with a session cookie but
  // without the session's anti-forgery token (api/cross-origin-guard.ts).
  'cross-origin-request': { status: 403, title: 'The request did not come from this site\'s own pages', title_uk: 'Запит надійшов не зі сторінок цього сайту' },
  'not-candidate': { status: 403, title: 'This task is not offered to your groups', title_uk: 'Це завдання не призначене вашим групам' },
  'not-assignee': { status: 403, title: 'Only the assignee may complete this task', title_uk: 'Завершити завдання може лише його виконавець' },
  'not-found': { status: 404, title: 'Not found', title_uk: 'Не знайдено' },
  'document-not-found': { status: 404, title: 'Document not found', title_uk: 'Документ не знайдено' },
  // CMU 55/2018: a document is registered once. The same bytes as a document already received take no
  // second number unless the clerk registers a copy on purpose (api/routes/correspondence/documents.ts).
  'duplicate-document': { status: 409, title: 'The same scan was already received', title_uk: 'Такий самий скан уже надійшов' },
  'task-not-found': { status: 404, title: 'Task not found', title_uk: 'Завдання не знайдено' },
  'task-already-claimed': { status: 409, title: 'Task already claimed', title_uk: 'Завдання вже взято в роботу іншим користувачем' },
  // Two people (or a person and a worker) moved the same case at the same moment; nothing was saved.
  'task-conflict': { status: 409, title: 'Someone else changed this case a moment ago: nothing was saved, try again', title_uk: 'Хтось інший щойно змінив цю справу: нічого не збережено, спробуйте ще раз' },
  'task-not-claimed': { status: 409, title: 'Task not claimed', title_uk: 'Завдання ще не взято в роботу' },
  // A task of a diagram no domain's manifest declares (an analyst's): no Camunda Form the API knows.
  'task-form-not-found': { status: 404, title: 'This task has no form the system knows', title_uk: 'Для цього завдання немає відомої системі форми' },
  // One answer whether the code never existed or was mistyped: no oracle for guessing codes.
  'appeal-not-found': { status: 404, title: 'No appeal with this tracking code', title_uk: 'Звернення з таким кодом не знайдено' },
  // Also when the answer exists but was not sent yet: the code's holder learns nothing early.
  'answer-not-found': { status: 404, title: 'No signed answer for this tracking code yet', title_uk: 'Підписаної відповіді за цим кодом ще немає' },
  // Nomenclature of case files (CMU 55/2018): an index is unique, and one in use is closed, not deleted.
  'case-file-exists': { status: 409, title: 'A case file with this index already exists', title_uk: 'Справа з таким індексом уже є в номенклатурі' },
  'case-file-in-use': { status: 409, title: 'The case file is in use; close it instead', title_uk: 'Справа використовується; її можна лише закрити' },
  'case-file-closed': { status: 409, title: 'The case file is closed', title_uk: 'Справу закрито' },
  // Answers to public-information requests (Law 2939-VI Art. 6 p.7): never signed before the lawyer's review of the masks.
  'info-answer-not-found': { status: 404, title: 'Answer not found', title_uk: 'Відповідь не знайдено' },
  'info-answer-not-signed': { status: 404, title: 'The answer is not signed yet', title_uk: 'Відповідь ще не підписано' },
  'info-answer-signed': { status: 409, title: 'The answer is signed and can no longer change', title_uk: 'Відповідь підписано, її вже не можна змінити' },
  'masks-not-proposed': { status: 409, title: 'Personal data has not been looked for yet', title_uk: 'Персональні дані ще не шукали' },
  'masks-not-reviewed': { status: 409, title: 'The masks of personal data were not reviewed by a lawyer', title_uk: 'Приховування персональних даних не перевірено юристом' },
  'scan-not-read': { status: 409, title: 'A scan of the answer is not read yet or unreadable', title_uk: 'Скан до відповіді ще не розпізнано або він нечитабельний' },
  'register-entry-not-found': { status: 404, title: 'No such entry in the register', title_uk: 'Такого запису в реєстрі немає' },
  'verification-not-found': { status: 404, title: 'No signed answer with this verification code', title_uk: 'Підписаної відповіді з таким кодом перевірки не знайдено' },
  // Failed sign-ins (lib/staff/sign-in.ts): a growing wait, then a lock-out of minutes; Retry-After says when.
  'sign-in-delayed': { status: 429, title: 'Too many failed sign-ins: wait before the next attempt', title_uk: 'Забагато невдалих спроб входу: зачекайте перед наступною' },
  'sign-in-locked': { status: 429, title: 'Sign-in is locked for a while after repeated failures', title_uk: 'Вхід тимчасово заблоковано після повторних невдалих спроб' },
  'too-many-requests': { status: 429, title: 'Too many requests, try again later', title_uk: 'Забагато запитів, спробуйте пізніше' },
  'payload-too-large': { status: 413, title: 'Payload too large', title_uk: 'Завеликий обсяг даних' },
  'uri-too-long': { status: 414, title: 'A part of the address is too long', title_uk: 'Частина адреси задовга' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type', title_uk: 'Непідтримуваний тип даних' },
  'internal': { status: 500, title: 'Internal error', title_uk: 'Внутрішня помилка' },
  'engine-unavailable': { status: 503, title: 'The process engine is unavailable, try again later', title_uk: 'Рушій процесів недоступний, спробуйте пізніше' },
} as const satisfies Record<string, CatalogueEntry>;

export type ProblemCode = keyof typeof problemCatalogue;

export interface FieldError {
  field: string;
  message: string;
  message_uk: string;
}

export interface Problem {
  type: string;
  title: string;
  title_uk: string;
  status: number;
  detail?: string;
  detail_uk?: string;
  instance?: string;
  errors?: FieldError[];
  /** Extension members (RFC 9457 section 3.2), declared by the route's response schema. */
  [extension: string]: unknown;
}

export interface ProblemDetails {
  detail?: string;
  detail_uk?: string;
  errors?: FieldError[];
  /** Members beside the standard ones, e.g. the document a duplicate repeats; never internals. */
  extensions?: Record<string, unknown>;
}

/** A non-resolvable but stable type URI per catalogue entry (RFC 9457 section 3.1.1). */
export function problemType(code: ProblemCode): string {
  return `urn:hromada:problem:${code}`;
}

export class ProblemError extends Error {
  override name = 'ProblemError';
  readonly status: number;

  constructor(
    readonly code: ProblemCode,
    readonly details: ProblemDetails = {},
    options?: { cause?: unknown },
  ) {
    super(details.detail ?? problemCatalogue[code].title, options);
    this.status = problemCatalogue[code].status;
  }

  /** One field is wrong: the common case for forms and uploads. */
  static field(code: ProblemCode, field: string, message: string, message_uk: string): ProblemError {
    return new ProblemError(code, { detail: `${field}: ${message}`, detail_uk: `${field}: ${message_uk}`, errors: [{ field, message, message_uk }] });
  }
}

export function problemBody(code: ProblemCode, instance: string | undefined, details: ProblemDetails = {}): Problem {
  const entry = problemCatalogue[code];
  // Extensions first: they never replace a standard member.
  const body: Problem = { ...details.extensions, type: problemType(code), title: entry.title, title_uk: entry.title_uk, status: entry.status };
  if (details.detail !== undefined) body.detail = details.detail;
  if (details.detail_uk !== undefined) body.detail_uk = details.detail_uk;
  if (instance !== undefined) body.instance = instance;
  if (details.errors !== undefined) body.errors = details.errors;
  return body;
}

/** `/metadata/theirDate` plus the missing property of a `required` error → `metadata.theirDate`. */
function fieldName(error: ErrorObject, prefix: string | undefined): string {
  const parts = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  if ((error.keyword === 'required' || error.keyword === 'dependencies') && typeof params.missingProperty === 'string') parts.push(params.missingProperty);
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') parts.push(params.additionalProperty);
  // A propertyNames failure is reported at the object; the offending key is the field.
  const propertyName = error.keyword === 'propertyNames' ? params.propertyName : (error as { propertyName?: unknown }).propertyName;
  if (typeof propertyName === 'string') parts.push(propertyName);
  if (prefix) parts.unshift(prefix);
  return parts.join('.') || prefix || '(body)';
}

const typeNamesUk: Record<string, string> = {
  string: 'рядком', number: 'числом', integer: 'цілим числом', boolean: 'логічним значенням', object: 'об’єктом', array: 'масивом', null: 'null',
};

function messages(error: ErrorObject): { message: string; message_uk: string } {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { message: 'is required', message_uk: 'обов’язкове поле' };
    case 'dependencies':
      return { message: `is required with ${String(p.property)}`, message_uk: `обов’язкове поле разом із ${String(p.property)}` };
    case 'additionalProperties':
      return { message: 'is not allowed', message_uk: 'поле не передбачене' };
    case 'type': {
      const types = String(p.type).split(',');
      return { message: `must be ${types.join(' or ')}`, message_uk: `має бути ${types.map((t) => typeNamesUk[t] ?? t).join(' або ')}` };
    }
    case 'minLength':
      return p.limit === 1
        ? { message: 'must not be empty', message_uk: 'не може бути порожнім' }
        : { message: `must be at least ${String(p.limit)} characters`, message_uk: `має містити щонайменше ${String(p.limit)} символів` };
    case 'maxLength':
      return { message: `must be at most ${String(p.limit)} characters`, message_uk: `має містити не більше ${String(p.limit)} символів` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { message: `must be ${String(p.comparison)} ${String(p.limit)}`, message_uk: `має бути ${String(p.comparison)} ${String(p.limit)}` };
    case 'maxProperties':
      return { message: `must have at most ${String(p.limit)} entries`, message_uk: `має містити не більше ${String(p.limit)} елементів` };
    case 'maxItems':
      return { message: `must have at most ${String(p.limit)} items`, message_uk: `має містити не більше ${String(p.limit)} елементів` };
    case 'const':
      // A confirmation (`"cardConfirmed": true`): say which value, not "equal to constant".
      return { message: `must be ${JSON.stringify(p.allowedValue)}`, message_uk: `має дорівнювати ${JSON.stringify(p.allowedValue)}` };
    case 'enum':
      return { message: 'must be one of the allowed values', message_uk: 'має бути одним із дозволених значень' };
    case 'pattern':
    case 'propertyNames':
      return { message: 'has a wrong form', message_uk: 'має неправильний формат' };
    case 'format':
      switch (p.format) {
        case 'date':
          return { message: 'must be a date YYYY-MM-DD', message_uk: 'має бути датою у форматі РРРР-ММ-ДД' };
        case 'uuid':
          return { message: 'must be a UUID', message_uk: 'має бути ідентифікатором UUID' };
        default:
          return { message: `must match format ${String(p.format)}`, message_uk: `має відповідати формату ${String(p.format)}` };
      }
    default:
      return { message: error.message ?? 'is not valid', message_uk: 'некоректне значення' };
  }
}

/**
 * Ajv errors → field errors. `oneOf`/`anyOf` summaries and `if` are dropped: their branches already
 * say what is wrong, and the summary alone names no field a person could fix.
 */
export function fieldErrorsFromAjv(errors: readonly ErrorObject[], prefix?: string): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  // The branches of an anyOf each report their own `type`: one message listing all types reads better.
  const typesByField = new Map<string, string[]>();
  for (const error of errors) {
    if (error.keyword !== 'type') continue;
    const field = fieldName(error, prefix);
    typesByField.set(field, [...(typesByField.get(field) ?? []), ...String((error.params as { type: unknown }).type).split(',')]);
  }
  for (const error of errors) {
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    const field = fieldName(error, prefix);
    const text = error.keyword === 'type'
      ? messages({ ...error, params: { type: [...new Set(typesByField.get(field))].join(',') } })
      : messages(error);
    const key = `${field}\u0000${text.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, ...text });
  }
  return out;
}

export function validationProblem(errors: FieldError[]): ProblemError {
  const fields = [...new Set(errors.map((e) => e.field))];
  return new ProblemError('validation', {
    detail: `Invalid field(s): ${fields.join(', ')}`,
    detail_uk: `Перевірте поля: ${fields.join(', ')}`,
    errors,
  });
}

/** The JSON Schema of the problem body, registered once and referenced by every route. */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details, with Ukrainian texts beside the English ones',
  required: ['type', 'title', 'title_uk', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    title_uk: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    detail_uk: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message', 'message_uk'],
        properties: { field: { type: 'string' }, message: { type: 'string' }, message_uk: { type: 'string' } },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

/**
 * The problem body of one route's answer with its extension members (RFC 9457 section 3.2): the
 * shared schema allows none, and the serializer drops what a response schema does not declare.
 */
export function problemSchemaWith(description: string, extensions: Record<string, unknown>, required: readonly string[] = []) {
  const { $id: _shared, ...shape } = problemSchema;
  return {
    ...shape,
    description,
    required: [...shape.required, ...required],
    properties: { ...shape.properties, ...extensions },
  };
}
