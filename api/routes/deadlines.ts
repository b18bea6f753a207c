// The deadline calculator, public: anyone may ask when a term received at a given moment ends
// under a given regime, and why (lib/calendar). The calendar comes from the database and is kept
// in memory until its revision changes, so an administrator's change counts from the next request.
import type { FastifyPluginAsync } from 'fastify';
import {
  OutsideCalendarError, REGIMES, SET_TERMS, calendarCoverage, computeDeadline, kyivDate, parseDateTime, type Regime,
} from '../../lib/calendar/index.ts';
import { ProblemError } from '../../lib/problem.ts';
import { calendarCache } from '../../lib/calendar/cache.ts';
import { problemResponses, type RouteDeps } from '../route-kit.ts';

const isoDate = { type: 'string', format: 'date' } as const;
const text = {
  type: 'object', required: ['uk', 'en'],
  properties: { uk: { type: 'string' }, en: { type: 'string' } },
  additionalProperties: false,
} as const;
const reason = {
  type: 'object', required: ['code', 'uk', 'en'],
  properties: {
    code: { type: 'string', enum: ['weekend', 'holiday', 'transferred-day-off', 'martial-law'] },
    uk: { type: 'string' }, en: { type: 'string' },
    holiday: { type: 'string', description: 'Code of the holiday behind the reason' },
    holidayDate: isoDate,
  },
  additionalProperties: false,
} as const;
const day = {
  type: 'object', required: ['date', 'reasons', 'notes'],
  properties: {
    date: isoDate,
    reasons: { type: 'array', items: reason, description: 'Why the day is not a working day' },
    notes: { type: 'array', items: reason, description: 'Holidays and transfers that did not apply (martial law)' },
  },
  additionalProperties: false,
} as const;

export const deadlineExplanationSchema = {
  $id: 'DeadlineExplanation',
  type: 'object',
  description: 'How the due date was reached: start, rule, law article, days counted and skipped, shifts. '
    + 'The same shape explains the term a case stores (GET /api/v1/track/{code}), including a term set by a decision (`decided`).',
  required: ['regime', 'law', 'rule', 'unit', 'amount', 'received', 'counted', 'start', 'lastDay', 'daysCounted', 'skipped', 'notes', 'martialLaw'],
  properties: {
    regime: { type: 'string', enum: [...REGIMES, ...SET_TERMS], description: 'The regime, or the kind of decision that set the day (appeal-extended, public-info-deferred)' },
    law: { type: 'string', description: 'The article of law that sets the term' },
    rule: text,
    unit: { type: 'string', enum: ['calendar-days', 'working-days', 'months', 'hours'] },
    amount: { type: 'integer' },
    received: {
      type: 'object', required: ['at', 'date', 'withinWorkingHours'],
      properties: { at: { type: 'string' }, date: isoDate, withinWorkingHours: { type: 'boolean' } },
      additionalProperties: false,
    },
    counted: { type: 'object', required: ['date', 'reason'], properties: { date: isoDate, reason: text }, additionalProperties: false },
    start: { type: 'object', required: ['date', 'reason'], properties: { date: isoDate, reason: text }, additionalProperties: false },
    lastDay: isoDate,
    daysCounted: { type: 'integer' },
    workingDaysCounted: { type: 'integer' },
    skipped: { type: 'array', items: day },
    notes: { type: 'array', items: day },
    shift: {
      type: 'object', required: ['direction', 'from', 'to', 'law', 'reason'],
      properties: { direction: { type: 'string', enum: ['forward'] }, from: isoDate, to: isoDate, law: { type: 'string' }, reason: text },
      additionalProperties: false,
    },
    internalShift: {
      type: 'object', required: ['direction', 'from', 'to', 'reason'],
      properties: { direction: { type: 'string', enum: ['back'] }, from: isoDate, to: isoDate, reason: text },
      additionalProperties: false,
    },
    martialLaw: {
      type: 'object', required: ['inForceOnDue'],
      properties: { inForceOnDue: { type: 'boolean' }, assumed: { type: 'string', enum: ['on', 'off'] } },
      additionalProperties: false,
    },
    decided: {
      type: 'object', required: ['to'],
      description: 'A term set by a decision: the day it names, and the latest day the law allows when it limits it (an appeal: 45 days from receipt)',
      properties: { to: isoDate, limit: isoDate },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

interface DeadlineQuery {
  regime: Regime;
  received: string;
  martialLaw?: 'on' | 'off';
}

export const deadlineRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  app.addSchema(deadlineExplanationSchema);

  // The calendar of the last revision read; one small query per request tells whether it changed.
  const calendar = calendarCache(db);

  app.get<{ Querystring: DeadlineQuery }>('/', {
    config: { access: 'public' },
    schema: {
      summary: 'When a legal term ends, and why',
      description: 'Terms of citizens\' appeals (Law 393/96-ВР Art. 20), public information requests (Law 2939-VI Art. 20) '
        + 'and administrative services (Law 5203-VI Art. 10), counted by the Civil Code Art. 253-255 on the Ukrainian calendar '
        + '(Labour Code Art. 67 and 73; martial law, Law 2136-IX Art. 6).',
      tags: ['deadlines'],
      querystring: {
        type: 'object',
        required: ['regime', 'received'],
        properties: {
          regime: { type: 'string', enum: [...REGIMES] },
          received: {
            type: 'string', maxLength: 40, examples: ['2025-11-28T16:50:00+02:00'],
            description: 'When it was received: ISO 8601 date-time, e.g. 2025-11-28T16:50:00+02:00; Kyiv time when no offset is given. '
              + 'Only days the legal calendar covers: from the first day of its working hours (1991-01-01 in the default data) to 2099-12-31',
          },
          martialLaw: { type: 'string', enum: ['on', 'off'], description: 'What if martial law held (on) or did not (off) on every day' },
        },
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          required: ['regime', 'received', 'due', 'dueDateTime', 'explanation'],
          properties: {
            regime: { type: 'string', enum: [...REGIMES] },
            received: { type: 'string', description: 'The receipt in Kyiv time with its offset' },
            due: { type: 'string', description: 'YYYY-MM-DD; for terms in hours a date-time with offset' },
            dueDateTime: { type: 'string', description: 'When the due day ends: the end of working hours (Civil Code Art. 255)' },
            internalDue: { ...isoDate, description: 'Internal control date, moved back to a working day, when it differs from due' },
            explanation: { $ref: 'DeadlineExplanation#' },
          },
          additionalProperties: false,
        },
        ...problemResponses(400),
      },
    },
  }, async (request) => {
    const { regime, received, martialLaw } = request.query;
    const data = await calendar();
    // Terms are counted only on days the calendar knows: working hours in the data, Orthodox
    // Easter computed (lib/calendar calendarCoverage). Outside them there is no honest answer.
    const { from, to } = calendarCoverage(data);
    const refuse = () => ProblemError.field('validation', 'received',
      `must be an ISO 8601 date-time between ${from} and ${to} (the days the legal calendar covers), such as 2025-11-28T16:50:00+02:00`,
      `має бути датою й часом ISO 8601 між ${from} і ${to} (дні, які охоплює календар), наприклад 2025-11-28T16:50:00+02:00`);
    const at = parseDateTime(received, 'Europe/Kyiv');
    const day = at && Number.isFinite(at.getTime()) ? kyivDate(at) : undefined;
    if (!at || !day || day < from || day > to) throw refuse();
    try {
      return computeDeadline({ regime, received: at, calendar: data, ...(martialLaw ? { martialLaw } : {}) });
    } catch (err) {
      // A term running past the calendar's last day (or into a gap in its data).
      if (err instanceof OutsideCalendarError) throw refuse();
      throw err;
    }
  });
};
