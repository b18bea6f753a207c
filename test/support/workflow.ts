// Working a case as people do, for integration tests: find a case's task in the engine, claim and
// complete it through the API, read the fields a refused completion names, wait for the process to
// end, and ask the public deadline calculator. Shared by the specs of every stream.
import { expect } from 'chai';
import type { EngineTask } from '../../lib/engine-client.ts';
import { ApiSession, eventually, testStack } from './stack.ts';

export interface Problem {
  status: number;
  errors?: Array<{ field: string; message_uk: string }>;
}

/** The active task `key` of the case with this business key (skipping `exclude`), once it exists. */
export async function taskOf(businessKey: string, key: string, exclude: readonly string[] = []): Promise<EngineTask> {
  return eventually(`task ${key}`, async () => {
    const tasks = await testStack().engine.client.queryTasks({ processInstanceBusinessKey: businessKey, taskDefinitionKey: key, active: true });
    return tasks.find((t) => !exclude.includes(t.id));
  }, 60000);
}

/** Claims the task (it must succeed) and completes it; the completion's answer is returned as it is. */
export async function complete(session: ApiSession, taskId: string, variables: Record<string, unknown>) {
  const claimed = await session.request('POST', `/api/v1/tasks/${taskId}/claim`);
  expect(claimed.status, JSON.stringify(claimed.body)).to.equal(200);
  return session.request<Problem>('POST', `/api/v1/tasks/${taskId}/complete`, { variables });
}

/** The fields a refused completion names (it must be a 400 problem+json). */
export async function fields(session: ApiSession, taskId: string, variables: Record<string, unknown>): Promise<string[]> {
  const res = await complete(session, taskId, variables);
  expect(res.status, JSON.stringify(res.body)).to.equal(400);
  expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
  return res.body.errors?.map((e) => e.field) ?? [];
}

/** The end events the case's completed process reached. */
export async function ended(businessKey: string): Promise<string[]> {
  const engine = testStack().engine.client;
  return eventually('the process to end', async () => {
    const [instance] = await engine.request<Array<{ id: string; state: string }>>('GET', `/history/process-instance?processInstanceBusinessKey=${businessKey}`);
    if (instance?.state !== 'COMPLETED') return undefined;
    const ends = await engine.request<Array<{ activityId: string }>>('GET', `/history/activity-instance?processInstanceId=${instance.id}&activityType=noneEndEvent`);
    const terminates = await engine.request<Array<{ activityId: string }>>('GET', `/history/activity-instance?processInstanceId=${instance.id}&activityType=terminateEndEvent`);
    return [...ends, ...terminates].map((a) => a.activityId);
  }, 90000);
}

/** What the public calculator says of a term, to compare the case's clock with. */
export async function deadline(regime: string, receivedAt: string): Promise<{ due: string; dueDateTime: string }> {
  const res = await new ApiSession().request<{ due: string; dueDateTime: string }>('GET', `/api/v1/deadlines?regime=${regime}&received=${encodeURIComponent(receivedAt)}`);
  expect(res.status).to.equal(200);
  return res.body;
}
