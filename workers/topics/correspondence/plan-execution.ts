// After a head's resolution (CMU 55/2018, KMDA instruction 1747/2018): records it in the card and
// puts it on control, hands the document to the executors' departments (its route), and plans the
// execution for the diagram: one assignment per executor for the multi-instance task, the
// responsible executor for the consolidation, the term, the internal control date (moved back to
// the previous working day when the term falls on a day off) and the instants of the timers. The
// use case is lib/correspondence/service.ts planExecution.
//
// Idempotent: the resolution and the hand-over are recorded once per case (unique keys); a retried
// task recomputes the same plan from the same inputs and the rows already written.
import { calendarCache } from '../../../lib/calendar/cache.ts';
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import type { ExecutorRole } from '../../../lib/correspondence/resolution.ts';
import { planExecution } from '../../../lib/correspondence/service.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.planExecution;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  const calendar = calendarCache(db);

  return async (input, context) => {
    checkInput(input);
    const processInstanceId = context?.task?.processInstanceId;
    if (!processInstanceId) throw new ContractError(`${topic}: the task's process instance is unknown`);
    const documentId = input[Variables.documentId] as string;
    const authorId = input[Variables.resolutionAuthor] as number;
    const term = input[Variables.term];

    const plan = await planExecution(db, {
      documentId, processInstanceId, authorId,
      executors: input[Variables.executors] as Record<string, ExecutorRole>,
      ...(typeof term === 'string' ? { term } : {}),
      text: input[Variables.resolutionText] as string,
      replyNeeded: input[Variables.replyNeeded] === true,
      step: context?.task?.activityId ?? null,
      at: now(),
      calendar: await calendar(),
    });
    // Each a broken contract (the API checked the form; a person may have left since): an incident
    // for an administrator, who reassigns.
    switch (plan.status) {
      case 'not-registered': throw new ContractError(`document ${documentId} is not registered in the incoming journal`);
      case 'author-not-found': throw new ContractError(`${topic}: the resolution's author ${authorId} does not exist`);
      case 'executor-key-malformed': throw new ContractError(`${topic}: executor key "${plan.key}" has a wrong form`);
      case 'executor-unknown': throw new ContractError(`${topic}: executor "${plan.key}" is unknown or has no department that takes tasks`);
      case 'responsible-count': throw new ContractError(`${topic}: ${plan.count} responsible executors, expected one`);
    }
    const { assignments, responsible, dates } = plan;
    (context?.log ?? log).info({ executors: assignments.length, term: dates.term, controlDate: dates.controlDate }, 'resolution put on control');

    return {
      [Variables.executionAssignments]: assignments,
      [Variables.responsibleGroup]: responsible.candidateGroup,
      [Variables.responsibleUser]: responsible.username ?? null,
      [Variables.termDate]: dates.term,
      [Variables.controlDate]: dates.controlDate,
      [Variables.dueDateTime]: dates.controlDueAt,
      [Variables.reminderDateTime]: dates.reminderAt,
      [Variables.reworkCount]: 0,
    };
  };
}
