// Execution of incoming documents (CMU 55/2018, KMDA instruction 1747/2018): the head's resolution
// with its control mark, the document's route between departments and people, and its filing into
// a case file of the nomenclature.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The resolution part of the registration-and-monitoring card (РМК): author, date, executors with
  // one responsible, the term, and the control mark until the work is accepted.
  await knex.schema.createTable('resolutions', (t) => {
    t.increments('id');
    t.uuid('document_id').notNullable().references('documents.id');
    // One resolution per case: a retried plan-execution task finds its row instead of a second one.
    t.text('process_instance_id').notNullable().unique();
    t.integer('author_id').notNullable().references('staff_users.id');
    t.text('text').notNullable();
    // Executors as the form named them: { "department:03": "responsible", "user:ivanenko": "co-executor" }.
    t.jsonb('executors').notNullable();
    t.text('responsible_executor').notNullable();
    t.date('term').notNullable();
    // Differs from the term when the term falls on a day off (moved back to the previous working day).
    t.date('control_date').notNullable();
    t.boolean('reply_needed').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Control of execution: on control until accepted; reminders and overdue marks as they happen.
    t.text('control_state').notNullable().defaultTo('on-control');
    t.timestamp('reminded_at', { useTz: true });
    t.timestamp('overdue_at', { useTz: true });
    t.integer('rework_count').notNullable().defaultTo(0);
    t.timestamp('removed_from_control_at', { useTz: true });
    t.index(['document_id']);
    t.index(['control_state', 'control_date']);
  });
  await knex.raw(`ALTER TABLE resolutions ADD CONSTRAINT resolutions_control_state_check CHECK (control_state IN ('on-control', 'removed'))`);

  // Every hand-over of a document between departments and people (issue 3, item 5). Append-only;
  // `event_key` makes a retried request or task record its hand-over once.
  await knex.schema.createTable('document_route', (t) => {
    t.bigIncrements('id');
    t.text('event_key').notNullable().unique();
    t.uuid('document_id').notNullable().references('documents.id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('action').notNullable();
    t.text('step');
    t.text('from_department').references('departments.code');
    t.text('to_department').references('departments.code');
    t.text('from_user');
    t.text('to_user');
    // Null when the system moved it (a worker).
    t.text('by_user');
    t.text('reason');
    t.index(['document_id', 'at']);
  });
  await knex.raw(`
    CREATE FUNCTION document_route_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'document_route is append-only';
    END $$;
    CREATE TRIGGER document_route_no_change BEFORE UPDATE OR DELETE ON document_route
      FOR EACH ROW EXECUTE FUNCTION document_route_append_only();
  `);

  // Filing into a case file of the nomenclature (номенклатура справ) once execution is accepted.
  await knex.schema.createTable('document_filings', (t) => {
    t.uuid('document_id').primary().references('documents.id');
    t.text('case_file_index').notNullable().references('case_files.index');
    t.timestamp('filed_at', { useTz: true }).notNullable();
    t.text('process_instance_id').notNullable();
  });

  // An outgoing reply answers an incoming registration: the outgoing journal's row points at it.
  await knex.schema.alterTable('registrations', (t) => {
    t.integer('in_reply_to').references('registrations.id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('in_reply_to');
  });
  await knex.schema.dropTableIfExists('document_filings');
  await knex.raw('DROP TABLE IF EXISTS document_route');
  await knex.raw('DROP FUNCTION IF EXISTS document_route_append_only()');
  await knex.schema.dropTableIfExists('resolutions');
}
