// What the portal's forms share (the appeal, the information request): loading the schema the API
// validates with, marking required fields from it, sending once, putting the server's field errors
// beside the fields, and showing the tracking code once.
import { clearErrors, fetchJson, h, problemText, showErrors, translate } from './common.js';
import { check } from './schema-check.js';

export const L = (uk, en) => ({ uk, en });
const capital = (s) => (typeof s === 'string' && s ? s[0].toUpperCase() + s.slice(1) : s);

/** The schema served at /portal/schemas/<name>, or undefined (then the server alone judges). */
export function loadSchema(name) {
  return fetch(`/portal/schemas/${name}`).then((r) => (r.ok ? r.json() : undefined)).catch(() => undefined);
}

/** Appends "(обов’язково)" to the label (or legend, for radios) of each field. */
export function markRequired(form, fields, controlOf) {
  for (const field of fields) {
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

/** The input of a field by its name (the checked radio, or the first, for a radio group). */
export function controlIn(form) {
  return (field) => {
    const radios = form.querySelectorAll(`input[type="radio"][name="${CSS.escape(field)}"]`);
    if (radios.length > 0) return form.querySelector(`input[name="${CSS.escape(field)}"]:checked`) ?? radios[0];
    const control = form.elements.namedItem(field);
    return control instanceof HTMLElement && control.id === field ? control : null;
  };
}

/**
 * One message per field, the first; and no "this or that" when one of them is required anyway:
 * "enter the postal address" says all that "an e-mail or a postal address" would.
 */
function relevant(errors) {
  const required = new Set(errors.filter((e) => e.keyword === 'required').map((e) => e.field));
  return errors
    .filter((e) => !(e.keyword === 'anyOf' && e.params.alternatives?.some((field) => required.has(field))))
    .filter((e, i, all) => all.findIndex((x) => x.field === e.field) === i);
}

/**
 * Checks `data` against the schema, then POSTs it as JSON once at a time; 202 with a tracking code
 * calls `onAccepted`, anything else puts the errors beside the fields, in the page's language.
 */
export function submitHandler({ form, button, schema, collect, message, controlOf, url, onAccepted }) {
  let sending = false;
  return async (event) => {
    event.preventDefault();
    if (sending) return;
    clearErrors(form);
    const data = collect();
    const errors = relevant(schema ? check(schema, data) : []);
    if (errors.length > 0) {
      showErrors(form, errors.map((e) => ({ field: e.field, message: message(e) })), controlOf);
      return;
    }
    sending = true;
    button.disabled = true;
    try {
      const { status, body } = await fetchJson(url, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data),
      });
      if (status === 202 && body?.trackingCode) {
        onAccepted(body.trackingCode);
        return;
      }
      const fieldErrors = Array.isArray(body?.errors)
        ? body.errors.map((e) => ({ field: e.field, message: { uk: capital(e.message_uk), en: capital(e.message) } }))
        : [];
      showErrors(form, fieldErrors.length > 0 ? fieldErrors : [{ field: '(form)', message: problemText(status, body) }], controlOf);
    } finally {
      sending = false;
      button.disabled = false;
    }
  };
}

/** Replaces the form by the tracking code, shown once, and a link to the tracking page. */
export function showTrackingCode({ form, intro, code }) {
  form.reset();
  form.hidden = true;
  if (intro) intro.hidden = true;
  // Groups never split across lines on a narrow screen: a code copied by hand must stay readable.
  const groups = code.split('-');
  document.getElementById('tracking-code').replaceChildren(...groups.flatMap((group, i) => [
    h('span', { class: 'group' }, i < groups.length - 1 ? `${group}-` : group), i < groups.length - 1 ? h('wbr') : '',
  ]));
  // The fragment is never sent to the server, so the code stays out of its logs.
  document.getElementById('track-link').href = `/track#${code}`;
  document.getElementById('success').hidden = false;
  document.getElementById('success-heading').focus();
}
