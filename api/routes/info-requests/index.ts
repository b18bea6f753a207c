// Requests for public information (Law 2939-VI): the portal's intake, open to everyone (Art. 12:
// anyone may ask; Art. 19 p.2: no reason needed), and a clerk's entry of a request received by
// post, phone, orally or by e-mail (Art. 19 p.3-4). The request and the start of its process are
// stored in one transaction (the process-start outbox), so an engine outage never loses a request;
// the requester gets a tracking code at once, stored only as a hash.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { ProcessKeys, Variables } from '../../../lib/info-requests/manifest.ts';
import type { AnswerChannel, InfoChannel } from '../../../lib/info-requests/index.ts';
import { InvalidMessageError, enqueueMessage } from '../../../lib/notifications/index.ts';
import { ALLOWED_FILE_TYPES } from '../../../lib/file-store.ts';
import { ProblemError, validationProblem, type FieldError } from '../../../lib/problem.ts';
import { MAX_APPEAL_ATTACHMENTS } from '../../../lib/appeals/attachments-repository.ts';
import { appendAudit, userActor } from '../../../lib/audit.ts';
import { insertInfoRequest, insertInfoRequestAttachments } from '../../../lib/info-requests/repository.ts';
import { insertProcessLink } from '../../../lib/process-start/repository.ts';
import infoRequestSchema from '../../../lib/schemas/info-request.json' with { type: 'json' };
import { newTrackingCode, trackingCodeHash } from '../../../lib/cases/tracking-code.ts';
import { discardAll, readMultipartIntake, withinField, type StagedAttachment } from '../../multipart-intake.ts';
import { problemResponses, type RouteDeps } from '../../route-kit.ts';
import { citizenSubmissionGate } from '../appeals/index.ts';
import { kyivDate } from '../../../lib/calendar/index.ts';

export interface InfoRequestBody {
  channel: InfoChannel;
  requesterName?: string;
  postalAddress?: string;
  email?: string;
  phone?: string;
  answerChannel: AnswerChannel;
  description: string;
  urgent: boolean;
  urgencyJustification?: string;
  consent?: boolean;
}

/** Who may enter a request received by post, phone, orally or by e-mail. */
export const INFO_INTAKE_ROLES = ['clerk', 'info-officer', 'admin'];

/** The shared schema file without its identity, inlined (see api/routes/appeals/index.ts). */
function bodySchema(): Record<string, unknown> {
  const { $id: _id, $schema: _schema, ...rest } = infoRequestSchema as Record<string, unknown>;
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
const MAX_ATTACHMENTS = MAX_APPEAL_ATTACHMENTS;

export const infoRequestRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, starter, files, config }) => {
  // The same limits as appeals, with a budget of its own.
  const admit = citizenSubmissionGate(db);

  app.post<{ Body: InfoRequestBody }>('/', {
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

  app.post<{ Body: InfoRequestBody }>('/on-behalf', {
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

  async function receive(request: FastifyRequest, reply: FastifyReply, body: InfoRequestBody, attachments: readonly StagedAttachment[]) {
    const user = request.user;
    if (body.channel !== 'portal') {
      if (!user) {
        throw new ProblemError('unauthenticated', {
          detail: `channel: "${body.channel}" requests are entered by staff`, detail_uk: `channel: запити через "${body.channel}" вносить працівник`,
          errors: [{ field: 'channel', message: 'only the portal is open to the public', message_uk: 'без входу доступний лише канал portal' }],
        });
      }
      if (!INFO_INTAKE_ROLES.some((role) => user.roles.includes(role))) {
        throw new ProblemError('forbidden', { detail: `Requires one of the roles: ${INFO_INTAKE_ROLES.join(', ')}`, detail_uk: `Потрібна одна з ролей: ${INFO_INTAKE_ROLES.join(', ')}` });
      }
    }
    // Art. 19 p.5: an answer needs somewhere to go. The schema says it per channel; a request
    // entered by a clerk without any address could never be answered, not even refused.
    const errors: FieldError[] = [];
    if (!body.email && !body.postalAddress && body.answerChannel !== 'portal') {
      errors.push({ field: 'postalAddress', message: 'a postal address or an e-mail is needed for the answer (Art. 19 p.5)', message_uk: 'для відповіді потрібна поштова адреса або адреса електронної пошти (ст. 19 ч. 5)' });
    }
    if (errors.length > 0) throw validationProblem(errors);

    // Files first, as for appeals: a crash before the transaction leaves unreferenced files, never a
    // request naming a file that is not there.
    const committed: Array<{ sha256: string; type: string; size: number; displayName: string | null }> = [];
    for (const a of attachments) {
      const { sha256, type, size } = await files.commit(a.staged);
      committed.push({ sha256, type, size, displayName: a.displayName });
    }
    const trackingCode = newTrackingCode();
    const now = new Date();
    const urgent = body.urgent === true;
    const stored = await db.transaction(async (tx) => {
      const row = await insertInfoRequest(tx, {
        trackingCodeHash: trackingCodeHash(trackingCode),
        channel: body.channel,
        requesterName: body.requesterName?.trim(),
        postalAddress: body.postalAddress?.trim(),
        email: body.email,
        phone: body.phone,
        answerChannel: body.answerChannel,
        description: body.description,
        urgent,
        urgencyJustification: urgent ? body.urgencyJustification?.trim() : undefined,
        consentAt: body.consent === true ? now : undefined,
        createdBy: user?.id,
      });
      await insertInfoRequestAttachments(tx, row.id, committed);
      await insertProcessLink(tx, {
        businessKey: row.id,
        processKey: ProcessKeys.publicInfoRequest,
        variables: {
          [Variables.infoRequestId]: row.id,
          [Variables.receivedAt]: row.receivedAt.toISOString(),
          // Art. 20 p.1 five working days; p.2 48 hours when the requester justified the urgency.
          [Variables.deadlineRegime]: urgent ? 'public-info-urgent' : 'public-info',
        },
      });
      if (body.email) {
        // The only message carrying the tracking code, which is stored nowhere in the clear; same
        // transaction, so the message exists if and only if the request does.
        try {
          await enqueueMessage(tx, {
            eventKey: `info-request:${row.id}:received`,
            to: body.email,
            template: 'info-request-received',
            params: { trackingCode, receivedOn: kyivDate(row.receivedAt) },
          });
        } catch (err) {
          if (!(err instanceof InvalidMessageError)) throw err;
          request.log.warn({ reason: err.message }, 'receipt e-mail not queued');
        }
      }
      // Ids and codes only: who asked and what is personal data (Law 2297-VI).
      await appendAudit(tx, {
        actor: user ? userActor(user.id) : 'anonymous', action: 'info-request.receive', entityType: 'info-request', entityId: row.id,
        details: { channel: body.channel, answerChannel: body.answerChannel, urgent, attachments: committed.length },
      });
      return row;
    });
    starter.kick();
    request.log.child({ businessKey: stored.id }).info({ channel: body.channel, urgent }, 'info request received');
    return reply.code(202).send({ trackingCode, receivedAt: stored.receivedAt.toISOString() });
  }

  // Attachments come as multipart/form-data: a route of its own keeps the JSON route's body schema
  // (and the portal's plain JSON POST) untouched, as for appeals (api/routes/appeals/index.ts).
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, coerceTypes: false, useDefaults: true, strict: false });
  ajvFormats.default(ajv);
  const validateRequest = ajv.compile<InfoRequestBody>(bodySchema());
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
