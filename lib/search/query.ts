// What a clerk types into the search box, turned into a PostgreSQL tsquery. Pure: no I/O, shared by the
// repository (lib/search/repository.ts), the benchmark and the tests.
//
// Why this shape. PostgreSQL ships a `russian` snowball stemmer but nothing for Ukrainian, and most of our
// documents are Ukrainian with Russian ones among them. The index (migrations/20261126140000_search.ts)
// therefore keeps exact word forms: the `simple` configuration after `normalize()` below (lower case,
// apostrophes dropped, ё → е). Inflection is handled here, on the query side, for both languages at once:
// a word loses at most one common case/number/verb ending (`lightStem`) and the rest is matched as a
// prefix (`ліфтів` → `ліфт:*` finds ліфт, ліфти, ліфтами; `документов` → `документ:*`). Misspellings are
// handled by the repository with pg_trgm over the vocabulary of the index: a word whose stem matches no
// indexed word is replaced by the nearest indexed words. Registration indexes and the correspondent's
// numbers (`124/01-15`, `17/3-45`) are single lexemes for PostgreSQL's parser, so `124/01` is a prefix of
// `124/01-15` and needs nothing special.
//
// Limits, on purpose: no vowel alternation (рік/року, Київ/Києва/Києві: `київ` and `києв:*` are different
// prefixes), suppletive forms (людина/люди) and short stems (words of three letters or fewer are matched
// exactly or as their own prefix); over-matching of a short stem (`вод:*` also finds водій) is ordered
// down by relevance rather than excluded. A real Ukrainian dictionary (hunspell uk_UA through a PostgreSQL
// ispell dictionary) would fix alternation but must be installed into the server's share directory,
// which an embedded server or a managed one does not allow.

/** One thing to find. All terms of a query must match (AND). */
export interface SearchTerm {
  /** Normalised as it was typed (lower case, apostrophes dropped, ё → е). */
  word: string;
  kind: 'word' | 'number' | 'index';
  /** The lexeme matched as a prefix: the stem of a word, the typed text of a number or index. */
  prefix: string;
  /** Whether a misspelling may be looked up for it in the vocabulary (letters only, long enough). */
  fuzzy: boolean;
}

export interface ParsedQuery {
  terms: SearchTerm[];
  /** The normalised words joined by spaces, for trigram similarity against the card. */
  text: string;
}

/** The longest query we accept, in characters; the API schema says the same. */
export const MAX_QUERY_LENGTH = 200;
/** At most this many terms are used; a pasted paragraph would otherwise make a huge AND. */
export const MAX_TERMS = 8;
/** Words shorter than this are never looked up as misspellings: too many neighbours. */
export const MIN_FUZZY_LENGTH = 4;

/** The same normalisation as the SQL function `search_normalize` of the search migration. */
export function normalize(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/['’ʼ‘`]/g, '');
}

// Prepositions, conjunctions and particles of both languages: the `simple` index keeps them, but a
// query "про ремонт" must not demand "про" in every hit.
const STOP_WORDS = new Set([
  // Ukrainian
  'і', 'й', 'та', 'а', 'але', 'або', 'в', 'у', 'на', 'з', 'із', 'зі', 'до', 'від', 'по', 'за', 'для', 'про', 'при', 'під',
  'над', 'не', 'ні', 'що', 'як', 'це', 'щодо', 'через', 'між', 'без', 'його', 'її', 'їх',
  // Russian
  'и', 'в', 'во', 'на', 'с', 'со', 'к', 'ко', 'о', 'об', 'от', 'из', 'по', 'за', 'для', 'при', 'под', 'над', 'не', 'ни', 'что',
  'как', 'это', 'или', 'но', 'его', 'ее', 'их',
]);

// Common endings of Ukrainian and Russian nouns, adjectives and verbs, longest first; one is removed.
const ENDINGS = [
  'ами', 'ями', 'ові', 'еві', 'єві', 'ому', 'ого', 'ими', 'іми', 'ему', 'ыми', 'ать', 'ять', 'ити', 'ати', 'яти', 'ить',
  'ах', 'ях', 'ам', 'ям', 'ів', 'їв', 'ом', 'ем', 'єм', 'ою', 'ею', 'єю', 'ій', 'ий', 'ої', 'ов', 'ев', 'ей', 'ые', 'ый',
  'ой', 'ая', 'яя', 'ое', 'ее', 'их', 'ым', 'им', 'ую', 'юю',
  'а', 'я', 'о', 'е', 'є', 'і', 'ї', 'и', 'у', 'ю', 'й', 'ь', 'ы',
];
const MIN_STEM = 3;

/** The word without one common ending, never shorter than three letters. */
export function lightStem(word: string): string {
  const letters = [...word];
  for (const ending of ENDINGS) {
    const n = [...ending].length;
    if (letters.length - n >= MIN_STEM && word.endsWith(ending)) return letters.slice(0, letters.length - n).join('');
  }
  return word;
}

// A registration index or a correspondent's number: digits, a slash, then anything PostgreSQL's parser
// keeps in the same "file" token (digits, letters, dots, hyphens).
const INDEX_TOKEN = /^[\p{N}]+\/[\p{L}\p{N}./-]*$/u;
// An index of the citizens' journals: letters, a hyphen, the number, perhaps a mark (ЗІ-17, К-124,
// БП-5/КО). PostgreSQL's parser splits it into the letters and a signed number ('зі', '-17'), so the
// query asks for exactly those lexemes, the letters even when they are a stop word (ЗІ is also «зі»):
// the number alone would look for '17' and miss '-17'.
const LETTER_INDEX_TOKEN = /^(\p{L}{1,4})-(\p{N}+)(?:\/(\p{L}+))?$/u;
const TOKEN = /[\p{L}\p{N}]+(?:[/.-][\p{L}\p{N}]+)*\/?/gu;

export function parseSearchQuery(input: string): ParsedQuery {
  const normalized = normalize(input.slice(0, MAX_QUERY_LENGTH));
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  const words: string[] = [];
  for (const [token] of normalized.matchAll(TOKEN)) {
    if (INDEX_TOKEN.test(token)) {
      add({ word: token, kind: 'index', prefix: token, fuzzy: false });
      continue;
    }
    const letterIndex = LETTER_INDEX_TOKEN.exec(token);
    if (letterIndex) {
      const [, letters, number, mark] = letterIndex as unknown as [string, string, string, string | undefined];
      add({ word: letters, kind: 'index', prefix: letters, fuzzy: false });
      add({ word: `-${number}`, kind: 'index', prefix: `-${number}`, fuzzy: false });
      if (mark) add({ word: mark, kind: 'index', prefix: mark, fuzzy: false });
      words.push(letters, number, ...(mark ? [mark] : []));
      continue;
    }
    // Hyphenated words (Іванов-Петренко, північно-західний) are indexed whole and by parts; the parts
    // are enough, and each may be inflected on its own.
    for (const part of token.split(/[/.-]/)) {
      if (part === '') continue;
      words.push(part);
      if (/^\p{N}+$/u.test(part)) add({ word: part, kind: 'number', prefix: part, fuzzy: false });
      else if (!STOP_WORDS.has(part)) add({ word: part, kind: 'word', prefix: lightStem(part), fuzzy: [...part].length >= MIN_FUZZY_LENGTH && /^\p{L}+$/u.test(part) });
    }
  }
  // Only stop words: search for them rather than for nothing.
  if (terms.length === 0) {
    for (const part of words) add({ word: part, kind: 'word', prefix: part, fuzzy: false });
  }
  return { terms: terms.slice(0, MAX_TERMS), text: words.join(' ') };

  function add(term: SearchTerm): void {
    if (seen.has(term.prefix)) return;
    seen.add(term.prefix);
    terms.push(term);
  }
}

/** A lexeme in tsquery syntax: quoted, so that `/`, `-` and `.` stay inside it. */
function lexeme(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The tsquery text (for `$1::tsquery`, not `to_tsquery`: the lexemes are final and must not be split
 * again by the parser). Each term matches its prefix or, when given, one of its corrections; all terms
 * must match. Undefined when there is nothing to search for.
 */
export function buildTsQuery(terms: readonly SearchTerm[], corrections: ReadonlyMap<string, readonly string[]> = new Map()): string | undefined {
  const parts = terms.map((term) => {
    const alternatives = [term.prefix, ...(corrections.get(term.word) ?? []).map((w) => lightStem(w))];
    const unique = [...new Set(alternatives)].map((a) => `${lexeme(a)}:*`);
    return unique.length === 1 ? unique[0]! : `(${unique.join(' | ')})`;
  });
  return parts.length === 0 ? undefined : parts.join(' & ');
}
