// Where a document has been and where it is now (issue 3, item 5). The history is the recorded
// hand-overs (lib/correspondence/route-repository.ts); "now" is read from the engine's active tasks
// at the moment of the request (lib/correspondence/where-now.ts), never stored, so it cannot drift
// from the engine's state. The use case is lib/correspondence/service.ts showDocumentRoute.
import type { FastifyPluginAsync } from 'fastify';
import { showDocumentRoute } from '../../../lib/correspondence/service.ts';
import { currentUser, problemResponses, type RouteDeps } from '../../route-kit.ts';

const nullableString = { type: ['string', 'null'] } as const;

export const routeRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, engine }) => {
  app.get<{ Params: { id: string } }>('/:id/route', {
    config: { access: 'staff' },
    schema: {
      summary: 'The route of a document: every hand-over between departments and people, and where it is now',
      tags: ['documents'],
      params: { type: 'object', required: ['id'], properties: { id: { $ref: 'Uuid#' } }, additionalProperties: false },
      response: {
        200: {
          type: 'object',
          required: ['history', 'now'],
          properties: {
            history: {
              type: 'array',
              items: {
                type: 'object',
                required: ['at', 'action', 'step', 'fromDepartment', 'toDepartment', 'fromUser', 'toUser', 'byUser', 'reason'],
                properties: {
                  at: { type: 'string', format: 'date-time' },
                  action: { type: 'string', enum: ['registered', 'resolved', 'claimed', 'completed', 'returned', 'replied', 'filed'] },
                  step: { ...nullableString, description: 'Activity id in the diagram' },
                  fromDepartment: nullableString,
                  toDepartment: nullableString,
                  fromUser: nullableString,
                  toUser: nullableString,
                  byUser: { ...nullableString, description: 'Null when the system moved it' },
                  reason: { ...nullableString, description: 'Why: a return for rework gives its reason; registration and filing give the index' },
                },
                additionalProperties: false,
              },
            },
            now: {
              type: 'object',
              required: ['departments', 'steps'],
              properties: {
                departments: { type: 'array', items: { $ref: 'Department#' } },
                steps: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['taskId', 'step', 'name', 'assignee', 'departments'],
                    properties: {
                      taskId: { type: 'string' },
                      step: { type: 'string' },
                      name: { type: 'string' },
                      assignee: nullableString,
                      departments: { type: 'array', items: { type: 'string' } },
                    },
                    additionalProperties: false,
                  },
                },
                filed: {
                  type: 'object',
                  required: ['caseFileIndex', 'at'],
                  properties: { caseFileIndex: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
                  additionalProperties: false,
                },
              },
              additionalProperties: false,
            },
          },
          additionalProperties: false,
        },
        ...problemResponses(400, 401, 404, 503),
      },
    },
  }, async (request) => showDocumentRoute({ db, engine }, { documentId: request.params.id, viewer: currentUser(request) }));
};
