// The transactional outbox of notifications: a row is written in the same transaction as the state
// change it announces, so the message exists if and only if the change committed; lib/notifications/dispatcher.ts
// sends it later. One event, one message: the event key is unique, and a retried worker's second
// insert is a no-op.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox_messages', (t) => {
    t.bigIncrements('id');
    // What happened, e.g. `appeal:<id>:registered` or `<processInstanceId>:<activityId>`; ids only.
    t.text('event_key').notNullable().unique();
    t.text('channel').notNullable().defaultTo('email');
    // The address the citizen gave; personal data, so it stays in this table and never in logs.
    t.text('recipient').notNullable();
    t.text('template').notNullable();
    t.jsonb('params').notNullable().defaultTo('{}');
    t.text('state').notNullable().defaultTo('pending');
    // Attempts started, counted when a dispatcher claims the row (a crash mid-send counts too).
    t.integer('attempts').notNullable().defaultTo(0);
    // When the row may next be claimed: the retry backoff, and while a dispatcher holds it, its lease.
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.text('message_id');
  });
  await knex.raw(`ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_state_check CHECK (state IN ('pending', 'sent', 'failed'))`);
  await knex.raw(`ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_channel_check CHECK (channel IN ('email'))`);
  // The dispatcher's only query: due pending rows. Sent and failed rows stay out of the index.
  await knex.raw(`CREATE INDEX outbox_messages_due ON outbox_messages (next_attempt_at) WHERE state = 'pending'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('outbox_messages');
}
