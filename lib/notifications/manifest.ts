// The notifications kernel's part of the contracts: its external-task topic and variables, shared by every
// domain whose diagrams use it (lib/manifest.ts).
import type { DomainManifest, TopicContract } from '../manifest.ts';

export const Topics = {
  /** Queues an e-mail to a citizen (workers/topics/notifications/notify.ts); lib/notifications/dispatcher.ts sends it. */
  notify: 'notify',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

export const Variables = {
  notifyTemplate: 'notifyTemplate',
  notifyTo: 'notifyTo',
  notifyParams: 'notifyParams',
  notifyEventKey: 'notifyEventKey',
} as const;

export const TopicContracts = {
  [Topics.notify]: {
    reads: {
      type: 'object',
      required: [Variables.notifyTemplate, Variables.notifyTo, Variables.notifyEventKey],
      properties: {
        // A template name of lib/notifications/templates.ts, e.g. "appeal-registered".
        [Variables.notifyTemplate]: { type: 'string', minLength: 1 },
        // The address the citizen gave.
        [Variables.notifyTo]: { type: 'string', minLength: 3 },
        // The template's parameters (a Json variable); strings only.
        [Variables.notifyParams]: { type: 'object' },
        // One e-mail per key, so a retried task queues its e-mail once: the process instance and the
        // task, as notifyEventKeyExpression(activityId) writes it. Colon-separated, no empty part.
        [Variables.notifyEventKey]: { type: 'string', pattern: '^[^\\s:]+(:[^\\s:]+)+$', maxLength: 200 },
      },
    },
    writes: { type: 'object', required: [], properties: {} },
    throws: [],
    unusedBecause: 'a building block for analysts\' diagrams: the shipped processes queue their e-mails in the transaction of the step they announce',
  },
} as const satisfies Record<Topic, TopicContract>;

/**
 * The notifyEventKey input parameter of a `notify` task: one e-mail per process instance and task.
 * The task's id is written out because an input mapping runs before the activity starts, when
 * `execution.currentActivityId` is still null (checked on 7.24: the key would end in ":").
 */
export function notifyEventKeyExpression(activityId: string): string {
  return `\${execution.processInstanceId}:${activityId}`;
}

export const manifest = {
  name: 'notifications',
  summary: 'E-mail to citizens through the transactional outbox: one message per event',
  processes: [],
  topics: TopicContracts,
  errors: [],
  userTasks: {},
  dateVariables: [],
  mail: {},
  layers: { api: false, workers: true },
} as const satisfies DomainManifest;
