// Citizens' appeals (Law 393/96-ВР): the portal's intake, open to everyone, and the clerk's entry of
// a paper, oral, phone or e-mail appeal on the author's behalf. The appeal and the start of its
// process are stored in one transaction (the process-start outbox), so an engine outage never loses
// an appeal; the citizen gets a tracking code at once (DESIGN.md "What the citizen sees").
import type { FastifyPluginAsync } from 'fastify';
import { appealSchema, type AppealInput } from '../../../lib/appeals/schemas.ts';
import { listAppealAttachments, receiveAppeal } from '../../../lib/appeals/service.ts';
import { ALLOWED_FILE_TYPES } from '../../../lib/file-store.ts';
import { currentUser, problemResponses, type RouteDeps } from '../../route-kit.ts';
import { citizenSubmissionGate } from '../cases/intake-gate.ts';
import { inlineSchema, registerSubmissionRoutes } from '../cases/submission-routes.ts';

export const appealRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, starter, files, config }) => {
  registerSubmissionRoutes<AppealInput>(app, { files, config }, {
    schema: inlineSchema(appealSchema), field: 'appeal', name: 'Appeal', tags: ['appeals'],
    summary: {
      json: 'Submit a citizen\'s appeal (Law 393/96-ВР); staff enter paper, oral, phone and e-mail appeals with `channel`',
      withFiles: 'Submit a citizen\'s appeal with attached files (Law 393/96-ВР Art. 5)',
    },
    description: 'Public for `channel: portal` (the default). Other channels need a clerk\'s session. Answers with the tracking code the citizen follows the case with; registration and the check follow in the process.',
    admit: citizenSubmissionGate({ db, config }),
    async receive(request, body, attachments) {
      const appeal = await receiveAppeal({ db, files, starter }, { body, user: request.user, attachments });
      if (!appeal.receiptQueued) request.log.warn('receipt e-mail not queued: the mailer refuses the address');
      request.log.child({ businessKey: appeal.id }).info({ channel: body.channel, type: body.type }, 'appeal received');
      return appeal;
    },
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

/** The domain's routes, registered by api/app.ts by the domain's name (lib/domains.ts). */
export const domainRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  await app.register(appealRoutes, { ...deps, prefix: '/api/v1/appeals' });
};
