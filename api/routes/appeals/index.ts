// Citizens' appeals (Law 393/96-ВР): the portal's intake, open to everyone, and the clerk's entry of
// a paper, oral, phone or e-mail appeal on the author's behalf. The appeal and the start of its
// process are stored in one transaction (the process-start outbox), so an engine outage never loses
// an appeal; the citizen gets a tracking code at once (DESIGN.md "What the citizen sees").
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { appealSchema, type AppealInput } from '../../../lib/appeals/schemas.ts';
import { listAppealAttachments, receiveAppeal } from '../../../lib/appeals/service.ts';
import { MAX_CASE_ATTACHMENTS } from '../../../lib/cases/attachments.ts';
import { ALLOWED_FILE_TYPES } from '../../../lib/file-store.ts';
import { discardAll, readMultipartIntake, withinField, type StagedAttachment } from '../../multipart-intake.ts';
import { currentUser, problemResponses, type RouteDeps } from '../../route-kit.ts';
import { citizenSubmissionGate } from '../cases/intake-gate.ts';

/**
 * The schema file without its identity, inlined: it is shared with the portal form as a file, and an
 * inline copy keeps this plugin self-contained (no shared $id to register).
 */
function bodySchema(): Record<string, unknown> {
  const { $id: _id, $schema: _schema, ...rest } = appealSchema;
  return rest;
}

export const appealRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, starter, files, config }) => {
  const admit = citizenSubmissionGate({ db, config });

  app.post<{ Body: AppealInput }>('/', {
    config: { access: 'public' },
    onRequest: admit,
    schema: {
      summary: 'Submit a citizen\'s appeal (Law 393/96-ВР); staff enter paper, oral, phone and e-mail appeals with `channel`',
      description: 'Public for `channel: portal` (the default). Other channels need a clerk\'s session. Answers with the tracking code the citizen follows the case with; registration and the check follow in the process.',
      tags: ['appeals'],
      body: bodySchema(),
      response: {
        202: {
          description: 'Accepted: stored, its process starts as soon as the engine takes it',
          type: 'object',
          required: ['trackingCode', 'receivedAt'],
          properties: {
            trackingCode: { type: 'string', description: 'Secret code for GET /api/v1/track/{code}; shown once' },
            receivedAt: { type: 'string', format: 'date-time' },
          },
          additionalProperties: false,
        },
        ...problemResponses(400, 401, 403, 413, 415, 429),
      },
    },
  }, async (request, reply) => receive(request, reply, request.body, []));

  /** Stores the appeal with its files and the start of its process (lib/appeals/service.ts). */
  async function receive(request: FastifyRequest, reply: FastifyReply, body: AppealInput, attachments: readonly StagedAttachment[]) {
    const appeal = await receiveAppeal({ db, files, starter }, { body, user: request.user, attachments });
    if (!appeal.receiptQueued) request.log.warn('receipt e-mail not queued: the mailer refuses the address');
    request.log.child({ businessKey: appeal.id }).info({ channel: body.channel, type: body.type }, 'appeal received');
    return reply.code(202).send({ trackingCode: appeal.trackingCode, receivedAt: appeal.receivedAt.toISOString() });
  }

  // Attachments come as multipart/form-data, which Fastify does not validate against `body`; a
  // route of its own keeps the JSON route's schema (and the portal's plain JSON POST) untouched.
  // Same options as Fastify's validator (api/app.ts), so both routes accept exactly the same appeals.
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, coerceTypes: false, useDefaults: true, strict: false });
  ajvFormats.default(ajv);
  const validateAppeal = ajv.compile<AppealInput>(bodySchema());
  const allowedTypes = ALLOWED_FILE_TYPES.join(', ');

  /** Fields from receiveAppeal's checks name the appeal's own properties; here they sit in `appeal`. */

  app.post('/with-attachments', {
    config: {
      access: 'public',
      swaggerTransform: ({ schema, url }) => ({
        url,
        schema: {
          ...schema,
          consumes: ['multipart/form-data'],
          body: {
            type: 'object',
            required: ['appeal'],
            properties: {
              // An object part of a multipart form is JSON text (OpenAPI 3.1, "Encoding Object").
              appeal: { ...bodySchema(), description: 'JSON text matching the Appeal schema (as the body of POST /api/v1/appeals)' },
              files: {
                type: 'array', maxItems: MAX_CASE_ATTACHMENTS,
                items: { type: 'string', format: 'binary' },
                description: `0..${MAX_CASE_ATTACHMENTS} files: ${allowedTypes} (by content); each at most ${config.api.uploadLimitBytes} bytes`,
              },
            },
          },
        },
      }),
    },
    onRequest: admit,
    schema: {
      summary: 'Submit a citizen\'s appeal with attached files (Law 393/96-ВР Art. 5)',
      description: `multipart/form-data: one field \`appeal\` (JSON, the same Appeal schema and rules as POST /api/v1/appeals) and 0..${MAX_CASE_ATTACHMENTS} file parts \`files\` (${allowedTypes}, judged by content). Errors name \`appeal.<field>\` or \`files[<index>]\`; nothing is stored when anything is wrong.`,
      tags: ['appeals'],
      response: {
        202: {
          description: 'Accepted: stored with its attachments, its process starts as soon as the engine takes it',
          type: 'object',
          required: ['trackingCode', 'receivedAt'],
          properties: {
            trackingCode: { type: 'string', description: 'Secret code for GET /api/v1/track/{code}; shown once' },
            receivedAt: { type: 'string', format: 'date-time' },
          },
          additionalProperties: false,
        },
        ...problemResponses(400, 401, 403, 413, 415, 429),
      },
    },
  }, async (request, reply) => {
    const { body, staged } = await readMultipartIntake(request, {
      field: 'appeal', validate: validateAppeal, maxFiles: MAX_CASE_ATTACHMENTS, uploadLimitBytes: config.api.uploadLimitBytes, files,
    });
    try {
      return await receive(request, reply, body, staged);
    } catch (err) {
      await discardAll(files, staged);
      throw withinField('appeal', err);
    }
  });

  // Staff only, and every read audited: the names and the files may carry personal data (Law 2297-VI).
  app.get<{ Params: { id: string } }>('/:id/attachments', {
    config: { access: 'staff' },
    schema: {
      summary: 'The files attached to an appeal, in the order sent',
      tags: ['appeals'],
      params: { type: 'object', required: ['id'], properties: { id: { $ref: 'Uuid#' } }, additionalProperties: false },
      response: {
        200: {
          type: 'object',
          required: ['attachments'],
          properties: {
            attachments: {
              type: 'array',
              items: {
                type: 'object',
                required: ['position', 'sha256', 'type', 'size', 'name'],
                properties: {
                  position: { type: 'integer', description: 'i of files[i] as sent' },
                  sha256: { type: 'string' },
                  type: { type: 'string', enum: [...ALLOWED_FILE_TYPES] },
                  size: { type: 'integer' },
                  name: { type: ['string', 'null'], description: 'The sender\'s file name, cleaned for display' },
                },
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
        ...problemResponses(400, 401, 404),
      },
    },
  }, async (request) => {
    const attachments = await listAppealAttachments(db, { appealId: request.params.id, viewer: currentUser(request) });
    return { attachments: attachments.map((a) => ({ position: a.position, sha256: a.sha256, type: a.type, size: a.size, name: a.displayName })) };
  });
};
