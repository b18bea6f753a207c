// One knex factory for every process; callers own the instance and destroy it on shutdown.
import knex, { type Knex } from 'knex';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Knex;
export type Tx = Knex.Transaction;
/** A repository method takes either the pool or an open transaction. */
export type Queryable = Knex | Knex.Transaction;

export function createDb(connectionString: string, poolMax = 10): Db {
  return knex({
    client: 'pg',
    connection: { connectionString, application_name: path.basename(process.argv[1] ?? 'hromada') },
    pool: { min: 0, max: poolMax },
  });
}

export const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = await db.migrate.latest({ directory: migrationsDir, loadExtensions: ['.ts'] });
  return applied as string[];
}

/**
 * Runs a `SELECT … FOR UPDATE` inside `trx`, waiting at most `timeoutMs` for a row lock someone else
 * holds; resolves with its rows, or undefined when the wait ran out. A savepoint keeps the
 * transaction usable after the timeout, and the timeout ends with the statement.
 */
export async function lockRowsWithin<T = Record<string, unknown>>(trx: Tx, sql: string, bindings: readonly unknown[], timeoutMs: number): Promise<T[] | undefined> {
  await trx.raw('SAVEPOINT lock_rows_within');
  try {
    await trx.raw(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
    const { rows } = await trx.raw(sql, bindings as never);
    await trx.raw('SET LOCAL lock_timeout = DEFAULT');
    await trx.raw('RELEASE SAVEPOINT lock_rows_within');
    return rows as T[];
  } catch (error) {
    await trx.raw('ROLLBACK TO SAVEPOINT lock_rows_within');
    // lock_not_available: someone held the row longer than we wait.
    if ((error as { code?: string }).code === '55P03') return undefined;
    throw error;
  }
}
