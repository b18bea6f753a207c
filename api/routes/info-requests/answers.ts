// Answers to public-information requests (Law 2939-VI): the lawyer's review of the masks of personal
// data (Art. 6 p.7; Law 2297-VI), the audited view of the unmasked original, the signed letter; and
// for everyone, the register of answered requests (masked answers only) and the verification of a
// signed answer by the id its QR code carries (Law 2155-VIII).
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifyPluginAsync } from 'fastify';
import { PersonalDataKinds } from '../../../lib/masking/index.ts';
import { VERIFY_CODE_INPUT_PATTERN } from '../../../lib/answer-pdf/verify-code.ts';
import { ProblemError, type ProblemCode } from '../../../lib/problem.ts';
import {
  exportInfoAnswerLetter, findRegisterEntry, infoAnswerOriginal, infoAnswerPreview, InfoAnswerError, InfoAnswerResults, INFO_ANSWER_POSTERS,
  INFO_ANSWER_SENDERS, INFO_ANSWER_STAFF, listInfoAnswers, reviewInfoAnswerMasks, searchInfoRegister, verifyInfoAnswer, type LawyerMask,
} from '../../../lib/info-requests/answers-service.ts';
import { createSigningService } from '../../../lib/signing/index.ts';
import { currentUser, problemResponses, type RouteDeps } from '../../route-kit.ts';
import { sendPortalPage } from '../portal.ts';

const PDF_TYPE = 'application/pdf';
const VERIFY_ID = { type: 'string', pattern: '^[A-Za-z0-9_-]{22}$', description: 'The id in the QR code of a signed answer' } as const;

const idParams = {
  type: 'object', required: ['id'], properties: { id: { $ref: 'Uuid#' } }, additionalProperties: false,
} as const;

const rect = {
  type: 'object', required: ['left', 'top', 'width', 'height'],
  properties: {
    left: { type: 'number', minimum: 0 }, top: { type: 'number', minimum: 0 },
    width: { type: 'number', exclusiveMinimum: 0 }, height: { type: 'number', exclusiveMinimum: 0 },
  },
  additionalProperties: false,
} as const;

const kind = { type: 'string', enum: [...PersonalDataKinds] } as const;

const maskSchema = {
  type: 'object',
  required: ['id', 'origin', 'state', 'kind', 'target'],
  properties: {
    id: { type: 'integer' },
    origin: { type: 'string', enum: ['detected', 'lawyer'] },
    state: { type: 'string', enum: ['proposed', 'kept', 'removed'] },
    kind,
    target: { type: 'string', enum: ['text', 'page'] },
    start: { type: 'integer', description: 'text: first character (UTF-16 offset)' },
    end: { type: 'integer', description: 'text: one past the last character' },
    documentId: { type: 'string', format: 'uuid' },
    pageNo: { type: 'integer' },
    rects: { type: 'array', items: rect, description: 'page: pixels of the page image the OCR read' },
  },
  additionalProperties: false,
} as const;

const errorMap: Record<InfoAnswerError['code'], ProblemCode> = {
  'answer-not-found': 'info-answer-not-found',
  'document-not-found': 'document-not-found',
  'scan-not-read': 'scan-not-read',
  'masks-not-proposed': 'masks-not-proposed',
  'masks-not-reviewed': 'masks-not-reviewed',
  'answer-signed': 'info-answer-signed',
  'answer-not-signed': 'info-answer-not-signed',
  'invalid-mask': 'validation',
  'invalid-result': 'validation',
};

function problemOf(error: unknown): never {
  if (error instanceof InfoAnswerError) {
    const code = errorMap[error.code];
    if (code === 'validation') throw ProblemError.field('validation', error.field ?? 'body', error.message, 'некоректна маска');
    throw new ProblemError(code, { detail: error.message });
  }
  throw error;
}

const registerItem = {
  type: 'object',
  required: ['id', 'requestIndex', 'receivedOn', 'subject', 'result', 'answerIndex', 'answeredOn', 'excerpt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    requestIndex: { type: 'string' },
    receivedOn: { type: 'string', format: 'date' },
    subject: { type: 'string' },
    result: { type: 'string', enum: [...InfoAnswerResults] },
    answerIndex: { type: 'string' },
    answeredOn: { type: 'string', format: 'date' },
    excerpt: { type: 'string', description: 'The beginning of the masked answer' },
  },
  additionalProperties: false,
} as const;

export const infoAnswerRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, config, files, engine }) => {
  const signing = createSigningService({ db, dataDir: config.dataDir, files });

  // ---- staff: lawyers and administrators ------------------------------------------------

  app.get<{ Querystring: { requestId: string } }>('/api/v1/info-answers', {
    config: { access: [...INFO_ANSWER_STAFF, ...INFO_ANSWER_POSTERS] },
    schema: {
      summary: 'Answers drafted for a public-information request, by round', tags: ['info-answers'],
      querystring: { type: 'object', required: ['requestId'], properties: { requestId: { type: 'string', format: 'uuid' } }, additionalProperties: false },
      response: {
        200: { type: 'array', items: { type: 'object', required: ['answerId', 'round'], properties: { answerId: { type: 'string', format: 'uuid' }, round: { type: 'integer' } }, additionalProperties: false } },
        ...problemResponses(400, 401, 403),
      },
    },
  }, async (request) => {
    return listInfoAnswers({ db, engine }, { requestId: request.query.requestId, viewer: currentUser(request) });
  });

  app.get<{ Params: { id: string } }>('/api/v1/info-answers/:id/preview', {
    config: { access: INFO_ANSWER_STAFF },
    schema: {
      summary: 'The answer as it will be sent, with the proposed and decided masks (no unmasked value)', tags: ['info-answers'],
      params: idParams,
      response: {
        200: {
          type: 'object',
          required: ['answerId', 'requestId', 'round', 'maskedText', 'masks', 'pages', 'masksProposed', 'reviewed', 'signed'],
          properties: {
            answerId: { type: 'string', format: 'uuid' }, requestId: { type: 'string', format: 'uuid' }, round: { type: 'integer' },
            maskedText: { type: 'string' },
            masks: { type: 'array', items: maskSchema },
            pages: {
              type: 'array',
              items: {
                type: 'object', required: ['documentId', 'pageNo', 'width', 'height', 'words'],
                properties: { documentId: { type: 'string', format: 'uuid' }, pageNo: { type: 'integer' }, width: { type: 'integer' }, height: { type: 'integer' }, words: { type: 'integer' } },
                additionalProperties: false,
              },
            },
            masksProposed: { type: 'boolean' }, reviewed: { type: 'boolean' }, signed: { type: 'boolean' },
          },
          additionalProperties: false,
        },
        ...problemResponses(400, 401, 403, 404),
      },
    },
  }, async (request) => infoAnswerPreview(db, request.params.id).catch(problemOf));

  app.patch<{ Params: { id: string }; Body: { add?: LawyerMask[]; remove?: number[]; done?: boolean } }>('/api/v1/info-answers/:id/masks', {
    config: { access: INFO_ANSWER_STAFF },
    schema: {
      summary: "The lawyer's review: add masks, remove proposed ones (e.g. an official's name), mark the review done", tags: ['info-answers'],
      params: idParams,
      body: {
        type: 'object',
        properties: {
          add: {
            type: 'array', maxItems: 500,
            items: {
              oneOf: [
                { type: 'object', required: ['target', 'start', 'end'], properties: { target: { const: 'text' }, start: { type: 'integer', minimum: 0 }, end: { type: 'integer', minimum: 1 }, kind }, additionalProperties: false },
                { type: 'object', required: ['target', 'documentId', 'pageNo', 'rect'], properties: { target: { const: 'page' }, documentId: { type: 'string', format: 'uuid' }, pageNo: { type: 'integer', minimum: 1 }, rect, kind }, additionalProperties: false },
                { type: 'object', required: ['target', 'documentId', 'pageNo', 'wordIndex'], properties: { target: { const: 'word' }, documentId: { type: 'string', format: 'uuid' }, pageNo: { type: 'integer', minimum: 1 }, wordIndex: { type: 'integer', minimum: 0 }, kind }, additionalProperties: false },
              ],
            },
          },
          remove: { type: 'array', maxItems: 500, items: { type: 'integer', minimum: 1 } },
          done: { type: 'boolean' },
        },
        additionalProperties: false,
      },
      response: {
        200: { type: 'object', required: ['reviewed', 'masks'], properties: { reviewed: { type: 'boolean' }, masks: { type: 'integer', description: 'Masks that will apply' } }, additionalProperties: false },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    },
  }, async (request) => reviewInfoAnswerMasks(db, request.params.id, request.body, currentUser(request).id).catch(problemOf));

  app.get<{ Params: { id: string }; Querystring: { reason: string } }>('/api/v1/info-answers/:id/original', {
    config: { access: INFO_ANSWER_STAFF },
    schema: {
      summary: 'The unmasked original text and OCR of the pages; every view is logged with who, when and why (Law 2297-VI)', tags: ['info-answers'],
      params: idParams,
      querystring: {
        type: 'object', required: ['reason'],
        properties: { reason: { type: 'string', minLength: 5, maxLength: 500, description: 'Why the original is needed (kept in the audit log)' } },
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object', required: ['text', 'pages'],
          properties: {
            text: { type: 'string' },
            pages: {
              type: 'array',
              items: {
                type: 'object', required: ['documentId', 'pageNo', 'text', 'words'],
                properties: {
                  documentId: { type: 'string', format: 'uuid' }, pageNo: { type: 'integer' }, text: { type: 'string' },
                  words: {
                    type: 'array',
                    items: {
                      type: 'object', required: ['text', 'left', 'top', 'width', 'height'],
                      properties: { text: { type: 'string' }, left: { type: 'number' }, top: { type: 'number' }, width: { type: 'number' }, height: { type: 'number' } },
                      additionalProperties: false,
                    },
                  },
                },
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
        ...problemResponses(400, 401, 403, 404),
      },
    },
  }, async (request, reply) => {
    const original = await infoAnswerOriginal(db, request.params.id, { userId: currentUser(request).id, reason: request.query.reason }).catch(problemOf);
    reply.header('cache-control', 'no-store');
    return original;
  });

  app.get<{ Params: { id: string } }>('/api/v1/info-answers/:id/pdf', {
    config: { access: [...INFO_ANSWER_SENDERS, ...INFO_ANSWER_POSTERS] },
    schema: {
      summary: 'The signed letter to the requester (PDF with an embedded signature)', tags: ['info-answers'],
      produces: [PDF_TYPE], params: idParams,
      response: { 200: { type: 'string', description: 'PDF' }, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const pdf = await exportInfoAnswerLetter({ db, engine }, { answerId: request.params.id, viewer: currentUser(request) });
    return reply.type(PDF_TYPE).header('cache-control', 'no-store')
      .header('content-disposition', `inline; filename="answer-${pdf.answerId}.pdf"`).send(await readFile(files.pathOf(pdf.pdfSha256)));
  });

  // ---- public: the register and verification ----------------------------------------------

  // A query string is text (`page=2`); the API's shared validator never coerces, so this one route
  // gets a validator that does, as the document search has.
  const queryAjv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, removeAdditional: false, strict: false });
  ajvFormats.default(queryAjv);

  app.get<{ Querystring: { q?: string; page: number; pageSize: number } }>('/api/v1/register', {
    config: { access: 'public' },
    validatorCompiler: ({ schema }) => queryAjv.compile(schema),
    // Words typed into a public search may be anything, a name too: no request lines with the URL.
    logLevel: 'warn',
    schema: {
      summary: 'Register of answered public-information requests (masked answers only), searchable', tags: ['register'],
      querystring: {
        type: 'object',
        properties: {
          q: { type: 'string', maxLength: 200, description: 'Words of the subject, the answer or an index' },
          page: { type: 'integer', minimum: 1, maximum: 1000, default: 1 },
          pageSize: { type: 'integer', minimum: 1, maximum: 50, default: 20 },
        },
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object', required: ['total', 'page', 'pageSize', 'items'],
          properties: { total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' }, items: { type: 'array', items: registerItem } },
          additionalProperties: false,
        },
        ...problemResponses(400),
      },
    },
  }, async (request) => {
    const { q, page, pageSize } = request.query;
    const found = await searchInfoRegister(db, { ...(q?.trim() ? { q: q.trim() } : {}), page, pageSize });
    return { ...found, page, pageSize };
  });

  app.get<{ Params: { id: string } }>('/api/v1/register/:id', {
    config: { access: 'public' },
    schema: {
      summary: 'One answered request of the register: the masked answer and its signed PDF', tags: ['register'],
      params: idParams,
      response: {
        200: {
          type: 'object',
          required: [...registerItem.required, 'text', 'pdfSha256', 'verifyId'],
          properties: { ...registerItem.properties, text: { type: 'string' }, pdfSha256: { type: 'string' }, verifyId: VERIFY_ID },
          additionalProperties: false,
        },
        ...problemResponses(400, 404),
      },
    },
  }, async (request) => {
    const entry = await findRegisterEntry(db, request.params.id);
    if (!entry) throw new ProblemError('register-entry-not-found');
    return entry;
  });

  app.get<{ Params: { id: string } }>('/api/v1/register/:id/pdf', {
    config: { access: 'public' },
    schema: {
      summary: 'The signed, masked answer of the register (PDF)', tags: ['register'], produces: [PDF_TYPE], params: idParams,
      response: { 200: { type: 'string', description: 'PDF' }, ...problemResponses(400, 404) },
    },
  }, async (request, reply) => {
    const entry = await findRegisterEntry(db, request.params.id);
    if (!entry) throw new ProblemError('register-entry-not-found');
    return reply.type(PDF_TYPE).header('content-disposition', `inline; filename="answer-${entry.answerIndex.replace(/[^\w.-]+/g, '_')}.pdf"`)
      .send(await readFile(files.pathOf(entry.pdfSha256)));
  });

  app.get<{ Params: { verifyId: string } }>('/api/v1/verify/:verifyId', {
    config: { access: 'public' },
    schema: {
      summary: 'Verification of a signed answer by the id of its QR code', tags: ['register'],
      description: 'What the signed document itself shows (index, date, subject, the signer as printed), its SHA-256 to compare with a copy, and whether the stored file and the certificate still hold. pdfsig or any PDF reader checks the embedded signature itself. '
        + 'The code is taken as printed in the letter or with separators (spaces, line breaks, hyphens) added or missing; `verifyId` in the answer is the code itself.',
      params: {
        type: 'object', required: ['verifyId'], additionalProperties: false,
        properties: { verifyId: { type: 'string', pattern: VERIFY_CODE_INPUT_PATTERN, description: 'The verification code, separators allowed' } },
      },
      response: {
        200: {
          type: 'object',
          required: ['verifyId', 'valid', 'problems', 'registrationIndex', 'registeredOn', 'subject', 'sha256', 'signedAt', 'signer', 'certificate', 'copy'],
          properties: {
            verifyId: VERIFY_ID,
            valid: { type: 'boolean' },
            problems: { type: 'array', items: { type: 'string', enum: ['file-missing', 'file-changed', 'certificate-untrusted', 'certificate-not-valid-at-signing-time', 'certificate-key-usage', 'certificate-missing'] } },
            registrationIndex: { type: 'string' },
            registeredOn: { type: 'string', format: 'date' },
            subject: { type: 'string' },
            sha256: { type: 'string', description: 'SHA-256 of the signed PDF' },
            signedAt: { type: 'string', format: 'date-time' },
            signer: { type: 'object', required: ['name', 'position'], properties: { name: { type: 'string' }, position: { type: 'string' } }, additionalProperties: false },
            certificate: {
              type: 'object', required: ['serial', 'issuer', 'validFrom', 'validTo'],
              properties: { serial: { type: 'string' }, issuer: { type: 'string' }, validFrom: { type: 'string', format: 'date-time' }, validTo: { type: 'string', format: 'date-time' } },
              additionalProperties: false,
            },
            copy: { type: 'string', enum: ['recipient', 'public'], description: "The requester's letter or the register's copy" },
          },
          additionalProperties: false,
        },
        ...problemResponses(400, 404),
      },
    },
  }, async (request, reply) => {
    const verification = await verifyInfoAnswer({ db, files, signing }, request.params.verifyId);
    if (!verification) throw new ProblemError('verification-not-found');
    reply.header('cache-control', 'no-store');
    return verification;
  });

  // The verification page the QR code leads to; the page reads its id from the path.
  app.get<{ Params: { verifyId: string } }>('/verify/:verifyId', {
    config: { access: 'public' },
    schema: {
      summary: 'Verification page of a signed answer', tags: ['portal'], hide: true,
      params: { type: 'object', required: ['verifyId'], properties: { verifyId: { type: 'string', maxLength: 64 } }, additionalProperties: false },
      response: { 200: { type: 'string' }, 304: { type: 'null', description: 'Not modified (ETag)' } },
    },
  }, (request, reply) => sendPortalPage(request, reply, '/verify'));
};
