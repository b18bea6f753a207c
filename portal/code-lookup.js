// What the pages that look something up by a code share (/track by tracking code, /verify by the
// code of a signed answer): the code checked and written canonically, the API asked, the result
// shown and focused, or the reason next to the field; the view re-rendered on a language switch.
import { clearErrors, fetchJson, onLanguageChange, problemText, t } from './common.js';

/**
 * Wires the form: `canonical(text)` gives the code or undefined (then `badCode` is shown), `url(code)`
 * the API address, `render(body)` the result; a 404 shows `notFound`. Returns `lookUp(text)`.
 */
export function codeLookup({ form, input, error, result, canonical, badCode, url, notFound, render }) {
  let last;

  function fail(message) {
    error.textContent = t(message);
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }

  async function lookUp(text) {
    clearErrors(form);
    error.textContent = '';
    const code = canonical(text);
    if (!code) {
      fail(badCode);
      return;
    }
    input.value = code;
    const { status, body } = await fetchJson(url(code));
    if (status === 200) {
      last = body;
      render(body);
      result.hidden = false;
      document.getElementById('result-heading').focus();
      return;
    }
    last = undefined;
    result.hidden = true;
    fail(status === 404 ? notFound : problemText(status, body));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void lookUp(input.value);
  });
  onLanguageChange(() => {
    if (last) render(last);
    if (error.textContent) { error.textContent = ''; input.removeAttribute('aria-invalid'); }
  });
  return lookUp;
}
