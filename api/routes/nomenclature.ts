// The nomenclature of case files (номенклатура справ, CMU resolution 55 of 17.01.2018; KMDA
// instruction 1747/2018) and the journals' default case files: staff read them, an administrator
// changes them. The index of a case file is the index of its department and the file's number
// (`01-15`, `03-8`); registration indices end with it (`865/03-8`), so an index in use is never
// deleted or changed: the file is closed instead. Every change leaves an audit row.
import type { FastifyPluginAsync } from 'fastify';
import { ProblemError } from '../../lib/problem.ts';
import { userActor } from '../../lib/audit.ts';
import {
  addCaseFile, closeCaseFile, deleteCaseFile, findCaseFile, listCaseFiles, listJournals, setJournalDefaultCaseFile,
  updateCaseFile, type CaseFile,
} from '../../lib/nomenclature/service.ts';
import { currentUser, problemResponses, type RouteDeps } from '../route-kit.ts';

const ADMIN = ['admin'] as const;

// The department's index, optionally a sub-unit (`02.1`), a hyphen, the file's number within the
// department (`15`, `8`, `15.1` for a volume): no slash, which separates the registration number.
const INDEX_PATTERN = '^[\\p{L}\\p{N}]{1,10}(?:\\.[\\p{L}\\p{N}]{1,10})*-[0-9]{1,4}(?:\\.[0-9]{1,3})?$';
const indexSchema = { type: 'string', minLength: 3, maxLength: 40, pattern: INDEX_PATTERN, description: 'Case file index: department index, hyphen, number (01-15)' } as const;
const year = { type: 'integer', minimum: 1991, maximum: 2199 } as const;
const nullableYear = { anyOf: [year, { type: 'null' }], description: 'Year of the nomenclature; null for a file kept across years' } as const;
const title = { type: 'string', minLength: 1, maxLength: 300, description: 'Title of the case file (Ukrainian)' } as const;
const code = { type: 'string', minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;

const caseFileSchema = {
  $id: 'CaseFile',
  type: 'object',
  required: ['index', 'title', 'department', 'year', 'createdAt', 'closedAt', 'registrationCount', 'defaultOfJournals'],
  properties: {
    index: { type: 'string' },
    title: { type: 'string' },
    department: { anyOf: [{ $ref: 'Department#' }, { type: 'null' }] },
    year: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
    createdAt: dateTime,
    closedAt: { anyOf: [dateTime, { type: 'null' }], description: 'When it was closed; a closed file takes no new registrations' },
    registrationCount: { type: 'integer', description: 'Registrations filed in it (documents and appeals): while above 0 it cannot be deleted' },
    defaultOfJournals: { type: 'array', items: { type: 'string' }, description: 'Journals that file their registrations here' },
  },
  additionalProperties: false,
} as const;

const journalSchema = {
  $id: 'Journal',
  type: 'object',
  required: ['code', 'nameUk', 'nameEn', 'defaultCaseFileIndex'],
  properties: {
    code: { type: 'string' },
    nameUk: { type: 'string' },
    nameEn: { type: 'string' },
    defaultCaseFileIndex: { type: ['string', 'null'], description: 'Where the journal files its registrations; the registration index ends with it' },
  },
  additionalProperties: false,
} as const;

const indexParams = {
  type: 'object', required: ['index'], properties: { index: indexSchema }, additionalProperties: false,
} as const;

interface CaseFileView {
  index: string; title: string; department: { code: string; name: string } | null; year: number | null;
  createdAt: string; closedAt: string | null; registrationCount: number; defaultOfJournals: string[];
}

function view(file: CaseFile): CaseFileView {
  return { ...file, createdAt: file.createdAt.toISOString(), closedAt: file.closedAt?.toISOString() ?? null };
}

const noSuchCaseFile = () => new ProblemError('not-found', { detail: 'No such case file in the nomenclature', detail_uk: 'Такої справи в номенклатурі немає' });

export const nomenclatureRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  app.addSchema(caseFileSchema);
  app.addSchema(journalSchema);

  app.get<{ Querystring: { year?: string; department?: string; includeClosed?: 'true' | 'false' } }>('/case-files', {
    config: { access: 'staff' },
    schema: {
      summary: 'The nomenclature of case files (CMU 55/2018), open files first-class, closed ones on request',
      tags: ['nomenclature'],
      querystring: {
        type: 'object',
        properties: {
          year: { type: 'string', pattern: '^[0-9]{4}$', description: 'Files of this year and those kept across years' },
          department: { ...code, description: 'Department code' },
          includeClosed: { type: 'string', enum: ['true', 'false'], default: 'false' },
        },
        additionalProperties: false,
      },
      response: { 200: { type: 'array', items: { $ref: 'CaseFile#' } }, ...problemResponses(400, 401) },
    },
  }, async (request) => {
    const { year: y, department, includeClosed } = request.query;
    const files = await listCaseFiles(db, {
      ...(y !== undefined ? { year: Number(y) } : {}),
      ...(department !== undefined ? { departmentCode: department } : {}),
      includeClosed: includeClosed === 'true',
    });
    return files.map(view);
  });

  app.get<{ Params: { index: string } }>('/case-files/:index', {
    config: { access: 'staff' },
    schema: {
      summary: 'One case file of the nomenclature',
      tags: ['nomenclature'],
      params: indexParams,
      response: { 200: { $ref: 'CaseFile#' }, ...problemResponses(400, 401, 404) },
    },
  }, async (request) => {
    const file = await findCaseFile(db, request.params.index);
    if (!file) throw noSuchCaseFile();
    return view(file);
  });

  app.post<{ Body: { index: string; title: string; department: string; year?: number | null } }>('/case-files', {
    config: { access: ADMIN },
    schema: {
      summary: 'Add a case file to the nomenclature; its index begins with its department\'s code',
      tags: ['nomenclature'],
      body: {
        type: 'object', required: ['index', 'title', 'department'],
        examples: [{ index: '03-8', title: 'Листування з громадянами з питань благоустрою', department: '03', year: 2026 }],
        properties: { index: indexSchema, title, department: { ...code, description: 'Department code, e.g. 03' }, year: nullableYear },
        additionalProperties: false,
      },
      response: { 201: { $ref: 'CaseFile#' }, ...problemResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const user = currentUser(request);
    const { index, department } = request.body;
    const result = await addCaseFile(db, { index, title: request.body.title, departmentCode: department, year: request.body.year ?? null }, userActor(user.id));
    // The schema's pattern is the shape; the department prefix is the rule of CMU 55/2018.
    if (!result.ok && result.reason === 'index-not-of-department') {
      throw ProblemError.field('validation', 'index', `must begin with the department's code "${department}" and a hyphen`,
        `має починатися з індексу підрозділу «${department}» і дефіса`);
    }
    if (!result.ok && result.reason === 'unknown-department') {
      throw ProblemError.field('validation', 'department', 'no such department', 'такого підрозділу немає');
    }
    if (!result.ok) {
      throw new ProblemError('case-file-exists', { detail: `Case file ${index} already exists`, detail_uk: `Справа ${index} уже є в номенклатурі` });
    }
    return reply.code(201).header('location', `${request.url.split('?')[0]}/${encodeURIComponent(index)}`).send(view(result.caseFile));
  });

  app.patch<{ Params: { index: string }; Body: { title?: string; year?: number | null } }>('/case-files/:index', {
    config: { access: ADMIN },
    schema: {
      summary: 'Rename a case file or change its year; the index itself never changes',
      tags: ['nomenclature'],
      params: indexParams,
      body: {
        type: 'object', minProperties: 1,
        properties: { title, year: nullableYear },
        additionalProperties: false,
      },
      response: { 200: { $ref: 'CaseFile#' }, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const user = currentUser(request);
    const updated = await updateCaseFile(db, request.params.index, request.body, userActor(user.id));
    if (!updated) throw noSuchCaseFile();
    return view(updated);
  });

  app.post<{ Params: { index: string } }>('/case-files/:index/close', {
    config: { access: ADMIN },
    schema: {
      summary: 'Close a case file: it keeps its registrations and takes no new ones (closing again changes nothing)',
      tags: ['nomenclature'],
      params: indexParams,
      response: { 200: { $ref: 'CaseFile#' }, ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const user = currentUser(request);
    const result = await closeCaseFile(db, request.params.index, userActor(user.id));
    if (!result) throw noSuchCaseFile();
    if (!result.ok) {
      const journals = result.journals.join(', ');
      throw new ProblemError('case-file-in-use', {
        detail: `Journals ${journals} file their registrations here: give them another default case file first`,
        detail_uk: `Журнали ${journals} реєструють документи до цієї справи: спершу призначте їм іншу справу`,
      });
    }
    return view(result.caseFile);
  });

  app.delete<{ Params: { index: string } }>('/case-files/:index', {
    config: { access: ADMIN },
    schema: {
      summary: 'Delete a case file nothing refers to (a mistake); one with registrations is closed instead',
      tags: ['nomenclature'],
      params: indexParams,
      response: { 204: { type: 'null', description: 'Deleted' }, ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const user = currentUser(request);
    const result = await deleteCaseFile(db, request.params.index, userActor(user.id));
    if (!result) throw noSuchCaseFile();
    if (!result.ok && result.reason === 'journal-default') {
      const journals = result.journals.join(', ');
      throw new ProblemError('case-file-in-use', {
        detail: `Journals ${journals} file their registrations here: give them another default case file first`,
        detail_uk: `Журнали ${journals} реєструють документи до цієї справи: спершу призначте їм іншу справу`,
      });
    }
    if (!result.ok) {
      throw new ProblemError('case-file-in-use', {
        detail: result.registrations > 0
          ? `${result.registrations} registrations are filed in it: close it instead`
          : 'Records refer to it: close it instead',
        detail_uk: result.registrations > 0
          ? `До справи внесено реєстрацій: ${result.registrations}; її можна лише закрити`
          : 'На справу посилаються записи; її можна лише закрити',
      });
    }
    return reply.code(204).send();
  });

  app.get('/journals', {
    config: { access: 'staff' },
    schema: {
      summary: 'Registration journals and the case file each files its registrations into',
      tags: ['nomenclature'],
      response: { 200: { type: 'array', items: { $ref: 'Journal#' } }, ...problemResponses(401) },
    },
  }, async () => listJournals(db));

  app.put<{ Params: { code: string }; Body: { caseFileIndex: string } }>('/journals/:code/default-case-file', {
    config: { access: ADMIN },
    schema: {
      summary: 'Set the case file a journal files its next registrations into (the end of their registration index)',
      tags: ['nomenclature'],
      params: { type: 'object', required: ['code'], properties: { code }, additionalProperties: false },
      body: { type: 'object', required: ['caseFileIndex'], properties: { caseFileIndex: indexSchema }, additionalProperties: false },
      response: { 200: { $ref: 'Journal#' }, ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const user = currentUser(request);
    const result = await setJournalDefaultCaseFile(db, request.params.code, request.body.caseFileIndex, userActor(user.id));
    if (!result) throw new ProblemError('not-found', { detail: 'No such journal', detail_uk: 'Такого журналу немає' });
    if (!result.ok && result.reason === 'unknown-case-file') {
      throw ProblemError.field('validation', 'caseFileIndex', 'no such case file in the nomenclature', 'такої справи в номенклатурі немає');
    }
    if (!result.ok) {
      throw new ProblemError('case-file-closed', {
        detail: `Case file ${request.body.caseFileIndex} is closed`, detail_uk: `Справу ${request.body.caseFileIndex} закрито`,
      });
    }
    return result.journal;
  });
};
