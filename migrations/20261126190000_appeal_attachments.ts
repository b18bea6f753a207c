// Files a citizen attaches to an appeal (Law 393/96-ВР Art. 5: copies of decisions, photos). The
// bytes live in the content-addressed file store; a row only names them. The original file name is
// kept for staff to recognise the file and may carry personal data (Law 2297-VI): it is never
// shown on the tracking view, never logged and never used to find the file.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('appeal_attachments', (t) => {
    t.bigIncrements('id');
    t.uuid('appeal_id').notNullable().references('appeals.id').onDelete('CASCADE');
    // Order as sent, so `files[i]` in an error and in the staff view mean the same file.
    t.smallint('position').notNullable();
    t.text('sha256').notNullable();
    t.text('type').notNullable();
    t.bigInteger('size').notNullable();
    t.text('display_name');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['appeal_id', 'position']);
  });
  await knex.raw(`ALTER TABLE appeal_attachments ADD CONSTRAINT appeal_attachments_check CHECK (
    sha256 ~ '^[0-9a-f]{64}$' AND type IN ('application/pdf', 'image/tiff', 'image/jpeg', 'image/png')
    AND size >= 0 AND position BETWEEN 0 AND 4)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('appeal_attachments');
}
