// What the detector finds: spans of a text that hold personal data of private persons (Law 2297-VI),
// each of one kind, so that an answer to a public-information request gives the rest of a document
// with only the restricted parts masked (Law 2939-VI Art. 6 p.7).

export const PersonalDataKinds = [
  'name', 'address', 'phone', 'email', 'tax-number', 'passport', 'card', 'iban', 'birth-date',
] as const;
export type PersonalDataKind = (typeof PersonalDataKinds)[number];

/** A half-open range [start, end) of UTF-16 offsets in the text it was found in. */
export interface PersonalDataSpan {
  start: number;
  end: number;
  kind: PersonalDataKind;
  text: string;
}

/** The words that replace a span in text: they say what was there, never what it was. */
export const MaskLabels: Record<PersonalDataKind, string> = {
  name: 'ПІБ',
  address: 'адреса',
  phone: 'телефон',
  email: 'електронна пошта',
  'tax-number': 'РНОКПП',
  passport: 'паспорт',
  card: 'номер картки',
  iban: 'рахунок IBAN',
  'birth-date': 'дата народження',
};

export function maskMark(kind: PersonalDataKind): string {
  return `[приховано: ${MaskLabels[kind]}]`;
}

export interface DetectOptions {
  /**
   * Names of officials whose data about their duties is public (Law 2297-VI Art. 5 p.2; Law 2939-VI Art. 6 p.5; DESIGN.md
   * "officials' data about their duties is not masked"), as "Прізвище Ім'я По батькові" or any
   * order of those; a mention in any case form or with initials ("В. Кличко", "Кличка В.В.") is kept.
   */
  publicNames?: readonly string[];
  /**
   * Values that are public although they look personal: the body's own address, phone, e-mail,
   * treasury IBAN. Compared without spaces and punctuation, so "(044) 202-76-66" covers "0442027666".
   */
  publicValues?: readonly string[];
}
