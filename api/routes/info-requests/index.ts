// Requests for public information (Law 2939-VI): the portal's intake, open to everyone (Art. 12:
// anyone may ask; Art. 19 p.2: no reason needed), and a clerk's entry of a request received by
// post, phone, orally or by e-mail (Art. 19 p.3-4). The request and the start of its process are
// stored in one transaction (the process-start outbox), so an engine outage never loses a request;
// the requester gets a tracking code at once, stored only as a hash.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { infoRequestSchema, type InfoRequestInput } from '../../../lib/info-requests/schemas.ts';
import { INFO_INTAKE_ROLES, receiveInfoRequest } from '../../../lib/info-requests/service.ts';
import { validationProblem } from '../../../lib/problem.ts';
import type { StagedAttachment } from '../../multipart-intake.ts';
import { problemResponses, type RouteDeps } from '../../route-kit.ts';
import { citizenSubmissionGate } from '../cases/intake-gate.ts';
import { infoAnswerRoutes } from './answers.ts';
import { acceptedSchema as accepted, inlineSchema, registerSubmissionRoutes } from '../cases/submission-routes.ts';

const bodySchema = () => inlineSchema(infoRequestSchema);

export const infoRequestRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, starter, files, config }) => {
  /** Stores the request with its files and the start of its process (lib/info-requests/service.ts). */
  async function receive(request: FastifyRequest, body: InfoRequestInput, attachments: readonly StagedAttachment[]) {
    const stored = await receiveInfoRequest({ db, files, starter }, { body, user: request.user, attachments });
    if (!stored.receiptQueued) request.log.warn('receipt e-mail not queued: the mailer refuses the address');
    request.log.child({ businessKey: stored.id }).info({ channel: body.channel, urgent: stored.urgent }, 'info request received');
    return stored;
  }

  registerSubmissionRoutes<InfoRequestInput>(app, { files, config }, {
    schema: bodySchema(), field: 'request', name: 'InfoRequest', tags: ['info-requests'],
    summary: {
      json: 'Submit a request for public information (Law 2939-VI Art. 19)',
      withFiles: 'Submit a request for public information with attached files',
    },
    description: 'Public for `channel: portal` (the default); other channels need a session of a clerk or the public-information unit (or use /on-behalf). Answers with the tracking code; the content check, registration and the legal clock (5 working days, or 48 hours when justified) follow in the process.',
    // The same limits as appeals, with a budget of its own.
    admit: citizenSubmissionGate({ db, config }),
    receive,
  });

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
    const stored = await receive(request, request.body, []);
    return reply.code(202).send({ trackingCode: stored.trackingCode, receivedAt: stored.receivedAt.toISOString() });
  });
};

/** The domain's routes, registered by api/app.ts by the domain's name (lib/domains.ts): the requests, and their answers with the public register. */
export const domainRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  await app.register(infoRequestRoutes, { ...deps, prefix: '/api/v1/info-requests' });
  await app.register(infoAnswerRoutes, deps);
};
