// Finds personal data of private persons in Ukrainian text (Law 2297-VI Art. 2: any data by which a
// person is or can be identified). Pure: no I/O, the same text always gives the same spans.
//
// Numbers are taken only when their check digits hold (РНОКПП, cards, IBAN) or a word beside them
// says what they are (an ID-card number, a birth date): a letter is full of numbers that are not
// personal (registration indices, article numbers, amounts, dates of documents).
import { isValidIban, isValidLuhn, isValidRnokpp } from './checksums.ts';
import { findNames, isPublicName } from './names.ts';
import type { DetectOptions, PersonalDataKind, PersonalDataSpan } from './types.ts';

interface Candidate {
  start: number;
  end: number;
  kind: PersonalDataKind;
}

const STREET = String.raw`(?:вул(?:\.|иця|иці|ицю|ицею)|просп(?:\.|ект|екті|екту)|бульв(?:\.|ар|арі|ару)|б-р|пров(?:\.|улок|улку|улка)|пл(?:\.|оща|ощі|ощу)|наб(?:\.|ережна|ережній)|узв(?:\.|із|озі)|шосе|мкрн\.|мікрорайон)`;
// Words of a street's name: capitalised, or a number joined to a word ("25-річчя Перемоги"); a bare
// number is the house.
const STREET_WORD = String.raw`(?:\p{Lu}[\p{L}’'ʼ.-]*|\d{1,3}-\p{Ll}+)`;
const STREET_NAME = String.raw`${STREET_WORD}(?:[ \u00a0]${STREET_WORD}){0,3}`;
const HOUSE = String.raw`(?:,?\s*(?:буд\.|будинок|б\.)?\s*\d{1,4}(?:[-/]?\p{L}(?!\p{L}))?(?:[/-]\d{1,4}(?:\p{L}(?!\p{L}))?)?)`;
const UNIT = String.raw`(?:,?\s*(?:корп\.|корпус|секц\.|секція|під’їзд|кв\.|квартира|оф\.|офіс|кімн\.|кімната)\s*\d{1,4}(?:-?\p{L}(?!\p{L}))?)`;
const ADDRESS = new RegExp(String.raw`(?<!\p{L})${STREET}[ \u00a0]*(?<name>${STREET_NAME})(?<house>${HOUSE}${UNIT}{0,3})?`, 'gu');

const PHONE = /(?<![\d\p{L}+])(?:\+?38[\s-]?\(?0\d{2}\)?|\+?380[\s-]?\(?\d{2}\)?|\(?0\d{2}\)?)[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)/gu;
/** A city number without its code, trusted only after "тел.": "тел. 234-56-78". */
const SHORT_PHONE = /(?<=(?:тел\.|телефон\p{L}*|моб\.)[:\s]{0,3}(?:[\d\s()+-]*,\s*)?)(?<!\d)\d{3}-\d{2}-\d{2}(?!\d)/giu;
const EMAIL = /(?<![\p{L}\d._%+-])[\p{L}\d][\p{L}\d._%+-]*@[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.\p{L}{2,}/gu;
const TEN_DIGITS = /(?<![\d\p{L}])\d{10}(?!\d)/gu;
const TAX_CONTEXT = /(?:РНОКПП|ІПН|ідентифікаційн\p{L}*|реєстраційн\p{L}* номер\p{L}* облікової картки|податков\p{L}* номер\p{L}*)[^\n\d]{0,20}$/iu;
const OLD_PASSPORT = /(?<![\p{L}\d])[А-ЯІЇЄҐ]{2}[ \u00a0]?(?:№[ \u00a0]?)?\d{6}(?!\d)/gu;
const NINE_DIGITS = /(?<![\d\p{L}])\d{9}(?!\d)/gu;
const ID_CONTEXT = /(?:паспорт\p{L}*|ID-карт\p{L}*|id карт\p{L}*|карт\p{L}* ID)[^\n]{0,60}$/iu;
/** Record number of the demographic register (УНЗР), printed on the ID card. */
const UNZR = /(?<!\d)\d{8}-\d{5}(?!\d)/gu;
const CARD = /(?<![\d\p{L}])\d{4}(?:[ \u00a0-]?\d{4}){3}(?:[ \u00a0-]?\d{1,3})?(?!\d)/gu;
const IBAN = /(?<![\p{L}\d])UA[ \u00a0]?\d{2}(?:[ \u00a0]?\d){25}(?!\d)/gu;

const MONTHS = 'січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня';
const DATE = new RegExp(String.raw`(?<![\d\p{L}])(?:\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}|\d{1,2}[ \u00a0]+(?:${MONTHS})[ \u00a0]+(?:19|20)\d{2}(?:[ \u00a0]*(?:р\.|року))?|(?:19|20)\d{2}(?=[ \u00a0]*(?:р\.[ \u00a0]?н\.|н\.[ \u00a0]?р\.|року[ \u00a0]+народження|р\.[ \u00a0]+народження)))(?!\d)`, 'gu');
const BIRTH_BEFORE = /(?:народження|народився|народилася|народилась|н\.[ \u00a0]?р\.|р\.[ \u00a0]?н\.|д\.[ \u00a0]?н\.)[:\s,–—-]{0,5}(?:[\p{L}]+[ \u00a0]){0,1}$/iu;
const BIRTH_AFTER = /^[ \u00a0]*(?:р\.[ \u00a0]?н\.|н\.[ \u00a0]?р\.|року[ \u00a0]+народження|р\.[ \u00a0]+народження)/iu;

function* matches(re: RegExp, text: string): Generator<RegExpMatchArray & { index: number }> {
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) yield m as RegExpMatchArray & { index: number };
}

function digits(s: string): string {
  return s.replace(/\D/g, '');
}

function normalised(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\d]/gu, '');
}

function isPublicValue(kind: PersonalDataKind, text: string, publicValues: readonly string[]): boolean {
  if (publicValues.length === 0) return false;
  if (kind === 'phone') {
    const d = digits(text).slice(-9);
    return d.length >= 7 && publicValues.some((v) => digits(v).length >= 7 && digits(v).slice(-9) === d);
  }
  const n = normalised(text);
  return publicValues.some((v) => normalised(v) === n);
}

/** Street regions, with or without a house number; the names inside them are streets, not people. */
function streets(text: string): Array<{ start: number; end: number; withHouse: boolean }> {
  const out: Array<{ start: number; end: number; withHouse: boolean }> = [];
  for (const m of matches(ADDRESS, text)) {
    let end = m.index + m[0].length;
    // A trailing full stop belongs to the sentence, not to the last abbreviation.
    while (end > m.index && /[.,\s]/.test(text[end - 1]!)) end--;
    out.push({ start: m.index, end, withHouse: !!m.groups?.house });
  }
  return out;
}

export function detectPersonalData(text: string, options: DetectOptions = {}): PersonalDataSpan[] {
  const publicNames = options.publicNames ?? [];
  const publicValues = options.publicValues ?? [];
  const found: Candidate[] = [];
  const push = (start: number, end: number, kind: PersonalDataKind): void => { found.push({ start, end, kind }); };

  const streetRegions = streets(text);
  for (const s of streetRegions) if (s.withHouse) push(s.start, s.end, 'address');

  for (const name of findNames(text)) {
    if (streetRegions.some((s) => name.start >= s.start && name.start < s.end)) continue;
    // "університет імені Тараса Шевченка": a namesake of an institution, not a person in the case.
    if (/(?:імені|ім\.)\s*$/u.test(text.slice(Math.max(0, name.start - 8), name.start))) continue;
    if (isPublicName(name.parts, publicNames)) continue;
    push(name.start, name.end, 'name');
  }

  for (const m of matches(EMAIL, text)) push(m.index, m.index + m[0].length, 'email');
  for (const m of matches(IBAN, text)) if (isValidIban(m[0])) push(m.index, m.index + m[0].length, 'iban');
  for (const m of matches(CARD, text)) if (isValidLuhn(digits(m[0]))) push(m.index, m.index + m[0].length, 'card');

  for (const m of matches(TEN_DIGITS, text)) {
    const context = TAX_CONTEXT.test(text.slice(Math.max(0, m.index - 60), m.index));
    // A valid check digit alone is a one-in-ten chance; a ten-digit number starting with 0 is a phone.
    if (context || (isValidRnokpp(m[0]) && !m[0].startsWith('0'))) push(m.index, m.index + m[0].length, 'tax-number');
  }
  for (const m of matches(PHONE, text)) push(m.index, m.index + m[0].length, 'phone');
  for (const m of matches(SHORT_PHONE, text)) push(m.index, m.index + m[0].length, 'phone');

  for (const m of matches(OLD_PASSPORT, text)) push(m.index, m.index + m[0].length, 'passport');
  for (const m of matches(NINE_DIGITS, text)) {
    if (ID_CONTEXT.test(text.slice(Math.max(0, m.index - 80), m.index))) push(m.index, m.index + m[0].length, 'passport');
  }
  for (const m of matches(UNZR, text)) push(m.index, m.index + m[0].length, 'passport');

  for (const m of matches(DATE, text)) {
    const end = m.index + m[0].length;
    if (BIRTH_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index)) || BIRTH_AFTER.test(text.slice(end, end + 24))) {
      push(m.index, end, 'birth-date');
    }
  }

  return resolve(found, text).filter((s) => !isPublicValue(s.kind, s.text, publicValues));
}

/** Kinds whose own check (a checksum, a keyword) beats a broader pattern over the same characters. */
const PRIORITY: Record<PersonalDataKind, number> = {
  iban: 9, card: 8, 'tax-number': 7, passport: 6, email: 6, 'birth-date': 5, phone: 4, address: 3, name: 2,
};

/**
 * One span per character: overlapping candidates merge into the one that covers most, ties to the
 * stronger kind. A name inside an address goes with the address, a phone-shaped РНОКПП stays a РНОКПП.
 */
function resolve(candidates: Candidate[], text: string): PersonalDataSpan[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start) || PRIORITY[b.kind] - PRIORITY[a.kind]);
  const out: Candidate[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && c.start < last.end) {
      const contained = c.end <= last.end;
      if (contained && !(c.start === last.start && c.end === last.end && PRIORITY[c.kind] > PRIORITY[last.kind])) continue;
      if (contained) { last.kind = c.kind; continue; }
      // Partial overlap: one masked region, named after the longer part.
      if (c.end - c.start > last.end - last.start) last.kind = c.kind;
      last.end = c.end;
      continue;
    }
    out.push({ ...c });
  }
  return out.map((c) => ({ ...c, text: text.slice(c.start, c.end) }));
}
