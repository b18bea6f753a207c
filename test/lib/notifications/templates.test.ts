// The citizen's e-mails: every template renders in Ukrainian with subject, text and HTML saying the
// same thing; parameters are checked by name and kind, and whatever a value holds is escaped.
import { expect } from 'chai';
import { checkParams, escapeHtml, renderMessage, TemplateError, templateNames } from '../../../lib/notifications/index.ts';
import { messageIdFor, retryDelayMs } from '../../../lib/notifications/dispatcher.ts';

const samples: Record<string, Record<string, string>> = {
  'appeal-received': { trackingCode: 'K7Q-2M4', registrationIndex: 'Ш-123', receivedOn: '2026-11-26', trackingUrl: 'https://hromada.example/track/K7Q-2M4' },
  'appeal-registered': { trackingCode: 'K7Q-2M4', registrationIndex: 'Ш-123', registeredOn: '2026-11-26', dueOn: '2026-12-11' },
  'term-extended': { trackingCode: 'K7Q-2M4', newDueOn: '2027-01-09', reason: 'потрібне додаткове вивчення' },
  forwarded: { trackingCode: 'K7Q-2M4', bodyName: 'Головне управління Пенсійного фонду України в м. Києві' },
  'answer-ready': { trackingCode: 'K7Q-2M4', trackingUrl: 'https://hromada.example/track/K7Q-2M4' },
  'clarification-needed': { trackingCode: 'K7Q-2M4', details: 'Вкажіть, будь ласка, адресу будинку.' },
  'appeal-under-consideration': { trackingCode: 'K7Q-2M4', registrationIndex: 'Ш-123', departmentName: 'Відділ виконання', dueOn: '2026-12-11', trackingUrl: 'https://hromada.example/track' },
  'appeal-refused': { trackingCode: 'K7Q-2M4', registrationIndex: 'Ш-123', ground: 'Питання не належить до повноважень органу', trackingUrl: 'https://hromada.example/track' },
  'appeal-not-considered': { trackingCode: 'K7Q-2M4', registrationIndex: 'Ш-123', reason: 'Повторне звернення з питання, яке вже вирішено по суті' },
  'info-request-received': { trackingCode: 'K7Q-2M4', receivedOn: '2026-11-26', trackingUrl: 'https://hromada.example/track' },
  'info-request-registered': { trackingCode: 'K7Q-2M4', registrationIndex: 'ЗІ-7', registeredOn: '2026-11-26', dueOn: '2026-12-03' },
  'info-term-extended': { trackingCode: 'K7Q-2M4', newDueOn: '2026-12-24', reason: 'Запит стосується великого обсягу даних' },
  'info-forwarded': { trackingCode: 'K7Q-2M4', holder: 'Департамент транспортної інфраструктури КМДА' },
  'info-deferred': { trackingCode: 'K7Q-2M4', newDueOn: '2026-12-24', reason: 'Пошкодження архіву внаслідок обстрілу' },
  'info-refused': { trackingCode: 'K7Q-2M4', ground: 'інформація з обмеженим доступом (ст. 22 ч. 1 п. 2)', reason: 'Службова інформація' },
  'info-fee': { trackingCode: 'K7Q-2M4', pages: '25', amount: '129,75 грн', rate: '8,65 грн' },
  'info-answer-ready': { trackingCode: 'K7Q-2M4', howToGet: 'Відповідь надіслано на вашу електронну адресу.', answerUrl: 'https://hromada.example/verify/abc' },
};

describe('e-mail templates', () => {
  it('has a sample for every template (and no sample for a template that is gone)', () => {
    expect(Object.keys(samples).sort()).to.deep.equal([...templateNames].sort());
  });

  for (const name of Object.keys(samples)) {
    it(`renders ${name} with a subject, text and HTML carrying the tracking code`, () => {
      const message = renderMessage(name, samples[name]);
      expect(message.subject).to.be.a('string').and.not.equal('');
      expect(message.subject).to.not.match(/[\r\n]/);
      expect(message.text).to.include('K7Q-2M4');
      expect(message.html).to.include('K7Q-2M4');
      expect(message.html).to.match(/^<!doctype html>/).and.include('lang="uk"');
      // Ukrainian throughout: the footer is the same in every message.
      expect(message.text).to.include('Цей лист надіслано автоматично');
    });
  }

  it('gives the registration number and the term with the law it comes from', () => {
    const message = renderMessage('appeal-registered', samples['appeal-registered']);
    expect(message.subject).to.equal('Звернення зареєстровано за № Ш-123');
    expect(message.text).to.include('зареєстровано за № Ш-123 від 26.11.2026');
    expect(message.text).to.include('не пізніше 11.12.2026 (стаття 20 Закону України «Про звернення громадян»)');
  });

  it('names the new date and the reason of an extension, and the 45-day limit', () => {
    const { text } = renderMessage('term-extended', samples['term-extended']);
    expect(text).to.include('продовжено до 09.01.2027');
    expect(text).to.include('Причина: потрібне додаткове вивчення');
    expect(text).to.include('сорока п’яти днів');
  });

  it('says where a forwarded appeal went, citing Art. 7 of Law 393/96', () => {
    const { text, html } = renderMessage('forwarded', samples.forwarded);
    expect(text).to.include('Головне управління Пенсійного фонду України в м. Києві');
    expect(text).to.include('статті 7 Закону України «Про звернення громадян»');
    expect(html).to.include('<strong>Головне управління Пенсійного фонду України в м. Києві</strong>');
  });

  it('links the tracking page in both parts', () => {
    const { text, html } = renderMessage('answer-ready', samples['answer-ready']);
    expect(text).to.include('https://hromada.example/track/K7Q-2M4');
    expect(html).to.include('<a href="https://hromada.example/track/K7Q-2M4">');
  });

  it('leaves out optional lines that have no value', () => {
    const { text } = renderMessage('appeal-received', { trackingCode: 'K7Q-2M4' });
    expect(text).to.not.include('Реєстраційний номер');
    expect(text).to.not.include('Сторінка звернення');
    expect(text).to.not.include('undefined');
  });

  it('escapes whatever a value holds in the HTML, and keeps the text as given', () => {
    const details = 'Вкажіть <b>номер</b> & "квартиру" \'2\'<script>alert(1)</script>';
    const { text, html } = renderMessage('clarification-needed', { trackingCode: 'K7Q-2M4', details });
    expect(html).to.not.include('<script>');
    expect(html).to.not.include('<b>');
    expect(html).to.include('Вкажіть &lt;b&gt;номер&lt;/b&gt; &amp; &quot;квартиру&quot; &#39;2&#39;&lt;script&gt;');
    expect(text).to.include(details);
    expect(escapeHtml('<a href="x">&</a>')).to.equal('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });

  it('refuses unknown templates, unknown, missing and malformed parameters, naming them but not the values', () => {
    const refusals: Array<[string, unknown, RegExp]> = [
      ['no-such-template', {}, /unknown e-mail template "no-such-template"/],
      ['answer-ready', { trackingCode: 'K7Q-2M4' }, /"trackingUrl" is required/],
      ['answer-ready', { trackingCode: 'K7Q-2M4', trackingUrl: 'javascript:alert(1)' }, /"trackingUrl" must be an http\(s\) URL/],
      ['appeal-received', { trackingCode: 'K7Q-2M4', fullName: 'Іваненко Іван' }, /unknown parameter "fullName"/],
      ['term-extended', { trackingCode: 'K7Q-2M4', newDueOn: '2027-02-30', reason: 'x' }, /"newDueOn" must be a date/],
      ['term-extended', { trackingCode: 'K7Q-2M4', newDueOn: '09.01.2027', reason: 'x' }, /"newDueOn" must be a date/],
      ['forwarded', { trackingCode: 'K7Q-2M4', bodyName: 'Орган\r\nBcc: x@example.com' }, /"bodyName" contains control characters/],
      ['forwarded', { trackingCode: 'K7Q-2M4', bodyName: 42 }, /"bodyName" must be a non-empty string/],
      ['forwarded', { trackingCode: 'K7Q-2M4', bodyName: '  ' }, /"bodyName" must be a non-empty string/],
      ['forwarded', ['K7Q-2M4'], /params must be an object/],
    ];
    for (const [template, params, pattern] of refusals) {
      expect(() => renderMessage(template, params), `${template} ${JSON.stringify(params)}`).to.throw(TemplateError, pattern);
      try { checkParams(template, params); } catch (error) {
        expect((error as Error).message).to.not.include('Іваненко').and.not.include('x@example.com');
      }
    }
  });
});

describe('mail dispatcher rules', () => {
  it('doubles the wait after each failed attempt, up to an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 5000))).to.deep.equal([5000, 10000, 20000, 40000]);
    expect(retryDelayMs(30, 5000)).to.equal(60 * 60 * 1000);
  });

  it('derives one stable Message-ID per event key, at the sender’s domain, without the key in it', () => {
    const from = '"Київська міська державна адміністрація" <no-reply@kyivcity.gov.ua>';
    const first = messageIdFor('appeal:42:registered', from);
    expect(first).to.match(/^<[0-9a-f]{40}@kyivcity\.gov\.ua>$/);
    expect(messageIdFor('appeal:42:registered', from)).to.equal(first);
    expect(messageIdFor('appeal:42:answered', from)).to.not.equal(first);
    expect(first).to.not.include('appeal');
    expect(messageIdFor('k', 'no-reply@example.org')).to.match(/@example\.org>$/);
  });
});
