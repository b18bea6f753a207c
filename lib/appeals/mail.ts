// The e-mails to the author of an appeal (Law 393/96-ВР), in Ukrainian (lib/notifications/template-kit.ts).
import { req, opt, date, trackingLink, codeLine, subjectOf, type Paragraph, type Params, type TemplateDefinition } from '../notifications/template-kit.ts';

const LAW_APPEALS = 'Закону України «Про звернення громадян»';

function registered(p: Params): Paragraph {
  return p.registrationIndex ? ['Реєстраційний номер звернення: ', { strong: p.registrationIndex }, '.'] : [];
}

export const mailTemplates = {
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
} as const satisfies Record<string, TemplateDefinition>;
