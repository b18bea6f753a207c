// Seeded generator of documents for the search benchmark: N registered documents in Ukrainian (4 of 5)
// and Russian, with correspondents, their numbers, summaries and 1-3 pages of OCR-like text (1-3 KB
// in all, a little OCR noise), written straight into PostgreSQL (the registration benchmark is the one
// that goes through the API). Deterministic: the same seed gives the same documents and ids.
//
// Loading: batches of multi-row INSERT ... SELECT FROM unnest(arrays) on a few connections, with
// triggers and foreign-key checks off (session_replication_role = replica); each batch then calls
// document_search_refresh(ids), the very function the triggers call, so the index is the one the
// application maintains. The caller drops the search indexes before and builds them after.
import type { Knex } from 'knex';

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
/** Skewed towards the start of the list, as word frequencies are. */
const pickZipf = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() ** 2.2 * list.length)]!;
const int = (r: Rand, min: number, max: number) => min + Math.floor(r() * (max - min + 1));

// Paradigms: stem + ending gives the inflected forms a letter is written with.
const UK = {
  nounM: ['', 'у', 'а', 'ові', 'ом', 'і', 'и', 'ів', 'ам', 'ами', 'ах'],
  nounF: ['а', 'и', 'і', 'у', 'ою', 'ам', 'ами', 'ах'],
  nounN: ['ння', 'нню', 'нням', 'нні', 'нь', 'ннями', 'ннях'],
  adj: ['ий', 'ого', 'ому', 'им', 'ім', 'а', 'ої', 'ій', 'у', 'ою', 'е', 'і', 'их', 'ими'],
};
const RU = {
  nounM: ['', 'а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ами', 'ах'],
  nounF: ['а', 'ы', 'е', 'у', 'ой', 'ам', 'ами', 'ах'],
  nounN: ['ние', 'ния', 'нию', 'нием', 'нии', 'ний', 'ниям', 'ниями', 'ниях'],
  adj: ['ый', 'ого', 'ому', 'ым', 'ом', 'ая', 'ой', 'ую', 'ое', 'ые', 'ых', 'ыми'],
};

const UK_STEMS = {
  nounM: ['ремонт', 'ліфт', 'будинок', 'договір', 'документ', 'лист', 'запит', 'проєкт', 'кошторис', 'тротуар', 'сквер', 'під’їзд', 'дах', 'фасад', 'водогін', 'відділ', 'департамент', 'район', 'захід', 'контроль', 'термін', 'звіт', 'акт', 'платіж', 'тариф', 'підрядник', 'мешканець', 'власник', 'орендар', 'об’єкт', 'майданчик', 'світлофор', 'транспорт', 'маршрут', 'паркінг', 'котел', 'лічильник', 'трубопровід', 'ринок', 'кіоск'],
  nounF: ['заяв', 'скарг', 'вимог', 'відповід', 'комісі', 'дорог', 'вулиц', 'площ', 'територі', 'квартир', 'мереж', 'каналізаці', 'програм', 'субсиді', 'допомог', 'оренд', 'ділянк', 'школ', 'лікарн', 'зупинк', 'аварі', 'перевірк', 'довідк', 'інформаці', 'пропозиці'],
  nounN: ['звертан', 'опален', 'освітлен', 'водопостачан', 'відшкодуван', 'будівництв', 'обслуговуван', 'погоджен', 'рішен', 'розпорядже', 'прибиран', 'перерахун', 'утриман', 'забезпечен', 'виконан'],
  adj: ['аварійн', 'житлов', 'міськ', 'районн', 'комунальн', 'технічн', 'капітальн', 'поточн', 'земельн', 'дитяч', 'зелен', 'вуличн', 'громадськ', 'бюджетн', 'додатков', 'невідкладн', 'повторн', 'колективн'],
};
const RU_STEMS = {
  nounM: ['ремонт', 'лифт', 'дом', 'договор', 'документ', 'запрос', 'проект', 'тротуар', 'сквер', 'подъезд', 'фасад', 'водопровод', 'отдел', 'район', 'контроль', 'срок', 'отчет', 'акт', 'платеж', 'тариф', 'подрядчик', 'жилец', 'владелец', 'объект', 'транспорт', 'маршрут', 'счетчик', 'трубопровод'],
  nounF: ['жалоб', 'просьб', 'комисси', 'дорог', 'улиц', 'площад', 'территори', 'квартир', 'сет', 'канализаци', 'программ', 'субсиди', 'помощ', 'аренд', 'школ', 'больниц', 'остановк', 'авари', 'проверк', 'справк', 'информаци'],
  nounN: ['обраще', 'отопле', 'освеще', 'водоснабже', 'возмеще', 'обслужива', 'согласова', 'реше', 'распоряже', 'перерасчет', 'содержа', 'обеспече', 'заявле', 'теплоснабже'],
  adj: ['аварийн', 'жил', 'городск', 'районн', 'коммунальн', 'техническ', 'капитальн', 'текущ', 'земельн', 'детск', 'уличн', 'общественн', 'бюджетн', 'дополнительн', 'неотложн', 'повторн', 'коллективн'],
};

function forms(stems: typeof UK_STEMS, paradigms: typeof UK): string[][] {
  const out: string[][] = [];
  for (const kind of ['nounM', 'nounF', 'nounN', 'adj'] as const) {
    for (const stem of stems[kind]) {
      // Russian nouns in -ние keep their stem in the ending list (обраще + ние).
      out.push(paradigms[kind].map((e) => stem + e));
    }
  }
  return out;
}
/** The real words of each language, each as the list of its inflected forms. */
export const UK_LEXEMES = forms(UK_STEMS, UK);
export const RU_LEXEMES = forms(RU_STEMS, RU);

// The long tail: letters of a city administration use tens of thousands of words, most of them rarely.
// Made-up stems of Cyrillic syllables, inflected like real words, give the index a realistic
// vocabulary size and frequency curve; the real words above sit among the first few hundred ranks.
const TAIL = 20000;
const SYLLABLE_C = { uk: 'бвгджзклмнпрстфхцчш', ru: 'бвгджзклмнпрстфхцчш' };
const SYLLABLE_V = { uk: 'аеиоуіяю', ru: 'аеиоуыяю' };

function lexicon(lang: 'uk' | 'ru'): { lexemes: string[][]; realRanks: number[] } {
  const r = prng(lang === 'uk' ? 101 : 202);
  const paradigms = lang === 'uk' ? UK : RU;
  const kinds = ['nounM', 'nounF', 'adj'] as const;
  const lexemes: string[][] = [];
  for (let i = 0; i < TAIL; i++) {
    let stem = '';
    for (let k = int(r, 2, 3); k > 0; k--) stem += pick(r, [...SYLLABLE_C[lang]]) + pick(r, [...SYLLABLE_V[lang]]);
    stem += pick(r, [...SYLLABLE_C[lang]]);
    lexemes.push(paradigms[pick(r, kinds)].map((e) => stem + e));
  }
  const real = lang === 'uk' ? UK_LEXEMES : RU_LEXEMES;
  const realRanks: number[] = [];
  real.forEach((forms, i) => {
    const rank = 10 + i * 6;
    lexemes.splice(rank, 0, forms);
    realRanks.push(rank);
  });
  return { lexemes, realRanks };
}
export const UK_LEXICON = lexicon('uk');
export const RU_LEXICON = lexicon('ru');

/** A rank with probability about 1/rank (Zipf's law), by inverting the continuous distribution. */
function zipfRank(r: Rand, size: number): number {
  return Math.min(size - 1, Math.floor(Math.exp(r() * Math.log(size + 1))) - 1);
}

const UK_GLUE = ['і', 'та', 'на', 'в', 'у', 'з', 'до', 'від', 'щодо', 'про', 'за', 'для', 'не', 'що', 'який', 'було', 'буде', 'просимо', 'прошу', 'повідомляємо', 'надаємо', 'розглянути', 'вжити', 'заходів', 'забезпечити', 'терміново'];
const RU_GLUE = ['и', 'на', 'в', 'с', 'до', 'от', 'по', 'о', 'за', 'для', 'не', 'что', 'который', 'было', 'будет', 'просим', 'прошу', 'сообщаем', 'предоставляем', 'рассмотреть', 'принять', 'меры', 'обеспечить', 'срочно'];

export const SURNAMES_UK = ['Шевченко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Олійник', 'Шевчук', 'Поліщук', 'Бойко', 'Мельник', 'Коваль', 'Лисенко', 'Марченко', 'Руденко', 'Савченко', 'Петренко', 'Клименко', 'Павленко', 'Кузьменко', 'Гончаренко', 'Мороз', 'Левченко', 'Харченко', 'Сидоренко', 'Литвиненко', 'Карпенко', 'Остапенко', 'Яковенко', 'Захарченко', 'Юрченко'];
const SURNAMES_RU = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Федоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семенов'];
const NAMES_UK = ['Олександр', 'Андрій', 'Сергій', 'Ольга', 'Наталія', 'Тетяна', 'Ірина', 'Василь', 'Микола', 'Оксана'];
const NAMES_RU = ['Александр', 'Андрей', 'Сергей', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Василий', 'Николай', 'Елена'];
const ORGS = ['ТОВ «Київські ліфти»', 'КП «Київжитлоспецексплуатація»', 'ПрАТ «АК Київводоканал»', 'КП «Київтеплоенерго»', 'ОСББ «Сонячний»', 'ОСББ «Лісова 12»',
  'ТОВ «Будмонтаж»', 'Департамент житлово-комунальної інфраструктури', 'Дарницька районна в місті Києві державна адміністрація', 'Подільська районна в місті Києві державна адміністрація',
  'Головне управління ДСНС у м. Києві', 'КП «Київавтодор»', 'ГО «Зелений Київ»', 'ТОВ «Евротранс»', 'ООО «Стройсервис»'];
export const STREETS = ['Хрещатик', 'Володимирська', 'Саксаганського', 'Лесі Українки', 'Бандери', 'Оболонська', 'Печерська', 'Велика Васильківська', 'Підвисоцького', 'Драгоманова', 'Грушевського', 'Антоновича'];
const SUMMARY_START_UK = ['Про', 'Щодо', 'Стосовно', 'Про надання', 'Щодо розгляду'];
const SUMMARY_START_RU = ['О', 'По вопросу', 'Касательно', 'О предоставлении', 'О рассмотрении'];

/** A word with one OCR slip (a letter doubled, dropped or swapped for a look-alike), now and then. */
function ocrNoise(r: Rand, word: string): string {
  if (word.length < 4 || r() > 0.003) return word;
  const i = int(r, 1, word.length - 2);
  const lookalike: Record<string, string> = { 'і': 'l', 'о': '0', 'е': 'с', 'и': 'н', 'п': 'н', 'ш': 'щ', 'т': 'г' };
  const c = word[i]!;
  return word.slice(0, i) + (lookalike[c] ?? c + c) + word.slice(i + 1);
}

function phrase(r: Rand, lexemes: string[][], glue: string[], words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(r() < 0.3 ? pick(r, glue) : pick(r, lexemes[zipfRank(r, lexemes.length)]!));
  return out.join(' ');
}

/** Summaries are written by clerks: mostly the common words of the trade. */
function summaryPhrase(r: Rand, uk: boolean, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    out.push(r() < 0.25 ? pick(r, uk ? UK_GLUE : RU_GLUE) : r() < 0.7 ? pick(r, pickZipf(r, uk ? UK_LEXEMES : RU_LEXEMES)) : pick(r, (uk ? UK_LEXICON : RU_LEXICON).lexemes[zipfRank(r, TAIL)]!));
  }
  return out.join(' ');
}

function pageText(r: Rand, uk: boolean, chars: number): string {
  const lexemes = (uk ? UK_LEXICON : RU_LEXICON).lexemes;
  const glue = uk ? UK_GLUE : RU_GLUE;
  const out: string[] = [];
  let length = 0;
  while (length < chars) {
    let sentence = phrase(r, lexemes, glue, int(r, 6, 16));
    if (r() < 0.2) sentence += `, ${uk ? 'вул.' : 'ул.'} ${pick(r, STREETS)}, ${int(r, 1, 120)}`;
    if (r() < 0.1) sentence += ` ${uk ? 'від' : 'от'} ${String(int(r, 1, 28)).padStart(2, '0')}.${String(int(r, 1, 12)).padStart(2, '0')}.${int(r, 2020, 2026)} № ${int(r, 1, 999)}/${int(r, 1, 20)}`;
    sentence = sentence.split(' ').map((w) => ocrNoise(r, w)).join(' ');
    sentence = sentence.charAt(0).toUpperCase() + sentence.slice(1) + '. ';
    out.push(sentence);
    length += sentence.length;
  }
  return out.join('');
}

function uuid(r: Rand): string {
  const hex: string[] = [];
  for (let i = 0; i < 16; i++) hex.push(Math.floor(r() * 256).toString(16).padStart(2, '0'));
  hex[6] = (4 * 16 + (parseInt(hex[6]!, 16) & 15)).toString(16);
  hex[8] = ((parseInt(hex[8]!, 16) & 0x3f) | 0x80).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface GeneratedBatch {
  documents: { id: string[]; kind: string[]; status: string[]; correspondent: string[]; their_number: (string | null)[]; summary: string[]; received_at: string[]; sha: string[] };
  registrations: { document_id: string[]; journal_code: string[]; year: number[]; number: number[]; case_file_index: string[]; registration_index: string[]; registered_at: string[] };
  pages: { document_id: string[]; page_no: number[]; text: string[] };
}

const JOURNALS = [
  { kind: 'incoming', journal: 'incoming', caseFile: '01-15', share: 0.8 },
  { kind: 'outgoing', journal: 'outgoing', caseFile: '01-16', share: 0.12 },
  { kind: 'internal', journal: 'internal', caseFile: '01-17', share: 0.08 },
];
export const START = Date.UTC(2024, 0, 1, 7);
export const SPAN_MS = Date.UTC(2026, 10, 25, 15) - START;

/**
 * Document i of n. Each document has its own PRNG stream (seed, i), so batches can be made in any
 * order and on any number of connections with the same result; registration numbers come from i.
 */
export function makeBatch(seed: number, from: number, to: number, n: number): GeneratedBatch {
  const b: GeneratedBatch = {
    documents: { id: [], kind: [], status: [], correspondent: [], their_number: [], summary: [], received_at: [], sha: [] },
    registrations: { document_id: [], journal_code: [], year: [], number: [], case_file_index: [], registration_index: [], registered_at: [] },
    pages: { document_id: [], page_no: [], text: [] },
  };
  for (let i = from; i < to; i++) {
    const r = prng(seed * 1000003 + i);
    const id = uuid(r);
    const uk = r() < 0.8;
    const u = r();
    const journal = u < JOURNALS[0]!.share ? JOURNALS[0]! : u < JOURNALS[0]!.share + JOURNALS[1]!.share ? JOURNALS[1]! : JOURNALS[2]!;
    // Time runs with i, so registration numbers grow with time as in a real journal.
    const at = new Date(START + Math.floor((i / n) * SPAN_MS) + int(r, 0, 3600000));
    const person = r() < 0.45;
    const correspondent = person
      ? (uk ? `${pick(r, SURNAMES_UK)} ${pick(r, NAMES_UK)}` : `${pick(r, SURNAMES_RU)} ${pick(r, NAMES_RU)}`)
      : pick(r, ORGS);
    const summary = `${pick(r, uk ? SUMMARY_START_UK : SUMMARY_START_RU)} ${summaryPhrase(r, uk, int(r, 4, 12))}`
      + (r() < 0.3 ? `, ${uk ? 'вул.' : 'ул.'} ${pick(r, STREETS)}, ${int(r, 1, 120)}` : '');
    const registered = r() < 0.92;
    b.documents.id.push(id);
    b.documents.kind.push(journal.kind);
    b.documents.status.push(registered ? 'registered' : 'received');
    b.documents.correspondent.push(correspondent);
    b.documents.their_number.push(r() < 0.6 ? `${int(r, 1, 999)}/${int(r, 1, 30)}-${int(r, 1, 99)}` : null);
    b.documents.summary.push(summary);
    b.documents.received_at.push(at.toISOString());
    b.documents.sha.push(id.replace(/-/g, '').padEnd(64, '0'));
    if (registered) {
      // One number per document in its journal and year: i is unique, so number = i + 1 is too.
      const number = i + 1;
      b.registrations.document_id.push(id);
      b.registrations.journal_code.push(journal.journal);
      b.registrations.year.push(at.getUTCFullYear());
      b.registrations.number.push(number);
      b.registrations.case_file_index.push(journal.caseFile);
      b.registrations.registration_index.push(`${number}/${journal.caseFile}`);
      b.registrations.registered_at.push(at.toISOString());
    }
    const pages = int(r, 1, 3);
    const total = int(r, 1000, 3000);
    for (let p = 1; p <= pages; p++) {
      b.pages.document_id.push(id);
      b.pages.page_no.push(p);
      b.pages.text.push(pageText(r, uk, Math.floor(total / pages)));
    }
  }
  return b;
}

/** Writes one batch and indexes it with the application's own refresh function. */
export async function loadBatch(conn: Knex | Knex.Transaction, b: GeneratedBatch): Promise<void> {
  const d = b.documents;
  await conn.raw(`
    INSERT INTO documents (id, kind, status, correspondent, their_number, summary, received_at, updated_at, file_sha256, file_type, file_size)
    SELECT id, kind, status, correspondent, their_number, summary, received_at, received_at, sha, 'application/pdf', 150000
      FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[])
        AS t(id, kind, status, correspondent, their_number, summary, received_at, sha)`,
  // A null inside an array is fine for pg; knex's types only know arrays of strings.
  [d.id, d.kind, d.status, d.correspondent, d.their_number as string[], d.summary, d.received_at, d.sha]);
  const r = b.registrations;
  await conn.raw(`
    INSERT INTO registrations (document_id, journal_code, year, number, case_file_index, registration_index, registered_at)
    SELECT * FROM unnest(?::uuid[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[], ?::timestamptz[])`,
  [r.document_id, r.journal_code, r.year, r.number, r.case_file_index, r.registration_index, r.registered_at]);
  const p = b.pages;
  await conn.raw(`
    INSERT INTO document_pages (document_id, page_no, source, text, width, height, dpi)
    SELECT document_id, page_no, 'ocr', text, 2480, 3508, 300 FROM unnest(?::uuid[], ?::int[], ?::text[]) AS t(document_id, page_no, text)`,
  [p.document_id, p.page_no, p.text]);
  await conn.raw('SELECT document_search_refresh(?::uuid[])', [d.id]);
}

/**
 * Fills n documents on `connections` parallel connections. Triggers and foreign keys are off on the
 * loading connections (session_replication_role needs a superuser, which the embedded server gives).
 */
export async function generateSearchData(db: Knex, opts: { n: number; seed: number; batch?: number; connections?: number; say?: (line: string) => void }): Promise<void> {
  const batch = opts.batch ?? 2000;
  const say = opts.say ?? (() => {});
  let next = 0;
  let done = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: opts.connections ?? 2 }, async () => {
    for (;;) {
      const from = next;
      if (from >= opts.n) return;
      next = Math.min(opts.n, from + batch);
      const data = makeBatch(opts.seed, from, next, opts.n);
      await db.transaction(async (tx) => {
        await tx.raw('SET LOCAL session_replication_role = replica');
        await loadBatch(tx, data);
      });
      done += data.documents.id.length;
      if (Math.floor(done / 50000) !== Math.floor((done - data.documents.id.length) / 50000) || done === opts.n) {
        const s = (performance.now() - t0) / 1000;
        say(`${done} documents in ${s.toFixed(0)} s (${(done / s).toFixed(0)}/s)`);
      }
    }
  }));
}
