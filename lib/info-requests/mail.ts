// The e-mails to the requester of public information (Law 2939-VI), in Ukrainian (lib/notifications/template-kit.ts).
import { req, opt, date, trackingLink, codeLine, subjectOf, type Paragraph, type Params, type TemplateDefinition } from '../notifications/template-kit.ts';

const LAW_INFO = 'Закону України «Про доступ до публічної інформації»';

function infoRegistered(p: Params): Paragraph {
  return p.registrationIndex ? ['Реєстраційний номер запиту: ', { strong: p.registrationIndex }, '.'] : [];
}

export const mailTemplates = {
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
