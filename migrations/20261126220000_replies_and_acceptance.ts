// Incoming correspondence to its end (CMU 55/2018, KMDA instruction 1747/2018; Law 2155-VIII): the
// controller's acceptance of the execution is kept on the resolution (who, when, the consolidated
// summary), because the controller signs it and a signature is checked against the data as it is
// now; and an incoming registration gets at most one reply registered in the outgoing journal, so a
// retried registration task finds the reply instead of taking a second number.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('resolutions', (t) => {
    t.integer('accepted_by').references('staff_users.id');
    t.timestamp('accepted_at', { useTz: true });
    t.text('execution_summary');
  });
  await knex.raw(`CREATE UNIQUE INDEX registrations_one_reply ON registrations (in_reply_to) WHERE journal_code = 'outgoing' AND in_reply_to IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS registrations_one_reply');
  await knex.schema.alterTable('resolutions', (t) => {
    t.dropColumn('execution_summary');
    t.dropColumn('accepted_at');
    t.dropColumn('accepted_by');
  });
}
