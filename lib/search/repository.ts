// Full-text search of documents over `document_search` (migrations/20261126140000_search.ts), the SQL
// behind GET /api/v1/documents/search and the search benchmark. The query language is in lib/search.
//
// Relevance, and what it costs at a million documents (bench/search.ts). Matching is cheap: the GIN
// index answers `tsv @@ query` exactly (our queries have no weights or phrases, so no recheck), and
// counting stops at COUNT_CAP. Ranking is what costs: ts_rank must read each hit's whole vector, out of
// line in TOAST (~40 µs a row). So:
//   - up to FULL_RANK_LIMIT hits: ts_rank over card and pages (card words weigh ten times page words)
//     plus the trigram word similarity of the query to the card;
//   - up to COUNT_CAP hits: ts_rank of the short card vector, for the newest RANK_LIMIT hits only
//     (the card vector is out of line too, ~10 µs a hit); older hits follow them newest first;
//   - above COUNT_CAP (a frequent word alone): newest first, walking the received_at index; the
//     answer says `orderedBy: "date"` so the form can suggest narrowing the query. When the planner
//     already expects more than ESTIMATE_SKIP hits, the hits are not even counted.
// The correspondent filter is resolved to exact names first (correspondentNames): a trigram bitmap
// would make PostgreSQL recheck `tsv @@ query` on every hit, out of TOAST.
// Counting and ranking share one pass over the hits (a CTE), because the GIN bitmap of a prefix that
// covers many word forms is the expensive part of matching.
// The planner does not know that `@@` on a TOASTed vector is expensive (~40 µs, not one operator's
// cost): left alone it scans a date range or a correspondent's trigram hits and filters them with
// `@@`, or scans the whole table for a frequent word. The search migration raises the declared cost of
// the match function where it may (superuser); in any case search statements with a query run with
// enable_seqscan off and without parallel workers.
import type { Knex } from 'knex';
import type { Queryable } from '../db.ts';
import { buildTsQuery, headlineOptions, lightStem, markedToHtml, MARK_START, parseSearchQuery } from './index.ts';
import type { StaffUser } from '../staff/repository.ts';

export const COUNT_CAP = 10000;
/** Hit lists up to this size are ranked on the whole index; larger ones on the card only. */
export const FULL_RANK_LIMIT = 200;
/**
 * At most this many hits, the newest, are ordered by relevance; older hits follow them newest first
 * (the answer's `rankedHits` says how many were ranked). Reading a hit's card vector costs ~10 µs at
 * a million documents (an index lookup, in TOAST or in any other table), so ranking all 10,000 took
 * up to 100 ms.
 */
export const RANK_LIMIT = 2000;
/** The deepest result a page may reach: beyond it, refine the query. */
export const MAX_RESULT_OFFSET = 10000;
/**
 * Above this estimate the hits are not counted: newest first at once, the total an estimate. Counting
 * a list the planner already expects to exceed COUNT_CAP built the whole GIN bitmap (a frequent word
 * within a date range: 400,000 entries, ~150 ms) only to fall back to newest first; the price is that
 * a list the planner overestimates is shown newest first, with its estimate as the total.
 */
export const ESTIMATE_SKIP = COUNT_CAP;
/** A correspondent fragment matching more distinct names than this is filtered by ILIKE row by row. */
export const MAX_CORRESPONDENT_NAMES = 1000;
/**
 * Trigram similarity a correction needs. One wrong letter in a six-letter word (ремнту/ремонт) is
 * about 0.27, below pg_trgm's default 0.3; much lower lets unrelated words in.
 */
export const MIN_SIMILARITY = 0.25;
/** Corrections are first looked for among words starting with the same letters (findCorrections). */
export const ANCHOR_LETTERS = 2;
/** A correction that similar among them ends the search: one wrong letter in a word of 6+ letters. */
export const ANCHORED_ENOUGH = 0.4;

export interface SearchFilters {
  q?: string;
  journal?: string;
  /** Department code (departments.code). */
  department?: string;
  /** Kyiv calendar dates, inclusive, of receipt. */
  from?: string;
  to?: string;
  status?: string;
  /** Part of the correspondent's name, any case. */
  correspondent?: string;
}

export interface SearchPage {
  page: number;
  pageSize: number;
}

export interface SearchHit {
  id: string;
  kind: string;
  status: string;
  journal: string | null;
  registrationIndex: string | null;
  receivedAt: string;
  department: { code: string; name: string } | null;
  correspondent: string;
  theirNumber: string | null;
  summary: string;
  score: number;
  /** Safe HTML: escaped text with the matches in <mark>. */
  highlights: { correspondent: string; summary: string; pages: string | null };
}

export interface SearchResult {
  items: SearchHit[];
  total: number;
  /** True when `total` is the planner's estimate (more than COUNT_CAP hits). */
  totalIsEstimate: boolean;
  /** `relevance`, or `date` (newest first) when there is no query or too many hits to rank. */
  orderedBy: 'relevance' | 'date';
  /** How many hits, the newest, are in relevance order (at most RANK_LIMIT); the rest follow newest first. */
  rankedHits: number;
  page: number;
  pageSize: number;
}

interface Fragment {
  sql: string;
  bindings: Knex.RawBinding[];
}

/**
 * The one place that decides which documents a user may find. Every staff member sees every document
 * for now; narrowing it (by department, by executor, by restricted marks, Law 2297-VI) happens here.
 */
export function visibleDocuments(user: StaffUser, alias = 's'): Fragment {
  void user;
  void alias;
  return { sql: 'TRUE', bindings: [] };
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Words of the query whose stem matches nothing indexed, with up to three card words near them. The
 * existence checks come first and are cheap (a btree range on the card vocabulary, then the GIN index
 * for a word found only in pages); the nearest-word search runs only for what is left.
 *
 * The nearest words are first looked for among the words with the same first ANCHOR_LETTERS letters
 * (a btree range of a few thousand words, ~1-5 ms); only when none of them reaches ANCHORED_ENOUGH is
 * the whole vocabulary searched by trigram distance (the GiST nearest-neighbour walk over ~250,000
 * words at a million documents costs 50-190 ms). A misspelling after the first two letters is thus
 * corrected by the closest words that start like it (a closer word starting otherwise is not
 * offered); one in the first two letters still is corrected when nothing starting like it is close.
 */
export async function findCorrections(q: Queryable, terms: Array<{ word: string; stem: string }>): Promise<Map<string, string[]>> {
  const corrections = new Map<string, string[]>();
  if (terms.length === 0) return corrections;
  // The stem is looked up as a range, not LIKE: a pattern from a column cannot use the index.
  const { rows } = await q.raw(`
    WITH unknown AS MATERIALIZED (
      SELECT t.word FROM unnest(?::text[], ?::text[]) AS t(word, stem)
       WHERE NOT EXISTS (SELECT 1 FROM search_words k WHERE k.word >= t.stem AND k.word < t.stem || chr(1114111))
         AND NOT EXISTS (SELECT 1 FROM document_search s WHERE s.tsv @@ (quote_literal(t.stem) || ':*')::tsquery)
    ), anchored AS MATERIALIZED (
      SELECT u.word, c.word AS correction, c.sim
        FROM unknown u
        CROSS JOIN LATERAL (
          SELECT w.word, similarity(w.word, u.word) AS sim FROM search_words w
           WHERE w.word >= left(u.word, ${ANCHOR_LETTERS}) AND w.word < left(u.word, ${ANCHOR_LETTERS}) || chr(1114111)
           ORDER BY sim DESC, w.word
           LIMIT 3) c
    ), settled AS (
      SELECT word FROM anchored GROUP BY word HAVING max(sim) >= ?
    )
    SELECT word, correction, sim FROM anchored
     WHERE word IN (SELECT word FROM settled) AND sim >= ?
    UNION ALL
    SELECT u.word, c.word, c.sim
      FROM unknown u
      CROSS JOIN LATERAL (
        SELECT w.word, similarity(w.word, u.word) AS sim FROM search_words w
         ORDER BY w.word <-> u.word
         LIMIT 3) c
     WHERE u.word NOT IN (SELECT word FROM settled) AND c.sim >= ?
     ORDER BY 1, 3 DESC, 2`,
  [terms.map((t) => t.word), terms.map((t) => t.stem), ANCHORED_ENOUGH, MIN_SIMILARITY, MIN_SIMILARITY]);
  for (const row of rows as Array<{ word: string; correction: string }>) {
    const list = corrections.get(row.word) ?? [];
    list.push(row.correction);
    corrections.set(row.word, list);
  }
  return corrections;
}

/** The tsquery text for what was typed, corrections included; undefined when nothing is searchable. */
export async function prepareQuery(q: Queryable, text: string | undefined): Promise<{ tsquery: string; text: string } | undefined> {
  if (!text) return undefined;
  const parsed = parseSearchQuery(text);
  const fuzzy = parsed.terms.filter((t) => t.fuzzy).map((t) => ({ word: t.word, stem: lightStem(t.word) }));
  const tsquery = buildTsQuery(parsed.terms, await findCorrections(q, fuzzy));
  return tsquery === undefined ? undefined : { tsquery, text: parsed.text };
}

/**
 * The distinct correspondent names containing the fragment (search_correspondents, migration
 * 20261126230000), so that document_search rows are taken by exact name through a btree index: the
 * trigram index on the rows themselves is never exact, and the recheck of its pages evaluated the
 * text match again on every hit, out of TOAST. Undefined when too many names match.
 */
async function correspondentNames(q: Queryable, fragment: string): Promise<string[] | undefined> {
  const { rows } = await q.raw(`SELECT name FROM search_correspondents WHERE name ILIKE ? ESCAPE '\\' LIMIT ${MAX_CORRESPONDENT_NAMES + 1}`,
    [`%${likeEscape(fragment)}%`]);
  const names = (rows as Array<{ name: string }>).map((r) => r.name);
  return names.length > MAX_CORRESPONDENT_NAMES ? undefined : names;
}

function whereClause(user: StaffUser, filters: SearchFilters, query: { tsquery: string } | undefined, names: string[] | undefined): Fragment {
  const parts: string[] = [];
  const bindings: Knex.RawBinding[] = [];
  const add = (sql: string, ...values: Knex.RawBinding[]) => { parts.push(sql); bindings.push(...values); };
  const visible = visibleDocuments(user);
  add(visible.sql, ...visible.bindings);
  if (query) add('s.tsv @@ ?::tsquery', query.tsquery);
  if (filters.journal) add('s.journal = ?', filters.journal);
  if (filters.status) add('s.status = ?', filters.status);
  if (filters.department) add('s.department_id = (SELECT id FROM departments WHERE code = ?)', filters.department);
  // Whole days in Kyiv, whatever the server's time zone.
  if (filters.from) add(`s.received_at >= (?::date)::timestamp AT TIME ZONE 'Europe/Kyiv'`, filters.from);
  if (filters.to) add(`s.received_at < (?::date + 1)::timestamp AT TIME ZONE 'Europe/Kyiv'`, filters.to);
  if (filters.correspondent && names) add('s.correspondent = ANY(?::text[])', names);
  else if (filters.correspondent) add(`s.correspondent ILIKE ? ESCAPE '\\'`, `%${likeEscape(filters.correspondent)}%`);
  return { sql: parts.join(' AND '), bindings };
}

/** Runs `work` with sequential scans off (see the top of this file), restoring the settings after. */
async function withoutSeqScan<T>(q: Queryable, off: boolean, work: (tx: Queryable) => Promise<T>): Promise<T> {
  if (!off) return work(q);
  return q.transaction(async (tx) => {
    // Parallel workers too: on a few cores they only make a walk along received_at fetch ahead.
    const { rows: [before] } = await tx.raw(`
      SELECT current_setting('enable_seqscan') AS seqscan, current_setting('max_parallel_workers_per_gather') AS parallel,
             set_config('enable_seqscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`);
    const value = await work(tx);
    const { seqscan, parallel } = before as { seqscan: string; parallel: string };
    await tx.raw(`SELECT set_config('enable_seqscan', ?, true), set_config('max_parallel_workers_per_gather', ?, true)`, [seqscan, parallel]);
    return value;
  });
}

/** The planner's estimate of the hits. */
async function estimateHits(q: Queryable, where: Fragment): Promise<number> {
  const { rows: plan } = await q.raw(`EXPLAIN (FORMAT JSON) SELECT 1 FROM document_search s WHERE ${where.sql}`, where.bindings);
  return Math.round(Number((plan[0] as { 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> })['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0));
}

/** Counts up to COUNT_CAP; above it, the planner's estimate. */
async function countHits(q: Queryable, where: Fragment): Promise<{ total: number; estimate: boolean }> {
  const { rows } = await q.raw(`SELECT count(*)::int AS n FROM (SELECT 1 FROM document_search s WHERE ${where.sql} LIMIT ${COUNT_CAP + 1}) x`, where.bindings);
  const counted = (rows[0] as { n: number }).n;
  if (counted <= COUNT_CAP) return { total: counted, estimate: false };
  return { total: Math.max(COUNT_CAP + 1, await estimateHits(q, where)), estimate: true };
}

export async function searchDocuments(q: Queryable, user: StaffUser, filters: SearchFilters, paging: SearchPage): Promise<SearchResult> {
  const query = await prepareQuery(q, filters.q);
  const names = filters.correspondent ? await correspondentNames(q, filters.correspondent) : undefined;
  const where = whereClause(user, filters, query, names);
  const offset = (paging.page - 1) * paging.pageSize;
  const { total, estimate, ranked } = await withoutSeqScan(q, query !== undefined, async (tx) => {
    // A word in most documents: the planner's estimate (from the lexeme statistics) says so at the
    // cost of planning, and the hits need neither counting nor ranking.
    const likely = query ? await estimateHits(tx, where) : 0;
    if (query && likely <= ESTIMATE_SKIP) {
      // Counting and ranking in one pass over the hits: building the GIN bitmap of a prefix that
      // covers many word forms is the expensive step, and it is done once.
      const { rows } = await tx.raw(`
        WITH hits AS MATERIALIZED (
          SELECT s.document_id, s.received_at, s.card_tsv, s.card FROM document_search s
           WHERE ${where.sql} LIMIT ${COUNT_CAP + 1}
        ), counted AS (SELECT count(*)::int AS n FROM hits)
        SELECT counted.n, r.document_id, r.score
          FROM counted
          LEFT JOIN LATERAL (
            SELECT h.document_id, h.received_at, h.ranked,
                   (CASE WHEN NOT h.ranked THEN 0
                         WHEN counted.n <= ${FULL_RANK_LIMIT}
                         THEN ts_rank((SELECT x.tsv FROM document_search x WHERE x.document_id = h.document_id), ?::tsquery)
                              + word_similarity(?, h.card)
                         ELSE ts_rank(h.card_tsv, ?::tsquery) END)::float8 AS score
              FROM (SELECT hits.*, row_number() OVER (ORDER BY hits.received_at DESC, hits.document_id) <= ${RANK_LIMIT} AS ranked
                      FROM hits) h
             WHERE counted.n <= ${COUNT_CAP}
             ORDER BY h.ranked DESC, score DESC, h.received_at DESC, h.document_id
             LIMIT ? OFFSET ?) r ON true
         ORDER BY r.ranked DESC, r.score DESC, r.received_at DESC, r.document_id`,
      [...where.bindings, query.tsquery, query.text, query.tsquery, paging.pageSize, offset]);
      const n = (rows[0] as { n: number }).n;
      if (n <= COUNT_CAP) {
        return { total: n, estimate: false, ranked: (rows as Array<{ document_id: string | null; score: number }>).filter((r) => r.document_id !== null) as Array<{ document_id: string; score: number }> };
      }
    }
    // No query, or too many hits to rank: newest first.
    const counted = query ? { total: Math.max(COUNT_CAP + 1, likely), estimate: true } : await countHits(tx, where);
    if (offset >= counted.total) return { ...counted, ranked: [] };
    const { rows } = await tx.raw(`
      SELECT s.document_id, 0::float8 AS score
        FROM document_search s
       WHERE ${where.sql}
       ORDER BY s.received_at DESC, s.document_id
       LIMIT ? OFFSET ?`, [...where.bindings, paging.pageSize, offset]);
    return { ...counted, ranked: rows as Array<{ document_id: string; score: number }> };
  });
  const result: SearchResult = {
    items: [], total, totalIsEstimate: estimate, orderedBy: query && total <= COUNT_CAP ? 'relevance' : 'date',
    rankedHits: query && total <= COUNT_CAP ? Math.min(total, RANK_LIMIT) : 0,
    page: paging.page, pageSize: paging.pageSize,
  };
  const ids = ranked.map((r) => r.document_id);
  if (ids.length === 0) return result;

  // Snippets for this page only: ts_headline parses the text again, so never for the whole hit list.
  // ё is folded like the index folds it, or a word typed with е would not be marked.
  const fold = (column: string) => `translate(${column}, 'Ёё', 'Ее')`;
  const short = headlineOptions({ maxWords: 60, minWords: 30, maxFragments: 0 }).replace('HighlightAll=false', 'HighlightAll=true');
  const pages = headlineOptions({ maxWords: 20, minWords: 8, maxFragments: 2 });
  const tsq = query?.tsquery ?? '';
  const headline = (text: string, options: string) => query
    ? { sql: `ts_headline('simple', ${fold(text)}, ?::tsquery, ?)`, bindings: [tsq, options] }
    : { sql: text, bindings: [] };
  const hCorrespondent = headline('d.correspondent', short);
  const hSummary = headline('d.summary', short);
  const hPages = query ? headline('document_search_pages_text(d.id)', pages) : { sql: 'NULL', bindings: [] };
  const { rows } = await q.raw(`
    SELECT d.id, d.kind, d.status, d.correspondent, d.their_number, d.summary, d.received_at,
           s.journal, s.registration_index, dep.code AS department_code, dep.name_uk AS department_name,
           ${hCorrespondent.sql} AS h_correspondent, ${hSummary.sql} AS h_summary, ${hPages.sql} AS h_pages
      FROM documents d
      JOIN document_search s ON s.document_id = d.id
      LEFT JOIN departments dep ON dep.id = s.department_id
     WHERE d.id = ANY(?::uuid[])`,
  [...hCorrespondent.bindings, ...hSummary.bindings, ...hPages.bindings, ids]);
  const byId = new Map((rows as Array<Record<string, unknown>>).map((r) => [r.id as string, r]));
  for (const { document_id: id, score } of ranked) {
    const row = byId.get(id);
    if (!row) continue; // deleted between the two statements
    const pagesMarked = row.h_pages as string | null;
    result.items.push({
      id,
      kind: row.kind as string,
      status: row.status as string,
      journal: (row.journal as string | null) ?? null,
      registrationIndex: (row.registration_index as string | null) ?? null,
      receivedAt: (row.received_at as Date).toISOString(),
      department: row.department_code ? { code: row.department_code as string, name: row.department_name as string } : null,
      correspondent: row.correspondent as string,
      theirNumber: (row.their_number as string | null) || null,
      summary: row.summary as string,
      score: Number(score),
      highlights: {
        correspondent: markedToHtml(row.h_correspondent as string),
        summary: markedToHtml(row.h_summary as string),
        // Pages without a match would only show their first words.
        pages: pagesMarked && pagesMarked.includes(MARK_START) ? markedToHtml(pagesMarked) : null,
      },
    });
  }
  return result;
}
