// Sign-in abuse (lib/staff/sign-in.ts): failure counters per account and per address, and the
// alerts an operator reads when one locks. In the database, not in a process's memory, so that the
// limits hold for every API process at once (DESIGN.md "Scale-out").
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_throttles', (t) => {
    // `account:<SHA-256 of the username as typed>` or `address:<IPv4, or the IPv6 /64>`: never the
    // typed username itself, which may be someone's password typed in the wrong box (Law 2297-VI).
    t.text('key').primary();
    t.text('kind').notNullable().checkIn(['account', 'address']);
    // Attempts counted and not yet forgiven by a success; reset after a quiet window.
    t.integer('failures').notNullable().defaultTo(0);
    t.timestamp('last_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // No attempt is checked before this moment (a growing delay, or the lock-out).
    t.timestamp('blocked_until', { useTz: true });
    t.index(['last_attempt_at']);
  });

  await knex.schema.createTable('security_alerts', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('kind').notNullable().checkIn(['account-locked', 'address-locked']);
    // The account when the username exists (an unknown one is throttled the same, with no user here).
    t.integer('staff_user_id').references('staff_users.id').onDelete('SET NULL');
    // Where the failures came from (the address key), for the operator who blocks it upstream.
    t.text('address');
    t.integer('failures').notNullable();
    t.timestamp('locked_until', { useTz: true }).notNullable();
    t.timestamp('acknowledged_at', { useTz: true });
    t.index(['at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('security_alerts');
  await knex.schema.dropTableIfExists('login_throttles');
}
