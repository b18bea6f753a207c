// Where a document's case is now (issue 3, item 5): read from the engine at the moment of asking,
// never stored, so it cannot drift from the engine's state. The tasks' candidate groups and
// assignees are turned into departments with the repositories' lookups.
import { EngineError, EngineUnavailableError, type EngineClient, type EngineTask } from '../engine-client.ts';
import type { Queryable } from '../db.ts';
import { findProcessLinksByBusinessKey } from '../process-start/repository.ts';
import { departmentsByCandidateGroup } from './repository.ts';
import { departmentCodesByGroup, departmentsOfUsers } from './route-repository.ts';

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

export interface CurrentStep {
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

/**
 * Where the document's case is now: its active user tasks, else the activities the engine is in.
 * `known` is false when the engine could not be asked (the steps are then empty).
 */
export async function currentSteps(engine: EngineClient, db: Queryable, documentId: string, again = true): Promise<{ steps: CurrentStep[]; known: boolean }> {
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
        if (again && leaf.activityType === 'userTask') return currentSteps(engine, db, documentId, false);
        steps.push({ step: leaf.activityId, name: leaf.activityName ?? leaf.activityId, department: null });
      }
    }
    return { steps, known: true };
  } catch (err) {
    if (err instanceof EngineUnavailableError) return { steps: [], known: false };
    throw err;
  }
}
