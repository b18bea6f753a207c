// Signatures of documents (Law 2155-VIII, CMU 798/2023): staff see each signature of a document
// re-verified on every read (the signature, our CA, the scan's bytes and the card as they are now),
// and anyone can fetch the CA certificate to verify a signed card with their own tools, e.g.
// `xmlsec1 --verify --trusted-pem ca.pem signed.xml`.
import type { FastifyPluginAsync } from 'fastify';
import { ProblemError } from '../../../lib/problem.ts';
import { createSigningService } from '../../../lib/signing/index.ts';
import { problemResponses, type RouteDeps } from '../../route-kit.ts';

const PEM_CONTENT_TYPE = 'application/x-pem-file';

const signatureSchema = {
  type: 'object',
  required: ['purpose', 'signer', 'certificateSerial', 'signedAt', 'valid', 'problems'],
  properties: {
    purpose: { type: 'string', description: 'registration (the seal), resolution (its author), approval (the controller), reply (the approving head, on the reply document), ...' },
    signer: {
      type: 'object',
      required: ['kind', 'name'],
      properties: {
        kind: { type: 'string', enum: ['user', 'system'] },
        name: { type: 'string', description: "The certificate's common name: a staff member's full name or a seal of the body" },
      },
      additionalProperties: false,
    },
    certificateSerial: { type: 'string', description: 'Upper-case hex' },
    signedAt: { type: 'string', format: 'date-time' },
    valid: { type: 'boolean', description: 'true when problems is empty' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'message', 'message_uk'],
        properties: {
          code: {
            type: 'string',
            enum: ['signature-invalid', 'certificate-untrusted', 'certificate-not-valid-at-signing-time', 'certificate-key-usage',
              'purpose-mismatch', 'scan-missing', 'scan-changed', 'card-changed', 'registration-missing'],
          },
          field: { type: 'string', description: 'For card-changed: the card field that differs from the signed one' },
          message: { type: 'string' },
          message_uk: { type: 'string' },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export const signatureRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, config, files }) => {
  const signing = createSigningService({ db, dataDir: config.dataDir, files });

  app.get<{ Params: { id: string } }>('/documents/:id/signatures', {
    config: { access: 'staff' },
    schema: {
      summary: "A document's signatures, each verified now",
      description: 'Each signature is checked on every read: the XML signature, that our CA issued the certificate, that the scan still has the signed SHA-256, and that the registration card still has the signed values.',
      tags: ['signatures'],
      params: {
        type: 'object',
        required: ['id'],
        properties: { id: { $ref: 'Uuid#' } },
        additionalProperties: false,
      },
      response: {
        200: { type: 'array', items: signatureSchema },
        ...problemResponses(400, 401, 404),
      },
    },
  }, async (request) => {
    const verified = await signing.verifyDocumentSignatures(request.params.id);
    if (!verified) throw new ProblemError('document-not-found');
    return verified.map(({ signature, verification }) => ({
      purpose: signature.purpose,
      signer: { kind: signature.signerKind, name: signature.certificateCommonName },
      certificateSerial: signature.certificateSerial,
      signedAt: signature.signedAt.toISOString(),
      valid: verification.valid,
      problems: verification.problems,
    }));
  });

  app.get('/signing/ca.pem', {
    config: { access: 'public' },
    schema: {
      summary: 'The certificate of our certificate authority (PEM), to verify signatures independently',
      tags: ['signatures'],
      produces: [PEM_CONTENT_TYPE],
      response: { 200: { type: 'string', description: 'X.509 certificate, PEM' } },
    },
  }, async (_request, reply) => reply.type(PEM_CONTENT_TYPE).header('cache-control', 'public, max-age=3600').send(await signing.caCertificatePem()));
};
