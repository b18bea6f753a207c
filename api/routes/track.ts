// The citizen's view of an appeal by its tracking code (DESIGN.md "What the citizen sees"): the
// status in plain Ukrainian, the registration index, the department that holds it, the legal term
// and its explanation, the timeline and the answer. Only what the code's holder may know: no staff
// names, no personal data, and the same 404 for a code that never existed as for a mistyped one.
import type { FastifyPluginAsync } from 'fastify';
import { APPEAL_STATUSES, APPEAL_TYPES, TokenBuckets } from '../../lib/appeals/index.ts';
import { ProblemError } from '../../lib/problem.ts';
import { findTrackingView } from '../../lib/repos/appeals.ts';
import { TRACKING_CODE_PATTERN, normaliseTrackingCode, trackingCodeHash } from '../../lib/tracking-code.ts';
import { problemResponses, type RouteDeps } from '../app.ts';

const department = {
  anyOf: [
    { type: 'object', required: ['code', 'name'], properties: { code: { type: 'string' }, name: { type: 'string' } }, additionalProperties: false },
    { type: 'null' },
  ],
} as const;

export const trackRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  // 100 random bits make guessing hopeless; the limit keeps scripts from trying anyway.
  const buckets = new TokenBuckets({ capacity: 60, refillPerSecond: 1 });

  app.get<{ Params: { code: string } }>('/:code', {
    config: { access: 'public' },
    onRequest: async (request, reply) => {
      const { allowed, retryAfterSeconds } = buckets.take(request.ip);
      if (!allowed) {
        reply.header('retry-after', String(retryAfterSeconds));
        throw new ProblemError('too-many-requests');
      }
    },
    schema: {
      summary: 'Where my appeal is: status, registration index, department, term, timeline, answer',
      tags: ['appeals'],
      params: {
        type: 'object',
        required: ['code'],
        properties: { code: { type: 'string', pattern: TRACKING_CODE_PATTERN, description: 'The tracking code given at submission' } },
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          required: ['status', 'statusText', 'type', 'registrationIndex', 'receivedAt', 'registeredAt', 'department', 'dueDate', 'dueExplanation', 'timeline', 'result'],
          properties: {
            status: { type: 'string', enum: [...APPEAL_STATUSES] },
            statusText: { type: 'string', description: 'The status in plain Ukrainian' },
            type: { type: 'string', enum: [...APPEAL_TYPES] },
            registrationIndex: { type: ['string', 'null'], description: 'e.g. К-124 (CMU 348)' },
            receivedAt: { type: 'string', format: 'date-time' },
            registeredAt: { type: ['string', 'null'], format: 'date-time' },
            department: { ...department, description: 'The department that holds the case now' },
            dueDate: { type: ['string', 'null'], format: 'date', description: 'Last day of the legal term (Art. 20), when known' },
            dueExplanation: { description: 'How the term was computed (start, rule, article, days skipped), when known' },
            timeline: {
              type: 'array',
              items: {
                type: 'object',
                required: ['at', 'status', 'statusText', 'department', 'note'],
                properties: {
                  at: { type: 'string', format: 'date-time' },
                  status: { type: 'string', enum: [...APPEAL_STATUSES] },
                  statusText: { type: 'string' },
                  department,
                  note: { type: ['string', 'null'] },
                },
                additionalProperties: false,
              },
            },
            result: { description: 'The answer, or the ground of not considering it, once there is one' },
          },
          additionalProperties: false,
        },
        ...problemResponses(400, 404, 429),
      },
    },
  }, async (request) => {
    const code = normaliseTrackingCode(request.params.code);
    const view = code ? await findTrackingView(db, trackingCodeHash(code)) : undefined;
    if (!view) throw new ProblemError('appeal-not-found');
    return view;
  });
};
