// `npm run bench:search`: full-text search at scale. Starts only PostgreSQL (embedded, throwaway data
// folder under the system temp directory, removed afterwards) and the migrations, generates
// BENCH_SEARCH_N documents (default 1,000,000; bench/search-data.ts, seed BENCH_SEARCH_SEED), builds
// the search indexes after loading, then runs a mix of queries through searchDocuments (the function
// behind GET /api/v1/documents/search) one at a time and prints p50/p95 per kind, beside PostgreSQL's
// own time for the same statements (EXPLAIN ANALYZE: planning + execution, summed over the statements
// one search makes).
// Environment: BENCH_SEARCH_N, BENCH_SEARCH_SEED (default 7), BENCH_SEARCH_REPEAT (queries per kind,
// default 40), HROMADA_BENCH_PG_PORT, HROMADA_KEEP_TEST_DATA=1 keeps the data folder.
// BENCH_SEARCH_KEEP=<dir>: the data folder is <dir> and is kept; when it already holds a loaded corpus
// (a previous run's), loading is skipped and only new migrations run on it, so one query change costs
// minutes, not the 20-40 minutes of generating and indexing a million documents again.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, migrateLatest, type Db } from '../lib/db.ts';
import { searchDocuments, type SearchFilters } from '../lib/search/repository.ts';
import type { StaffUser } from '../lib/staff/repository.ts';
import { startDatabase, type Database } from '../scripts/stack/postgres.ts';
import { profile as makeProfile } from '../scripts/stack/profiles.ts';
import { loadOrCreateSecrets } from '../scripts/stack/secrets.ts';
import { root } from '../scripts/stack/stack.ts';
import { generateSearchData, prng, RU_LEXICON, START, SPAN_MS, STREETS, SURNAMES_UK, UK_LEXICON, UK_LEXEMES } from './search-data.ts';

const N = Number(process.env.BENCH_SEARCH_N ?? 1_000_000);
const SEED = Number(process.env.BENCH_SEARCH_SEED ?? 7);
const REPEAT = Number(process.env.BENCH_SEARCH_REPEAT ?? 40);
const say = (line: string) => console.log(`  [search-bench] ${line}`);

// A server tuned as one would tune any server holding a million documents; the defaults of initdb
// (128 MB of shared buffers) are for a laptop's test database.
const SERVER_SETTINGS: Record<string, string> = {
  shared_buffers: '4GB',
  effective_cache_size: '12GB',
  work_mem: '32MB',
  maintenance_work_mem: '2GB',
  max_wal_size: '16GB',
  checkpoint_timeout: '30min',
  random_page_cost: '1.1',
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const benchUser: StaffUser = { id: 0, username: 'bench', fullName: 'Bench', roles: ['clerk'], groups: ['clerks'], department: null };

interface QueryCase { kind: string; filters: SearchFilters; page?: number }

/** The query mix, deterministic: every kind REPEAT times with different words, numbers and dates. */
function queryMix(): QueryCase[] {
  const r = prng(SEED + 1);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const form = (lexemes: string[][], from: number, to: number) => pick(lexemes[from + Math.floor(r() * (to - from))]!);
  const real = (lex: { lexemes: string[][]; realRanks: number[] }, from: number, to: number) =>
    pick(lex.lexemes[lex.realRanks[from + Math.floor(r() * (Math.min(to, lex.realRanks.length) - from))]!]!);
  const tail = (lex: { lexemes: string[][] }) => form(lex.lexemes, 5000, lex.lexemes.length);
  const day = (offsetDays: number) => new Date(START + offsetDays * 86400000).toISOString().slice(0, 10);
  const anyDay = () => Math.floor(r() * (SPAN_MS / 86400000 - 31));
  const misspell = (w: string) => {
    const i = 2 + Math.floor(r() * (w.length - 4));
    return w.slice(0, i) + pick(['о', 'а', 'и', 'е', 'і']) + w.slice(i + 1);
  };
  const cases: QueryCase[] = [];
  for (let k = 0; k < REPEAT; k++) {
    const number = 1 + Math.floor(r() * N * 0.9);
    const from = anyDay();
    cases.push(
      { kind: 'frequent word', filters: { q: real(UK_LEXICON, 0, 5) } },
      { kind: 'medium word', filters: { q: real(UK_LEXICON, 40, 90) } },
      { kind: 'rare word', filters: { q: tail(UK_LEXICON) } },
      { kind: 'two words', filters: { q: `${real(UK_LEXICON, 20, 90)} ${real(UK_LEXICON, 20, 90)}` } },
      { kind: 'Russian word form', filters: { q: real(RU_LEXICON, 20, 90) } },
      { kind: 'misspelling', filters: { q: misspell(pick(UK_LEXEMES.flat().filter((w) => w.length >= 7))) } },
      { kind: 'surname + street', filters: { q: `${pick(SURNAMES_UK)} ${pick(STREETS).split(' ')[0]}` } },
      { kind: 'partial registration index', filters: { q: `${number}/01` } },
      { kind: 'full registration index', filters: { q: `${number}/01-15` } },
      { kind: 'filters only (journal, 30 days)', filters: { journal: 'outgoing', from: day(from), to: day(from + 30) } },
      { kind: 'word + status + 30 days', filters: { q: real(UK_LEXICON, 0, 90), status: 'registered', from: day(from), to: day(from + 30) } },
      { kind: 'correspondent filter + word', filters: { correspondent: 'водоканал', q: real(UK_LEXICON, 0, 90) } },
      { kind: 'frequent word, page 5', filters: { q: real(UK_LEXICON, 0, 5) }, page: 5 },
    );
  }
  return cases;
}

async function buildIndexes(db: Db, definitions: string[]): Promise<void> {
  // Two at a time: one per core; GIN builds are single-threaded in PostgreSQL 17.
  const queue = [...definitions];
  await Promise.all([0, 1].map(async () => {
    for (let def = queue.shift(); def; def = queue.shift()) {
      const t0 = performance.now();
      await db.transaction(async (tx) => {
        await tx.raw(`SET LOCAL maintenance_work_mem = '2GB'`);
        await tx.raw(def);
      });
      say(`built in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${def}`);
    }
  }));
}

/** PostgreSQL's own time for the statements one search issues, measured by EXPLAIN ANALYZE. */
async function explainTime(client: pg.Client, statements: Array<{ sql: string; bindings: unknown[] }>): Promise<number> {
  let ms = 0;
  // In one transaction, like the search itself: its set_config('enable_seqscan', …, true) must hold.
  await client.query('BEGIN');
  for (const s of statements) {
    if (/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(s.sql.trim())) continue;
    // The count's fallback is itself an EXPLAIN (the planner's estimate): its cost is its planning.
    const sql = s.sql.startsWith('EXPLAIN (FORMAT JSON) ')
      ? s.sql.replace('EXPLAIN (FORMAT JSON) ', 'EXPLAIN (SUMMARY, FORMAT JSON) ')
      : `EXPLAIN (ANALYZE, FORMAT JSON) ${s.sql}`;
    const res = await client.query(sql, s.bindings);
    const plan = (res.rows[0] as { 'QUERY PLAN': Array<{ 'Planning Time': number; 'Execution Time': number }> })['QUERY PLAN'][0]!;
    ms += plan['Planning Time'] + (plan['Execution Time'] ?? 0);
  }
  await client.query('COMMIT');
  return ms;
}

const prof = makeProfile('bench', root);
const KEEP = process.env.BENCH_SEARCH_KEEP ? path.resolve(process.env.BENCH_SEARCH_KEEP) : undefined;
if (KEEP) {
  rmSync(prof.dataDir, { recursive: true, force: true });
  mkdirSync(KEEP, { recursive: true });
  // As root, PostgreSQL runs as its own user and must enter the folder (see scripts/stack/profiles.ts).
  chmodSync(KEEP, 0o711);
  prof.dataDir = KEEP;
}
// A kept folder's corpus is complete only once its indexes were built and analysed: this file says so.
const loadedMarker = path.join(prof.dataDir, 'search-corpus.json');
const logs = path.join(prof.dataDir, 'logs');
mkdirSync(logs, { recursive: true });
const secrets = loadOrCreateSecrets(prof.dataDir);
const start = () => startDatabase({ dataDir: prof.dataDir, port: prof.ports.postgres, password: secrets.postgresPassword, logFile: path.join(logs, 'postgres.log'), say });
let database: Database | undefined;
let db: Db | undefined;
try {
  say(`PostgreSQL on port ${prof.ports.postgres}, data in ${prof.dataDir}`);
  database = await start();
  const admin = new pg.Client({ connectionString: database.appUrl });
  await admin.connect();
  for (const [name, value] of Object.entries(SERVER_SETTINGS)) await admin.query(`ALTER SYSTEM SET ${name} = '${value}'`);
  await admin.end();
  await database.stop();
  database = await start();

  db = createDb(database.appUrl, 4);
  const reuse = KEEP !== undefined && existsSync(loadedMarker);
  let loadSeconds = NaN;
  let indexSeconds = NaN;
  let vacuumSeconds = NaN;
  if (reuse) {
    const kept = JSON.parse(readFileSync(loadedMarker, 'utf8')) as { n: number; seed: number };
    if (kept.n !== N || kept.seed !== SEED) throw new Error(`${KEEP} holds ${kept.n} documents of seed ${kept.seed}, not ${N} of seed ${SEED}`);
    say(`reusing the corpus in ${KEEP}; applying new migrations…`);
    const t = performance.now();
    await migrateLatest(db);
    say(`migrations done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    await db.raw('ANALYZE');
  } else {
  await migrateLatest(db);
  // Indexes are built once after loading, not maintained row by row during it.
  const { rows: indexRows } = await db.raw(`
    SELECT indexname, indexdef FROM pg_indexes
     WHERE tablename IN ('document_search') AND indexname <> 'document_search_pkey'
        OR indexname = 'search_words_trgm'`);
  const definitions = (indexRows as Array<{ indexname: string; indexdef: string }>).map((r) => r.indexdef);
  for (const r of indexRows as Array<{ indexname: string }>) await db.raw(`DROP INDEX ${r.indexname}`);

  say(`generating ${N} documents (seed ${SEED})…`);
  const t0 = performance.now();
  await generateSearchData(db, { n: N, seed: SEED, say });
  loadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await buildIndexes(db, definitions);
  indexSeconds = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  await db.raw('VACUUM (ANALYZE) document_search');
  await db.raw('VACUUM (ANALYZE) search_words');
  await db.raw('ANALYZE');
  vacuumSeconds = (performance.now() - t2) / 1000;
  if (KEEP) writeFileSync(loadedMarker, JSON.stringify({ n: N, seed: SEED, loadSeconds, indexSeconds, vacuumSeconds }) + '\n');
  }
  const { rows: sizes } = await db.raw(`
    SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) AS size FROM pg_class
     WHERE relname IN ('documents', 'document_pages', 'document_search', 'search_words', 'document_search_tsv') ORDER BY relname`);
  const { rows: [words] } = await db.raw('SELECT count(*)::int AS n FROM search_words');

  // The statements of each search, captured once, to ask PostgreSQL for its own time.
  let captured: Array<{ sql: string; bindings: unknown[] }> | undefined;
  db.on('query', (q: { sql: string; bindings?: unknown[] }) => { captured?.push({ sql: q.sql, bindings: q.bindings ?? [] }); });

  const mix = queryMix();
  say(`warming up with ${Math.min(mix.length, 60)} queries…`);
  for (const c of mix.slice(0, 60)) await searchDocuments(db, benchUser, c.filters, { page: c.page ?? 1, pageSize: 20 });

  const explainClient = new pg.Client({ connectionString: database.appUrl });
  explainClient.on('error', (e) => say(`EXPLAIN connection: ${e.message}`));
  await explainClient.connect();
  const series = new Map<string, { ms: number[]; pg: number[]; hits: number[] }>();
  for (const c of mix) {
    const t = performance.now();
    captured = [];
    const result = await searchDocuments(db, benchUser, c.filters, { page: c.page ?? 1, pageSize: 20 });
    const ms = performance.now() - t;
    const statements = captured;
    captured = undefined;
    const s = series.get(c.kind) ?? { ms: [], pg: [], hits: [] };
    s.ms.push(ms);
    s.pg.push(await explainTime(explainClient, statements));
    s.hits.push(result.total);
    series.set(c.kind, s);
  }
  await explainClient.end();

  const all = [...series.values()].flatMap((s) => s.ms).sort((a, b) => a - b);
  const allPg = [...series.values()].flatMap((s) => s.pg).sort((a, b) => a - b);
  console.log(`\nSearch benchmark ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  console.log(reuse ? `N=${N} documents (seed ${SEED}), the corpus kept in ${KEEP}` : `N=${N} documents (seed ${SEED}): generated and indexed by the refresh function in ${loadSeconds.toFixed(0)} s (${(N / loadSeconds).toFixed(0)}/s), indexes built in ${indexSeconds.toFixed(0)} s, vacuum + analyze ${vacuumSeconds.toFixed(0)} s`);
  console.log(`sizes: ${(sizes as Array<{ relname: string; size: string }>).map((r) => `${r.relname} ${r.size}`).join(', ')}; vocabulary ${words.n} words`);
  console.log(`server settings: ${Object.entries(SERVER_SETTINGS).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  console.log(`\n${REPEAT} queries per kind, one at a time, page size 20; "PostgreSQL" is EXPLAIN ANALYZE planning + execution of the same statements\n`);
  console.log('| query kind | median hits | p50 ms | p95 ms | PostgreSQL p50 ms | PostgreSQL p95 ms |');
  console.log('|---|---|---|---|---|---|');
  for (const [kind, s] of series) {
    const sorted = [...s.ms].sort((a, b) => a - b);
    const pgSorted = [...s.pg].sort((a, b) => a - b);
    const hits = [...s.hits].sort((a, b) => a - b);
    console.log(`| ${kind} | ${percentile(hits, 50)} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 95).toFixed(1)} | ${percentile(pgSorted, 50).toFixed(1)} | ${percentile(pgSorted, 95).toFixed(1)} |`);
  }
  console.log(`| **all** | | ${percentile(all, 50).toFixed(1)} | ${percentile(all, 95).toFixed(1)} | ${percentile(allPg, 50).toFixed(1)} | ${percentile(allPg, 95).toFixed(1)} |`);
  console.log(`\np95 target 100 ms: ${percentile(all, 95) < 100 ? 'met' : 'NOT met'}`);
} finally {
  await db?.destroy();
  await database?.stop();
  if (!KEEP && !process.env.HROMADA_KEEP_TEST_DATA) rmSync(prof.dataDir, { recursive: true, force: true });
}
