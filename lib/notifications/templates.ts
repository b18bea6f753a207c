// The e-mails a citizen gets about their case, in Ukrainian: a subject, plain text and simple HTML
// rendered from the same paragraphs, so both parts always say the same thing. Pure: no I/O, no clock.
//
// Each template declares the parameters it takes, and nothing else is accepted: the message can
// carry only what the citizen gave us or what the case made public to them (tracking code, our
// registration number, dates, the body a case was forwarded to), never staff names or other
// people's data (Law 2297-VI; DESIGN.md "What the citizen sees"). There is deliberately no
// greeting by name: the name is not needed to tell someone their case moved.

export class TemplateError extends Error {
  override name = 'TemplateError';
}

type ParamKind = 'text' | 'date' | 'url';

/** A piece of a paragraph: plain text, an emphasised value, or a link. */
type Part = string | { strong: string } | { link: string; label?: string };
type Paragraph = readonly Part[];

interface TemplateDefinition {
  readonly params: Readonly<Record<string, { kind: ParamKind; required: boolean }>>;
  subject(p: Params): string;
  body(p: Params): Paragraph[];
}

type Params = Readonly<Record<string, string | undefined>>;

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const LAW_APPEALS = 'Закону України «Про звернення громадян»';
const MAX_TEXT = 500;

const req = (kind: ParamKind) => ({ kind, required: true }) as const;
const opt = (kind: ParamKind) => ({ kind, required: false }) as const;

/** "2026-12-11" -> "11.12.2026", the way dates are written in Ukrainian letters. */
function date(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

function registered(p: Params): Paragraph {
  return p.registrationIndex ? ['Реєстраційний номер звернення: ', { strong: p.registrationIndex }, '.'] : [];
}

const LAW_INFO = 'Закону України «Про доступ до публічної інформації»';

function infoRegistered(p: Params): Paragraph {
  return p.registrationIndex ? ['Реєстраційний номер запиту: ', { strong: p.registrationIndex }, '.'] : [];
}

function trackingLink(p: Params, lead: string): Paragraph {
  return p.trackingUrl ? [lead, { link: p.trackingUrl }] : [];
}

/**
 * Only the first e-mail carries the tracking code (it is stored nowhere else in the clear); later
 * ones name the case by its registration number and point to the code the author already has.
 */
function codeLine(p: Params): Paragraph {
  return p.trackingCode
    ? ['Код для відстеження: ', { strong: p.trackingCode }, '.']
    : ['Перебіг розгляду можна переглянути на порталі за кодом для відстеження, який ви отримали в першому листі.'];
}

function caseRef(p: Params): string {
  if (p.trackingCode) return `(код ${p.trackingCode})`;
  return p.registrationIndex ? `№ ${p.registrationIndex}` : '';
}

function subjectOf(text: string, p: Params): string {
  const ref = caseRef(p);
  return ref ? `${text} ${ref}` : text;
}

const templates = {
  // Law 393/96 Art. 5 and CMU 348 of 14.04.1997: on request the author gets the date and the
  // incoming number; the tracking code lets them follow the case on the portal.
  'appeal-received': {
    params: { trackingCode: req('text'), registrationIndex: opt('text'), receivedOn: opt('date'), trackingUrl: opt('url') },
    subject: (p) => `Ваше звернення отримано (код ${p.trackingCode})`,
    body: (p) => [
      p.receivedOn ? ['Ваше звернення отримано ', { strong: date(p.receivedOn) }, '.'] : ['Ваше звернення отримано.'],
      registered(p),
      ['Код для відстеження: ', { strong: p.trackingCode! }, '. За цим кодом можна дізнатися, на якому етапі розгляд звернення.'],
      trackingLink(p, 'Сторінка звернення: '),
    ],
  },
  // Law 393/96 Art. 20: considered within 15 days, at most one month, unless extended.
  'appeal-registered': {
    params: { trackingCode: opt('text'), registrationIndex: req('text'), registeredOn: opt('date'), dueOn: opt('date'), trackingUrl: opt('url') },
    subject: (p) => `Звернення зареєстровано за № ${p.registrationIndex}`,
    body: (p) => [
      ['Ваше звернення зареєстровано за № ', { strong: p.registrationIndex! }, p.registeredOn ? ` від ${date(p.registeredOn)}.` : '.'],
      p.dueOn ? ['Його буде розглянуто не пізніше ', { strong: date(p.dueOn) }, ` (стаття 20 ${LAW_APPEALS}).`] : [],
      codeLine(p),
      trackingLink(p, 'Сторінка звернення: '),
    ],
  },
  // Law 393/96 Art. 20: the head may extend the term, telling the author, to at most 45 days in all.
  'term-extended': {
    params: { trackingCode: opt('text'), newDueOn: req('date'), reason: req('text'), registrationIndex: opt('text'), trackingUrl: opt('url') },
    subject: (p) => subjectOf('Строк розгляду звернення продовжено', p),
    body: (p) => [
      ['Строк розгляду вашого звернення продовжено до ', { strong: date(p.newDueOn!) }, '.'],
      ['Причина: ', p.reason!],
      [`Загальний строк розгляду звернення не може перевищувати сорока п’яти днів (стаття 20 ${LAW_APPEALS}).`],
      registered(p),
      codeLine(p),
      trackingLink(p, 'Сторінка звернення: '),
    ],
  },
  // Law 393/96 Art. 7: an appeal outside the body's competence is forwarded to the competent body
  // within 5 days, and the author is told.
  forwarded: {
    params: { trackingCode: opt('text'), bodyName: req('text'), registrationIndex: opt('text'), trackingUrl: opt('url') },
    subject: (p) => subjectOf('Звернення переслано за належністю', p),
    body: (p) => [
      ['Питання, порушені у вашому зверненні, не належать до нашої компетенції, тому звернення переслано за належністю до: ', { strong: p.bodyName! }, '.'],
      [`Пересилання здійснено відповідно до статті 7 ${LAW_APPEALS}. Подальший розгляд звернення і відповідь на нього надасть зазначений орган.`],
      registered(p),
      codeLine(p),
      trackingLink(p, 'Сторінка звернення: '),
    ],
  },
  'answer-ready': {
    params: { trackingCode: opt('text'), trackingUrl: req('url'), registrationIndex: opt('text') },
    subject: (p) => subjectOf('Надано відповідь на ваше звернення', p),
    body: (p) => [
      ['Відповідь на ваше звернення підготовлено.'],
      registered(p),
      ['Переглянути відповідь можна на сторінці звернення: ', { link: p.trackingUrl! }],
      p.trackingCode ? [] : ['Для перегляду введіть код для відстеження, який ви отримали в першому листі.'],
    ],
  },
  // Law 393/96 Art. 7 (under consideration, in which department) and Art. 20 (the term).
  'appeal-under-consideration': {
    params: { trackingCode: opt('text'), departmentName: req('text'), dueOn: opt('date'), registrationIndex: opt('text'), trackingUrl: opt('url') },
    subject: (p) => subjectOf('Звернення передано на розгляд', p),
    body: (p) => [
      ['Ваше звернення розглядає: ', { strong: p.departmentName! }, '.'],
      p.dueOn ? ['Строк розгляду — не пізніше ', { strong: date(p.dueOn) }, ` (стаття 20 ${LAW_APPEALS}).`] : [],
      registered(p),
      codeLine(p),
      trackingLink(p, 'Сторінка звернення: '),
    ],
  },
  // Law 393/96 Art. 15, 16: a refusal states its ground and how to appeal it.
  'appeal-refused': {
    params: { trackingCode: opt('text'), ground: req('text'), registrationIndex: opt('text'), trackingUrl: opt('url') },
    subject: (p) => subjectOf('Рішення за вашим зверненням', p),
    body: (p) => [
      ['У задоволенні вашого звернення відмовлено.'],
      ['Підстава: ', p.ground!],
      [`Рішення можна оскаржити до органу вищого рівня або до суду (статті 15, 16 ${LAW_APPEALS}).`],
      registered(p),
      codeLine(p),
      trackingLink(p, 'Текст відповіді — на сторінці звернення: '),
    ],
  },
  // Law 393/96 Art. 8: an appeal that is not considered, and why.
  'appeal-not-considered': {
    params: { trackingCode: opt('text'), reason: req('text'), registrationIndex: opt('text'), trackingUrl: opt('url') },
    subject: (p) => subjectOf('Звернення залишено без розгляду', p),
    body: (p) => [
      ['Ваше звернення залишено без розгляду.'],
      ['Причина: ', p.reason!],
      registered(p),
      codeLine(p),
      trackingLink(p, 'Сторінка звернення: '),
    ],
  },
  // Law 393/96 Art. 5: what the author must add before the appeal can be considered.
  'clarification-needed': {
    params: { trackingCode: opt('text'), details: req('text'), registrationIndex: opt('text'), trackingUrl: opt('url') },
    subject: (p) => subjectOf('Звернення потребує уточнення', p),
    body: (p) => [
      ['Для розгляду вашого звернення потрібне уточнення:'],
      [p.details!],
      registered(p),
      p.trackingUrl
        ? ['Надати уточнення можна на сторінці звернення: ', { link: p.trackingUrl }]
        : codeLine(p),
    ],
  },
  // Requests for public information (Law 2939-VI). Art. 19, 20: the receipt with the tracking code;
  // the registration with its number and the term.
  'info-request-received': {
    params: { trackingCode: req('text'), receivedOn: opt('date'), trackingUrl: opt('url') },
    subject: (p) => `Ваш запит на інформацію отримано (код ${p.trackingCode})`,
    body: (p) => [
      p.receivedOn ? ['Ваш запит на публічну інформацію отримано ', { strong: date(p.receivedOn) }, '.'] : ['Ваш запит на публічну інформацію отримано.'],
      ['Код для відстеження: ', { strong: p.trackingCode! }, '. За цим кодом можна дізнатися, на якому етапі розгляд запиту.'],
      trackingLink(p, 'Сторінка запиту: '),
    ],
  },
  'info-request-registered': {
    params: { trackingCode: opt('text'), registrationIndex: req('text'), registeredOn: opt('date'), dueOn: opt('date'), urgent: opt('text'), trackingUrl: opt('url') },
    subject: (p) => `Запит на інформацію зареєстровано за № ${p.registrationIndex}`,
    body: (p) => [
      ['Ваш запит на публічну інформацію зареєстровано за № ', { strong: p.registrationIndex! }, p.registeredOn ? ` від ${date(p.registeredOn)}.` : '.'],
      p.dueOn
        ? ['Відповідь буде надано не пізніше ', { strong: date(p.dueOn) }, p.urgent ? ` (протягом 48 годин, стаття 20 частина 2 ${LAW_INFO}).` : ` (п’ять робочих днів, стаття 20 частина 1 ${LAW_INFO}).`]
        : [],
      codeLine(p),
      trackingLink(p, 'Сторінка запиту: '),
    ],
  },
  // Art. 20 p.4: the reasoned notice of an extension to 20 working days, within five working days.
  'info-term-extended': {
    params: { trackingCode: opt('text'), newDueOn: req('date'), reason: req('text'), registrationIndex: opt('text'), trackingUrl: opt('url') },
    subject: (p) => subjectOf('Строк розгляду запиту на інформацію продовжено', p),
    body: (p) => [
      ['Строк розгляду вашого запиту продовжено до ', { strong: date(p.newDueOn!) }, ' (до 20 робочих днів з дня отримання запиту).'],
      ['Обґрунтування: ', p.reason!],
      [`Продовження строку — відповідно до статті 20 частини 4 ${LAW_INFO}.`],
      infoRegistered(p),
      codeLine(p),
      trackingLink(p, 'Сторінка запиту: '),
    ],
  },
  // Art. 22 p.3: forwarded to the holder of the information, the requester told.
  'info-forwarded': {
    params: { trackingCode: opt('text'), holder: req('text'), registrationIndex: opt('text'), trackingUrl: opt('url') },
    subject: (p) => subjectOf('Запит на інформацію переслано належному розпоряднику', p),
    body: (p) => [
      ['Ми не володіємо запитуваною інформацією, тому ваш запит переслано належному розпоряднику: ', { strong: p.holder! }, '.'],
      [`Пересилання здійснено відповідно до статті 22 частини 3 ${LAW_INFO}. Відповідь надасть зазначений розпорядник.`],
      infoRegistered(p),
      codeLine(p),
      trackingLink(p, 'Сторінка запиту: '),
    ],
  },
  // Art. 22 p.6-7: a deferral states the reason, the new term and how to appeal.
  'info-deferred': {
    params: { trackingCode: opt('text'), newDueOn: req('date'), reason: req('text'), registrationIndex: opt('text'), trackingUrl: opt('url') },
    subject: (p) => subjectOf('Розгляд запиту на інформацію відстрочено', p),
    body: (p) => [
      ['Розгляд вашого запиту відстрочено до ', { strong: date(p.newDueOn!) }, '.'],
      ['Причина (обставини непереборної сили): ', p.reason!],
      [`Рішення про відстрочку ухвалено відповідно до статті 22 частин 6–7 ${LAW_INFO}; його можна оскаржити до керівника розпорядника, вищого органу або суду (стаття 23).`],
      infoRegistered(p),
      codeLine(p),
      trackingLink(p, 'Сторінка запиту: '),
    ],
  },
  // Art. 22 p.1, Art. 23: a refusal states the ground and how to appeal.
  'info-refused': {
    params: { trackingCode: opt('text'), ground: req('text'), reason: opt('text'), registrationIndex: opt('text'), trackingUrl: opt('url') },
    subject: (p) => subjectOf('Рішення за вашим запитом на інформацію', p),
    body: (p) => [
      ['У задоволенні вашого запиту відмовлено.'],
      ['Підстава: ', p.ground!],
      p.reason ? ['Обґрунтування: ', p.reason] : [],
      [`Відмову можна оскаржити до керівника розпорядника, вищого органу або суду (стаття 23 ${LAW_INFO}).`],
      infoRegistered(p),
      codeLine(p),
      trackingLink(p, 'Сторінка запиту: '),
    ],
  },
  // Art. 21, CMU 740: copies over ten pages are paid at the actual cost; the answer waits for payment.
  'info-fee': {
    params: { trackingCode: opt('text'), pages: req('text'), amount: req('text'), rate: req('text'), registrationIndex: opt('text'), trackingUrl: opt('url') },
    subject: (p) => subjectOf('Рахунок на відшкодування витрат на копіювання', p),
    body: (p) => [
      ['Обсяг копій документів за вашим запитом — ', { strong: `${p.pages} с.` }, ' Перші десять сторінок надаються безоплатно.'],
      ['До сплати: ', { strong: p.amount! }, ` (${p.rate} за кожну сторінку понад десяту; стаття 21 ${LAW_INFO}, постанова Кабінету Міністрів України № 740).`],
      ['Відповідь буде надано після оплати. Якщо витрати не буде відшкодовано, у задоволенні запиту може бути відмовлено (стаття 22 частина 1 пункт 3).'],
      infoRegistered(p),
      codeLine(p),
      trackingLink(p, 'Сторінка запиту: '),
    ],
  },
  'info-answer-ready': {
    params: { trackingCode: opt('text'), howToGet: req('text'), answerUrl: opt('url'), registrationIndex: opt('text'), trackingUrl: opt('url') },
    subject: (p) => subjectOf('Надано відповідь на ваш запит на інформацію', p),
    body: (p) => [
      ['Відповідь на ваш запит на публічну інформацію підписано.'],
      [p.howToGet!],
      p.answerUrl ? ['Підписана відповідь: ', { link: p.answerUrl }] : [],
      infoRegistered(p),
      codeLine(p),
      trackingLink(p, 'Сторінка запиту: '),
    ],
  },
} as const satisfies Record<string, TemplateDefinition>;

export type TemplateName = keyof typeof templates;
export const templateNames = Object.keys(templates) as TemplateName[];

export function isTemplateName(name: unknown): name is TemplateName {
  return typeof name === 'string' && Object.hasOwn(templates, name);
}

const FOOTER: Paragraph = ['Цей лист надіслано автоматично, відповідати на нього не потрібно.'];

/**
 * Checks the parameters against the template. Errors name the template and the parameter, never
 * the value (it may be personal data, and the message goes to logs and the outbox row).
 */
export function checkParams(template: string, params: unknown): asserts params is Record<string, string> {
  if (!isTemplateName(template)) throw new TemplateError(`unknown e-mail template "${template}"`);
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new TemplateError(`${template}: params must be an object`);
  }
  const spec: Record<string, { kind: ParamKind; required: boolean }> = templates[template].params;
  for (const [name, value] of Object.entries(params)) {
    const param = spec[name];
    if (!param) throw new TemplateError(`${template}: unknown parameter "${name}"`);
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value.trim() === '') throw new TemplateError(`${template}: "${name}" must be a non-empty string`);
    if (value.length > MAX_TEXT) throw new TemplateError(`${template}: "${name}" is longer than ${MAX_TEXT} characters`);
    // Control characters (line breaks included) have no place in these values; refusing them also
    // keeps anything that reaches the subject from folding into a new header.
    if (/[\u0000-\u001f\u007f]/.test(value)) throw new TemplateError(`${template}: "${name}" contains control characters`);
    if (param.kind === 'date' && !isIsoDate(value)) throw new TemplateError(`${template}: "${name}" must be a date YYYY-MM-DD`);
    if (param.kind === 'url' && !isWebUrl(value)) throw new TemplateError(`${template}: "${name}" must be an http(s) URL`);
  }
  for (const [name, param] of Object.entries(spec)) {
    const value = (params as Record<string, unknown>)[name];
    if (param.required && (value === undefined || value === null)) throw new TemplateError(`${template}: "${name}" is required`);
  }
}

export function renderMessage(template: string, params: unknown): RenderedMessage {
  checkParams(template, params);
  const definition: TemplateDefinition = templates[template as TemplateName];
  const p: Params = params;
  const paragraphs = [...definition.body(p).filter((paragraph) => paragraph.length > 0), FOOTER];
  return {
    subject: definition.subject(p),
    text: paragraphs.map(toText).join('\n\n') + '\n',
    html: '<!doctype html>\n<html lang="uk"><head><meta charset="utf-8"></head><body>\n'
      + paragraphs.map((paragraph) => `<p>${toHtml(paragraph)}</p>`).join('\n')
      + '\n</body></html>\n',
  };
}

function toText(paragraph: Paragraph): string {
  return paragraph.map((part) => {
    if (typeof part === 'string') return part;
    if ('strong' in part) return part.strong;
    return part.label ? `${part.label} (${part.link})` : part.link;
  }).join('');
}

function toHtml(paragraph: Paragraph): string {
  return paragraph.map((part) => {
    if (typeof part === 'string') return escapeHtml(part);
    if ('strong' in part) return `<strong>${escapeHtml(part.strong)}</strong>`;
    return `<a href="${escapeHtml(part.link)}">${escapeHtml(part.label ?? part.link)}</a>`;
  }).join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    // Only web links: a javascript: or data: URL in an e-mail is an attack, not a tracking page.
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
