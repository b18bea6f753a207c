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
