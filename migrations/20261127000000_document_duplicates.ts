// Deliberate second copies of an incoming scan (CMU 55/2018: every document is registered once). A
// scan with the same bytes as a document already received is refused (POST /api/v1/documents answers
// 409 duplicate-document; the hot folder moves it to failed/) unless the clerk registers it as a copy
// on purpose, naming the earlier document and saying why: the copy's row keeps both, so a second
// registration number for the same paper is never silent.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.uuid('duplicate_of').references('documents.id');
    t.text('duplicate_reason');
  });
  // A copy always says why, and a reason always names what it copies.
  await knex.raw(`ALTER TABLE documents ADD CONSTRAINT documents_duplicate_reason_check
    CHECK ((duplicate_of IS NULL) = (duplicate_reason IS NULL))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE documents DROP CONSTRAINT IF EXISTS documents_duplicate_reason_check');
  await knex.schema.alterTable('documents', (t) => {
    t.dropColumn('duplicate_reason');
    t.dropColumn('duplicate_of');
  });
}
