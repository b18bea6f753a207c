// The registration index of a document (реєстраційний індекс), CMU resolution 55 of 17.01.2018
// (electronic records instruction) and KMDA instruction 1747/2018: the sequential number within its
// journal and year, joined to the index of the case file in the nomenclature of files, e.g. `865/03-8`.
// Pure: the API (search, display) and the workers (registration) share it.

export interface RegistrationIndexParts {
  /** Sequential number within the journal and year, from 1, without gaps. */
  number: number;
  /** Index of the case file in the nomenclature of files (номенклатура справ), e.g. `01-15`. */
  caseFileIndex: string;
}

// Letters are allowed because nomenclatures of some departments use Cyrillic letters in their
// indices; a slash is not, since it separates the number from the case file index.
const CASE_FILE_INDEX = /^[\p{L}\p{N}]+(?:[-.][\p{L}\p{N}]+)*$/u;
const REGISTRATION_INDEX = /^([1-9][0-9]*)\/(.+)$/u;

export function isCaseFileIndex(value: string): boolean {
  return CASE_FILE_INDEX.test(value);
}

export function formatRegistrationIndex({ number, caseFileIndex }: RegistrationIndexParts): string {
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new RangeError(`registration number must be a positive integer, got ${number}`);
  }
  if (!isCaseFileIndex(caseFileIndex)) {
    throw new RangeError(`not a case file index: "${caseFileIndex}"`);
  }
  return `${number}/${caseFileIndex}`;
}

/** Parses what a clerk types or a document shows; surrounding spaces are ignored. Undefined when malformed. */
export function parseRegistrationIndex(text: string): RegistrationIndexParts | undefined {
  const match = REGISTRATION_INDEX.exec(text.trim());
  if (!match) return undefined;
  const number = Number(match[1]);
  const caseFileIndex = match[2]!;
  if (!Number.isSafeInteger(number) || !isCaseFileIndex(caseFileIndex)) return undefined;
  return { number, caseFileIndex };
}

/** The Kyiv year a registration's numbering belongs to (lib/nomenclature/journals.ts). */
export { registrationYear } from '../nomenclature/journals.ts';
