// Numbers of the registration journals (CMU 55/2018; CMU 348/1997 for appeals): gapless and unique
// within a journal and a Kyiv year. SQL only; the caller holds the transaction.
import type { Queryable } from '../db.ts';
import { registrationYear } from './journals.ts';

export interface JournalNumber {
  journalCode: string;
  year: number;
  number: number;
  /** The journal's default case file in the nomenclature, where the registered item is filed. */
  caseFileIndex: string;
}

/** How a journal writes its index: CMU 55/2018's `<number>/<case file>` for documents, CMU 348's letter index for appeals. */
export type IndexFormatter = (taken: JournalNumber) => string;

/**
 * Takes the next number of the journal in the Kyiv year of `at`, inside the caller's transaction, and
 * formats its index. Shared by every register (documents in lib/correspondence, citizens' appeals
 * and information requests with their letter indices): the counter row's lock, taken by
 * UPDATE ... RETURNING, serialises concurrent registrations in one journal, and the caller's
 * rollback gives the number back, so numbers have no gaps and no duplicates. Callers lock their own
 * row first and check for an existing registration, so a retried task never takes a second number.
 */
export async function takeJournalNumber(trx: Queryable, { journalCode, at, format }: {
  journalCode: string;
  at: Date;
  format: IndexFormatter;
}): Promise<JournalNumber & { registrationIndex: string }> {
  const journal = await trx('journals').where({ code: journalCode }).first('default_case_file_index');
  if (!journal) throw new Error(`unknown journal "${journalCode}"`);
  const caseFileIndex = journal.default_case_file_index as string | null;
  if (!caseFileIndex) throw new Error(`journal "${journalCode}" has no default case file in the nomenclature`);

  const year = registrationYear(at);
  await trx.raw(
    'INSERT INTO journal_counters (journal_code, year, last_number) VALUES (?, ?, 0) ON CONFLICT DO NOTHING',
    [journalCode, year],
  );
  const { rows: [counter] } = await trx.raw<{ rows: Array<{ last_number: number }> }>(
    'UPDATE journal_counters SET last_number = last_number + 1 WHERE journal_code = ? AND year = ? RETURNING last_number',
    [journalCode, year],
  );
  if (!counter) throw new Error(`journal counter ${journalCode}/${year} vanished`);
  const taken = { journalCode, year, number: counter.last_number, caseFileIndex };
  return { ...taken, registrationIndex: format(taken) };
}
