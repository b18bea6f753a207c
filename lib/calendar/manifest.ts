// The calendar kernel's part of the contracts: its external-task topic and variables, shared by every
// domain whose diagrams use it (lib/manifest.ts).
import type { DomainManifest, TopicContract } from '../manifest.ts';

export const Topics = {
  /** Computes a legal deadline on the Ukrainian calendar (workers/topics/calendar/legal-deadline.ts, lib/calendar). */
  legalDeadline: 'legal-deadline',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

export const Variables = {
  deadlineRegime: 'regime',
  receivedAt: 'receivedAt',
  dueDate: 'dueDate',
  dueDateTime: 'dueDateTime',
  deadlineExplanation: 'deadlineExplanation',
  reminderDateTime: 'reminderDateTime',
} as const;

const uuid = { type: 'string', format: 'uuid' } as const;
const DATE = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;
export const TopicContracts = {
  [Topics.legalDeadline]: {
    reads: {
      type: 'object',
      required: [Variables.deadlineRegime, Variables.receivedAt],
      properties: {
        [Variables.deadlineRegime]: {
          type: 'string',
          enum: ['appeal-short', 'appeal', 'appeal-max', 'public-info', 'public-info-urgent', 'public-info-extended', 'admin-service'],
        },
        // ISO 8601 date-time, e.g. "2025-11-28T16:50:00+02:00"; Kyiv time when it has no offset.
        [Variables.receivedAt]: { type: 'string', minLength: 16, maxLength: 40 },
      },
    },
    writes: {
      type: 'object',
      required: [Variables.dueDate, Variables.dueDateTime, Variables.deadlineExplanation],
      properties: {
        [Variables.dueDate]: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        [Variables.dueDateTime]: { type: 'string', minLength: 20 },
        [Variables.deadlineExplanation]: { type: 'object' },
      },
    },
    throws: [],
  },
} as const satisfies Record<Topic, TopicContract>;

export const manifest = {
  name: 'calendar',
  summary: 'The legal calendar: terms of every regime with their explanation',
  processes: [],
  topics: TopicContracts,
  errors: [],
  userTasks: {},
  dateVariables: [Variables.dueDateTime, Variables.reminderDateTime],
  mail: {},
  layers: { api: false, workers: true },
} as const satisfies DomainManifest;
