// The citizen's view of an appeal by its tracking code (DESIGN.md "What the citizen sees"): the
// status in plain Ukrainian, the registration index, the department that holds it, the legal term
// and its explanation, the timeline and the answer. Only what the code's holder may know: no staff
// names, no personal data, and the same 404 for a code that never existed as for a mistyped one.
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { APPEAL_STATUSES, APPEAL_TYPES } from '../../../lib/appeals/index.ts';
import { findAppealTrackingView } from '../../../lib/appeals/track-view.ts';
import { calendarCache } from '../../../lib/calendar/cache.ts';
import { trackCase, type CaseTracker, type CaseView } from '../../../lib/cases/track-view.ts';
import { ProblemError } from '../../../lib/problem.ts';
import { TokenBuckets } from '../../../lib/token-bucket.ts';
import { findAnsweredLetter } from '../../../lib/info-requests/repository.ts';
import { findInfoTrackingView } from '../../../lib/info-requests/track-view.ts';
import { INFO_RESULTS } from '../../../lib/info-requests/index.ts';
import { TRACKING_CODE_PATTERN, normaliseTrackingCode, trackingCodeHash } from '../../../lib/cases/tracking-code.ts';
import { problemResponses, type RouteDeps } from '../../route-kit.ts';

const department = {
  anyOf: [
    { type: 'object', required: ['code', 'name'], properties: { code: { type: 'string' }, name: { type: 'string' } }, additionalProperties: false },
    { type: 'null' },
  ],
} as const;

const dueDateTime = {
  type: ['string', 'null'], format: 'date-time',
  description: 'When the due day ends for the answer: the end of the office\'s working hours (Civil Code Art. 255); for a term in hours, the instant it runs out',
} as const;
const dueExplanation = {
  description: 'How the term was computed, always whole when present: the `explanation` of GET /api/v1/deadlines '
    + '(DeadlineExplanation: receipt, start, rule, law article, days counted and skipped, shifts; `decided` for a day set by a decision: '
    + 'an appeal\'s extension, a request\'s deferral); null when it cannot be told',
} as const;

/** The view of a request for public information (Law 2939-VI): its clock, decisions and branches. */
const infoRequestView = {
  type: 'object',
  required: ['kind', 'status', 'statusText', 'registrationIndex', 'receivedAt', 'registeredAt', 'department', 'dueDate', 'dueDateTime', 'dueExplanation', 'urgent',
    'answerChannel', 'extension', 'forwarding', 'deferral', 'refusal', 'fee', 'branches', 'timeline', 'result'],
  properties: {
    kind: { type: 'string', const: 'info-request' },
    status: { type: 'string', enum: [...APPEAL_STATUSES] },
    statusText: { type: 'string', description: 'The status in plain Ukrainian (one vocabulary for every stream)' },
    registrationIndex: { type: ['string', 'null'], description: 'e.g. ЗІ-17' },
    receivedAt: { type: 'string', format: 'date-time' },
    registeredAt: { type: ['string', 'null'], format: 'date-time' },
    department: { ...department, description: 'The department that holds the request now' },
    dueDate: { type: ['string', 'null'], format: 'date', description: 'Last day of the term (Art. 20; after an extension or deferral, the new one)' },
    dueDateTime,
    dueExplanation,
    urgent: { type: 'boolean', description: 'A 48-hour answer was asked for (Art. 20 p.2)' },
    answerChannel: { type: 'string', enum: ['email', 'post', 'portal'] },
    extension: {
      anyOf: [{ type: 'null' }, {
        type: 'object', required: ['to', 'reason', 'article', 'notifiedAt'], additionalProperties: false,
        properties: { to: { type: 'string', format: 'date' }, reason: { type: 'string' }, article: { type: 'string' }, notifiedAt: { type: ['string', 'null'], format: 'date-time' } },
      }],
    },
    forwarding: {
      anyOf: [{ type: 'null' }, { type: 'object', required: ['holder', 'article'], additionalProperties: false, properties: { holder: { type: 'string' }, article: { type: 'string' } } }],
    },
    deferral: {
      anyOf: [{ type: 'null' }, {
        type: 'object', required: ['to', 'reason', 'article'], additionalProperties: false,
        properties: { to: { type: 'string', format: 'date' }, reason: { type: 'string' }, article: { type: 'string' } },
      }],
    },
    refusal: {
      anyOf: [{ type: 'null' }, {
        type: 'object', required: ['ground', 'article', 'groundText', 'reason', 'howToAppeal'], additionalProperties: false,
        properties: {
          ground: { type: 'string', enum: ['not-held', 'restricted', 'unpaid', 'incomplete'] }, article: { type: 'string' }, groundText: { type: 'string' },
          reason: { type: ['string', 'null'] }, howToAppeal: { type: 'string' },
        },
      }],
    },
    fee: {
      anyOf: [{ type: 'null' }, {
        type: 'object', required: ['pages', 'amountKopecks', 'rateKopecks', 'paidAt', 'article'], additionalProperties: false,
        properties: {
          pages: { type: 'integer' }, amountKopecks: { type: 'integer', description: 'Copying cost beyond ten pages (Art. 21; CMU 740)' },
          rateKopecks: { type: 'integer' }, paidAt: { type: ['string', 'null'], format: 'date-time' }, article: { type: 'string' },
        },
      }],
    },
    branches: {
      type: 'array',
      description: 'The departments answering, one branch each, per round of the answer',
      items: {
        type: 'object', required: ['department', 'round', 'status'], additionalProperties: false,
        properties: { department, round: { type: 'integer' }, status: { type: 'string', enum: ['assigned', 'drafted'] } },
      },
    },
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
    result: {
      description: 'How the request ended, with the link to the signed answer when given',
      anyOf: [{ type: 'null' }, { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: [...INFO_RESULTS] } }, additionalProperties: true }],
    },
  },
  additionalProperties: false,
} as const;

export const trackRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, files }) => {
  // 100 random bits make guessing hopeless; the limit keeps scripts from trying anyway.
  const buckets = new TokenBuckets({ capacity: 60, refillPerSecond: 1 });

  // The calendar, for the end of the due day and for terms stored in an older shape
  // (lib/calendar/stored-term.ts); read again only when an administrator changed it.
  const calendar = calendarCache(db);
  /** The kinds of case a code may name, each with its view. */
  const trackers: Array<CaseTracker<CaseView>> = [findAppealTrackingView, findInfoTrackingView];

  const limit = async (request: FastifyRequest, reply: FastifyReply) => {
    const { allowed, retryAfterSeconds } = buckets.take(request.ip);
    if (!allowed) {
      reply.header('retry-after', String(retryAfterSeconds));
      throw new ProblemError('too-many-requests');
    }
  };
  const codeParams = {
    type: 'object',
    required: ['code'],
    properties: { code: { type: 'string', pattern: TRACKING_CODE_PATTERN, description: 'The tracking code given at submission' } },
    additionalProperties: false,
  } as const;

  // "Get the signed result on the site": the requester's own letter (their name and address in it,
  // so only for the code's holder), as signed; the register has the copy that names nobody.
  app.get<{ Params: { code: string } }>('/:code/answer.pdf', {
    config: { access: 'public' },
    onRequest: limit,
    schema: {
      summary: 'The signed answer to my request for public information (PDF, as signed: pdfsig verifies it)',
      tags: ['appeals'],
      produces: ['application/pdf'],
      params: codeParams,
      response: { 200: { type: 'string', format: 'binary' }, ...problemResponses(400, 404, 429) },
    },
  }, async (request, reply) => {
    const code = normaliseTrackingCode(request.params.code);
    const letter = code ? await findAnsweredLetter(db, trackingCodeHash(code)) : undefined;
    if (!letter) throw new ProblemError('answer-not-found');
    return reply.type('application/pdf')
      .header('content-disposition', `attachment; filename="answer-${letter.answerIndex.replace(/[^\w.-]+/g, '_')}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(await readFile(files.pathOf(letter.pdfSha256)));
  });

  app.get<{ Params: { code: string } }>('/:code', {
    config: { access: 'public' },
    onRequest: limit,
    schema: {
      summary: 'Where my appeal or request for public information is: status, registration index, department, term, timeline, answer',
      tags: ['appeals'],
      params: codeParams,
      response: {
        200: { anyOf: [{
          type: 'object',
          required: ['status', 'statusText', 'type', 'registrationIndex', 'receivedAt', 'registeredAt', 'department', 'dueDate', 'dueDateTime', 'dueExplanation', 'timeline', 'result'],
          properties: {
            status: { type: 'string', enum: [...APPEAL_STATUSES] },
            statusText: { type: 'string', description: 'The status in plain Ukrainian' },
            type: { type: 'string', enum: [...APPEAL_TYPES] },
            registrationIndex: { type: ['string', 'null'], description: 'e.g. К-124 (CMU 348)' },
            receivedAt: { type: 'string', format: 'date-time' },
            registeredAt: { type: ['string', 'null'], format: 'date-time' },
            department: { ...department, description: 'The department that holds the case now' },
            dueDate: { type: ['string', 'null'], format: 'date', description: 'Last day of the legal term (Art. 20), when known' },
            dueDateTime,
            dueExplanation,
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
        }, infoRequestView] },
        ...problemResponses(400, 404, 429),
      },
    },
  }, async (request) => {
    const code = normaliseTrackingCode(request.params.code);
    const view = code ? await trackCase(db, trackingCodeHash(code), trackers, calendar) : undefined;
    if (!view) throw new ProblemError('appeal-not-found');
    return view;
  });
};
