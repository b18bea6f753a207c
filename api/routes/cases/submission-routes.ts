// The two routes every kind of case a citizen files is submitted through (appeals, information
// requests, later service applications): `POST /` with the case as JSON, and `POST /with-attachments`
// with the same JSON as one field of a multipart form beside 0..5 scans. One schema and the same
// validator options on both (api/app.ts), so both accept exactly the same cases; the kind's service
// stores the case, its files and its process start in one transaction.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { MAX_CASE_ATTACHMENTS } from '../../../lib/cases/attachments.ts';
import { ALLOWED_FILE_TYPES } from '../../../lib/file-store.ts';
import { discardAll, readMultipartIntake, withinField, type StagedAttachment } from '../../multipart-intake.ts';
import { problemResponses, type RouteDeps } from '../../route-kit.ts';

/** The answer to a submission: the tracking code, shown once. */
export const acceptedSchema = {
  description: 'Accepted: stored, its process starts as soon as the engine takes it',
  type: 'object',
  required: ['trackingCode', 'receivedAt'],
  properties: {
    trackingCode: { type: 'string', description: 'Secret code for GET /api/v1/track/{code}; shown once' },
    receivedAt: { type: 'string', format: 'date-time' },
  },
  additionalProperties: false,
} as const;

/** A schema without its identity, inlined: an inline copy keeps each route self-contained (no shared $id). */
export function inlineSchema(schema: { readonly $id?: string; readonly $schema?: string } & Record<string, unknown>): Record<string, unknown> {
  const { $id: _id, $schema: _schema, ...rest } = schema;
  return rest;
}

export interface SubmissionRoutes<B> {
  /** The JSON Schema of the case as submitted (lib/<domain>/schemas.ts). */
  schema: Record<string, unknown>;
  /** The multipart field that carries the case's JSON, e.g. `appeal`. */
  field: string;
  /** The schema's name in the descriptions, e.g. `Appeal`. */
  name: string;
  tags: string[];
  summary: { json: string; withFiles: string };
  description: string;
  /** The gate every submission passes first (api/routes/cases/intake-gate.ts). */
  admit: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** Stores the case (the domain's service) and answers its tracking code. */
  receive: (request: FastifyRequest, body: B, attachments: readonly StagedAttachment[]) => Promise<{ trackingCode: string; receivedAt: Date }>;
}

export function registerSubmissionRoutes<B>(app: FastifyInstance, { files, config }: Pick<RouteDeps, 'files' | 'config'>, r: SubmissionRoutes<B>): void {
  const respond = async (reply: FastifyReply, done: Promise<{ trackingCode: string; receivedAt: Date }>) => {
    const stored = await done;
    return reply.code(202).send({ trackingCode: stored.trackingCode, receivedAt: stored.receivedAt.toISOString() });
  };

  app.post<{ Body: B }>('/', {
    config: { access: 'public' },
    onRequest: r.admit,
    schema: {
      summary: r.summary.json, description: r.description, tags: r.tags, body: r.schema,
      response: { 202: acceptedSchema, ...problemResponses(400, 401, 403, 413, 415, 429) },
    },
  }, async (request, reply) => respond(reply, r.receive(request, request.body as B, [])));

  // Multipart bodies bypass Fastify's validation: the JSON part is checked with the same schema and
  // the same options as Fastify's validator (api/app.ts).
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, coerceTypes: false, useDefaults: true, strict: false });
  ajvFormats.default(ajv);
  const validate = ajv.compile<B>(r.schema);
  const allowedTypes = ALLOWED_FILE_TYPES.join(', ');

  app.post('/with-attachments', {
    config: {
      access: 'public',
      // Only documents the form for OpenAPI.
      swaggerTransform: ({ schema, url }) => ({
        url,
        schema: {
          ...schema,
          consumes: ['multipart/form-data'],
          body: {
            type: 'object',
            required: [r.field],
            properties: {
              // An object part of a multipart form is JSON text (OpenAPI 3.1, "Encoding Object").
              [r.field]: { ...r.schema, description: `JSON text matching the ${r.name} schema (as the body of the JSON route)` },
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
    onRequest: r.admit,
    schema: {
      summary: r.summary.withFiles,
      description: `multipart/form-data: one field \`${r.field}\` (JSON, the same ${r.name} schema and rules as the JSON route) and 0..${MAX_CASE_ATTACHMENTS} file parts \`files\` (${allowedTypes}, judged by content). Errors name \`${r.field}.<field>\` or \`files[<index>]\`; nothing is stored when anything is wrong.`,
      tags: r.tags,
      response: { 202: { ...acceptedSchema, description: 'Accepted: stored with its attachments, its process starts as soon as the engine takes it' }, ...problemResponses(400, 401, 403, 413, 415, 429) },
    },
  }, async (request, reply) => {
    const { body, staged } = await readMultipartIntake(request, {
      field: r.field, validate, maxFiles: MAX_CASE_ATTACHMENTS, uploadLimitBytes: config.api.uploadLimitBytes, files,
    });
    try {
      return await respond(reply, r.receive(request, body, staged));
    } catch (err) {
      await discardAll(files, staged);
      throw withinField(r.field, err);
    }
  });
}
