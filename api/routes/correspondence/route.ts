// Where a document has been and where it is now (issue 3, item 5). The history is the recorded
// hand-overs (lib/correspondence/route-repository.ts); "now" is read from the engine's active tasks at the moment of
// the request, never stored, so it cannot drift from the engine's state.
import type { FastifyPluginAsync } from 'fastify';
import { EngineError, type EngineClient, type EngineTask } from '../../../lib/engine-client.ts';
import type { Queryable } from '../../../lib/db.ts';
import { ProblemError } from '../../../lib/problem.ts';
import { appendAudit, userActor } from '../../../lib/audit.ts';
import { findFiling } from '../../../lib/correspondence/resolutions-repository.ts';
import { departmentCodesByGroup, departmentsOfUsers, routeHistory } from '../../../lib/correspondence/route-repository.ts';
import { currentUser, problemResponses, type RouteDeps } from '../../route-kit.ts';

export interface TaskHolder {
  taskId: string;
  step: string;
  name: string;
  assignee: string | null;
  /** Department codes holding the task: the assignee's, else those of the groups it is offered to. */
  departments: string[];
}

/** Who holds each of these tasks: the assignee's department, else the departments of its candidate groups. */
export async function holdersOf(engine: EngineClient, db: Queryable, tasks: EngineTask[]): Promise<TaskHolder[]> {
  const groups = await Promise.all(tasks.map(async (task) => {
    try {
      const links = await engine.taskIdentityLinks(task.id);
      return links.filter((l) => l.type === 'candidate' && l.groupId).map((l) => l.groupId as string);
    } catch (err) {
      if (err instanceof EngineError && err.status === 404) return []; // completed in between
      throw err;
    }
  }));
  const byGroup = await departmentCodesByGroup(db, [...new Set(groups.flat())]);
  const byUser = await departmentsOfUsers(db, [...new Set(tasks.map((t) => t.assignee).filter((a): a is string => !!a))]);
  return tasks.map((task, i) => {
    const assigned = task.assignee ? byUser.get(task.assignee) : undefined;
    const offered = (groups[i] ?? []).map((g) => byGroup.get(g)).filter((c): c is string => c !== undefined);
    return {
      taskId: task.id,
      step: task.taskDefinitionKey,
      name: task.name ?? task.taskDefinitionKey,
      assignee: task.assignee,
      departments: assigned ? [assigned] : [...new Set(offered)],
    };
  });
}

/** The active user tasks of a document's cases (business key = document id). */
export function activeTasksOfDocument(engine: EngineClient, documentId: string): Promise<EngineTask[]> {
  return engine.queryTasks({ processInstanceBusinessKey: documentId, active: true, sorting: [{ sortBy: 'created', sortOrder: 'asc' }] });
}

const nullableString = { type: ['string', 'null'] } as const;

export const routeRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, engine }) => {
  app.get<{ Params: { id: string } }>('/:id/route', {
    config: { access: 'staff' },
    schema: {
      summary: 'The route of a document: every hand-over between departments and people, and where it is now',
      tags: ['documents'],
      params: { type: 'object', required: ['id'], properties: { id: { $ref: 'Uuid#' } }, additionalProperties: false },
      response: {
        200: {
          type: 'object',
          required: ['history', 'now'],
          properties: {
            history: {
              type: 'array',
              items: {
                type: 'object',
                required: ['at', 'action', 'step', 'fromDepartment', 'toDepartment', 'fromUser', 'toUser', 'byUser', 'reason'],
                properties: {
                  at: { type: 'string', format: 'date-time' },
                  action: { type: 'string', enum: ['registered', 'resolved', 'claimed', 'completed', 'returned', 'replied', 'filed'] },
                  step: { ...nullableString, description: 'Activity id in the diagram' },
                  fromDepartment: nullableString,
                  toDepartment: nullableString,
                  fromUser: nullableString,
                  toUser: nullableString,
                  byUser: { ...nullableString, description: 'Null when the system moved it' },
                  reason: { ...nullableString, description: 'Why: a return for rework gives its reason; registration and filing give the index' },
                },
                additionalProperties: false,
              },
            },
            now: {
              type: 'object',
              required: ['departments', 'steps'],
              properties: {
                departments: { type: 'array', items: { $ref: 'Department#' } },
                steps: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['taskId', 'step', 'name', 'assignee', 'departments'],
                    properties: {
                      taskId: { type: 'string' },
                      step: { type: 'string' },
                      name: { type: 'string' },
                      assignee: nullableString,
                      departments: { type: 'array', items: { type: 'string' } },
                    },
                    additionalProperties: false,
                  },
                },
                filed: {
                  type: 'object',
                  required: ['caseFileIndex', 'at'],
                  properties: { caseFileIndex: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
                  additionalProperties: false,
                },
              },
              additionalProperties: false,
            },
          },
          additionalProperties: false,
        },
        ...problemResponses(400, 401, 404, 503),
      },
    },
  }, async (request) => {
    const user = currentUser(request);
    const documentId = request.params.id;
    // The engine first: a hand-over is recorded before the engine moves on, so history read after
    // the engine's state is never older than it.
    const holders = await holdersOf(engine, db, await activeTasksOfDocument(engine, documentId));
    const document = await db('documents').where({ id: documentId }).first('id');
    if (!document) throw new ProblemError('document-not-found');
    const history = await routeHistory(db, documentId);
    const filing = await findFiling(db, documentId);
    const codes = [...new Set(holders.flatMap((h) => h.departments))];
    if (holders.length === 0 && filing?.department) codes.push(filing.department);
    const names = codes.length > 0 ? await db('departments').whereIn('code', codes).select('code', 'name_uk') : [];
    const nameOf = new Map(names.map((r) => [r.code as string, r.name_uk as string]));
    await appendAudit(db, { actor: userActor(user.id), action: 'document.route.view', entityType: 'document', entityId: documentId });
    return {
      history,
      now: {
        departments: codes.map((code) => ({ code, name: nameOf.get(code) ?? code })),
        steps: holders,
        ...(filing && holders.length === 0 ? { filed: { caseFileIndex: filing.caseFileIndex, at: new Date(filing.filedAt).toISOString() } } : {}),
      },
    };
  });
};
