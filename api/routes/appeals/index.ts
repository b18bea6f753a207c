// Citizens' appeals (Law 393/96-ВР): the portal's intake, open to everyone, and the clerk's entry of
// a paper, oral, phone or e-mail appeal on the author's behalf. The appeal and the start of its
// process are stored in one transaction (the process-start outbox), so an engine outage never loses
// an appeal; the citizen gets a tracking code at once (DESIGN.md "What the citizen sees").
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { TokenBuckets, taskPriority, type AppealChannel, type AppealType, type PriorityCategory } from '../../../lib/appeals/index.ts';
import { ProcessKeys, Variables } from '../../../lib/appeals/manifest.ts';
import { InvalidMessageError, enqueueMessage } from '../../../lib/notifications/index.ts';
import { ALLOWED_FILE_TYPES } from '../../../lib/file-store.ts';
import { ProblemError, validationProblem, type FieldError } from '../../../lib/problem.ts';
import { MAX_APPEAL_ATTACHMENTS, insertAppealAttachments, listAppealAttachments, type NewAppealAttachment } from '../../../lib/appeals/attachments-repository.ts';
import { insertAppeal } from '../../../lib/appeals/repository.ts';
import { appendAudit, userActor } from '../../../lib/audit.ts';
import { insertProcessLink } from '../../../lib/process-start/repository.ts';
import { findSessionUserId } from '../../../lib/staff/sessions-repository.ts';
import { findStaffUser } from '../../../lib/staff/repository.ts';
import appealSchema from '../../../lib/schemas/appeal.json' with { type: 'json' };
import { newTrackingCode, trackingCodeHash } from '../../../lib/cases/tracking-code.ts';
import { discardAll, readMultipartIntake, withinField, type StagedAttachment } from '../../multipart-intake.ts';
import { SESSION_COOKIE, currentUser, problemResponses, type RouteDeps } from '../../route-kit.ts';
import { kyivDate } from '../../../lib/calendar/index.ts';

export interface AppealBody {
  channel: AppealChannel;
  type: AppealType;
  collective: boolean;
  signed: boolean;
  surname?: string;
  name?: string;
  patronymic?: string;
  address?: string;
  email?: string;
  phone?: string;
  text: string;
  letterDate?: string;
  complaintDecisionDate?: string;
  complaintLearnedDate?: string;
  priorityCategory?: PriorityCategory;
  consent?: boolean;
}

/** Who may enter an appeal received on paper, orally, by phone or e-mail. */
const STAFF_ROLES = ['clerk', 'admin'];

/** Art. 20 regime the legal calendar starts from: one month; the head may shorten or extend it. */
const DEFAULT_REGIME = 'appeal';

/**
 * The schema file without its identity, inlined: it is shared with the portal form as a file, and an
 * inline copy keeps this plugin self-contained (no shared $id to register).
 */
function bodySchema(): Record<string, unknown> {
  const { $id: _id, $schema: _schema, ...rest } = appealSchema as Record<string, unknown>;
  return rest;
}

/**
 * Loads the staff member behind a session cookie on this public route, where the access hook loads
 * nobody. A fake cookie only makes the caller anonymous.
 */
export async function optionalStaff(request: FastifyRequest, db: RouteDeps['db']): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return;
  const userId = await findSessionUserId(db, token);
  if (userId !== undefined) request.user = (await findStaffUser(db, userId)) ?? null;
}

/**
 * The onRequest gate of a citizen's submission route (appeals, information requests), one per route.
 * Anonymous callers only: staff enter submissions at the counter in bursts. 30 at once, then one
 * every 10 seconds per address (one API node's view; see README). HROMADA_APPEALS_RATE_BURST raises
 * the burst for `npm run bench:appeals` and the test suite, whose load comes from one address; never
 * set in production, where the default 30 is the protection. It runs before the body is read and
 * validated: a flood costs one map lookup per request.
 */
export function citizenSubmissionGate(db: RouteDeps['db']): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const burst = Number(process.env.HROMADA_APPEALS_RATE_BURST ?? 30);
  const buckets = new TokenBuckets({ capacity: Number.isInteger(burst) && burst > 0 ? burst : 30, refillPerSecond: 0.1 });
  return async (request, reply) => {
    await optionalStaff(request, db);
    if (request.user) return;
    const { allowed, retryAfterSeconds } = buckets.take(request.ip);
    if (!allowed) {
      reply.header('retry-after', String(retryAfterSeconds));
      throw new ProblemError('too-many-requests');
    }
  };
}

export const appealRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, starter, files, config }) => {
  const admit = citizenSubmissionGate(db);

  app.post<{ Body: AppealBody }>('/', {
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
  }, async (request, reply) => receiveAppeal(request, reply, request.body, []));

  /**
   * Checks, then stores the appeal, its attachments (staged by the caller, committed here once the
   * appeal is known good) and the start of its process in one transaction.
   */
  async function receiveAppeal(request: FastifyRequest, reply: FastifyReply, body: AppealBody, attachments: readonly StagedAttachment[]) {
    const user = request.user;
    if (body.channel !== 'portal') {
      if (!user) {
        throw new ProblemError('unauthenticated', {
          detail: `channel: "${body.channel}" appeals are entered by staff`, detail_uk: `channel: звернення через "${body.channel}" вносить працівник`,
          errors: [{ field: 'channel', message: 'only the portal is open to the public', message_uk: 'без входу доступний лише канал portal' }],
        });
      }
      if (!STAFF_ROLES.some((role) => user.roles.includes(role))) {
        throw new ProblemError('forbidden', { detail: `Requires one of the roles: ${STAFF_ROLES.join(', ')}`, detail_uk: `Потрібна одна з ролей: ${STAFF_ROLES.join(', ')}` });
      }
    }
    const today = kyivDate();
    const errors: FieldError[] = [];
    for (const field of ['letterDate', 'complaintDecisionDate', 'complaintLearnedDate'] as const) {
      const value = body[field];
      if (value !== undefined && value > today) errors.push({ field, message: 'must not be in the future', message_uk: 'не може бути в майбутньому' });
    }
    if (body.complaintDecisionDate && body.complaintLearnedDate && body.complaintLearnedDate < body.complaintDecisionDate) {
      errors.push({ field: 'complaintLearnedDate', message: 'must not be before the decision', message_uk: 'не може передувати даті рішення' });
    }
    if (body.type !== 'complaint' && (body.complaintDecisionDate || body.complaintLearnedDate)) {
      errors.push({ field: 'type', message: 'complaint dates are given only for a complaint', message_uk: 'дати рішення вказують лише для скарги' });
    }
    if (errors.length > 0) throw validationProblem(errors);

    // Files first, as for incoming documents: a crash before the transaction leaves unreferenced
    // files (harmless, collectable), never an appeal row naming a file that is not there.
    const committed: NewAppealAttachment[] = [];
    for (const a of attachments) {
      const { sha256, type, size } = await files.commit(a.staged);
      committed.push({ sha256, type, size, displayName: a.displayName });
    }
    const trackingCode = newTrackingCode();
    const now = new Date();
    const appeal = await db.transaction(async (tx) => {
      const stored = await insertAppeal(tx, {
        trackingCodeHash: trackingCodeHash(trackingCode),
        channel: body.channel,
        type: body.type,
        collective: body.collective,
        // Electronic appeals need no signature (Art. 5), so they are never "БП".
        signed: body.channel === 'portal' || body.channel === 'email' ? true : body.signed,
        surname: body.surname?.trim(),
        name: body.name?.trim(),
        patronymic: body.patronymic?.trim(),
        address: body.address?.trim(),
        email: body.email,
        phone: body.phone,
        text: body.text,
        letterDate: body.letterDate,
        complaintDecisionDate: body.complaintDecisionDate,
        complaintLearnedDate: body.complaintLearnedDate,
        priorityCategory: body.priorityCategory,
        consentAt: body.consent === true ? now : undefined,
        createdBy: user?.id,
      });
      await insertAppealAttachments(tx, stored.id, committed);
      await insertProcessLink(tx, {
        businessKey: stored.id,
        processKey: ProcessKeys.citizenAppeal,
        variables: {
          [Variables.appealId]: stored.id,
          [Variables.receivedAt]: stored.receivedAt.toISOString(),
          [Variables.deadlineRegime]: DEFAULT_REGIME,
          [Variables.appealPriority]: taskPriority(body.priorityCategory),
          // Art. 7: the heads' form needs to know a complaint, which is never sent to the body it is about.
          [Variables.appealType]: body.type,
        },
      });
      if (body.email) {
        // CMU 348: on request the author gets the date and number of receipt; the e-mail also
        // carries the tracking code, which is stored nowhere else in the clear. Same transaction:
        // the message exists if and only if the appeal does.
        try {
          await enqueueMessage(tx, {
            eventKey: `appeal:${stored.id}:received`,
            to: body.email,
            template: 'appeal-received',
            params: { trackingCode, receivedOn: kyivDate(stored.receivedAt) },
          });
        } catch (err) {
          // An address ajv accepts but the mailer would refuse: the appeal stands without the e-mail.
          if (!(err instanceof InvalidMessageError)) throw err;
          request.log.warn({ reason: err.message }, 'receipt e-mail not queued');
        }
      }
      // Ids and codes only: who wrote and what is personal data (Law 2297-VI).
      await appendAudit(tx, {
        actor: user ? userActor(user.id) : 'anonymous', action: 'appeal.receive', entityType: 'appeal', entityId: stored.id,
        details: { channel: body.channel, type: body.type, priority: body.priorityCategory ?? null, attachments: committed.length },
      });
      return stored;
    });
    starter.kick();
    request.log.child({ businessKey: appeal.id }).info({ channel: body.channel, type: body.type }, 'appeal received');
    return reply.code(202).send({ trackingCode, receivedAt: appeal.receivedAt.toISOString() });
  }

  // Attachments come as multipart/form-data, which Fastify does not validate against `body`; a
  // route of its own keeps the JSON route's schema (and the portal's plain JSON POST) untouched.
  // Same options as Fastify's validator (api/app.ts), so both routes accept exactly the same appeals.
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, coerceTypes: false, useDefaults: true, strict: false });
  ajvFormats.default(ajv);
  const validateAppeal = ajv.compile<AppealBody>(bodySchema());
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
                type: 'array', maxItems: MAX_APPEAL_ATTACHMENTS,
                items: { type: 'string', format: 'binary' },
                description: `0..${MAX_APPEAL_ATTACHMENTS} files: ${allowedTypes} (by content); each at most ${config.api.uploadLimitBytes} bytes`,
              },
            },
          },
        },
      }),
    },
    onRequest: admit,
    schema: {
      summary: 'Submit a citizen\'s appeal with attached files (Law 393/96-ВР Art. 5)',
      description: `multipart/form-data: one field \`appeal\` (JSON, the same Appeal schema and rules as POST /api/v1/appeals) and 0..${MAX_APPEAL_ATTACHMENTS} file parts \`files\` (${allowedTypes}, judged by content). Errors name \`appeal.<field>\` or \`files[<index>]\`; nothing is stored when anything is wrong.`,
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
      field: 'appeal', validate: validateAppeal, maxFiles: MAX_APPEAL_ATTACHMENTS, uploadLimitBytes: config.api.uploadLimitBytes, files,
    });
    try {
      return await receiveAppeal(request, reply, body, staged);
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
    const user = currentUser(request);
    const exists = await db('appeals').where({ id: request.params.id }).first('id');
    if (!exists) throw new ProblemError('appeal-not-found');
    const attachments = await listAppealAttachments(db, request.params.id);
    await appendAudit(db, { actor: userActor(user.id), action: 'appeal.attachments.view', entityType: 'appeal', entityId: request.params.id });
    return { attachments: attachments.map((a) => ({ position: a.position, sha256: a.sha256, type: a.type, size: a.size, name: a.displayName })) };
  });
};
