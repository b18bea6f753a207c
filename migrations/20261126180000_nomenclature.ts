// The nomenclature of case files (номенклатура справ, CMU 55/2018) as data an administrator edits:
// a case file is closed, never deleted once registrations are filed in it, so closing needs its
// own mark. The foundation migration made the table; this adds when it was opened and closed.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_files', (t) => {
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_files', (t) => {
    t.dropColumn('closed_at');
    t.dropColumn('created_at');
  });
}
