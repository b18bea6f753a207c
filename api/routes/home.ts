// The address `npm start` prints: the citizen portal's start page (portal/index.html, served by
// portal.ts), which links to the calculator, the appeal form, tracking and the API documentation.
import type { FastifyPluginAsync } from 'fastify';
import { sendPortalPage } from './portal.ts';

export const homeRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', {
    config: { access: 'public' },
    schema: {
      summary: 'Start page', tags: ['home'], hide: true,
      response: { 200: { type: 'string' }, 304: { type: 'null', description: 'Not modified (ETag)' } },
    },
  }, (request, reply) => sendPortalPage(request, reply, '/'));
};
