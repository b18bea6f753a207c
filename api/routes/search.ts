// GET /api/v1/documents/search: full-text search of documents for staff, over the card fields and the
// OCR text of the pages, with filters, relevance order, highlighted snippets and paging.
// Registered under the same prefix as api/routes/correspondence/documents.ts; find-my-way prefers the static
// `/search` to the parametric `/:id` whatever the order of registration.
import type { FastifyPluginAsync } from 'fastify';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { MAX_QUERY_LENGTH } from '../../lib/search/index.ts';
import { ProblemError } from '../../lib/problem.ts';
import { MAX_RESULT_OFFSET, searchDocumentsAsStaff } from '../../lib/search/service.ts';
import { currentUser, problemResponses, type RouteDeps } from '../route-kit.ts';

interface SearchQuery {
  q?: string;
  journal?: string;
  department?: string;
  from?: string;
  to?: string;
  status?: string;
  correspondent?: string;
  page: number;
  pageSize: number;
}

const code = { type: 'string', minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' } as const;

const querySchema = {
  type: 'object',
  properties: {
    q: { type: 'string', maxLength: MAX_QUERY_LENGTH, description: 'Words in any form, misspellings, registration or correspondent numbers (124/01 finds 124/01-15); all words must match' },
    journal: { ...code, description: 'Journal code: incoming, outgoing, internal' },
    department: { ...code, description: 'Department code (the department keeping the case file)' },
    from: { type: 'string', format: 'date', description: 'Received on or after this day (Kyiv time)' },
    to: { type: 'string', format: 'date', description: 'Received on or before this day (Kyiv time)' },
    status: { ...code, description: 'Document status, e.g. received, registered' },
    correspondent: { type: 'string', minLength: 1, maxLength: 200, description: 'Part of the correspondent name, any case' },
    page: { type: 'integer', minimum: 1, maximum: 1000, default: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  },
  additionalProperties: false,
} as const;

const hitSchema = {
  type: 'object',
  required: ['id', 'kind', 'status', 'journal', 'registrationIndex', 'receivedAt', 'department', 'correspondent', 'theirNumber', 'summary', 'score', 'highlights'],
  properties: {
    id: { $ref: 'Uuid#' },
    kind: { type: 'string' },
    status: { type: 'string' },
    journal: { type: ['string', 'null'] },
    registrationIndex: { type: ['string', 'null'] },
    receivedAt: { type: 'string', format: 'date-time' },
    department: { anyOf: [{ $ref: 'Department#' }, { type: 'null' }] },
    correspondent: { type: 'string' },
    theirNumber: { type: ['string', 'null'] },
    summary: { type: 'string' },
    score: { type: 'number', description: 'Relevance; comparable within one result list only' },
    highlights: {
      type: 'object',
      description: 'Safe HTML: the text escaped, the matched words in <mark>',
      required: ['correspondent', 'summary', 'pages'],
      properties: {
        correspondent: { type: 'string' },
        summary: { type: 'string' },
        pages: { type: ['string', 'null'], description: 'Fragments of the recognised page text around the matches; null when the pages do not match' },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

export const searchRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  // A query string is text: `page=2` must become 2. The API's shared validator never coerces (JSON
  // bodies must carry real types), so this plugin's routes get their own, which does.
  const queryAjv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, removeAdditional: false, strict: false });
  ajvFormats.default(queryAjv);
  app.setValidatorCompiler(({ schema }) => queryAjv.compile(schema));

  app.get<{ Querystring: SearchQuery }>('/search', {
    config: { access: 'staff' },
    // The query string may hold a person's name: keep Fastify's request lines (which carry the URL)
    // out of the log for this route (Law 2297-VI); errors are still logged, without the URL.
    logLevel: 'warn',
    schema: {
      summary: 'Search documents by words of the card and of the recognised page text',
      description: 'Relevance order up to 10,000 hits (of the newest 2,000, the older following newest first: `rankedHits`); without `q` or above that, the newest first (`orderedBy`). `total` is exact up to 10,000 hits, above it an estimate (`totalIsEstimate`).',
      tags: ['documents'],
      querystring: querySchema,
      response: {
        200: {
          type: 'object',
          required: ['items', 'total', 'totalIsEstimate', 'orderedBy', 'rankedHits', 'page', 'pageSize'],
          properties: {
            items: { type: 'array', items: hitSchema },
            total: { type: 'integer' },
            totalIsEstimate: { type: 'boolean' },
            orderedBy: { type: 'string', enum: ['relevance', 'date'], description: 'date (newest first) without `q` or above 10,000 hits: narrow the query to rank by relevance' },
            rankedHits: { type: 'integer', description: 'How many hits, the newest, are in relevance order (at most 2,000); older hits follow them newest first' },
            page: { type: 'integer' },
            pageSize: { type: 'integer' },
          },
          additionalProperties: false,
        },
        ...problemResponses(400, 401),
      },
    },
  }, async (request) => {
    const user = currentUser(request);
    const { page, pageSize, ...filters } = request.query;
    if (filters.from && filters.to && filters.from > filters.to) {
      throw ProblemError.field('validation', 'to', 'must not be before from', 'не може бути раніше за from');
    }
    if ((page - 1) * pageSize >= MAX_RESULT_OFFSET) {
      throw ProblemError.field('validation', 'page', `results beyond the first ${MAX_RESULT_OFFSET} are not paged; refine the query`,
        `результати після перших ${MAX_RESULT_OFFSET} не показуються; уточніть запит`);
    }
    // Who saw which documents is logged there (Law 2297-VI); the query itself may name a person and is not.
    return searchDocumentsAsStaff(db, { user, filters, paging: { page, pageSize } });
  });
};
