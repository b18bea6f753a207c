// Incoming documents: a clerk uploads the scan with its registration-card fields; the process
// (registration, then the card check) is started through the outbox, so an engine outage never
// loses a received document.
import type { FastifyPluginAsync } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { FileTooLargeError, FileTypeNotAllowedError, ALLOWED_FILE_TYPES, type StagedFile } from '../../../lib/file-store.ts';
import { receiveUploadedDocument, showDocument } from '../../../lib/correspondence/service.ts';
import { ProblemError, fieldErrorsFromAjv, problemSchemaWith, validationProblem, type FieldError } from '../../../lib/problem.ts';
import { documentMetadataSchema } from '../../../lib/correspondence/schemas.ts';
import { printableName, storableTextErrors } from '../../../lib/storable-text.ts';
import { currentUser, problemResponses, type RouteDeps } from '../../route-kit.ts';
import { kyivDate } from '../../../lib/calendar/index.ts';

interface DocumentMetadata {
  correspondent: string;
  theirNumber?: string;
  theirDate?: string;
  summary: string;
  /** A deliberate second copy: the document already received with the same file, and why (both or neither). */
  duplicateOf?: string;
  duplicateReason?: string;
}

/** Extension member of the 409 duplicate-document answer: what the clerk needs to find the original or name it. */
const duplicateProblem = problemSchemaWith(
  'The same bytes (SHA-256) as a document already received: nothing was stored. `existingDocument` is that document; '
  + 'send `metadata.duplicateOf` with its id and `metadata.duplicateReason` to register a second copy on purpose.',
  {
    existingDocument: {
      type: 'object',
      required: ['id', 'status', 'registrationIndex'],
      properties: {
        id: { $ref: 'Uuid#' },
        status: { type: 'string', description: 'received (registration still under way), registered, filed' },
        registrationIndex: { type: ['string', 'null'], description: 'null while the document is not registered yet' },
      },
      additionalProperties: false,
    },
  },
  ['existingDocument'],
);

const UPLOAD_ROLES = ['clerk', 'admin'] as const;

function fieldError(field: string, message: string, message_uk: string): FieldError {
  return { field, message, message_uk };
}

export const documentRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, engine, files, starter, config }) => {
  // The same schema file the browser forms use; compiled here because multipart fields bypass
  // Fastify's body validation.
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, coerceTypes: false, strict: true });
  ajvFormats.default(ajv);
  const validateMetadata = ajv.compile<DocumentMetadata>(documentMetadataSchema);

  /** Parses and validates the `metadata` field; collects every problem instead of stopping at one. */
  function checkMetadata(raw: unknown, errors: FieldError[]): DocumentMetadata | undefined {
    if (raw === undefined) {
      errors.push(fieldError('metadata', 'is required', 'обов’язкове поле'));
      return undefined;
    }
    let value: unknown = raw;
    if (typeof raw === 'string') {
      try {
        value = JSON.parse(raw);
      } catch {
        errors.push(fieldError('metadata', 'is not valid JSON', 'не є коректним JSON'));
        return undefined;
      }
    }
    // Text the database cannot store, checked here as for JSON bodies (api/app.ts): multipart
    // fields bypass Fastify's hooks for the body.
    const unstorable = storableTextErrors(value, 'metadata');
    if (unstorable.length > 0) {
      errors.push(...unstorable);
      return undefined;
    }
    if (!validateMetadata(value)) {
      errors.push(...fieldErrorsFromAjv(validateMetadata.errors ?? [], 'metadata'));
      return undefined;
    }
    if (value.theirDate !== undefined && value.theirDate > kyivDate()) {
      errors.push(fieldError('metadata.theirDate', 'must not be in the future', 'не може бути в майбутньому'));
      return undefined;
    }
    return value;
  }

  const documentIdParams = {
    type: 'object',
    required: ['id'],
    properties: { id: { $ref: 'Uuid#' } },
    additionalProperties: false,
  } as const;

  app.post('/', {
    config: {
      access: UPLOAD_ROLES,
      // Multipart bodies bypass Fastify's validation; this only documents the form for OpenAPI.
      swaggerTransform: ({ schema, url }) => ({
        url,
        schema: {
          ...schema,
          security: [{ session: [] as string[] }],
          consumes: ['multipart/form-data'],
          body: {
            type: 'object',
            required: ['file', 'metadata'],
            properties: {
              file: { type: 'string', format: 'binary', description: `The scan: ${ALLOWED_FILE_TYPES.join(', ')}; at most ${config.api.uploadLimitBytes} bytes` },
              // An object part of a multipart form is JSON text (OpenAPI 3.1, "Encoding Object").
              metadata: { $ref: 'DocumentMetadata#', description: 'JSON text matching the DocumentMetadata schema' },
            },
          },
        },
      }),
    },
    schema: {
      summary: 'Receive an incoming document (scan + registration-card fields)',
      description: 'multipart/form-data with exactly one file part `file` and one field `metadata` (JSON, see DocumentMetadata). Nothing is stored when anything is wrong. '
        + 'A document is registered once (CMU 55/2018): a scan with the same bytes as a document already received is refused with 409 `duplicate-document` naming that document '
        + '(its id, status and registration index, null while it is being registered), also when both arrive at the same moment. A clerk registers a second copy on purpose with '
        + '`metadata.duplicateOf` (that document\'s id, or of any document with the same file) and `metadata.duplicateReason`; it is recorded on the new document and in the audit log and registered like any other. '
        + '`duplicateOf` naming a document with other bytes is refused with 400.',
      tags: ['documents'],
      response: {
        202: {
          description: 'Accepted; the registration process starts as soon as the engine takes it',
          type: 'object',
          required: ['id', 'status'],
          properties: { id: { $ref: 'Uuid#' }, status: { type: 'string', enum: ['received'] } },
          additionalProperties: false,
        },
        ...problemResponses(400, 401, 403, 413, 415),
        409: duplicateProblem,
      },
    },
  }, async (request, reply) => {
    const user = currentUser(request);
    if (!request.isMultipart()) {
      throw new ProblemError('unsupported-media-type', {
        detail: 'Expected multipart/form-data with a file part "file" and a field "metadata"',
        detail_uk: 'Очікується multipart/form-data з файлом "file" і полем "metadata"',
      });
    }

    let staged: StagedFile | undefined;
    let metadata: DocumentMetadata | undefined;
    try {
      const errors: FieldError[] = [];
      let rawMetadata: unknown;
      let metadataSeen = false;
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const filePart = part as MultipartFile;
          if (filePart.fieldname !== 'file') {
            filePart.file.resume();
            errors.push(fieldError(printableName(filePart.fieldname), 'unexpected file part', 'непередбачений файл'));
            continue;
          }
          staged = await files.receive(filePart.file, { isTruncated: () => filePart.file.truncated });
        } else {
          const field = part as MultipartValue;
          if (field.fieldname !== 'metadata') {
            errors.push(fieldError(printableName(field.fieldname), 'is not allowed', 'поле не передбачене'));
          } else if (metadataSeen) {
            errors.push(fieldError('metadata', 'must be sent once', 'має бути передане один раз'));
          } else if (field.valueTruncated) {
            throw ProblemError.field('payload-too-large', 'metadata', 'is too long', 'завелике поле');
          } else {
            metadataSeen = true;
            rawMetadata = field.value;
          }
        }
      }
      if (!staged) errors.push(fieldError('file', 'is required', 'обов’язкове поле'));
      metadata = checkMetadata(rawMetadata, errors);
      if (errors.length > 0) throw validationProblem(errors);
    } catch (err) {
      if (staged) await files.discard(staged);
      if (err instanceof FileTooLargeError) {
        throw ProblemError.field('payload-too-large', 'file', `is larger than ${config.api.uploadLimitBytes} bytes`, `перевищує ${config.api.uploadLimitBytes} байт`);
      }
      if (err instanceof FileTypeNotAllowedError) {
        throw ProblemError.field('unsupported-media-type', 'file', `must be one of ${ALLOWED_FILE_TYPES.join(', ')}`, `має бути одного з типів: ${ALLOWED_FILE_TYPES.join(', ')}`);
      }
      throw err;
    }
    if (!staged || !metadata) throw new Error('unreachable: upload checked above');

    const { duplicateOf, duplicateReason, ...card } = metadata;
    let document: { id: string };
    try {
      // The service owns the staged scan from here: committed with the document, or discarded.
      document = await receiveUploadedDocument({ db, files, starter }, {
        staged, metadata: card, user,
        ...(duplicateOf !== undefined ? { duplicateOf: { documentId: duplicateOf, reason: duplicateReason as string } } : {}),
      });
    } catch (err) {
      // Ids only in the log: correspondent and summary are personal data (Law 2297-VI).
      if (err instanceof ProblemError && err.code === 'duplicate-document') request.log.info({ sha256: staged.sha256 }, 'duplicate upload refused');
      throw err;
    }
    request.log.child({ businessKey: document.id }).info({ sha256: staged.sha256, size: staged.size, type: staged.type, duplicateOf }, 'document received');
    return reply.code(202).header('location', `/api/v1/documents/${document.id}`).send({ id: document.id, status: 'received' });
  });

  app.get<{ Params: { id: string } }>('/:id', {
    config: { access: 'staff' },
    schema: {
      summary: 'A document with its registration card and where its case is now',
      tags: ['documents'],
      params: documentIdParams,
      response: {
        200: {
          type: 'object',
          required: ['id', 'status', 'registrationIndex', 'receivedAt', 'correspondent', 'theirNumber', 'theirDate', 'summary', 'file', 'currentSteps', 'currentStepsKnown'],
          properties: {
            id: { $ref: 'Uuid#' },
            status: { type: 'string' },
            registrationIndex: { type: ['string', 'null'] },
            receivedAt: { type: 'string', format: 'date-time' },
            correspondent: { type: 'string' },
            theirNumber: { type: ['string', 'null'] },
            theirDate: { type: ['string', 'null'], format: 'date' },
            summary: { type: 'string' },
            file: {
              type: 'object',
              required: ['sha256', 'type', 'size'],
              properties: { sha256: { type: 'string' }, type: { type: 'string' }, size: { type: 'integer' } },
              additionalProperties: false,
            },
            currentSteps: {
              type: 'array',
              items: {
                type: 'object',
                required: ['step', 'name', 'department'],
                properties: {
                  taskId: { type: 'string' },
                  step: { type: 'string', description: 'Activity id in the diagram' },
                  name: { type: 'string', description: 'Activity name (Ukrainian)' },
                  department: { anyOf: [{ $ref: 'Department#' }, { type: 'null' }] },
                },
                additionalProperties: false,
              },
            },
            currentStepsKnown: { type: 'boolean', description: 'false when the process engine could not be asked (currentSteps is then empty)' },
            duplicateOf: {
              description: 'Set when a clerk registered this scan on purpose as a second copy of a document with the same file',
              anyOf: [
                {
                  type: 'object',
                  required: ['documentId', 'reason'],
                  properties: { documentId: { $ref: 'Uuid#' }, reason: { type: 'string' } },
                  additionalProperties: false,
                },
                { type: 'null' },
              ],
            },
            replies: {
              type: 'array',
              description: 'Reply letters registered in the outgoing journal with a reference to this incoming registration (CMU 55/2018)',
              items: {
                type: 'object',
                required: ['documentId', 'registrationIndex', 'registeredAt'],
                properties: {
                  documentId: { $ref: 'Uuid#' },
                  registrationIndex: { type: 'string', description: 'The outgoing index, e.g. 7/01-16' },
                  registeredAt: { type: 'string', format: 'date-time' },
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
    const { card, steps, stepsKnown, replies } = await showDocument({ db, engine }, { documentId: request.params.id, viewer: currentUser(request) });
    return {
      id: card.id,
      status: card.status,
      registrationIndex: card.registrationIndex,
      receivedAt: card.receivedAt,
      correspondent: card.correspondent,
      theirNumber: card.theirNumber,
      theirDate: card.theirDate,
      summary: card.summary,
      file: card.file,
      currentSteps: steps,
      currentStepsKnown: stepsKnown,
      duplicateOf: card.duplicateOf,
      replies: replies.map((r) => ({ documentId: r.documentId, registrationIndex: r.registrationIndex, registeredAt: r.registeredAt.toISOString() })),
    };
  });
};
