// The routes of incoming correspondence (CMU 55/2018): the documents with their card, the route of
// hand-overs and the signatures; api/app.ts registers them by the domain's name (lib/domains.ts).
import type { FastifyPluginAsync } from 'fastify';
import type { RouteDeps } from '../../route-kit.ts';
import { documentRoutes } from './documents.ts';
import { routeRoutes } from './route.ts';
import { signatureRoutes } from './signatures.ts';

export const domainRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  await app.register(documentRoutes, { ...deps, prefix: '/api/v1/documents' });
  await app.register(routeRoutes, { ...deps, prefix: '/api/v1/documents' });
  await app.register(signatureRoutes, { ...deps, prefix: '/api/v1' });
};
