// The signed answers to citizens' appeals (Law 393/96-ВР Art. 15, 19; Law 2155-VIII): the text the
// head approved, its result, and the XML-DSig made with the approving head's personal certificate.
// One answer per appeal: a retried signing task finds it instead of signing twice.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('appeal_answers', (t) => {
    t.bigIncrements('id');
    t.uuid('appeal_id').notNullable().unique().references('appeals.id').onDelete('CASCADE');
    // satisfied | explained | refused (with its ground, Art. 15)
    t.text('result').notNullable();
    t.text('text').notNullable();
    t.text('refusal_ground');
    t.integer('signer_user_id').notNullable().references('staff_users.id');
    t.text('certificate_serial').notNullable().references('signing_certificates.serial');
    t.text('signed_xml').notNullable();
    t.timestamp('signed_at', { useTz: true }).notNullable();
  });
  await knex.raw(`ALTER TABLE appeal_answers ADD CONSTRAINT appeal_answers_result_check CHECK (
    result IN ('satisfied', 'explained', 'refused') AND (result <> 'refused' OR refusal_ground IS NOT NULL))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('appeal_answers');
}
