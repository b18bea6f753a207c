// Liveness of the API and of what it needs: the launcher and load balancers poll this.
import type { FastifyPluginAsync } from 'fastify';
import type { RouteDeps } from '../route-kit.ts';

const CHECK_TIMEOUT_MS = 3000;

function withTimeout(check: Promise<boolean>): Promise<boolean> {
  return Promise.race([
    check.catch(() => false),
    new Promise<boolean>((resolve) => setTimeout(resolve, CHECK_TIMEOUT_MS, false).unref()),
  ]);
}

export const healthRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, engine }) => {
  const healthSchema = {
    type: 'object',
    required: ['status', 'database', 'engine'],
    properties: {
      status: { type: 'string', enum: ['ok', 'degraded'] },
      database: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } }, additionalProperties: false },
      engine: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } }, additionalProperties: false },
    },
    additionalProperties: false,
  } as const;

  app.get('/health', {
    config: { access: 'public' },
    schema: {
      summary: 'Health of the API, its database and the process engine',
      tags: ['health'],
      response: {
        200: { ...healthSchema, description: 'Everything is up' },
        503: { ...healthSchema, description: 'The database or the engine is down' },
      },
    },
  }, async (_request, reply) => {
    const [databaseOk, engineOk] = await Promise.all([
      withTimeout(db.raw('select 1').then(() => true)),
      withTimeout(engine.isUp()),
    ]);
    const ok = databaseOk && engineOk;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', database: { ok: databaseOk }, engine: { ok: engineOk } });
  });
};
