// The registration index of a citizen's appeal, Instruction on records management of citizens'
// appeals (CMU resolution 348 of 14.04.1997): the initial letter of the author's surname and the
// sequential number given to the appeal, e.g. `Б-115`; collective appeals are marked "КО" and
// unsigned ones "БП" (the same marks the instruction's registration card puts beside the author).
//
// Our form, decided here once: the marks follow the number after a slash, in the order КО, БП —
// `К-124/КО`, `К-124/БП`, `К-124/КО/БП` — so the letter index a clerk files by stays first and the
// index still sorts by letter. When no surname is known at all (an unsigned letter without an
// author) there is no letter to file by; the instruction's card then carries only the mark, so the
// mark takes the letter's place: `БП-124`.
// Numbers run within the calendar year in one journal (`appeals`), without gaps (the instruction
// allows one sequence for all letters: "в порядку присвоєння чергового реєстраційного номера").

export const COLLECTIVE_MARK = 'КО';
export const UNSIGNED_MARK = 'БП';

export interface AppealIndexParts {
  number: number;
  /** The author's surname as written; only its first letter is used. */
  surname?: string | null;
  collective: boolean;
  signed: boolean;
}

/** The first letter of the surname, upper-cased (Ukrainian or any other script); undefined when none. */
export function surnameInitial(surname: string | null | undefined): string | undefined {
  const match = /\p{L}/u.exec(surname?.normalize('NFC') ?? '');
  return match ? match[0].toLocaleUpperCase('uk-UA') : undefined;
}

export function formatAppealIndex({ number, surname, collective, signed }: AppealIndexParts): string {
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new RangeError(`registration number must be a positive integer, got ${number}`);
  }
  const marks = [...(collective ? [COLLECTIVE_MARK] : []), ...(signed ? [] : [UNSIGNED_MARK])];
  const initial = surnameInitial(surname);
  if (initial) return [`${initial}-${number}`, ...marks].join('/');
  const lead = marks.shift() ?? UNSIGNED_MARK;
  return [`${lead}-${number}`, ...marks].join('/');
}

const APPEAL_INDEX = /^(\p{Lu}{1,2})-([1-9][0-9]*)((?:\/(?:КО|БП))*)$/u;

export interface ParsedAppealIndex {
  lead: string;
  number: number;
  marks: string[];
}

/** Reads back what formatAppealIndex writes (search by index); undefined when malformed. */
export function parseAppealIndex(text: string): ParsedAppealIndex | undefined {
  const match = APPEAL_INDEX.exec(text.trim());
  if (!match) return undefined;
  const number = Number(match[2]);
  if (!Number.isSafeInteger(number)) return undefined;
  return { lead: match[1]!, number, marks: match[3] ? match[3].split('/').slice(1) : [] };
}
