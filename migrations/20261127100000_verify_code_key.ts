// Verification codes are found with or without their separators (lib/answer-pdf/verify-code.ts):
// the lookup compares the code without hyphens, so that expression gets its own index.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX info_answer_pdfs_verify_key ON info_answer_pdfs ((replace(verify_id, '-', '')))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS info_answer_pdfs_verify_key');
}
