// `npm run bench`: the foundation slice under load, next to the raw engine in the same run.
// N documents through the API (POST, then until the clerk's task exists: stored, started through
// the outbox, registered by the worker) against N process starts sent straight to the engine REST
// API (start, then until its user task exists). Both sides poll the engine's task query alike.
// Environment: BENCH_N (default 300), BENCH_CONCURRENCY (default 8).
import os from 'node:os';
import { startStack } from '../scripts/stack/stack.ts';
import { ApiSession } from '../test/support/stack.ts';
import { samplePdf } from '../test/support/files.ts';
import { BASELINE_BPMN, percentile, pool, until } from './measure.ts';

const N = Number(process.env.BENCH_N ?? 300);
const C = Number(process.env.BENCH_CONCURRENCY ?? 8);

interface Series { name: string; ms: number[] }
function summary(s: Series) {
  const sorted = [...s.ms].sort((a, b) => a - b);
  return { name: s.name, n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}


const stack = await startStack('bench', (line) => console.log(`  [stack] ${line}`));
try {
  const engine = stack.engine.client;
  await engine.deploy('bench', [{ name: 'bench-baseline.bpmn', content: BASELINE_BPMN }]);
  const clerk = await ApiSession.login('clerk', 'demo', stack.apiUrl);
  // One scan per upload: the same bytes twice are refused as a duplicate (409).
  const run = Date.now().toString(36);
  const pdf = (label: string) => samplePdf(`bench ${run} ${label}`);

  // Warm-up, so JIT and connection pools do not count against either side.
  for (let i = 0; i < 10; i++) {
    await engine.startProcess('bench-baseline', `warm-${i}`);
    const form = new FormData();
    form.set('metadata', JSON.stringify({ correspondent: 'Прогрів', summary: 'warm-up' }));
    form.set('file', new Blob([new Uint8Array(pdf(`warm ${i}`))], { type: 'application/pdf' }), 'warm.pdf');
    await clerk.request('POST', '/api/v1/documents', form);
  }

  const rawStart: Series = { name: 'engine REST: start', ms: [] };
  const rawVisible: Series = { name: 'engine REST: start → task visible', ms: [] };
  const raw = await pool(N, C, async (i) => {
    const t0 = performance.now();
    const instance = await engine.startProcess('bench-baseline', `bench-${i}`);
    rawStart.ms.push(performance.now() - t0);
    await until(async () => (await engine.queryTasks({ processInstanceId: instance.id })).length > 0);
    rawVisible.ms.push(performance.now() - t0);
  });

  const apiPost: Series = { name: 'API: POST /documents', ms: [] };
  const apiVisible: Series = { name: 'API: POST → clerk task visible', ms: [] };
  const api = await pool(N, C, async (i) => {
    const form = new FormData();
    form.set('metadata', JSON.stringify({ correspondent: `Кореспондент ${i}`, summary: `Лист ${i}` }));
    form.set('file', new Blob([new Uint8Array(pdf(String(i)))], { type: 'application/pdf' }), `scan-${i}.pdf`);
    const t0 = performance.now();
    const res = await clerk.request<{ id: string }>('POST', '/api/v1/documents', form);
    if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${JSON.stringify(res.body)}`);
    apiPost.ms.push(performance.now() - t0);
    // Both sides poll the engine the same way, so the polling itself weighs the same on each.
    await until(async () => (await engine.queryTasks({ processInstanceBusinessKey: res.body.id, taskDefinitionKey: 'check-registration-card' })).length > 0);
    apiVisible.ms.push(performance.now() - t0);
  });

  const rows = [rawStart, apiPost, rawVisible, apiVisible].map(summary);
  console.log(`\nBenchmark ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; N=${N}, concurrency=${C}`);
  console.log('| series | n | p50 ms | p95 ms | p99 ms |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.n} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} |`);
  const rawRate = N / raw;
  const apiRate = N / api;
  console.log(`\nthroughput: engine REST ${rawRate.toFixed(1)}/s (start until task visible), API ${apiRate.toFixed(1)}/s (POST until task visible); API/engine = ${(apiRate / rawRate).toFixed(2)}`);
  const ratio = (a: Series, b: Series, p: 50 | 95) => (percentile([...a.ms].sort((x, y) => x - y), p) / percentile([...b.ms].sort((x, y) => x - y), p)).toFixed(2);
  console.log(`latency ratios API/engine: start p50 ${ratio(apiPost, rawStart, 50)}, p95 ${ratio(apiPost, rawStart, 95)}; until visible p50 ${ratio(apiVisible, rawVisible, 50)}, p95 ${ratio(apiVisible, rawVisible, 95)}`);
} finally {
  await stack.stop();
}
