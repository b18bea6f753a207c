// Full-text search of documents: one row per document in `document_search`, kept by triggers on
// documents, registrations and (when it exists) document_pages, so no writer has to remember it.
//
// The index: `tsv` holds the card (registration index, their number, correspondent, summary; weight A)
// and the OCR text of the pages (weight D) in the `simple` configuration after `search_normalize`
// (lower case, apostrophes dropped, ё → е): exact word forms of any language, because PostgreSQL has
// no Ukrainian stemmer; inflection and misspellings are handled on the query side (lib/search/query.ts)
// by prefix matching of light stems, and by pg_trgm over `search_words`, the vocabulary of the index.
// `card_tsv` and `card` repeat the short card part so that ranking a large hit list reads a few
// hundred bytes per row instead of the whole (TOASTed) `tsv`.
//
// Limits: the pages' text is indexed up to PAGES_TEXT_LIMIT characters per document (a tsvector holds
// at most 1 MB, and an error here would fail the writer's transaction); a document_pages table created
// by a later migration gets no trigger (re-run `document_search_install_pages_triggers()`).
import type { Knex } from 'knex';

const PAGES_TEXT_LIMIT = 200000;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');

  await knex.raw(`
    CREATE FUNCTION search_normalize(t text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN translate(lower(coalesce(t, '')), 'ё''’ʼ‘\`', 'е');

    CREATE TABLE document_search (
      document_id uuid PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
      kind text NOT NULL,
      journal text,
      registration_index text,
      department_id integer,
      status text NOT NULL,
      received_at timestamptz NOT NULL,
      correspondent text NOT NULL,
      card text NOT NULL,
      card_tsv tsvector NOT NULL,
      tsv tsvector NOT NULL
    );
    -- Keep heap rows small: the large tsv lives out of line, so scanning many hits stays cheap.
    ALTER TABLE document_search SET (toast_tuple_target = 256);
    CREATE INDEX document_search_tsv ON document_search USING gin (tsv);
    CREATE INDEX document_search_received_at ON document_search (received_at DESC);
    CREATE INDEX document_search_correspondent_trgm ON document_search USING gin (correspondent gin_trgm_ops);

    -- The words of the cards (letters only, four or more), for correcting misspelt query words by
    -- trigram similarity. Cards only: they are typed by people, while recognised pages bring OCR debris
    -- (a million junk words at a million documents) that would be poor corrections and slow to search.
    -- Words are never removed: a stale one only widens a correction that finds nothing.
    -- GiST rather than GIN: it returns the nearest words directly (ORDER BY <->), with no threshold.
    CREATE TABLE search_words (word text COLLATE "C" PRIMARY KEY);
    CREATE INDEX search_words_trgm ON search_words USING gist (word gist_trgm_ops);
  `);

  // The planner prices `tsv @@ query` at one operator (cpu_operator_cost, a few nanoseconds) while a
  // vector out of line in TOAST takes ~30-40 µs to read and match (about 5000 operators); so it filters a date range or a correspondent's
  // rows with `@@` instead of using the GIN index (a second at a million documents). Declaring the
  // real cost fixes its choice. Only a superuser may change a built-in function (the embedded server's
  // user is one); elsewhere this is skipped and the search runs with enable_seqscan off alone. The
  // setting lives in this database's catalog: a dump and restore drops it (re-run the statement).
  await knex.raw(`
    DO $$ BEGIN
      ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) COST 5000;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'ts_match_vq keeps its default cost: only a superuser may change it';
    END $$`);

  const pages = await knex.schema.hasTable('document_pages');
  if (pages && !(await knex.schema.hasColumn('document_pages', 'text'))) {
    throw new Error('document_pages exists without a "text" column: the search index does not know where the OCR text is');
  }
  await knex.raw(pages
    ? `CREATE FUNCTION document_search_pages_text(doc uuid) RETURNS text LANGUAGE sql STABLE
         RETURN (SELECT left(coalesce(string_agg(p.text, E'\\n' ORDER BY p.page_no), ''), ${PAGES_TEXT_LIMIT})
                   FROM document_pages p WHERE p.document_id = doc)`
    : `CREATE FUNCTION document_search_pages_text(doc uuid) RETURNS text LANGUAGE sql STABLE RETURN ''`);

  await knex.raw(`
    -- Recomputes the rows of these documents and adds their new words to the vocabulary. The
    -- documents' rows are locked first, as registration and every writer of documents lock them, so a
    -- refresh fired by pages (OCR) and one fired by a registration of the same document queue up
    -- instead of deadlocking; rows and words are then written in sorted order for the same reason.
    CREATE FUNCTION document_search_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
      SELECT 1 FROM documents WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
      WITH src AS (
        SELECT d.id, d.kind, d.status, d.received_at, d.correspondent, r.journal_code, r.registration_index,
               -- The department that keeps the case file; before registration, the receiving one.
               coalesce(cf.department_id, u.department_id) AS department_id,
               concat_ws(' ', r.registration_index, d.their_number, d.correspondent, d.summary) AS card,
               document_search_pages_text(d.id) AS pages
          FROM documents d
          LEFT JOIN LATERAL (
            SELECT x.journal_code, x.registration_index, x.case_file_index FROM registrations x
             WHERE x.document_id = d.id ORDER BY x.registered_at DESC, x.id DESC LIMIT 1) r ON true
          LEFT JOIN case_files cf ON cf.index = r.case_file_index
          LEFT JOIN staff_users u ON u.id = d.created_by
         WHERE d.id = ANY(ids)
         ORDER BY d.id
      ), vectors AS (
        SELECT src.*, to_tsvector('simple', search_normalize(src.card)) AS card_tsv,
               to_tsvector('simple', search_normalize(src.pages)) AS pages_tsv
          FROM src
      ), upserted AS (
        INSERT INTO document_search AS s (document_id, kind, journal, registration_index, department_id, status,
                                          received_at, correspondent, card, card_tsv, tsv)
        SELECT id, kind, journal_code, registration_index, department_id, status, received_at, correspondent,
               search_normalize(card), setweight(card_tsv, 'A'), setweight(card_tsv, 'A') || setweight(pages_tsv, 'D')
          FROM vectors
        ON CONFLICT (document_id) DO UPDATE SET
          kind = EXCLUDED.kind, journal = EXCLUDED.journal, registration_index = EXCLUDED.registration_index,
          department_id = EXCLUDED.department_id, status = EXCLUDED.status, received_at = EXCLUDED.received_at,
          correspondent = EXCLUDED.correspondent, card = EXCLUDED.card, card_tsv = EXCLUDED.card_tsv, tsv = EXCLUDED.tsv
        RETURNING s.card_tsv
      )
      INSERT INTO search_words (word)
      SELECT DISTINCT w FROM upserted, unnest(tsvector_to_array(upserted.card_tsv)) AS w
       WHERE length(w) >= 4 AND w ~ '^[[:alpha:]]+$'
       ORDER BY w
      ON CONFLICT DO NOTHING;
    $$;

    -- One statement trigger function for every source table: TG_ARGV[0] names the document id column.
    -- Statement level with transition tables, so a multi-row insert (all pages of a scan) refreshes
    -- each document once.
    CREATE FUNCTION document_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      ids uuid[];
    BEGIN
      IF TG_OP = 'DELETE' THEN
        EXECUTE format('SELECT array_agg(DISTINCT %I) FROM old_rows', TG_ARGV[0]) INTO ids;
      ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE format('SELECT array_agg(DISTINCT id) FROM (SELECT %1$I AS id FROM new_rows UNION SELECT %1$I FROM old_rows) x', TG_ARGV[0]) INTO ids;
      ELSE
        EXECUTE format('SELECT array_agg(DISTINCT %I) FROM new_rows', TG_ARGV[0]) INTO ids;
      END IF;
      IF ids IS NOT NULL THEN
        PERFORM document_search_refresh(ids);
      END IF;
      RETURN NULL;
    END $$;

    -- Installs the three statement triggers (insert, update, delete) on a table with a document id column.
    CREATE FUNCTION document_search_install_triggers(tbl regclass, id_column text) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      name text := replace(tbl::text, '"', '');
    BEGIN
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION document_search_touch(%L)',
                     name || '_search_ins', tbl, id_column);
      EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION document_search_touch(%L)',
                     name || '_search_upd', tbl, id_column);
      IF id_column <> 'id' THEN
        -- A deleted document takes its row along (ON DELETE CASCADE); a deleted page or registration changes it.
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION document_search_touch(%L)',
                       name || '_search_del', tbl, id_column);
      END IF;
    END $$;

    SELECT document_search_install_triggers('documents', 'id');
    SELECT document_search_install_triggers('registrations', 'document_id');
  `);
  if (pages) await knex.raw(`SELECT document_search_install_triggers('document_pages', 'document_id')`);

  // Documents received before this migration.
  await knex.raw('SELECT document_search_refresh(ARRAY(SELECT id FROM documents))');
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['documents', 'registrations', 'document_pages']) {
    if (!(await knex.schema.hasTable(table))) continue;
    for (const suffix of ['ins', 'upd', 'del']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_search_${suffix} ON ${table}`);
  }
  await knex.raw(`
    DROP FUNCTION IF EXISTS document_search_install_triggers(regclass, text);
    DROP FUNCTION IF EXISTS document_search_touch();
    DROP FUNCTION IF EXISTS document_search_refresh(uuid[]);
    DROP FUNCTION IF EXISTS document_search_pages_text(uuid);
    DROP TABLE IF EXISTS search_words;
    DROP TABLE IF EXISTS document_search;
    DROP FUNCTION IF EXISTS search_normalize(text);
  `);
  await knex.raw(`
    DO $$ BEGIN
      ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) COST 1;
    EXCEPTION WHEN insufficient_privilege THEN NULL;
    END $$`);
  // pg_trgm stays: other objects may use it by now.
}
