// A seeded generator of labelled Ukrainian letters with planted personal data and decoys, for the
// masking benchmark (bench/masking.ts) and the tests: the same seed gives the same texts.
//
// Planted: names of private persons in several written forms, addresses, phones, e-mails, РНОКПП,
// passports (old booklet and ID card), card numbers, IBANs, dates of birth. Decoys that must stay:
// officials named in their duties (passed as `publicNames`), the body's own address, phone, e-mail
// and treasury account (`publicValues`), registration indices, article numbers, amounts, dates of
// documents, streets without a house number, an institution "імені" somebody.
import { ibanCheckDigits, luhnCheckDigit, rnokppCheckDigit } from '../lib/masking/checksums.ts';
import type { PersonalDataKind } from '../lib/masking/types.ts';

export interface LabelledSpan {
  start: number;
  end: number;
  kind: PersonalDataKind;
  text: string;
}

export interface LabelledText {
  text: string;
  spans: LabelledSpan[];
  /** Decoy strings that must survive masking word for word. */
  decoys: string[];
}

export const BODY = {
  name: 'Київська міська державна адміністрація',
  address: 'вул. Хрещатик, 36',
  phone: '(044) 202-76-66',
  email: 'zagalny@kyivcity.gov.ua',
  iban: 'UA908201720344310001000012345',
};

/** Officials named in their duties (invented names; Law 2297-VI Art. 5 p.2 makes such data public). */
export const OFFICIALS = [
  { full: 'Пантелейчук Андрій Петрович', short: 'А. П. Пантелейчук', position: 'заступник голови' },
  { full: 'Гордієнко Валентина Миколаївна', short: 'Гордієнко В.М.', position: 'директорка Департаменту суспільних комунікацій' },
  { full: 'Стрілецький Олег Васильович', short: 'Олег Стрілецький', position: 'начальник відділу звернень громадян' },
];

export function publicOptions(): { publicNames: string[]; publicValues: string[] } {
  return { publicNames: OFFICIALS.map((o) => o.full), publicValues: [BODY.address, BODY.phone, BODY.email, BODY.iban] };
}

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Gender = 'm' | 'f';
const FATHERS: Array<[string, string, string]> = [
  ['Іван', 'Іванович', 'Іванівна'], ['Петро', 'Петрович', 'Петрівна'], ['Сергій', 'Сергійович', 'Сергіївна'],
  ['Олександр', 'Олександрович', 'Олександрівна'], ['Микола', 'Миколайович', 'Миколаївна'], ['Василь', 'Васильович', 'Василівна'],
  ['Андрій', 'Андрійович', 'Андріївна'], ['Юрій', 'Юрійович', 'Юріївна'], ['Володимир', 'Володимирович', 'Володимирівна'],
  ['Михайло', 'Михайлович', 'Михайлівна'], ['Віктор', 'Вікторович', 'Вікторівна'], ['Олег', 'Олегович', 'Олегівна'],
  ['Дмитро', 'Дмитрович', 'Дмитрівна'], ['Степан', 'Степанович', 'Степанівна'], ['Богдан', 'Богданович', 'Богданівна'],
];
const MALE = ['Андрій', 'Богдан', 'Василь', 'Віталій', 'Дмитро', 'Євген', 'Іван', 'Ігор', 'Максим', 'Микола', 'Олег', 'Остап', 'Павло', 'Роман', 'Тарас', 'Юрій', 'Ярослав', 'Орест', 'Любомир'];
const FEMALE = ['Олена', 'Ірина', 'Оксана', 'Наталія', 'Тетяна', 'Галина', 'Марія', 'Катерина', 'Юлія', 'Світлана', 'Людмила', 'Соломія', 'Христина', 'Зоряна', 'Мирослава'];
/** Surnames the same for men and women; about a third are not in the gazetteer on purpose. */
const SURNAMES = ['Петренко', 'Коваленко', 'Шевчук', 'Мельник', 'Бойко', 'Ткачук', 'Кравчук', 'Савченко', 'Гнатюк', 'Мороз',
  'Гаврищук', 'Стецюк', 'Довженко', 'Федорчук', 'Мирошниченко', 'Кобзар', 'Дзюба', 'Паламарчук', 'Оліфіренко', 'Ярмолюк'];
const STREETS = ['вул. Січових Стрільців', 'просп. Перемоги', 'бульв. Лесі Українки', 'пров. Лабораторний', 'вул. Велика Васильківська',
  'вул. Антоновича', 'просп. Степана Бандери', 'вул. Ярославів Вал', 'пл. Контрактова', 'вул. Драгоманова', 'вулиця Саксаганського'];
const DOMAINS = ['ukr.net', 'gmail.com', 'i.ua', 'meta.ua', 'outlook.com'];
const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ie', ж: 'zh', з: 'z', и: 'y', і: 'i', ї: 'i', й: 'i', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ь: '', ю: 'iu', я: 'ia', '’': '',
};
const MONTHS = ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'];
const PASSPORT_SERIES = ['СН', 'КВ', 'ВК', 'МЕ', 'АР', 'ТТ', 'НК', 'ЕА', 'КА', 'СО'];

export function translit(s: string): string {
  return [...s.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('');
}

class Builder {
  text = '';
  spans: LabelledSpan[] = [];
  decoys: string[] = [];
  add(s: string): this { this.text += s; return this; }
  pd(kind: PersonalDataKind, s: string): this {
    this.spans.push({ start: this.text.length, end: this.text.length + s.length, kind, text: s });
    this.text += s;
    return this;
  }
  decoy(s: string): this { this.decoys.push(s); this.text += s; return this; }
}

export function generateTexts(count: number, seed = 20261127): LabelledText[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const digitsOf = (n: number): string => Array.from({ length: n }, () => String(int(0, 9))).join('');
  const pad2 = (n: number): string => String(n).padStart(2, '0');

  function person(): { g: Gender; surname: string; first: string; patronymic: string } {
    const g: Gender = rnd() < 0.5 ? 'm' : 'f';
    const father = pick(FATHERS);
    return { g, surname: pick(SURNAMES), first: g === 'm' ? pick(MALE) : pick(FEMALE), patronymic: g === 'm' ? father[1] : father[2] };
  }
  function nameForm(p: ReturnType<typeof person>): string {
    switch (int(0, 4)) {
      case 0: return `${p.surname} ${p.first} ${p.patronymic}`;
      case 1: return `${p.first} ${p.patronymic} ${p.surname}`;
      case 2: return `${p.first[0]}. ${p.patronymic[0]}. ${p.surname}`;
      case 3: return `${p.surname} ${p.first[0]}.${p.patronymic[0]}.`;
      default: return `${p.first} ${p.surname}`;
    }
  }
  function address(): string {
    const house = pick([`${int(1, 150)}`, `${int(1, 99)}-А`, `${int(1, 60)}/${int(1, 9)}`]);
    const withBud = rnd() < 0.5 ? `буд. ${house}` : house;
    return `${pick(STREETS)}, ${withBud}${rnd() < 0.7 ? `, кв. ${int(1, 240)}` : ''}`;
  }
  function phone(): string {
    const code = pick(['67', '50', '63', '66', '68', '73', '93', '97', '99', '44']);
    const [a, b, c] = [digitsOf(3), digitsOf(2), digitsOf(2)];
    switch (int(0, 3)) {
      case 0: return `+380${code}${a}${b}${c}`;
      case 1: return `+38 (0${code}) ${a}-${b}-${c}`;
      case 2: return `0${code} ${a} ${b} ${c}`;
      default: return `(0${code}) ${a}-${b}-${c}`;
    }
  }
  function email(p: ReturnType<typeof person>): string {
    return `${translit(p.first)}.${translit(p.surname)}${rnd() < 0.5 ? int(1, 99) : ''}@${pick(DOMAINS)}`;
  }
  function rnokpp(): string {
    const nine = String(int(1, 4)) + digitsOf(8);
    return nine + rnokppCheckDigit(nine);
  }
  function card(): string {
    const partial = pick(['4149', '5168', '5375', '4441']) + digitsOf(11);
    const full = partial + luhnCheckDigit(partial);
    return rnd() < 0.6 ? full.replace(/(\d{4})(?=\d)/g, '$1 ') : full;
  }
  function iban(): string {
    const bban = pick(['305299', '322001', '320649', '300528']) + '0000' + digitsOf(15);
    const compact = `UA${ibanCheckDigits('UA', bban)}${bban}`;
    return rnd() < 0.3 ? compact.replace(/(.{4})(?=.)/g, '$1 ') : compact;
  }
  function birthDate(): { date: string; before: string; after: string } {
    const [d, m, y] = [int(1, 28), int(1, 12), int(1940, 2005)];
    switch (int(0, 3)) {
      case 0: return { before: '', date: `${pad2(d)}.${pad2(m)}.${y}`, after: ' р.н.' };
      case 1: return { before: 'дата народження: ', date: `${pad2(d)}.${pad2(m)}.${y}`, after: '' };
      case 2: return { before: 'народилася ', date: `${d} ${MONTHS[m - 1]} ${y} року`, after: '' };
      default: return { before: '', date: `${y}`, after: ' року народження' };
    }
  }

  const out: LabelledText[] = [];
  for (let n = 0; n < count; n++) {
    const b = new Builder();
    const req = person();
    const other = person();
    const official = pick(OFFICIALS);
    const year = int(2023, 2026);
    const regNo = `${int(10, 9999)}/${pad2(int(1, 40))}-${int(1, 20)}`;
    const docDate = `${pad2(int(1, 28))}.${pad2(int(1, 12))}.${year}`;
    const amount = `${int(1, 999)} ${String(int(0, 999)).padStart(3, '0')},${pad2(int(0, 99))} грн`;

    b.add(`${BODY.name}, `).decoy(BODY.address).add('. Тел. ').decoy(BODY.phone).add(', e-mail ').decoy(BODY.email).add('.\n');
    b.add('На запит від ').decoy(docDate).add(' № ').decoy(regNo).add(' повідомляємо таке.\n');

    const parts: Array<() => void> = [
      () => { b.add('Заявник: ').pd('name', nameForm(req)).add(', адреса: м. Київ, ').pd('address', address()).add('.\n'); },
      () => { b.add('Контактний телефон заявника ').pd('phone', phone()).add(', електронна пошта ').pd('email', email(req)).add('.\n'); },
      () => { b.add('До звернення додано копію договору, укладеного з громадянином ').pd('name', `${other.surname} ${other.first} ${other.patronymic}`).add(', РНОКПП ').pd('tax-number', rnokpp()).add('.\n'); },
      () => {
        if (rnd() < 0.5) b.add('Особу встановлено за паспортом ').pd('passport', `${pick(PASSPORT_SERIES)} ${digitsOf(6)}`).add('.\n');
        else b.add('Особу встановлено за паспортом громадянина України у формі ID-картки № ').pd('passport', `00${digitsOf(7)}`).add('.\n');
      },
      () => { const bd = birthDate(); b.add('Відомості про особу: ').add(bd.before).pd('birth-date', bd.date).add(`${bd.after}.\n`); },
      () => { b.add('Кошти перераховано на картку № ').pd('card', card()).add(' у сумі ').decoy(amount).add('.\n'); },
      () => { b.add('Рахунок отримувача ').pd('iban', iban()).add('; оплату копій здійснюють на рахунок ').decoy(BODY.iban).add('.\n'); },
      () => { b.add('Роботи з ремонту покриття на ').decoy(pick(['просп. Перемоги', 'вул. Велика Васильківська', 'бульв. Лесі Українки'])).add(' заплановано на ').decoy(`${int(1, 28)} ${pick(MONTHS)} ${year} року`).add('.\n'); },
      () => { b.add('Відповідно до ').decoy(`статті ${int(1, 30)}`).add(' Закону України «Про доступ до публічної інформації» та ').decoy(`п. ${int(1, 9)} ч. ${int(1, 5)} ст. ${int(1, 25)}`).add(' повідомляємо про розгляд.\n'); },
      () => { b.add('Питання розглянуто на нараді за участю студентів Київського національного університету ').decoy('імені Тараса Шевченка').add('.\n'); },
      () => { b.add('Сусідка заявника ').pd('name', `${other.first} ${other.surname}`).add(', тел. ').pd('phone', phone()).add(', проживає за адресою ').pd('address', address()).add('.\n'); },
    ];
    // Each letter takes a random half or more of the paragraphs, in a shuffled order.
    const order = parts.map((f, i) => ({ f, k: rnd(), i })).sort((x, y) => x.k - y.k).slice(0, int(6, parts.length));
    for (const { f } of order) f();

    b.add(`${official.position.charAt(0).toUpperCase()}${official.position.slice(1)} `).decoy(official.short).add('.\n');
    b.add('Код ЄДРПОУ ').decoy('00022527').add(', КПКВК ').decoy(`${int(1000000, 9999999)}`).add(`, обсяг фінансування ${int(1, 9)} ${String(int(0, 999)).padStart(3, '0')} ${String(int(0, 999)).padStart(3, '0')} грн.\n`);
    out.push({ text: b.text, spans: b.spans, decoys: b.decoys });
  }
  return out;
}
