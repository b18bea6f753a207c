// Names of private persons: found by their shape (Ukrainian full names carry a patronymic; letters
// write initials beside a surname) and checked against the gazetteer, so that capitalised words at
// the start of a sentence or in an institution's name are not taken for people.
import { hasSurnameShape, isFirstName, isKnownSurname, isPatronymic, NOT_SURNAMES } from './gazetteer.ts';

interface Token {
  start: number;
  end: number;
  word: string;
  /** A capital letter followed by a full stop: "П." */
  initial: boolean;
}

const WORD = /\p{L}[\p{L}’'ʼ]*(?:-\p{L}[\p{L}’'ʼ]*)*/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    const word = m[0];
    const initial = word.length === 1 && /\p{Lu}/u.test(word) && text[start + 1] === '.';
    tokens.push({ start, end: start + word.length + (initial ? 1 : 0), word, initial });
  }
  return tokens;
}

function capitalised(t: Token | undefined): t is Token {
  return !!t && !t.initial && t.word.length >= 2 && /^\p{Lu}\p{Ll}/u.test(t.word) && !NOT_SURNAMES.has(t.word.toLowerCase());
}

function surnameLike(t: Token | undefined): t is Token {
  return capitalised(t) && !isPatronymic(t.word) && (isKnownSurname(t.word) || hasSurnameShape(t.word));
}

/** Only spaces (at most one line break) between the two tokens: parts of one name. */
function adjacent(text: string, a: Token | undefined, b: Token | undefined): boolean {
  if (!a || !b) return false;
  const gap = text.slice(a.end, b.start);
  return gap.length <= 3 && /^[ \t\u00a0]*\n?[ \t\u00a0]*$/.test(gap);
}

/** A word that introduces a private person by role: "гр. Петренко", "заявниця Коваль". */
const CUE = /^(?:гр|громадян(?:ин|ина|инові|ка|ки|ці|ку)|заявни(?:к|ка|кові|ця|ці|цю)|мешкан(?:ець|ця|цю|ка|ки|ці)|власни(?:к|ка|ця|ці)|пан|пана|панові|пані|спадкоєм(?:ець|ця|ниця|иці))$/i;

export interface NameMatch {
  start: number;
  end: number;
  /** The parts as written, for matching against the officials' allow-list. */
  parts: string[];
}

export function findNames(text: string): NameMatch[] {
  const t = tokenize(text);
  const out: NameMatch[] = [];
  const add = (from: number, to: number): void => {
    out.push({ start: t[from]!.start, end: t[to]!.end, parts: t.slice(from, to + 1).map((x) => x.word) });
  };

  for (let i = 0; i < t.length; i++) {
    const cur = t[i]!;

    // Ім'я + по батькові, with the surname before or after: the strongest shape.
    if (/^\p{Lu}/u.test(cur.word) && isPatronymic(cur.word) && capitalised(t[i - 1]) && adjacent(text, t[i - 1], cur)) {
      let from = i - 1;
      let to = i;
      if (capitalised(t[i - 2]) && adjacent(text, t[i - 2], t[i - 1]) && !isFirstName(t[i - 2]!.word)) from = i - 2;
      else if (surnameLike(t[i + 1]) && adjacent(text, cur, t[i + 1])) to = i + 1;
      add(from, to);
      continue;
    }

    // Initials before the surname: "П. І. Петренко", "П.І. Петренко", "О. Коваль".
    if (cur.initial) {
      let j = i;
      while (j - i < 2 && t[j + 1]?.initial && adjacent(text, t[j], t[j + 1])) j++;
      const next = t[j + 1];
      if (surnameLike(next) && adjacent(text, t[j], next)) {
        add(i, j + 1);
        i = j + 1;
        continue;
      }
    }

    // The surname before the initials: "Петренко П.І.", "Петренко П. І."
    if (surnameLike(cur) && t[i + 1]?.initial && adjacent(text, cur, t[i + 1])) {
      let j = i + 1;
      while (j - i < 2 && t[j + 1]?.initial && adjacent(text, t[j], t[j + 1])) j++;
      add(i, j);
      i = j;
      continue;
    }

    // A first name from the gazetteer beside a surname: "Олена Петренко", "Петренко Олена".
    if (capitalised(cur) && isFirstName(cur.word)) {
      if (surnameLike(t[i + 1]) && adjacent(text, cur, t[i + 1]) && !isFirstName(t[i + 1]!.word)) {
        add(i, i + 1);
        i++;
        continue;
      }
      if (surnameLike(t[i - 1]) && adjacent(text, t[i - 1], cur) && !isFirstName(t[i - 1]!.word)) {
        add(i - 1, i);
        continue;
      }
    }

    // A surname alone after a word naming a private person's role.
    if (CUE.test(cur.word) && surnameLike(t[i + 1]) && isKnownSurname(t[i + 1]!.word)) {
      const gap = text.slice(cur.end, t[i + 1]!.start);
      if (/^\.?\s{1,2}$/.test(gap)) {
        add(i + 1, i + 1);
        i++;
      }
    }
  }
  return out;
}

function stemEqual(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/['ʼ`]/g, '’');
  const y = b.toLowerCase().replace(/['ʼ`]/g, '’');
  const n = Math.min(x.length, y.length);
  const need = Math.max(3, n - 2);
  if (Math.abs(x.length - y.length) > 3) return false;
  return x.slice(0, need) === y.slice(0, need);
}

interface NameParts {
  surname?: string;
  first?: string;
  initial?: string;
  patronymic?: string;
}

function roles(parts: readonly string[]): NameParts {
  const r: NameParts = {};
  const rest: string[] = [];
  for (const p of parts) {
    if (p.length === 1) r.initial ??= p;
    else if (isPatronymic(p)) r.patronymic = p;
    else if (!r.first && isFirstName(p)) r.first = p;
    else rest.push(p);
  }
  if (rest.length > 0) r.surname = rest[0];
  else if (r.first && !r.patronymic && parts.length === 1) r.surname = r.first;
  if (r.first) r.initial = r.first[0];
  return r;
}

/**
 * Officials named in their duties are public (Law 2297-VI Art. 5 p.2): a found name is theirs when
 * the surname agrees (any case form) and the first initial does not contradict, or, without a
 * surname, when first name and patronymic agree.
 */
export function isPublicName(parts: readonly string[], publicNames: readonly string[]): boolean {
  const found = roles(parts);
  for (const entry of publicNames) {
    const known = roles(entry.split(/[\s.]+/).filter(Boolean));
    if (found.surname && known.surname) {
      if (!stemEqual(found.surname, known.surname)) continue;
      if (found.initial && known.initial && found.initial.toLowerCase() !== known.initial.toLowerCase()) continue;
      return true;
    }
    if (found.first && found.patronymic && known.first && known.patronymic
      && stemEqual(found.first, known.first) && stemEqual(found.patronymic, known.patronymic)) return true;
  }
  return false;
}
