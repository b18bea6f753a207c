// Administration of the legal calendar (lib/calendar): holiday rules and martial-law periods are
// data, listed, added and ended here by an administrator, so a change in the law needs no release.
// Nothing is deleted: a rule that stops holding gets its last day, and terms counted before it
// still explain themselves. Every change leaves an audit row.
import type { FastifyPluginAsync } from 'fastify';
import { ProblemError } from '../../lib/problem.ts';
import { userActor } from '../../lib/audit.ts';
import {
  addHolidayRule, addMartialLawPeriod, endHolidayRule, endMartialLawPeriod, listHolidayRules, listMartialLawPeriods, listWorkingHours,
  type HolidayRuleInput,
} from '../../lib/calendar/service.ts';
import { currentUser, problemResponses, type RouteDeps } from '../route-kit.ts';

const ADMIN = ['admin'] as const;
const date = { type: 'string', format: 'date' } as const;
const nullableDate = { anyOf: [date, { type: 'null' }] } as const;
const nullableSmallInt = { anyOf: [{ type: 'integer' }, { type: 'null' }] } as const;

const holidayRuleSchema = {
  $id: 'CalendarHolidayRule',
  type: 'object',
  required: ['id', 'code', 'nameUk', 'nameEn', 'kind', 'month', 'day', 'easterOffset', 'validFrom', 'validTo', 'law'],
  properties: {
    id: { type: 'integer' },
    code: { type: 'string' },
    nameUk: { type: 'string' },
    nameEn: { type: 'string' },
    kind: { type: 'string', enum: ['fixed', 'easter'] },
    month: nullableSmallInt,
    day: nullableSmallInt,
    easterOffset: nullableSmallInt,
    validFrom: date,
    validTo: nullableDate,
    law: { type: 'string' },
  },
  additionalProperties: false,
} as const;

const martialLawSchema = {
  $id: 'CalendarMartialLawPeriod',
  type: 'object',
  required: ['id', 'start', 'end', 'basis'],
  properties: { id: { type: 'integer' }, start: date, end: nullableDate, basis: { type: 'string' } },
  additionalProperties: false,
} as const;

const dayHours = {
  anyOf: [
    { type: 'object', required: ['start', 'end'], properties: { start: { type: 'string' }, end: { type: 'string' } }, additionalProperties: false },
    { type: 'null' },
  ],
} as const;

const idParams = {
  type: 'object', required: ['id'],
  // A string: path parameters are not coerced (coerceTypes is off for the whole API).
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } },
  additionalProperties: false,
} as const;

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;

/** Rows read from the database always carry their id. */
function stored<T extends { id?: number }>(value: T): T & { id: number } {
  return value as T & { id: number };
}

export const calendarAdminRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  app.addSchema(holidayRuleSchema);
  app.addSchema(martialLawSchema);

  app.get('/holidays', {
    config: { access: ADMIN },
    schema: {
      summary: 'Public holiday rules (Labour Code Art. 73), with the dates each held',
      tags: ['calendar'],
      response: { 200: { type: 'array', items: { $ref: 'CalendarHolidayRule#' } }, ...problemResponses(401, 403) },
    },
  }, async () => (await listHolidayRules(db)).map(stored));

  app.post<{ Body: HolidayRuleInput }>('/holidays', {
    config: { access: ADMIN },
    schema: {
      summary: 'Add a public holiday rule: a fixed day or a day counted from Orthodox Easter',
      tags: ['calendar'],
      body: {
        type: 'object',
        required: ['code', 'nameUk', 'nameEn', 'kind', 'validFrom', 'law'],
        examples: [{
          code: 'christmas', nameUk: 'Різдво Христове', nameEn: 'Christmas', kind: 'fixed', month: 12, day: 25,
          validFrom: '2017-12-02', law: 'Кодекс законів про працю України, ст. 73 (Закон від 16.11.2017)',
        }],
        properties: {
          code: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
          nameUk: text(200),
          nameEn: text(200),
          kind: { type: 'string', enum: ['fixed', 'easter'] },
          month: { type: 'integer', minimum: 1, maximum: 12 },
          day: { type: 'integer', minimum: 1, maximum: 31 },
          easterOffset: { type: 'integer', minimum: -100, maximum: 100 },
          validFrom: date,
          validTo: nullableDate,
          law: text(500),
        },
        additionalProperties: false,
      },
      response: { 201: { $ref: 'CalendarHolidayRule#' }, ...problemResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const user = currentUser(request);
    const saved = await addHolidayRule(db, request.body, userActor(user.id));
    return reply.code(201).send(saved);
  });

  app.post<{ Params: { id: string }; Body: { validTo: string } }>('/holidays/:id/end', {
    config: { access: ADMIN },
    schema: {
      summary: 'End a holiday rule: the last day on which it makes the date a holiday',
      tags: ['calendar'],
      params: idParams,
      body: { type: 'object', required: ['validTo'], properties: { validTo: date }, additionalProperties: false },
      response: { 200: { $ref: 'CalendarHolidayRule#' }, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const user = currentUser(request);
    const ended = await endHolidayRule(db, Number(request.params.id), request.body.validTo, userActor(user.id));
    if (!ended) throw new ProblemError('not-found', { detail: 'No such holiday rule', detail_uk: 'Такого правила про святковий день немає' });
    return ended;
  });

  app.get('/martial-law', {
    config: { access: ADMIN },
    schema: {
      summary: 'Periods of martial law, during which holidays and their transfers do not apply (Law 2136-IX Art. 6)',
      tags: ['calendar'],
      response: { 200: { type: 'array', items: { $ref: 'CalendarMartialLawPeriod#' } }, ...problemResponses(401, 403) },
    },
  }, async () => (await listMartialLawPeriods(db)).map(stored));

  app.post<{ Body: { start: string; end?: string | null; basis: string } }>('/martial-law', {
    config: { access: ADMIN },
    schema: {
      summary: 'Add a period of martial law (end omitted or null: still in force)',
      tags: ['calendar'],
      body: {
        type: 'object', required: ['start', 'basis'],
        properties: { start: date, end: nullableDate, basis: text(500) },
        additionalProperties: false,
      },
      response: { 201: { $ref: 'CalendarMartialLawPeriod#' }, ...problemResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const user = currentUser(request);
    return reply.code(201).send(await addMartialLawPeriod(db, request.body, userActor(user.id)));
  });

  app.post<{ Params: { id: string }; Body: { end: string } }>('/martial-law/:id/end', {
    config: { access: ADMIN },
    schema: {
      summary: 'End a period of martial law: its last day',
      tags: ['calendar'],
      params: idParams,
      body: { type: 'object', required: ['end'], properties: { end: date }, additionalProperties: false },
      response: { 200: { $ref: 'CalendarMartialLawPeriod#' }, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const user = currentUser(request);
    const ended = await endMartialLawPeriod(db, Number(request.params.id), request.body.end, userActor(user.id));
    if (!ended) throw new ProblemError('not-found', { detail: 'No such martial-law period', detail_uk: 'Такого періоду воєнного стану немає' });
    return ended;
  });

  app.get('/working-hours', {
    config: { access: ADMIN },
    schema: {
      summary: 'Working hours of the institution (Civil Code Art. 255), Monday first',
      tags: ['calendar'],
      response: {
        200: {
          type: 'array',
          items: {
            type: 'object', required: ['id', 'validFrom', 'validTo', 'timeZone', 'week'],
            properties: {
              id: { type: 'integer' }, validFrom: date, validTo: nullableDate, timeZone: { type: 'string' },
              week: { type: 'array', minItems: 7, maxItems: 7, items: dayHours },
            },
            additionalProperties: false,
          },
        },
        ...problemResponses(401, 403),
      },
    },
  }, async () => listWorkingHours(db));
};
