// Search at a million documents (issue 3, p95 under 100 ms): the correspondent filter without a recheck.
//
// `correspondent ILIKE '%водоканал%'` was answered by the trigram index of document_search, which
// never answers exactly: every page it returns is rechecked, and a bitmap heap scan rechecks all the
// conditions of its bitmap, so `tsv @@ query` was evaluated again on each hit, reading its whole vector
// out of TOAST (~40 µs). With a word in the query that was 100-300 ms of 180-360.
// Correspondents repeat (organisations write again and again), so the filter is now resolved in two
// steps (lib/search/repository.ts): the substring is matched against the distinct names in
// `search_correspondents` (small, trigram-indexed), and document_search rows are taken by exact name
// through a btree index, which needs no recheck. Too many matching names (a common fragment of
// citizens' names) fall back to the old filter.
//
// Kept by a statement trigger on document_search, so document_search_refresh and every writer behind
// it need no change. Names are never removed (a stale one only costs an index probe that finds
// nothing). ENABLE ALWAYS: the search benchmark loads with session_replication_role = replica, which
// silences ordinary triggers, and still expects the application's own index.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- The database's own collation, not "C": ILIKE folds Cyrillic case only under a linguistic one.
    CREATE TABLE search_correspondents (name text PRIMARY KEY);
    CREATE INDEX search_correspondents_trgm ON search_correspondents USING gin (name gin_trgm_ops);
    CREATE INDEX document_search_correspondent ON document_search (correspondent);

    CREATE FUNCTION search_correspondents_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Sorted, like document_search_refresh writes its rows, so concurrent refreshes queue up instead of deadlocking.
      INSERT INTO search_correspondents (name)
      SELECT DISTINCT correspondent FROM new_rows ORDER BY 1
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;
    -- A trigger with transition tables takes one event; INSERT ... ON CONFLICT DO UPDATE fires both.
    CREATE TRIGGER document_search_correspondents_ins AFTER INSERT ON document_search
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_correspondents_add();
    CREATE TRIGGER document_search_correspondents_upd AFTER UPDATE ON document_search
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_correspondents_add();
    ALTER TABLE document_search ENABLE ALWAYS TRIGGER document_search_correspondents_ins;
    ALTER TABLE document_search ENABLE ALWAYS TRIGGER document_search_correspondents_upd;

    -- Documents indexed before this migration.
    INSERT INTO search_correspondents (name) SELECT DISTINCT correspondent FROM document_search;
    ANALYZE search_correspondents;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER IF EXISTS document_search_correspondents_ins ON document_search;
    DROP TRIGGER IF EXISTS document_search_correspondents_upd ON document_search;
    DROP FUNCTION IF EXISTS search_correspondents_add();
    DROP INDEX IF EXISTS document_search_correspondent;
    DROP TABLE IF EXISTS search_correspondents;
  `);
}
