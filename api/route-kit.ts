// What every route plugin needs from the API's infrastructure: the session cookie's name, the access
// rule a route declares, the dependencies it receives, the signed-in user and the problem responses
// of its schema. Its own module, so route plugins never import api/app.ts, which imports them.
import type { FastifyRequest } from 'fastify';
import type { RuntimeConfig } from '../lib/config.ts';
import type { Db } from '../lib/db.ts';
import type { EngineClient } from '../lib/engine-client.ts';
import type { FileStore } from '../lib/file-store.ts';
import { ProblemError } from '../lib/problem.ts';
import type { PasswordHasher } from '../lib/staff/passwords.ts';
import type { SupervisionReport } from '../lib/supervision/report.ts';
import type { StaffUser } from '../lib/staff/repository.ts';

export const SESSION_COOKIE = 'hromada_session';

/** Who may call a route: anyone, any logged-in staff member, or staff with one of these roles. */
export type Access = 'public' | 'staff' | readonly string[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    user: StaffUser | null;
  }
}

/** What the domain plugins receive: dependencies as options, never module singletons. */
export interface RouteDeps {
  config: RuntimeConfig;
  db: Db;
  engine: EngineClient;
  starter: { kick(): void };
  files: FileStore;
  passwords: PasswordHasher;
  /** The processes behind the API, for /health (lib/supervision/report.ts). */
  supervision: (() => Promise<SupervisionReport>) | undefined;
}

/** The authenticated user of a staff route; the access hook has already refused anonymous calls. */
export function currentUser(request: FastifyRequest): StaffUser {
  if (!request.user) throw new ProblemError('unauthenticated');
  return request.user;
}

/** Problem responses for the OpenAPI document and the serializer, by status code. */
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {};
  for (const status of statuses) out[status] = { $ref: 'Problem#', description: 'Problem details (RFC 9457)' };
  return out;
}
