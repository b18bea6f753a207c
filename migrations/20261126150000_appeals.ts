// Citizens' appeals (Law 393/96-ВР): the appeal with its registration card (CMU resolution 348 of
// 14.04.1997), its citizen-visible timeline, and the journal and case file it is registered in.
// Appeals are registered apart from other correspondence (CMU 55/2018), in their own journal
// sharing the gapless yearly counter (journal_counters) with every other journal.
import type { Knex } from 'knex';

const CHANNELS = ['portal', 'paper', 'oral', 'phone', 'email'];
const TYPES = ['proposal', 'application', 'complaint'];
const STATUSES = ['received', 'registered', 'under-consideration', 'clarification-needed', 'term-extended',
  'forwarded', 'awaiting-payment', 'answered', 'refused', 'not-considered'];
const CHECK_OUTCOMES = ['ok', 'anonymous', 'incomplete', 'repeat', 'complaint-late'];

function inList(column: string, values: string[]): string {
  return `${column} IN (${values.map((v) => `'${v}'`).join(', ')})`;
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('appeals', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // SHA-256 of the tracking code (lib/cases/tracking-code.ts): the code is a bearer secret, so a copy of
    // this table must not let anyone follow someone else's case.
    t.text('tracking_code_hash').notNullable().unique();
    t.text('channel').notNullable();
    t.text('type').notNullable();
    t.boolean('collective').notNullable().defaultTo(false);
    t.boolean('signed').notNullable().defaultTo(true);
    // Personal data (Law 2297-VI): shown to staff whose task needs it, never on public pages or in logs.
    t.text('surname');
    t.text('name');
    t.text('patronymic');
    t.text('address');
    t.text('email');
    t.text('phone');
    t.text('text').notNullable();
    t.date('letter_date');
    t.date('complaint_decision_date');
    t.date('complaint_learned_date');
    t.text('priority_category');
    // Law 2297-VI Art. 11: when the author consented to the processing (portal appeals).
    t.timestamp('consent_at', { useTz: true });
    t.text('status').notNullable().defaultTo('received');
    // The department that holds the case now (shown to the citizen; never a staff member's name).
    t.integer('department_id').references('departments.id');
    t.integer('created_by').references('staff_users.id');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Registration (CMU 348): journal, year and gapless number; the index such as `К-124/КО`.
    t.text('journal_code').references('journals.code');
    t.integer('registration_year');
    t.integer('registration_number');
    t.text('registration_index');
    t.text('case_file_index').references('case_files.index');
    t.timestamp('registered_at', { useTz: true });
    // The legal term (Art. 20) as computed by the legal calendar, with its explanation.
    t.date('due_date');
    t.jsonb('due_explanation');
    // Art. 5 / Art. 8 check: the first outcome recorded stands (a retried task reads it back).
    t.text('check_outcome');
    t.jsonb('check_reasons');
    t.uuid('repeat_of').references('appeals.id');
    // The result: the answer or the ground, as shown to the citizen.
    t.jsonb('result');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['journal_code', 'registration_year', 'registration_number']);
    t.index(['status']);
  });
  await knex.raw(`ALTER TABLE appeals ADD CONSTRAINT appeals_channel_check CHECK (${inList('channel', CHANNELS)})`);
  await knex.raw(`ALTER TABLE appeals ADD CONSTRAINT appeals_type_check CHECK (${inList('type', TYPES)})`);
  await knex.raw(`ALTER TABLE appeals ADD CONSTRAINT appeals_status_check CHECK (${inList('status', STATUSES)})`);
  await knex.raw(`ALTER TABLE appeals ADD CONSTRAINT appeals_check_outcome_check CHECK (check_outcome IS NULL OR ${inList('check_outcome', CHECK_OUTCOMES)})`);
  await knex.raw('ALTER TABLE appeals ADD CONSTRAINT appeals_registration_complete CHECK ((registration_index IS NULL) = (registration_number IS NULL))');
  // Art. 8 p.2 repeat search: earlier appeals of the same author.
  await knex.raw('CREATE INDEX appeals_author ON appeals (lower(surname), lower(name))');

  // The citizen-visible timeline: statuses, departments, dates and plain notes; never staff names.
  await knex.schema.createTable('appeal_events', (t) => {
    t.bigIncrements('id');
    t.uuid('appeal_id').notNullable().references('appeals.id').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('status').notNullable();
    t.integer('department_id').references('departments.id');
    t.text('note');
    // One row per event of the process (`received`, `registered`, `checked`...): a retried worker's
    // second insert is a no-op.
    t.text('event_key').notNullable();
    t.unique(['appeal_id', 'event_key']);
  });
  await knex.raw(`ALTER TABLE appeal_events ADD CONSTRAINT appeal_events_status_check CHECK (${inList('status', STATUSES)})`);

  const general = await knex('departments').where({ code: '01' }).first('id');
  await knex('case_files').insert({ index: '01-20', title_uk: 'Звернення громадян', department_id: general?.id ?? null });
  await knex('journals').insert({
    code: 'appeals', name_uk: 'Журнал реєстрації звернень громадян', name_en: 'Citizens\' appeals', default_case_file_index: '01-20',
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('appeal_events');
  await knex.schema.dropTableIfExists('appeals');
  await knex('journal_counters').where({ journal_code: 'appeals' }).delete();
  await knex('journals').where({ code: 'appeals' }).delete();
  await knex('case_files').where({ index: '01-20' }).delete();
}
