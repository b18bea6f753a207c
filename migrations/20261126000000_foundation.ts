// The first schema: people, departments, the nomenclature of case files, registration
// journals with gapless yearly counters, documents, links to process instances and the audit log.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('departments', (t) => {
    t.increments('id');
    t.text('code').notNullable().unique();
    t.text('name_uk').notNullable();
    t.text('name_en').notNullable();
    // The Camunda candidate group whose tasks this department works on.
    t.text('candidate_group').unique();
  });

  await knex.schema.createTable('roles', (t) => {
    t.text('code').primary();
    t.text('name_uk').notNullable();
    t.text('name_en').notNullable();
    t.text('candidate_group').notNullable().unique();
  });

  await knex.schema.createTable('staff_users', (t) => {
    t.increments('id');
    t.text('username').notNullable().unique();
    t.text('password_hash').notNullable();
    t.text('full_name').notNullable();
    t.integer('department_id').references('departments.id');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('staff_user_roles', (t) => {
    t.integer('user_id').notNullable().references('staff_users.id').onDelete('CASCADE');
    t.text('role_code').notNullable().references('roles.code');
    t.primary(['user_id', 'role_code']);
  });

  await knex.schema.createTable('sessions', (t) => {
    // Only the SHA-256 of the cookie value is stored, so a leaked table cannot be replayed.
    t.text('token_hash').primary();
    t.integer('user_id').notNullable().references('staff_users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });

  // Nomenclature of case files (номенклатура справ), CMU 55/2018: the index joins registration numbers.
  await knex.schema.createTable('case_files', (t) => {
    t.text('index').primary();
    t.text('title_uk').notNullable();
    t.integer('department_id').references('departments.id');
    t.integer('year');
  });

  await knex.schema.createTable('journals', (t) => {
    t.text('code').primary();
    t.text('name_uk').notNullable();
    t.text('name_en').notNullable();
    t.text('default_case_file_index').references('case_files.index');
  });

  // One row per journal and year; the row lock taken by UPDATE ... RETURNING serialises
  // concurrent registrations, and rolling back a transaction gives its number back (no gaps).
  await knex.schema.createTable('journal_counters', (t) => {
    t.text('journal_code').notNullable().references('journals.code');
    t.integer('year').notNullable();
    t.integer('last_number').notNullable().defaultTo(0);
    t.primary(['journal_code', 'year']);
  });

  await knex.schema.createTable('documents', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('kind').notNullable();
    t.text('status').notNullable();
    t.text('correspondent').notNullable();
    t.text('their_number');
    t.date('their_date');
    t.text('summary').notNullable();
    t.text('file_sha256').notNullable();
    t.text('file_name');
    t.text('file_type').notNullable();
    t.bigInteger('file_size').notNullable();
    t.integer('created_by').references('staff_users.id');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['file_sha256']);
  });

  await knex.schema.createTable('registrations', (t) => {
    t.increments('id');
    t.uuid('document_id').notNullable().references('documents.id');
    t.text('journal_code').notNullable().references('journals.code');
    t.integer('year').notNullable();
    t.integer('number').notNullable();
    t.text('case_file_index').notNullable().references('case_files.index');
    t.text('registration_index').notNullable();
    t.timestamp('registered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['journal_code', 'year', 'number']);
    // A document is registered once per journal: a retried task finds this row instead of a new number.
    t.unique(['document_id', 'journal_code']);
  });

  // Outbox of process starts: written in the same transaction as the document, so a document
  // whose process could not start (engine down) is started later, exactly once.
  await knex.schema.createTable('process_links', (t) => {
    t.increments('id');
    t.text('business_key').notNullable();
    t.text('process_key').notNullable();
    t.text('process_instance_id');
    t.text('state').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('lease_until', { useTz: true });
    t.jsonb('variables').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true });
    t.unique(['business_key', 'process_key']);
    t.index(['state']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('actor').notNullable();
    t.text('action').notNullable();
    t.text('entity_type').notNullable();
    t.text('entity_id');
    // Ids and codes only: personal data never goes into the log (Law 2297-VI).
    t.jsonb('details').notNullable().defaultTo('{}');
    t.index(['entity_type', 'entity_id']);
  });
  await knex.raw(`
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only';
    END $$;
    CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
  `);

  // Reference data the system cannot work without; demo people are seeded elsewhere, and only
  // for the embedded default database.
  await knex('departments').insert([
    { code: '01', name_uk: 'Загальний відділ (канцелярія)', name_en: 'General office (records)', candidate_group: 'clerks' },
    { code: '02', name_uk: 'Керівництво', name_en: 'Management', candidate_group: 'heads' },
    { code: '03', name_uk: 'Відділ виконання', name_en: 'Executing department', candidate_group: 'executors' },
    { code: '04', name_uk: 'Відділ організації процесів', name_en: 'Process organisation', candidate_group: 'analysts' },
    { code: '05', name_uk: 'Адміністрування системи', name_en: 'System administration', candidate_group: 'admins' },
  ]);
  await knex('roles').insert([
    { code: 'clerk', name_uk: 'Діловод', name_en: 'Clerk', candidate_group: 'clerks' },
    { code: 'head', name_uk: 'Керівник', name_en: 'Head', candidate_group: 'heads' },
    { code: 'executor', name_uk: 'Виконавець', name_en: 'Executor', candidate_group: 'executors' },
    { code: 'analyst', name_uk: 'Аналітик процесів', name_en: 'Process analyst', candidate_group: 'analysts' },
    { code: 'admin', name_uk: 'Адміністратор', name_en: 'Administrator', candidate_group: 'admins' },
  ]);
  const general = await knex('departments').where({ code: '01' }).first('id');
  await knex('case_files').insert([
    { index: '01-15', title_uk: 'Вхідна кореспонденція', department_id: general.id },
    { index: '01-16', title_uk: 'Вихідна кореспонденція', department_id: general.id },
    { index: '01-17', title_uk: 'Внутрішні документи', department_id: general.id },
  ]);
  await knex('journals').insert([
    { code: 'incoming', name_uk: 'Журнал вхідних документів', name_en: 'Incoming documents', default_case_file_index: '01-15' },
    { code: 'outgoing', name_uk: 'Журнал вихідних документів', name_en: 'Outgoing documents', default_case_file_index: '01-16' },
    { code: 'internal', name_uk: 'Журнал внутрішніх документів', name_en: 'Internal documents', default_case_file_index: '01-17' },
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS audit_log');
  await knex.raw('DROP FUNCTION IF EXISTS audit_log_append_only()');
  for (const table of ['process_links', 'registrations', 'documents', 'journal_counters', 'journals', 'case_files',
    'sessions', 'staff_user_roles', 'staff_users', 'roles', 'departments']) {
    await knex.schema.dropTableIfExists(table);
  }
}
