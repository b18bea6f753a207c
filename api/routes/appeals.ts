// Citizens' appeals (Law 393/96-ВР): the portal's intake, open to everyone, and the clerk's entry of
// a paper, oral, phone or e-mail appeal on the author's behalf. The appeal and the start of its
// process are stored in one transaction (the process-start outbox), so an engine outage never loses
// an appeal; the citizen gets a tracking code at once (DESIGN.md "What the citizen sees").
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { TokenBuckets, taskPriority, type AppealChannel, type AppealType, type PriorityCategory } from '../../lib/appeals/index.ts';
import { ProcessKeys, Variables } from '../../lib/contracts.ts';
import { InvalidMessageError, enqueueMessage } from '../../lib/notifications/index.ts';
import { ProblemError, validationProblem, type FieldError } from '../../lib/problem.ts';
import { insertAppeal } from '../../lib/repos/appeals.ts';
import { appendAudit, userActor } from '../../lib/repos/audit.ts';
import { insertProcessLink } from '../../lib/repos/process-links.ts';
import { findSessionUserId } from '../../lib/repos/sessions.ts';
import { findStaffUser } from '../../lib/repos/users.ts';
import appealSchema from '../../lib/schemas/appeal.json' with { type: 'json' };
import { newTrackingCode, trackingCodeHash } from '../../lib/tracking-code.ts';
import { SESSION_COOKIE, problemResponses, type RouteDeps } from '../app.ts';

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

function todayInKyiv(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

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

export const appealRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, starter }) => {
  // Anonymous callers only: staff enter appeals at the counter in bursts. 30 at once, then one
  // every 10 seconds per address (one API node's view; see README).
  const buckets = new TokenBuckets({ capacity: 30, refillPerSecond: 0.1 });

  app.post<{ Body: AppealBody }>('/', {
    config: { access: 'public' },
    // Before the body is read and validated: a flood costs one map lookup per request.
    onRequest: async (request, reply) => {
      await optionalStaff(request, db);
      if (request.user) return;
      const { allowed, retryAfterSeconds } = buckets.take(request.ip);
      if (!allowed) {
        reply.header('retry-after', String(retryAfterSeconds));
        throw new ProblemError('too-many-requests');
      }
    },
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
  }, async (request, reply) => {
    const body = request.body;
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
    const today = todayInKyiv();
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
            params: { trackingCode, receivedOn: todayInKyiv(stored.receivedAt) },
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
        details: { channel: body.channel, type: body.type, priority: body.priorityCategory ?? null },
      });
      return stored;
    });
    starter.kick();
    request.log.child({ businessKey: appeal.id }).info({ channel: body.channel, type: body.type }, 'appeal received');
    return reply.code(202).send({ trackingCode, receivedAt: appeal.receivedAt.toISOString() });
  });
};
