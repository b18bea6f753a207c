// What every portal page shares: the language (Ukrainian first, English on request, kept in
// localStorage), the translation of the static text, and showing field errors so that a screen
// reader announces them and the keyboard lands on the first field to fix.
import { en } from './strings.js';

const STORAGE_KEY = 'hromada.lang';
const listeners = [];
// The Ukrainian text is the page's own markup; English comes from strings.js.
const ukText = new WeakMap();
const ukLabel = new WeakMap();

function stored() {
  try { return localStorage.getItem(STORAGE_KEY); } catch { return null; } // storage may be blocked
}

/** 'uk' or 'en'. */
export function lang() {
  return stored() === 'en' ? 'en' : 'uk';
}

/** The text of a `{ uk, en }` pair in the current language. */
export function t(pair) {
  if (pair == null) return '';
  if (typeof pair === 'string') return pair;
  return lang() === 'en' ? (pair.en ?? pair.uk) : pair.uk;
}

/** Called with the new language after every switch: pages re-render what they built. */
export function onLanguageChange(fn) {
  listeners.push(fn);
}

/** Applies the current language to everything marked `data-i18n` / `data-i18n-label` under root. */
export function translate(root = document) {
  const english = lang() === 'en';
  for (const el of root.querySelectorAll('[data-i18n]')) {
    if (!ukText.has(el)) ukText.set(el, el.textContent);
    el.textContent = english ? (en[el.dataset.i18n] ?? ukText.get(el)) : ukText.get(el);
  }
  for (const el of root.querySelectorAll('[data-i18n-label]')) {
    if (!ukLabel.has(el)) ukLabel.set(el, el.getAttribute('aria-label') ?? '');
    el.setAttribute('aria-label', english ? (en[el.dataset.i18nLabel] ?? ukLabel.get(el)) : ukLabel.get(el));
  }
}

function applyLanguage() {
  const current = lang();
  document.documentElement.lang = current;
  translate();
  for (const button of document.querySelectorAll('[data-lang-toggle]')) {
    // The button names the other language in that language, as people look for it.
    button.textContent = current === 'en' ? 'Українська' : 'English';
    button.lang = current === 'en' ? 'uk' : 'en';
  }
}

export function setLanguage(value) {
  try { localStorage.setItem(STORAGE_KEY, value); } catch { /* the switch still works for this page */ }
  applyLanguage();
  for (const fn of listeners) fn(lang());
}

/** A `{ uk, en }` message by key from strings.js plus its Ukrainian text. */
export function msg(uk, key) {
  return { uk, en: en[key] ?? uk };
}

/** Makes an element; children are nodes or strings (always text, never HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** fetch that always resolves to { status, body }; body is parsed JSON when the answer is JSON. */
export async function fetchJson(url, options = {}) {
  let res;
  try {
    res = await fetch(url, { ...options, headers: { accept: 'application/json, application/problem+json', ...(options.headers ?? {}) } });
  } catch {
    return { status: 0, body: undefined };
  }
  const text = await res.text();
  let body;
  try { body = text ? JSON.parse(text) : undefined; } catch { body = undefined; }
  return { status: res.status, body };
}

/** The words for a failed request that is not about a field. */
export function problemText(status, body) {
  if (status === 0) return msg('Немає зв’язку із сервером. Перевірте підключення й спробуйте ще раз.', 'error.network');
  if (status === 429) return msg('Забагато запитів. Зачекайте хвилину й спробуйте ще раз.', 'error.rate');
  if (body && typeof body.title_uk === 'string') {
    return { uk: body.detail_uk ?? body.title_uk, en: body.detail ?? body.title ?? body.title_uk };
  }
  return msg('Сталася помилка. Спробуйте ще раз пізніше.', 'error.generic');
}

/** Removes every field error and the summary of a form. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const summary = form.querySelector('.error-summary');
  if (summary) { summary.hidden = true; summary.replaceChildren(); }
}

/**
 * Shows errors next to their fields and in the summary, then moves focus to the first field in
 * error. `errors` are { field, message: {uk,en} }; `controlOf(field)` finds the input to mark.
 */
export function showErrors(form, errors, controlOf) {
  clearErrors(form);
  const summary = form.querySelector('.error-summary');
  const items = [];
  let first;
  const byField = new Map();
  for (const error of errors) byField.set(error.field, [...(byField.get(error.field) ?? []), error]);
  // In the order of the form, whatever order the schema or the server listed them in.
  const position = (field) => controlOf(field);
  const ordered = [...byField].sort(([a], [b]) => {
    const ca = position(a);
    const cb = position(b);
    if (!ca || !cb) return ca ? -1 : cb ? 1 : 0;
    return ca.compareDocumentPosition(cb) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
  for (const [field, list] of ordered) {
    const control = controlOf(field);
    const text = list.map((e) => t(e.message)).join('; ');
    const slot = form.querySelector(`#${CSS.escape(field)}-error`);
    if (control && slot) {
      slot.textContent = text;
      control.setAttribute('aria-invalid', 'true');
      first ??= control;
      items.push(h('li', {}, h('a', { href: `#${control.id}` }, `${labelText(control)}: ${text}`)));
    } else {
      items.push(h('li', {}, text));
    }
  }
  if (summary) {
    summary.replaceChildren(
      h('h2', {}, t(msg('Перевірте, будь ласка, форму', 'error.summary'))),
      h('ul', {}, items),
    );
    summary.hidden = false;
    for (const link of summary.querySelectorAll('a')) {
      link.addEventListener('click', (event) => {
        event.preventDefault();
        document.getElementById(link.getAttribute('href').slice(1))?.focus();
      });
    }
  }
  if (first) first.focus();
  else summary?.focus();
  return first;
}

/** The visible name of a control: its legend for a radio group, else its label. */
function labelText(control) {
  // The label's own words, without the "(required)" mark added beside them.
  const label = control.type === 'radio' ? control.closest('fieldset')?.querySelector('legend') : control.labels?.[0];
  return (label?.querySelector('[data-i18n]') ?? label)?.textContent?.trim() ?? control.name;
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-lang-toggle]') : null;
  if (button) setLanguage(lang() === 'en' ? 'uk' : 'en');
});

applyLanguage();
