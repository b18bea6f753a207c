// Requests for public information (Law 2939-VI): the request with its registration in a journal of
// its own, its legal clock, the decisions that change the clock or end the case (extension Art. 20
// p.4, forwarding Art. 22 p.3, deferral Art. 22 p.6-7, refusal Art. 22 p.1, copying fee Art. 21),
// the departments that answer it (one branch each, shown to the requester), and the requester's
// timeline. Also the roles of the public-information unit and the lawyers who review the masking.
import type { Knex } from 'knex';

const CHANNELS = ['portal', 'post', 'phone', 'oral', 'email'];
const ANSWER_CHANNELS = ['email', 'post', 'portal'];
const STATUSES = ['received', 'registered', 'under-consideration', 'clarification-needed', 'term-extended',
  'forwarded', 'deferred', 'awaiting-payment', 'answered', 'refused', 'not-considered'];
const RESULTS = ['given', 'partly-given', 'refused', 'forwarded', 'deferred'];
const REFUSAL_GROUNDS = ['not-held', 'restricted', 'unpaid', 'incomplete'];

function inList(column: string, values: string[]): string {
  return `${column} IN (${values.map((v) => `'${v}'`).join(', ')})`;
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('info_requests', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // SHA-256 of the tracking code (lib/cases/tracking-code.ts), as for appeals: the code is a bearer secret.
    t.text('tracking_code_hash').notNullable().unique();
    t.text('channel').notNullable();
    // Personal data (Law 2297-VI): for the staff whose task needs it; never on public pages or in logs.
    t.text('requester_name');
    t.text('postal_address');
    t.text('email');
    t.text('phone');
    t.text('answer_channel').notNullable();
    t.text('description').notNullable();
    // Art. 20 p.2: a 48-hour answer is claimed by the requester, with its justification.
    t.boolean('urgent').notNullable().defaultTo(false);
    t.text('urgency_justification');
    t.timestamp('consent_at', { useTz: true });
    t.integer('created_by').references('staff_users.id');
    t.text('status').notNullable().defaultTo('received');
    t.integer('department_id').references('departments.id');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Registration in the information-requests journal: gapless yearly number, index `ЗІ-<n>`.
    t.text('journal_code').references('journals.code');
    t.integer('registration_year');
    t.integer('registration_number');
    t.text('registration_index');
    t.text('case_file_index').references('case_files.index');
    t.timestamp('registered_at', { useTz: true });
    // The legal term (Art. 20) with the explanation of how it was computed.
    t.date('due_date');
    t.jsonb('due_explanation');
    // Art. 19 p.5 content check: the first recorded outcome stands.
    t.text('check_outcome');
    t.jsonb('check_reasons');
    // Art. 20 p.4: extension to 20 working days, with the reasoned notice.
    t.date('extended_to');
    t.text('extension_reason');
    t.timestamp('extension_notified_at', { useTz: true });
    // Art. 22 p.3: forwarded to the holder of the information.
    t.text('forwarded_to');
    // Art. 22 p.6-7: deferral for force majeure, with the new term.
    t.date('deferred_to');
    t.text('deferral_reason');
    // Art. 22 p.1: the ground (a fixed list) and the reasons.
    t.text('refusal_ground');
    t.text('refusal_reason');
    // Art. 21, CMU 740: copies over 10 pages; the amount in kopecks.
    t.integer('copy_pages');
    t.integer('fee_kopecks');
    t.integer('fee_rate_kopecks');
    t.timestamp('paid_at', { useTz: true });
    // The signed answer (lib/info-requests/answers-repository.ts, keyed by request and round): its own number in the
    // outgoing journal, taken once, and the verification id of the letter.
    t.uuid('answer_id');
    t.text('answer_index');
    t.date('answer_registered_on');
    t.text('answer_verify_id');
    t.text('result');
    t.jsonb('result_details');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['journal_code', 'registration_year', 'registration_number']);
    t.index(['status']);
  });
  await knex.raw(`ALTER TABLE info_requests ADD CONSTRAINT info_requests_channel_check CHECK (${inList('channel', CHANNELS)})`);
  await knex.raw(`ALTER TABLE info_requests ADD CONSTRAINT info_requests_answer_channel_check CHECK (${inList('answer_channel', ANSWER_CHANNELS)})`);
  await knex.raw(`ALTER TABLE info_requests ADD CONSTRAINT info_requests_status_check CHECK (${inList('status', STATUSES)})`);
  await knex.raw(`ALTER TABLE info_requests ADD CONSTRAINT info_requests_result_check CHECK (result IS NULL OR ${inList('result', RESULTS)})`);
  await knex.raw(`ALTER TABLE info_requests ADD CONSTRAINT info_requests_refusal_check CHECK (refusal_ground IS NULL OR ${inList('refusal_ground', REFUSAL_GROUNDS)})`);
  await knex.raw('ALTER TABLE info_requests ADD CONSTRAINT info_requests_urgency_check CHECK (NOT urgent OR urgency_justification IS NOT NULL)');
  await knex.raw('ALTER TABLE info_requests ADD CONSTRAINT info_requests_fee_check CHECK (fee_kopecks IS NULL OR copy_pages > 10)');
  await knex.raw('ALTER TABLE info_requests ADD CONSTRAINT info_requests_registration_complete CHECK ((registration_index IS NULL) = (registration_number IS NULL))');

  // The requester's timeline: statuses, departments, dates, plain notes; never staff names.
  await knex.schema.createTable('info_request_events', (t) => {
    t.bigIncrements('id');
    t.uuid('request_id').notNullable().references('info_requests.id').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('status').notNullable();
    t.integer('department_id').references('departments.id');
    t.text('note');
    // One row per event of the process: a retried worker's second insert is a no-op.
    t.text('event_key').notNullable();
    t.unique(['request_id', 'event_key']);
  });
  await knex.raw(`ALTER TABLE info_request_events ADD CONSTRAINT info_request_events_status_check CHECK (${inList('status', STATUSES)})`);

  // One branch per department the unit assigned (multi-instance in the diagram): what the requester
  // sees as "who is answering", and each department's part of the draft for the answer round.
  await knex.schema.createTable('info_request_branches', (t) => {
    t.bigIncrements('id');
    t.uuid('request_id').notNullable().references('info_requests.id').onDelete('CASCADE');
    t.integer('department_id').notNullable().references('departments.id');
    t.integer('round').notNullable().defaultTo(1);
    t.text('status').notNullable().defaultTo('assigned');
    t.text('draft_text');
    t.specificType('document_ids', 'uuid[]').notNullable().defaultTo('{}');
    t.integer('drafted_by').references('staff_users.id');
    t.timestamp('assigned_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('drafted_at', { useTz: true });
    t.unique(['request_id', 'department_id', 'round']);
  });
  await knex.raw("ALTER TABLE info_request_branches ADD CONSTRAINT info_request_branches_status_check CHECK (status IN ('assigned', 'drafted'))");

  // Files the requester attaches (a copy of an earlier answer, a document's details): the bytes live
  // in the content-addressed store; the original name may carry personal data, so it is kept for
  // staff only, never on the tracking view or in logs (as appeal_attachments).
  await knex.schema.createTable('info_request_attachments', (t) => {
    t.bigIncrements('id');
    t.uuid('request_id').notNullable().references('info_requests.id').onDelete('CASCADE');
    t.smallint('position').notNullable();
    t.text('sha256').notNullable();
    t.text('type').notNullable();
    t.bigInteger('size').notNullable();
    t.text('display_name');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['request_id', 'position']);
  });
  await knex.raw(`ALTER TABLE info_request_attachments ADD CONSTRAINT info_request_attachments_check CHECK (
    sha256 ~ '^[0-9a-f]{64}$' AND type IN ('application/pdf', 'image/tiff', 'image/jpeg', 'image/png')
    AND size >= 0 AND position BETWEEN 0 AND 4)`);

  const general = await knex('departments').where({ code: '01' }).first('id');
  await knex('case_files').insert({ index: '01-21', title_uk: 'Запити на публічну інформацію', department_id: general?.id ?? null });
  await knex('journals').insert({
    code: 'info-requests', name_uk: 'Журнал реєстрації запитів на публічну інформацію', name_en: 'Requests for public information', default_case_file_index: '01-21',
  });
  // Candidate groups of the new user tasks (lib/contracts.ts CandidateGroups).
  await knex('roles').insert([
    { code: 'info-officer', name_uk: 'Відповідальний за доступ до публічної інформації', name_en: 'Public-information officer', candidate_group: 'info-unit' },
    { code: 'lawyer', name_uk: 'Юрист', name_en: 'Lawyer', candidate_group: 'lawyers' },
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await knex('staff_user_roles').whereIn('role_code', ['info-officer', 'lawyer']).delete();
  await knex('roles').whereIn('code', ['info-officer', 'lawyer']).delete();
  await knex.schema.dropTableIfExists('info_request_attachments');
  await knex.schema.dropTableIfExists('info_request_branches');
  await knex.schema.dropTableIfExists('info_request_events');
  await knex.schema.dropTableIfExists('info_requests');
  await knex('journal_counters').where({ journal_code: 'info-requests' }).delete();
  await knex('journals').where({ code: 'info-requests' }).delete();
  await knex('case_files').where({ index: '01-21' }).delete();
}
