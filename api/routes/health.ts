// Health of the API and of what it needs: the launcher and load balancers poll this, and so does an
// operator's monitor. 503 whenever anything is degraded, so a monitor can alert on the status alone.
// With the supervision reader (api/main.ts always gives one), it also reports the processes behind
// the API (lib/supervision/report.ts): workers' last poll per topic, the mail dispatcher, the process
// starter and the launcher's restarts. An app built without it (tests, tools) reports only its own.
import type { FastifyPluginAsync } from 'fastify';
import type { SupervisionReport } from '../../lib/supervision/report.ts';
import type { RouteDeps } from '../route-kit.ts';

const CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(check: Promise<T>, fallback: T): Promise<T> {
  return Promise.race([
    check.catch(() => fallback),
    new Promise<T>((resolve) => setTimeout(resolve, CHECK_TIMEOUT_MS, fallback).unref()),
  ]);
}

const ok = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } }, additionalProperties: false } as const;
const nullableString = { type: ['string', 'null'] } as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const pass = {
  type: 'object', required: ['ok', 'lastPassAt', 'ageSeconds'], additionalProperties: false,
  properties: { ok: { type: 'boolean' }, lastPassAt: nullableString, ageSeconds: nullableNumber },
} as const;

const healthSchema = {
  type: 'object',
  required: ['status', 'database', 'engine'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    database: ok,
    engine: ok,
    // Only with supervision (see the top of this file).
    reasons: { type: 'array', items: { type: 'string' }, description: 'What is degraded, one line each' },
    workers: {
      type: 'object', required: ['ok', 'processes', 'topics'], additionalProperties: false,
      properties: {
        ok: { type: 'boolean' },
        processes: {
          type: 'array',
          items: {
            type: 'object', additionalProperties: false, required: ['id', 'pid', 'host', 'startedAt', 'lastBeatAt'],
            properties: { id: { type: 'string' }, pid: { type: 'integer' }, host: { type: 'string' }, startedAt: { type: 'string' }, lastBeatAt: { type: 'string' } },
          },
        },
        topics: {
          type: 'array',
          items: {
            type: 'object', additionalProperties: false, required: ['topic', 'lastPollAt', 'ageSeconds', 'ok'],
            properties: { topic: { type: 'string' }, lastPollAt: nullableString, ageSeconds: nullableNumber, ok: { type: 'boolean' } },
          },
        },
      },
    },
    mail: pass,
    processStarter: pass,
    launcher: {
      type: ['object', 'null'], required: ['ok', 'children'], additionalProperties: false,
      properties: {
        ok: { type: 'boolean' },
        children: {
          type: 'array',
          items: {
            type: 'object', additionalProperties: false, required: ['name', 'state', 'pid', 'restarts', 'lastExit', 'lastExitAt'],
            properties: {
              name: { type: 'string' }, state: { type: 'string', enum: ['running', 'restarting', 'stopped'] }, pid: { type: ['integer', 'null'] },
              restarts: { type: 'integer' }, lastExit: nullableString, lastExitAt: nullableString,
            },
          },
        },
      },
    },
  },
  additionalProperties: false,
} as const;

/** What is reported when the supervision tables cannot be read (the database is down or slow). */
function unknownSupervision(): SupervisionReport {
  const none = { ok: false, lastPassAt: null, ageSeconds: null };
  return {
    ok: false,
    reasons: ['supervision: the heartbeats could not be read'],
    workers: { ok: false, processes: [], topics: [] },
    mail: none,
    processStarter: none,
    launcher: null,
  };
}

export const healthRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, engine, supervision }) => {
  app.get('/health', {
    config: { access: 'public' },
    schema: {
      summary: 'Health of the API, its database, the process engine and the processes behind them',
      description: '200 when everything is up, 503 (same body) when anything is degraded: the database, the engine, '
        + 'a topic no live worker polls, the mail dispatcher or the process starter silent, a child the launcher is restarting.',
      tags: ['health'],
      response: {
        200: { ...healthSchema, description: 'Everything is up' },
        503: { ...healthSchema, description: 'Something is degraded: see `reasons` and the part with ok: false' },
      },
    },
  }, async (_request, reply) => {
    const [databaseOk, engineOk, report] = await Promise.all([
      withTimeout(db.raw('select 1').then(() => true), false),
      withTimeout(engine.isUp(), false),
      supervision ? withTimeout(supervision(), unknownSupervision()) : Promise.resolve(undefined),
    ]);
    const healthy = databaseOk && engineOk && (report?.ok ?? true);
    const body: Record<string, unknown> = { status: healthy ? 'ok' : 'degraded', database: { ok: databaseOk }, engine: { ok: engineOk } };
    if (report) {
      const { ok: _ok, ...parts } = report;
      Object.assign(body, parts);
      body.reasons = [...(databaseOk ? [] : ['database: unreachable']), ...(engineOk ? [] : ['engine: unreachable']), ...report.reasons];
    }
    return reply.code(healthy ? 200 : 503).send(body);
  });
};
