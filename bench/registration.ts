// `npm run bench:registration`: the journal numbering (CMU 55/2018: no gaps, no duplicates within a
// journal and year) under several worker processes at once, beside PostgreSQL's own limit.
//
//  1. Starts the bench stack (scripts/stack/stack.ts), stops its worker process, inserts
//     BENCH_REG_N documents (default 10,000) straight into the database and starts one process per
//     document through the engine REST API, so BENCH_REG_N `register-document` tasks wait.
//  2. Starts 1 + BENCH_REG_EXTRA_WORKERS (default 2) worker processes at the same moment, the way the
//     stack does (`node --import tsx workers/main.ts` with the stack's runtime environment), and
//     waits until every document is registered.
//  3. Checks with SQL: one registration per document, numbers 1..N in the journal and year, no gap,
//     no duplicate; prints documents per second.
//  4. PostgreSQL alone: the same number of registrations made by the worker's own handler (the
//     calendar read and `registerDocument`) with the same concurrency (worker processes ×
//     HROMADA_WORKER_PARALLEL) straight against the database, without the engine; checked alike.
//
// By default the processes are a one-task diagram (start → register-document → end) deployed for the
// bench, so OCR of the real incoming-document process does not share the workers' slots;
// BENCH_REG_PROCESS=incoming-document runs the real diagram instead (OCR of a one-page PDF runs beside).
// Environment: BENCH_REG_N, BENCH_REG_EXTRA_WORKERS, BENCH_REG_START_CONCURRENCY (default 16),
// BENCH_REG_PROCESS, HROMADA_WORKER_PARALLEL (default 4), HROMADA_BENCH_* ports.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createDb, type Db } from '../lib/db.ts';
import { startChild, type Child } from '../scripts/stack/children.ts';
import { readRuntimeConfig } from '../lib/config.ts';
import { root, startStack } from '../scripts/stack/stack.ts';
import * as registerDocumentTopic from '../workers/topics/correspondence/register-document.ts';
import { pool } from './measure.ts';

const N = Number(process.env.BENCH_REG_N ?? 10_000);
const EXTRA_WORKERS = Number(process.env.BENCH_REG_EXTRA_WORKERS ?? 2);
const START_CONCURRENCY = Number(process.env.BENCH_REG_START_CONCURRENCY ?? 16);
const PROCESS_KEY = process.env.BENCH_REG_PROCESS ?? 'bench-registration';
const PARALLEL = Number(process.env.HROMADA_WORKER_PARALLEL ?? 4);
const WORKERS = 1 + EXTRA_WORKERS;
const say = (line: string) => console.log(`  [registration-bench] ${line}`);

const DIAGRAM = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="bench-registration-definitions" targetNamespace="http://hromada/bench">
  <bpmn:process id="bench-registration" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="register-document"/>
    <bpmn:serviceTask id="register-document" camunda:type="external" camunda:topic="register-document"/>
    <bpmn:sequenceFlow id="f2" sourceRef="register-document" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>`;

async function insertDocuments(db: Db, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < count; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - from) }, (_, k) => ({
      kind: 'incoming', status: 'received', correspondent: `Бенчмарк ${label}`, summary: `Документ ${from + k + 1}`,
      // Registration reads no file; a unique hash keeps the duplicate check of intake out of the way.
      file_sha256: randomBytes(32).toString('hex'), file_type: 'application/pdf', file_size: 1024,
    }));
    ids.push(...(await db('documents').insert(rows).returning('id') as Array<{ id: string }>).map((r) => r.id));
  }
  return ids;
}

interface Check { registrations: number; distinctDocuments: number; distinctNumbers: number; min: number; max: number; gaps: number; years: number }

/** Numbering of the given documents, and gaps within the journal and year(s) they were numbered in. */
async function checkNumbering(db: Db, ids: string[]): Promise<Check> {
  const { rows: [own] } = await db.raw<{ rows: Array<{ registrations: string; distinct_documents: string; distinct_numbers: string; min: number; max: number; years: string }> }>(`
    SELECT count(*) AS registrations, count(DISTINCT document_id) AS distinct_documents,
           count(DISTINCT (year, number)) AS distinct_numbers, min(number) AS min, max(number) AS max, count(DISTINCT year) AS years
    FROM registrations WHERE journal_code = 'incoming' AND document_id = ANY(?::uuid[])`, [ids]);
  // Gaps over the whole journal and year: every number from 1 to the counter must be taken once.
  const { rows: [gaps] } = await db.raw<{ rows: Array<{ gaps: string }> }>(`
    SELECT coalesce(sum(c.last_number - x.taken), 0) AS gaps
    FROM journal_counters c
    JOIN (SELECT year, count(DISTINCT number) AS taken FROM registrations WHERE journal_code = 'incoming' GROUP BY year) x ON x.year = c.year
    WHERE c.journal_code = 'incoming'`);
  return {
    registrations: Number(own!.registrations), distinctDocuments: Number(own!.distinct_documents), distinctNumbers: Number(own!.distinct_numbers),
    min: own!.min, max: own!.max, years: Number(own!.years), gaps: Number(gaps!.gaps),
  };
}

function verdict(check: Check, n: number): string {
  const duplicates = check.registrations - check.distinctNumbers;
  const ok = check.registrations === n && check.distinctDocuments === n && duplicates === 0 && check.gaps === 0 && check.max - check.min + 1 === n;
  return `${ok ? 'OK' : 'FAILED'}: ${check.registrations} registrations of ${n} documents, numbers ${check.min}..${check.max} in ${check.years} year(s), `
    + `${duplicates} duplicates, ${check.gaps} gaps in the journal`;
}

async function registeredCount(db: Db, ids: string[]): Promise<number> {
  const { rows: [row] } = await db.raw<{ rows: Array<{ n: string }> }>(
    "SELECT count(*) AS n FROM registrations WHERE journal_code = 'incoming' AND document_id = ANY(?::uuid[])", [ids]);
  return Number(row!.n);
}

/** First and last commit time of the registrations, from the audit rows written in their transactions. */
async function registrationSpan(db: Db, ids: string[]): Promise<{ first: Date; last: Date }> {
  const { rows: [row] } = await db.raw<{ rows: Array<{ first: Date; last: Date }> }>(`
    SELECT min(at) AS first, max(at) AS last FROM audit_log
    WHERE action = 'document.registered' AND entity_type = 'document' AND entity_id = ANY(?::text[])`, [ids]);
  return row!;
}

const stack = await startStack('bench', (line) => console.log(`  [stack] ${line}`));
const extra: Child[] = [];
const db = createDb(stack.database.appUrl, WORKERS * PARALLEL + 2);
try {
  const engine = stack.engine.client;
  if (PROCESS_KEY === 'bench-registration') await engine.deploy('bench-registration', [{ name: 'bench-registration.bpmn', content: DIAGRAM }]);

  // 1. The work waits in the engine before any worker runs.
  await stack.stopWorkers();
  say(`inserting ${N} documents and starting ${N} ${PROCESS_KEY} processes (${START_CONCURRENCY} at once)…`);
  const ids = await insertDocuments(db, N, 'workers');
  const startSeconds = await pool(N, START_CONCURRENCY, async (i) => {
    await engine.startProcess(PROCESS_KEY, ids[i]!, { documentId: ids[i]! });
  });
  say(`${N} processes started in ${startSeconds.toFixed(1)} s (${(N / startSeconds).toFixed(0)}/s)`);

  // 2. All worker processes at once.
  const t0 = performance.now();
  for (let w = 1; w <= EXTRA_WORKERS; w++) {
    extra.push(startChild(`workers-${w}`, process.execPath, ['--import', 'tsx', path.join(root, 'workers/main.ts')], {
      cwd: root, env: stack.runtimeEnv, logFile: path.join(stack.profile.dataDir, 'logs', `workers-${w}.log`),
    }));
  }
  await stack.startWorkers();
  for (const child of extra) {
    const exited = child.exited();
    if (exited) throw new Error(`extra worker ${child.name} ${exited}`);
  }
  let done = 0;
  let lastReport = performance.now();
  while ((done = await registeredCount(db, ids)) < N) {
    if (performance.now() - lastReport > 10000) {
      say(`${done}/${N} registered`);
      lastReport = performance.now();
    }
    for (const child of extra) if (child.exited()) throw new Error(`extra worker ${child.name} ${child.exited()}`);
    if (performance.now() - t0 > 30 * 60_000) throw new Error(`only ${done} of ${N} registered after 30 minutes`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const span = await registrationSpan(db, ids);
  const spanSeconds = (span.last.getTime() - span.first.getTime()) / 1000;
  const workerCheck = await checkNumbering(db, ids);

  // 4. PostgreSQL alone: the worker's handler, no engine, the same concurrency.
  await Promise.all([stack.stopWorkers(), ...extra.map((c) => c.stop())]);
  const dbIds = await insertDocuments(db, N, 'database');
  const handler = registerDocumentTopic.createHandler({ db, config: readRuntimeConfig(stack.runtimeEnv), log: pino({ level: 'silent' }), now: () => new Date() });
  const dbSeconds = await pool(N, WORKERS * PARALLEL, async (i) => { await handler({ documentId: dbIds[i]! }); });
  const dbCheck = await checkNumbering(db, dbIds);

  const cpu = os.cpus();
  console.log(`\nRegistration benchmark ${new Date().toISOString()} on ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; `
    + `N=${N}, process ${PROCESS_KEY}, ${WORKERS} worker processes × ${PARALLEL} parallel tasks; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
  console.log('| series | documents | seconds | documents/s | numbering |');
  console.log('|---|---|---|---|---|');
  console.log(`| engine + ${WORKERS} worker processes (first to last registration) | ${N} | ${spanSeconds.toFixed(1)} | ${((N - 1) / spanSeconds).toFixed(1)} | ${verdict(workerCheck, N)} |`);
  console.log(`| engine + ${WORKERS} worker processes (from their start, incl. start-up) | ${N} | ${wallSeconds.toFixed(1)} | ${(N / wallSeconds).toFixed(1)} | |`);
  console.log(`| PostgreSQL alone, ${WORKERS * PARALLEL} concurrent handler calls | ${N} | ${dbSeconds.toFixed(1)} | ${(N / dbSeconds).toFixed(1)} | ${verdict(dbCheck, N)} |`);
  console.log(`\nprocess starts through the engine REST API (not part of the figures above): ${(N / startSeconds).toFixed(1)}/s with ${START_CONCURRENCY} clients`);
  if (!verdict(workerCheck, N).startsWith('OK') || !verdict(dbCheck, N).startsWith('OK')) process.exitCode = 1;
} finally {
  await Promise.all(extra.map((c) => c.stop()));
  await db.destroy();
  await stack.stop();
}
