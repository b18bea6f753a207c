// Incoming documents: a clerk uploads the scan with its registration-card fields; the process
// (registration, then the card check) is started through the outbox, so an engine outage never
// loses a received document.
import type { FastifyPluginAsync } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { EngineError, EngineUnavailableError } from '../../lib/engine-client.ts';
import { FileTooLargeError, FileTypeNotAllowedError, ALLOWED_FILE_TYPES, type StagedFile } from '../../lib/file-store.ts';
import { receiveIncomingDocument } from '../../lib/intake.ts';
import { ProblemError, fieldErrorsFromAjv, validationProblem, type FieldError } from '../../lib/problem.ts';
import { appendAudit, userActor } from '../../lib/repos/audit.ts';
import { departmentsByCandidateGroup, findDocumentCard } from '../../lib/repos/documents.ts';
import { findProcessLinksByBusinessKey } from '../../lib/repos/process-links.ts';
import { listReplies } from '../../lib/repos/registrations.ts';
import documentMetadataSchema from '../../lib/schemas/document-metadata.json' with { type: 'json' };
import { printableName, storableTextErrors } from '../../lib/storable-text.ts';
import { currentUser, problemResponses, type RouteDeps } from '../app.ts';
import { kyivDate } from '../../lib/calendar/index.ts';

interface DocumentMetadata {
  correspondent: string;
  theirNumber?: string;
  theirDate?: string;
  summary: string;
}

interface CurrentStep {
  taskId?: string;
  step: string;
  name: string;
  department: { code: string; name: string } | null;
}

interface ActivityInstance {
  activityId: string;
  activityName: string | null;
  activityType: string;
  childActivityInstances: ActivityInstance[];
}

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
      description: 'multipart/form-data with exactly one file part `file` and one field `metadata` (JSON, see DocumentMetadata). Nothing is stored when anything is wrong.',
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

    // The file first: a crash before the commit below leaves an unreferenced file (harmless,
    // collectable), never a document without its scan.
    const stored = await files.commit(staged);
    const document = await db.transaction((tx) => receiveIncomingDocument(tx, {
      file: stored, metadata, createdBy: user.id, actor: userActor(user.id),
    }));
    starter.kick();
    // Ids only in the log: correspondent and summary are personal data (Law 2297-VI).
    request.log.child({ businessKey: document.id }).info({ sha256: stored.sha256, size: stored.size, type: stored.type }, 'document received');
    return reply.code(202).header('location', `/api/v1/documents/${document.id}`).send({ id: document.id, status: 'received' });
  });

  /** Where the document's case is now: active user tasks, else the activities the engine is in. */
  async function currentSteps(documentId: string, again = true): Promise<{ steps: CurrentStep[]; known: boolean }> {
    const links = (await findProcessLinksByBusinessKey(db, documentId)).filter((l) => l.state === 'started' && l.processInstanceId);
    if (links.length === 0) return { steps: [], known: true };
    try {
      const tasks = await engine.queryTasks({ processInstanceBusinessKey: documentId, active: true });
      if (tasks.length > 0) {
        const candidateGroups = await Promise.all(tasks.map(async (task) => {
          const identity = await engine.taskIdentityLinks(task.id);
          return identity.filter((l) => l.type === 'candidate' && l.groupId).map((l) => l.groupId as string);
        }));
        const departments = await departmentsByCandidateGroup(db, [...new Set(candidateGroups.flat())]);
        return {
          known: true,
          steps: tasks.map((task, i) => ({
            taskId: task.id,
            step: task.taskDefinitionKey,
            name: task.name ?? task.taskDefinitionKey,
            department: (candidateGroups[i] ?? []).map((g) => departments.get(g)).find((d) => d !== undefined) ?? null,
          })),
        };
      }
      const steps: CurrentStep[] = [];
      for (const link of links) {
        let tree: ActivityInstance;
        try {
          tree = await engine.request<ActivityInstance>('GET', `/process-instance/${encodeURIComponent(link.processInstanceId as string)}/activity-instances`);
        } catch (err) {
          if (err instanceof EngineError && err.status === 404) continue; // finished
          throw err;
        }
        const leaves = (node: ActivityInstance): ActivityInstance[] =>
          node.childActivityInstances.length === 0 ? [node] : node.childActivityInstances.flatMap(leaves);
        for (const leaf of tree.childActivityInstances.flatMap(leaves)) {
          // The user task was created between the two queries (the engine makes it in the same
          // transaction as its activity): ask once more, so it comes with its department.
          if (again && leaf.activityType === 'userTask') return currentSteps(documentId, false);
          steps.push({ step: leaf.activityId, name: leaf.activityName ?? leaf.activityId, department: null });
        }
      }
      return { steps, known: true };
    } catch (err) {
      if (err instanceof EngineUnavailableError) return { steps: [], known: false };
      throw err;
    }
  }

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
    const user = currentUser(request);
    // The engine first, then the card: workers commit to our database before they complete their
    // task, so a card read after the engine is never older than the steps shown beside it.
    const { steps, known } = await currentSteps(request.params.id);
    const card = await findDocumentCard(db, request.params.id);
    if (!card) throw new ProblemError('document-not-found');
    const replies = await listReplies(db, card.id);
    // The card carries personal data: who read which document is logged (Law 2297-VI).
    await appendAudit(db, { actor: userActor(user.id), action: 'document.view', entityType: 'document', entityId: card.id });
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
      currentStepsKnown: known,
      replies: replies.map((r) => ({ documentId: r.documentId, registrationIndex: r.registrationIndex, registeredAt: r.registeredAt.toISOString() })),
    };
  });
};
