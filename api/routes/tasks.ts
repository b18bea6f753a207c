// User tasks: the engine holds them, the API decides who may see, claim and complete them. The
// engine is called with the admin account, so every rule here is the only one enforced.
import type { FastifyPluginAsync } from 'fastify';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { CalendarData } from '../../lib/calendar/index.ts';
import type { FormRuleContext } from '../../lib/manifest.ts';
import { formKeys } from '../../lib/forms/index.ts';
import { shippedUserTaskForms, type UserTaskFormEntry } from '../../lib/process-forms.ts';
import type { Db } from '../../lib/db.ts';
import { EngineError, fromCamundaVariables, type CamundaVariables, type EngineClient, type EngineTask } from '../../lib/engine-client.ts';
import { ProblemError, fieldErrorsFromAjv, validationProblem } from '../../lib/problem.ts';
import { appendAudit, userActor } from '../../lib/audit.ts';
import { loadCalendarData } from '../../lib/calendar/repository.ts';
import { documentOfBusinessKey, recordTaskClaimed, recordTaskCompleted } from '../../lib/correspondence/service.ts';
import { listDepartmentCodes } from '../../lib/staff/repository.ts';
import { currentUser, problemResponses, type RouteDeps } from '../route-kit.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type TaskWithKey = EngineTask & { processInstanceBusinessKey?: string | null };

/**
 * The one server-side pipeline every user task's completion goes through (STYLE.md habit 8), for
 * the user tasks the domains' manifests declare (lib/domains.ts), found by the task definition key
 * whether the task references its form with camunda:formRef or, on an older diagram version, with
 * the legacy camunda:formKey: the variables against the JSON Schema derived from the task's Camunda
 * Form (lib/forms, with its defaults), then the domain's rule, then the variables only the server
 * may set (who completed, counters). A task no manifest declares (an analyst's diagram) keeps the
 * generic TaskCompletion schema alone.
 */
export function createFormPipeline(deps: { engine: EngineClient; db: Db; forms?: ReadonlyMap<string, UserTaskFormEntry> }) {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: false, strict: false });
  ajvFormats.default(ajv);
  const forms = new Map<string, { entry: UserTaskFormEntry; validate: ValidateFunction }>();
  for (const [key, entry] of deps.forms ?? shippedUserTaskForms()) forms.set(key, { entry, validate: ajv.compile(entry.schema) });

  function context(task: EngineTask): FormRuleContext {
    let variables: Promise<Record<string, unknown>> | undefined;
    let calendar: Promise<CalendarData> | undefined;
    return {
      processVariables: () => (variables ??= processVariables(deps.engine, task)),
      calendar: () => (calendar ??= loadCalendarData(deps.db).then((c) => c.data)),
      departmentCodes: () => listDepartmentCodes(deps.db),
    };
  }

  /** The variables to complete the task with, or a validation problem naming the fields. */
  return async function check(task: EngineTask, submitted: Record<string, unknown>, user: { id: number }): Promise<Record<string, unknown>> {
    const found = forms.get(task.taskDefinitionKey);
    if (!found) return submitted;
    const { rules } = found.entry;
    const variables = structuredClone(submitted);
    if (!found.validate(variables)) throw validationProblem(fieldErrorsFromAjv(found.validate.errors ?? [], 'variables'));
    const ctx = context(task);
    const errors = rules.rule ? await rules.rule(variables, ctx) : [];
    if (errors.length > 0) throw validationProblem(errors.map((e) => ({ ...e, field: e.field.startsWith('(') ? e.field : `variables.${e.field}` })));
    if (rules.completedBy) variables[rules.completedBy] = user.id;
    if (rules.derive) Object.assign(variables, await rules.derive(variables, ctx));
    return variables;
  };
}

/** The variables of the task's process instance, as the engine holds them now. */
function processVariables(engine: EngineClient, task: EngineTask): Promise<Record<string, unknown>> {
  return engine
    .request<CamundaVariables>('GET', `/process-instance/${encodeURIComponent(task.processInstanceId)}/variables?deserializeValues=false`)
    .then(fromCamundaVariables);
}

export const taskRoutes: FastifyPluginAsync<RouteDeps> = async (app, { engine, db }) => {
  const forms = shippedUserTaskForms();
  const checkForm = createFormPipeline({ engine, db, forms });

  /** The document a task's case is about (its business key), when the case is a document's. */
  async function documentOf(task: EngineTask): Promise<string | undefined> {
    return documentOfBusinessKey(db, (await businessKeys([task])).get(task.processInstanceId));
  }

  async function getTask(id: string): Promise<EngineTask> {
    try {
      return await engine.getTask(id);
    } catch (err) {
      if (err instanceof EngineError && err.status === 404) throw new ProblemError('task-not-found');
      throw err;
    }
  }

  /** Business keys of the tasks' process instances, from the engine when the task DTO lacks them. */
  async function businessKeys(tasks: TaskWithKey[]): Promise<Map<string, string | null>> {
    const keys = new Map<string, string | null>();
    const missing = new Set<string>();
    for (const task of tasks) {
      if (task.processInstanceBusinessKey !== undefined) keys.set(task.processInstanceId, task.processInstanceBusinessKey);
      else if (task.businessKey !== undefined) keys.set(task.processInstanceId, task.businessKey);
      else if (task.processInstanceId) missing.add(task.processInstanceId);
    }
    if (missing.size > 0) {
      const instances = await engine.request<Array<{ id: string; businessKey: string | null }>>(
        'POST', `/process-instance?maxResults=${missing.size}`, { processInstanceIds: [...missing] },
      );
      for (const instance of instances) keys.set(instance.id, instance.businessKey);
    }
    return keys;
  }

  /** Whether the task is offered to one of the user's groups (a candidate group of the task). */
  async function offeredToMe(task: EngineTask, user: { groups: readonly string[] }): Promise<boolean> {
    const links = await engine.taskIdentityLinks(task.id);
    return links.some((l) => l.type === 'candidate' && l.groupId !== null && user.groups.includes(l.groupId));
  }

  const taskIdParams = {
    type: 'object',
    required: ['id'],
    // Engine ids are UUIDs with the Spring Boot starter, but the pattern only keeps the path safe.
    properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,64}$' } },
    additionalProperties: false,
  } as const;

  const nullableString = { type: ['string', 'null'] } as const;

  interface TaskListQuery { businessKey?: string; taskDefinitionKey?: string; first: string; max: string }

  app.get<{ Querystring: TaskListQuery }>('/', {
    config: { access: 'staff' },
    schema: {
      summary: 'Tasks I may work on: assigned to me, and unassigned ones offered to my groups',
      description: 'Priority first (Art. 22 of Law 393/96-ВР), then the oldest; paged with `first` and `max`. '
        + 'The header x-total-count gives the number of all matching tasks.',
      tags: ['tasks'],
      querystring: {
        type: 'object',
        properties: {
          businessKey: { type: 'string', minLength: 1, maxLength: 100, description: 'Only the tasks of one case (a document, appeal or request id)' },
          taskDefinitionKey: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,99}$', description: 'Only one kind of task (a user task id of the diagrams)' },
          // Strings, as query strings are: the API's validator never coerces types.
          first: { type: 'string', pattern: '^(0|[1-9][0-9]{0,3})$', default: '0', description: 'How many tasks to skip (at most 9999)' },
          max: { type: 'string', pattern: '^([1-9]|[1-9][0-9]|1[0-9][0-9]|200)$', default: '100', description: 'Page size, 1–200' },
        },
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'name', 'taskDefinitionKey', 'formKey', 'created', 'assignee', 'businessKey', 'documentId'],
            properties: {
              id: { type: 'string' },
              name: nullableString,
              taskDefinitionKey: { type: 'string' },
              formKey: nullableString,
              created: { type: 'string' },
              assignee: nullableString,
              businessKey: nullableString,
              documentId: { anyOf: [{ $ref: 'Uuid#' }, { type: 'null' }] },
            },
            additionalProperties: false,
          },
        },
        ...problemResponses(400, 401, 503),
      },
    },
  }, async (request, reply) => {
    const user = currentUser(request);
    const { businessKey, taskDefinitionKey } = request.query;
    const first = Number(request.query.first);
    const max = Number(request.query.max);
    // Art. 22 of Law 393/96-ВР: priority categories first in every queue, then the oldest.
    const sorting = [{ sortBy: 'priority', sortOrder: 'desc' }, { sortBy: 'created', sortOrder: 'asc' }, { sortBy: 'id', sortOrder: 'asc' }];
    const filters = {
      active: true,
      sorting,
      ...(businessKey ? { processInstanceBusinessKey: businessKey } : {}),
      ...(taskDefinitionKey ? { taskDefinitionKey } : {}),
    };
    // Two queries rather than an OR query: candidate-group filters inside orQueries have had engine bugs,
    // and "unassigned" must apply to the group part only. The two sets are disjoint (assigned to me vs
    // unassigned), so a page of the merged order needs at most first+max of each, and the total is a sum.
    const mineQuery = { ...filters, assignee: user.username };
    const offeredQuery = user.groups.length > 0 ? { ...filters, candidateGroups: user.groups, unassigned: true } : undefined;
    const [mine, offered, mineCount, offeredCount] = await Promise.all([
      engine.queryTasks(mineQuery, 0, first + max),
      offeredQuery ? engine.queryTasks(offeredQuery, 0, first + max) : Promise.resolve([] as EngineTask[]),
      engine.countTasks(mineQuery),
      offeredQuery ? engine.countTasks(offeredQuery) : Promise.resolve(0),
    ]);
    reply.header('x-total-count', String(mineCount + offeredCount));
    const byId = new Map<string, TaskWithKey>();
    for (const task of [...mine, ...offered]) byId.set(task.id, task);
    const tasks = [...byId.values()]
      .sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || a.created.localeCompare(b.created) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(first, first + max);
    const keys = await businessKeys(tasks);
    return tasks.map((task) => {
      const businessKey = keys.get(task.processInstanceId) ?? null;
      return {
        id: task.id,
        name: task.name,
        taskDefinitionKey: task.taskDefinitionKey,
        formKey: task.formKey ?? null,
        created: task.created,
        assignee: task.assignee,
        businessKey,
        // Our processes use the document id as business key.
        documentId: businessKey && UUID.test(businessKey) ? businessKey.toLowerCase() : null,
      };
    });
  });

  const claimResult = {
    type: 'object',
    required: ['id', 'assignee'],
    properties: { id: { type: 'string' }, assignee: { type: 'string' } },
    additionalProperties: false,
  } as const;

  app.post<{ Params: { id: string } }>('/:id/claim', {
    config: { access: 'staff' },
    schema: {
      summary: 'Take a task offered to one of my groups',
      tags: ['tasks'],
      params: taskIdParams,
      response: { 200: { ...claimResult, description: 'The task is mine' }, ...problemResponses(400, 401, 403, 404, 409, 503) },
    },
  }, async (request) => {
    const user = currentUser(request);
    const task = await getTask(request.params.id);
    if (!(await offeredToMe(task, user))) throw new ProblemError('not-candidate');
    if (task.assignee === user.username) return { id: task.id, assignee: user.username };
    if (task.assignee) throw new ProblemError('task-already-claimed');
    try {
      await engine.claimTask(task.id, user.username);
    } catch (err) {
      // The engine answers 500 (TaskAlreadyClaimedException) when someone claimed it in between.
      if (err instanceof EngineError && err.status === 500) throw new ProblemError('task-already-claimed', {}, { cause: err });
      if (err instanceof EngineError && err.status === 404) throw new ProblemError('task-not-found');
      throw err;
    }
    // The document's route: taken from the department(s) it was offered to by this person.
    const documentId = await documentOf(task);
    if (documentId) await recordTaskClaimed({ db, engine }, { documentId, task, user });
    await appendAudit(db, {
      actor: userActor(user.id), action: 'task.claim', entityType: 'task', entityId: task.id,
      details: { taskDefinitionKey: task.taskDefinitionKey, processInstanceId: task.processInstanceId },
    });
    return { id: task.id, assignee: user.username };
  });

  // The form-js schema a tasklist renders, as served: every property lib/forms/check.ts accepts.
  const formValue = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] } as const;
  const formComponent = {
    type: 'object',
    required: ['type'],
    properties: {
      type: { type: 'string' },
      id: { type: 'string' },
      key: { type: 'string' },
      label: { type: 'string' },
      dateLabel: { type: 'string' },
      description: { type: 'string' },
      text: { type: 'string' },
      values: {
        type: 'array',
        items: { type: 'object', required: ['label', 'value'], properties: { label: { type: 'string' }, value: formValue }, additionalProperties: false },
      },
      validate: {
        type: 'object',
        properties: {
          required: { type: 'boolean' }, minLength: { type: 'integer' }, maxLength: { type: 'integer' },
          pattern: { type: 'string' }, min: { type: 'number' }, max: { type: 'number' },
        },
        additionalProperties: false,
      },
      defaultValue: { description: 'Of the field\'s own type' },
      conditional: { type: 'object', properties: { hide: { type: 'string' } }, additionalProperties: false },
      properties: { type: 'object', additionalProperties: { type: 'string' }, description: 'label_en, description_en, text_en, values_en (JSON: value → English label)' },
      subtype: { type: 'string' },
      decimalDigits: { type: 'integer' },
      layout: { type: 'object', additionalProperties: true },
      disabled: { type: 'boolean' },
      readonly: { type: 'boolean' },
      searchable: { type: 'boolean' },
    },
    additionalProperties: false,
  } as const;
  const taskForm = {
    type: 'object',
    required: ['formId', 'form', 'schema', 'values'],
    properties: {
      formId: { type: 'string', description: 'The Camunda Form id (processes/forms/<formId>.form, camunda:formRef)' },
      form: {
        type: 'object',
        description: 'The Camunda Forms (form-js) schema: Ukrainian labels, English ones in each component\'s properties',
        required: ['type', 'id', 'components', 'schemaVersion'],
        properties: {
          type: { type: 'string', enum: ['default'] },
          id: { type: 'string' },
          components: { type: 'array', items: formComponent },
          schemaVersion: { type: 'integer' },
          exporter: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' } }, additionalProperties: false },
          executionPlatform: { type: 'string' },
          executionPlatformVersion: { type: 'string' },
        },
        additionalProperties: false,
      },
      schema: {
        type: 'object',
        additionalProperties: true,
        description: 'The JSON Schema the API checks a completion\'s variables against (derived from the form; the domain\'s rules check more)',
      },
      values: {
        type: 'object',
        additionalProperties: true,
        description: 'The current values of the form\'s fields among the process instance\'s variables (fields without a value are absent)',
      },
    },
    additionalProperties: false,
  } as const;

  app.get<{ Params: { id: string } }>('/:id/form', {
    config: { access: 'staff' },
    schema: {
      summary: 'The form of a task I hold or that is offered to my groups, with the JSON Schema of its completion and its current values',
      tags: ['tasks'],
      params: taskIdParams,
      response: { 200: taskForm, ...problemResponses(400, 401, 403, 404, 503) },
    },
  }, async (request) => {
    const user = currentUser(request);
    const task = await getTask(request.params.id);
    // As for a claim: the assignee, or someone of a group the task is offered to.
    if (task.assignee !== user.username && !(await offeredToMe(task, user))) throw new ProblemError('not-candidate');
    // By the task definition key: a task of an older diagram version (camunda:formKey) gets the same form.
    const entry = forms.get(task.taskDefinitionKey);
    if (!entry) throw new ProblemError('task-form-not-found');
    const current = await processVariables(engine, task);
    const values: Record<string, unknown> = {};
    for (const key of formKeys(entry.form)) if (Object.hasOwn(current, key)) values[key] = current[key];
    // The values may be personal data (Law 2297-VI): who looked at which task's form, never what it held.
    await appendAudit(db, {
      actor: userActor(user.id), action: 'task.form.view', entityType: 'task', entityId: task.id,
      details: { taskDefinitionKey: task.taskDefinitionKey, processInstanceId: task.processInstanceId, formId: entry.formId },
    });
    return { formId: entry.formId, form: entry.form, schema: entry.schema, values };
  });

  app.post<{ Params: { id: string }; Body: { variables: Record<string, unknown> } }>('/:id/complete', {
    config: { access: 'staff' },
    schema: {
      summary: 'Complete a task I hold',
      tags: ['tasks'],
      params: taskIdParams,
      body: { $ref: 'TaskCompletion#' },
      response: { 204: { type: 'null', description: 'Completed' }, ...problemResponses(400, 401, 403, 404, 409, 503) },
    },
  }, async (request, reply) => {
    const user = currentUser(request);
    const task = await getTask(request.params.id);
    if (!task.assignee) throw new ProblemError('task-not-claimed');
    if (task.assignee !== user.username) throw new ProblemError('not-assignee');
    const variables = await checkForm(task, request.body.variables, user);
    const documentId = await documentOf(task);
    const before = documentId ? new Set((await engine.queryTasks({ processInstanceId: task.processInstanceId, active: true })).map((t) => t.id)) : undefined;
    // The hand-over happens when the engine takes the completion; workers it wakes (filing) may record
    // their own step before we get back, so our row carries the time from before, to keep the order.
    const completedAt = new Date();
    try {
      await engine.completeTask(task.id, variables);
    } catch (err) {
      if (err instanceof EngineError && err.status === 404) throw new ProblemError('task-not-found');
      // The engine answers 500 when a parallel branch or another person's completion changed the
      // same process instance in between (optimistic locking): the whole completion rolled back.
      if (err instanceof EngineError && err.status === 500 && /OptimisticLocking/.test(`${err.type} ${err.message}`)) {
        throw new ProblemError('task-conflict', {}, { cause: err });
      }
      throw err;
    }
    if (documentId && before) {
      // The document's route: where it went is where the engine put it, the user tasks this
      // completion created (none when a worker or a parallel branch takes it on). `accepted: false`
      // is a return (for rework) and `reason` says why.
      const next = (await engine.queryTasks({ processInstanceId: task.processInstanceId, active: true })).filter((t) => !before.has(t.id));
      await recordTaskCompleted({ db, engine }, { documentId, task, next, user, variables, at: completedAt });
    }
    // Variable names, not values: values may be personal data (Law 2297-VI).
    await appendAudit(db, {
      actor: userActor(user.id), action: 'task.complete', entityType: 'task', entityId: task.id,
      details: {
        taskDefinitionKey: task.taskDefinitionKey,
        processInstanceId: task.processInstanceId,
        variables: Object.keys(variables).join(','),
      },
    });
    return reply.code(204).send();
  });
};
