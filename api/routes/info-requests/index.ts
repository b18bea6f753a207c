// Requests for public information (Law 2939-VI): the portal's intake, open to everyone (Art. 12:
// anyone may ask; Art. 19 p.2: no reason needed), and a clerk's entry of a request received by
// post, phone, orally or by e-mail (Art. 19 p.3-4). The request and the start of its process are
// stored in one transaction (the process-start outbox), so an engine outage never loses a request;
// the requester gets a tracking code at once, stored only as a hash.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { MAX_CASE_ATTACHMENTS } from '../../../lib/cases/attachments.ts';
import { ALLOWED_FILE_TYPES } from '../../../lib/file-store.ts';
import { infoRequestSchema, type InfoRequestInput } from '../../../lib/info-requests/schemas.ts';
import { INFO_INTAKE_ROLES, receiveInfoRequest } from '../../../lib/info-requests/service.ts';
import { validationProblem } from '../../../lib/problem.ts';
import { discardAll, readMultipartIntake, withinField, type StagedAttachment } from '../../multipart-intake.ts';
import { problemResponses, type RouteDeps } from '../../route-kit.ts';
import { citizenSubmissionGate } from '../cases/intake-gate.ts';

/** The shared schema file without its identity, inlined (see api/routes/appeals/index.ts). */
function bodySchema(): Record<string, unknown> {
  const { $id: _id, $schema: _schema, ...rest } = infoRequestSchema;
  return rest;
}

const accepted = {
  description: 'Accepted: stored, its process starts as soon as the engine takes it',
  type: 'object',
  required: ['trackingCode', 'receivedAt'],
  properties: {
    trackingCode: { type: 'string', description: 'Secret code for GET /api/v1/track/{code}; shown once' },
    receivedAt: { type: 'string', format: 'date-time' },
  },
  additionalProperties: false,
} as const;

/** As many files as an appeal takes: the law sets no number. */
const MAX_ATTACHMENTS = MAX_CASE_ATTACHMENTS;

export const infoRequestRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, starter, files, config }) => {
  // The same limits as appeals, with a budget of its own.
  const admit = citizenSubmissionGate({ db, config });

  app.post<{ Body: InfoRequestInput }>('/', {
    config: { access: 'public' },
    onRequest: admit,
    schema: {
      summary: 'Submit a request for public information (Law 2939-VI Art. 19)',
      description: 'Public for `channel: portal` (the default); other channels need a session of a clerk or the public-information unit (or use /on-behalf). Answers with the tracking code; the content check, registration and the legal clock (5 working days, or 48 hours when justified) follow in the process.',
      tags: ['info-requests'],
      body: bodySchema(),
      response: { 202: accepted, ...problemResponses(400, 401, 403, 429) },
    },
  }, async (request, reply) => receive(request, reply, request.body, []));

  app.post<{ Body: InfoRequestInput }>('/on-behalf', {
    config: { access: INFO_INTAKE_ROLES },
    schema: {
      summary: 'Enter a request received by post, phone, orally or by e-mail, on the requester\'s behalf (Art. 19 p.3-4)',
      description: 'Staff only; `channel` must not be `portal`. A request missing its Art. 19 p.5 content is registered and refused by the process (Art. 22 p.1 item 4), in writing, like any other.',
      tags: ['info-requests'],
      body: {
        ...bodySchema(),
        examples: [{
          channel: 'post', requesterName: 'Олена Петренко', postalAddress: 'м. Київ, вул. Хрещатик, 36, кв. 5', answerChannel: 'post',
          description: 'Копія рішення про ремонт ліфтів у Шевченківському районі за 2025 рік',
        }],
      },
      response: { 202: accepted, ...problemResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    if (request.body.channel === 'portal') {
      throw validationProblem([{ field: 'channel', message: 'a request entered on behalf arrived by post, phone, orally or by e-mail', message_uk: 'запит, внесений працівником, надійшов поштою, телефоном, усно або електронною поштою' }]);
    }
    return receive(request, reply, request.body, []);
  });

  /** Stores the request with its files and the start of its process (lib/info-requests/service.ts). */
  async function receive(request: FastifyRequest, reply: FastifyReply, body: InfoRequestInput, attachments: readonly StagedAttachment[]) {
    const stored = await receiveInfoRequest({ db, files, starter }, { body, user: request.user, attachments });
    if (!stored.receiptQueued) request.log.warn('receipt e-mail not queued: the mailer refuses the address');
    request.log.child({ businessKey: stored.id }).info({ channel: body.channel, urgent: stored.urgent }, 'info request received');
    return reply.code(202).send({ trackingCode: stored.trackingCode, receivedAt: stored.receivedAt.toISOString() });
  }

  // Attachments come as multipart/form-data: a route of its own keeps the JSON route's body schema
  // (and the portal's plain JSON POST) untouched, as for appeals (api/routes/appeals/index.ts).
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, coerceTypes: false, useDefaults: true, strict: false });
  ajvFormats.default(ajv);
  const validateRequest = ajv.compile<InfoRequestInput>(bodySchema());
  const allowedTypes = ALLOWED_FILE_TYPES.join(', ');

  app.post('/with-attachments', {
    config: {
      access: 'public',
      // Multipart bodies bypass Fastify's validation; this only documents the form for OpenAPI.
      swaggerTransform: ({ schema, url }) => ({
        url,
        schema: {
          ...schema,
          consumes: ['multipart/form-data'],
          body: {
            type: 'object',
            required: ['request'],
            properties: {
              // An object part of a multipart form is JSON text (OpenAPI 3.1, "Encoding Object").
              request: { ...bodySchema(), description: 'JSON text matching the InfoRequest schema (as the body of POST /api/v1/info-requests)' },
              files: {
                type: 'array', maxItems: MAX_ATTACHMENTS,
                items: { type: 'string', format: 'binary' },
                description: `0..${MAX_ATTACHMENTS} files: ${allowedTypes} (by content); each at most ${config.api.uploadLimitBytes} bytes`,
              },
            },
          },
        },
      }),
    },
    onRequest: admit,
    schema: {
      summary: 'Submit a request for public information with attached files',
      description: `multipart/form-data: one field \`request\` (JSON, the same InfoRequest schema and rules as POST /api/v1/info-requests) and 0..${MAX_ATTACHMENTS} file parts \`files\` (${allowedTypes}, judged by content). Errors name \`request.<field>\` or \`files[<index>]\`; nothing is stored when anything is wrong.`,
      tags: ['info-requests'],
      response: { 202: accepted, ...problemResponses(400, 401, 403, 413, 415, 429) },
    },
  }, async (request, reply) => {
    const { body, staged } = await readMultipartIntake(request, {
      field: 'request', validate: validateRequest, maxFiles: MAX_ATTACHMENTS, uploadLimitBytes: config.api.uploadLimitBytes, files,
    });
    try {
      return await receive(request, reply, body, staged);
    } catch (err) {
      await discardAll(files, staged);
      throw withinField('request', err);
    }
  });
};
