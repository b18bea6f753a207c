// `npm run bench:appeals`: citizens' appeals under load and the deadline calculator's latency, each
// beside its floor in the same run.
//
//  1. Appeals: BENCH_APPEALS_N (default 200) complete portal appeals through the public
//     `POST /api/v1/appeals` with BENCH_CONCURRENCY (default 8) clients; the POST's latency and the
//     time from the POST until the appeal's first user task exists. For a complete portal appeal by a
//     new author that is `consider-appeal` (candidate group `heads`): the process computes the term
//     (`legal-deadline`), registers (`register-appeal`) and checks (`check-appeal`, outcome "ok")
//     before any person sees it; a clerk's task (`return-appeal-to-author`) comes only for an
//     incomplete one. Beside it the raw engine REST API: the same number of starts of a one-user-task
//     diagram (as bench/run.ts), until that task exists. Both sides poll the engine's task query alike.
//  2. Calculator: BENCH_DEADLINES_M (default 2000) `GET /api/v1/deadlines` per regime, for several
//     regimes, with receipt moments spread over 2024-2026; beside them as many `GET /health` of the
//     same API (its own floor: routing, access hook, one `select 1` and one engine ping).
//
// The appeal route limits anonymous callers per address (lib/token-bucket.ts: 30 at once,
// then one per 10 s). All load here comes from 127.0.0.1, so the bench sets
// HROMADA_APPEALS_RATE_BURST (read only by api/routes/appeals/index.ts) for the API it starts; never set
// it in production.
// Environment: BENCH_APPEALS_N, BENCH_DEADLINES_M, BENCH_CONCURRENCY, HROMADA_BENCH_* ports.
import os from 'node:os';
import { createDb } from '../lib/db.ts';
import { trackingCodeHash } from '../lib/cases/tracking-code.ts';
import { startStack } from '../scripts/stack/stack.ts';
import { BASELINE_BPMN, percentile, pool, until } from './measure.ts';

const N = Number(process.env.BENCH_APPEALS_N ?? 200);
const M = Number(process.env.BENCH_DEADLINES_M ?? 2000);
const C = Number(process.env.BENCH_CONCURRENCY ?? 8);
const FIRST_TASK = 'consider-appeal';
const REGIMES = ['appeal', 'appeal-short', 'public-info', 'public-info-urgent', 'admin-service'] as const;

// The API child inherits this process's environment (scripts/stack/stack.ts runtimeEnv).
process.env.HROMADA_APPEALS_RATE_BURST = String(10 * (N + 100));

interface Series { name: string; ms: number[]; seconds?: number }
function summary(s: Series) {
  const sorted = [...s.ms].sort((a, b) => a - b);
  return { name: s.name, n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), rate: s.seconds ? sorted.length / s.seconds : NaN };
}

/** A complete portal appeal (lib/appeals/schemas.ts); a distinct author each, so none is a repeat candidate. */
function appealBody(i: number, label: string) {
  return {
    channel: 'portal', type: i % 3 === 0 ? 'proposal' : 'application', collective: false, signed: true,
    surname: `Бенчмарк${label}${i}`, name: 'Олена', patronymic: 'Петрівна',
    address: `м. Київ, вул. Хрещатик, ${i + 1}, кв. ${label}`,
    email: `bench-${label}-${i}@example.org`,
    text: `Прошу розглянути питання освітлення двору будинку № ${i + 1} (${label}).`,
    consent: true,
  };
}

async function get(url: string): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return res.status;
}

const stack = await startStack('bench', (line) => console.log(`  [stack] ${line}`));
const db = createDb(stack.database.appUrl, 4);
try {
  const engine = stack.engine.client;
  await engine.deploy('bench', [{ name: 'bench-baseline.bpmn', content: BASELINE_BPMN }]);
  const api = stack.apiUrl;

  async function postAppeal(i: number, label: string): Promise<{ postMs: number; t0: number; id: string }> {
    const t0 = performance.now();
    const res = await fetch(`${api}/api/v1/appeals`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(appealBody(i, label)),
    });
    const body = await res.json() as { trackingCode: string };
    if (res.status !== 202) throw new Error(`POST /appeals answered ${res.status}: ${JSON.stringify(body)}`);
    const postMs = performance.now() - t0;
    // The answer carries only the tracking code; the process's business key is the appeal id.
    const row = await db('appeals').where({ tracking_code_hash: trackingCodeHash(body.trackingCode) }).first('id') as { id: string };
    return { postMs, t0, id: row.id };
  }
  const firstTaskExists = async (id: string) =>
    (await engine.queryTasks({ processInstanceBusinessKey: id, taskDefinitionKey: FIRST_TASK })).length > 0;

  // Warm-up, so JIT and connection pools do not count against either side.
  for (let i = 0; i < 10; i++) {
    await engine.startProcess('bench-baseline', `warm-${i}`);
    const { id } = await postAppeal(i, 'warm');
    await until(() => firstTaskExists(id));
    await get(`${api}/api/v1/deadlines?regime=appeal&received=2025-11-28T16:50:00%2B02:00`);
    await get(`${api}/health`);
  }

  const rawStart: Series = { name: 'engine REST: start', ms: [] };
  const rawVisible: Series = { name: 'engine REST: start → task visible', ms: [] };
  rawVisible.seconds = await pool(N, C, async (i) => {
    const t0 = performance.now();
    const instance = await engine.startProcess('bench-baseline', `bench-${i}`);
    rawStart.ms.push(performance.now() - t0);
    await until(async () => (await engine.queryTasks({ processInstanceId: instance.id })).length > 0);
    rawVisible.ms.push(performance.now() - t0);
  });

  const apiPost: Series = { name: 'API: POST /appeals (202)', ms: [] };
  const apiVisible: Series = { name: `API: POST → first user task visible (${FIRST_TASK}, heads)`, ms: [] };
  apiVisible.seconds = await pool(N, C, async (i) => {
    const { postMs, t0, id } = await postAppeal(i, 'run');
    apiPost.ms.push(postMs);
    await until(() => firstTaskExists(id));
    apiVisible.ms.push(performance.now() - t0);
  });

  // Receipt moments spread over three years (weekends, holidays, after hours), the same list for every regime.
  const start = Date.UTC(2024, 0, 1);
  const moments = Array.from({ length: M }, (_, i) => new Date(start + ((i * 7919 * 3_600_000 + i * 1_234_567) % (3 * 365 * 86_400_000))).toISOString());
  const health: Series = { name: 'GET /health (the API\'s floor)', ms: [] };
  health.seconds = await pool(M, C, async () => {
    const t0 = performance.now();
    await get(`${api}/health`);
    health.ms.push(performance.now() - t0);
  });
  const calculator: Series[] = [];
  for (const regime of REGIMES) {
    const s: Series = { name: `GET /deadlines ${regime}`, ms: [] };
    s.seconds = await pool(M, C, async (i) => {
      const t0 = performance.now();
      await get(`${api}/api/v1/deadlines?regime=${regime}&received=${encodeURIComponent(moments[i]!)}`);
      s.ms.push(performance.now() - t0);
    });
    calculator.push(s);
  }

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  console.log(`\nAppeals benchmark ${new Date().toISOString()} on ${machine}; N=${N}, M=${M}, concurrency=${C}`);
  console.log('| series | n | p50 ms | p95 ms | p99 ms | per s |');
  console.log('|---|---|---|---|---|---|');
  for (const s of [rawStart, apiPost, rawVisible, apiVisible, health, ...calculator]) {
    const r = summary(s);
    console.log(`| ${r.name} | ${r.n} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${Number.isNaN(r.rate) ? '' : r.rate.toFixed(1)} |`);
  }
  const p = (s: Series, q: number) => percentile([...s.ms].sort((a, b) => a - b), q);
  const ratio = (a: Series, b: Series, q: number) => (p(a, q) / p(b, q)).toFixed(2);
  const rawRate = N / rawVisible.seconds;
  const apiRate = N / apiVisible.seconds;
  console.log(`\nthroughput until the user task is visible: engine REST ${rawRate.toFixed(1)}/s, appeals through the API ${apiRate.toFixed(1)}/s; API/engine = ${(apiRate / rawRate).toFixed(2)}`);
  console.log(`latency ratios API/engine: start p50 ${ratio(apiPost, rawStart, 50)}, p95 ${ratio(apiPost, rawStart, 95)}; until visible p50 ${ratio(apiVisible, rawVisible, 50)}, p95 ${ratio(apiVisible, rawVisible, 95)}`);
  for (const s of calculator) {
    console.log(`${s.name}: p50 ${ratio(s, health, 50)}×, p95 ${ratio(s, health, 95)}× of /health; ${(s.ms.length / s.seconds!).toFixed(0)}/s vs ${(health.ms.length / health.seconds!).toFixed(0)}/s`);
  }
} finally {
  await db.destroy();
  await stack.stop();
}
