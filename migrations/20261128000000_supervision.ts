// Supervision of the running processes (lib/supervision/): each API, workers and launcher process
// has a row of its own with a heartbeat; each of its components (a worker's poll per topic, the mail
// dispatcher, the process starter) records when it last did its work; the launcher records the
// children it restarts. Claims on the two outboxes now name their holder (claimed_by), so the claims
// of a process known dead are handed back at once instead of after their lease.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('runtime_processes', (t) => {
    // `<role>:<host>:<pid>:<random>`: a pid is reused, the random part is not.
    t.text('id').primary();
    t.text('role').notNullable();
    t.integer('pid').notNullable();
    t.text('host').notNullable();
    // Database time throughout: the ages compared on this table never mix two machines' clocks.
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('beat_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // A clean stop; or taken for dead by another process (heartbeat stale, pid gone on its host).
    t.timestamp('stopped_at', { useTz: true });
    t.timestamp('dead_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE runtime_processes ADD CONSTRAINT runtime_processes_role_check CHECK (role IN ('api', 'workers', 'launcher'))`);

  await knex.schema.createTable('runtime_heartbeats', (t) => {
    t.text('process_id').notNullable().references('runtime_processes.id').onDelete('CASCADE');
    // 'poll' (one row per topic), 'mail' (the dispatcher's pass), 'process-start' (the starter's pass).
    t.text('component').notNullable();
    t.text('topic').notNullable().defaultTo('');
    t.timestamp('beat_at', { useTz: true }).notNullable();
    t.primary(['process_id', 'component', 'topic']);
  });

  await knex.schema.createTable('launcher_children', (t) => {
    t.text('launcher_id').notNullable().references('runtime_processes.id').onDelete('CASCADE');
    t.text('name').notNullable();
    // running · restarting (exited without being asked, restart pending) · stopped (on purpose)
    t.text('state').notNullable();
    t.integer('pid');
    t.integer('restarts').notNullable().defaultTo(0);
    // e.g. "signal SIGKILL" or "code 1"
    t.text('last_exit');
    t.timestamp('last_exit_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['launcher_id', 'name']);
  });
  await knex.raw(`ALTER TABLE launcher_children ADD CONSTRAINT launcher_children_state_check CHECK (state IN ('running', 'restarting', 'stopped'))`);

  // No foreign key: a claim outlives the record of its holder when old records are cleaned up.
  await knex.schema.alterTable('outbox_messages', (t) => { t.text('claimed_by'); });
  await knex.schema.alterTable('process_links', (t) => { t.text('claimed_by'); });
  // The release of a dead holder's claims looks rows up by holder, among pending ones only.
  await knex.raw(`CREATE INDEX outbox_messages_claimed_by ON outbox_messages (claimed_by) WHERE state = 'pending' AND claimed_by IS NOT NULL`);
  await knex.raw(`CREATE INDEX process_links_claimed_by ON process_links (claimed_by) WHERE state = 'pending' AND claimed_by IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS process_links_claimed_by');
  await knex.raw('DROP INDEX IF EXISTS outbox_messages_claimed_by');
  await knex.schema.alterTable('process_links', (t) => { t.dropColumn('claimed_by'); });
  await knex.schema.alterTable('outbox_messages', (t) => { t.dropColumn('claimed_by'); });
  await knex.schema.dropTableIfExists('launcher_children');
  await knex.schema.dropTableIfExists('runtime_heartbeats');
  await knex.schema.dropTableIfExists('runtime_processes');
}
