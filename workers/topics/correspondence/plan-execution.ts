// After a head's resolution (CMU 55/2018, KMDA instruction 1747/2018): records it in the card and
// puts it on control, hands the document to the executors' departments (its route), and plans the
// execution for the diagram: one assignment per executor for the multi-instance task, the
// responsible executor for the consolidation, the term, the internal control date (moved back to
// the previous working day when the term falls on a day off) and the instants of the timers.
//
// Idempotent: the resolution and the hand-over are recorded once per case (unique keys); a retried
// task recomputes the same plan from the same inputs and the rows already written.
import { toZoned, type CalendarData } from '../../../lib/calendar/index.ts';
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { controlDates, parseExecutorKey, type ExecutionAssignment, type ExecutorRole } from '../../../lib/correspondence/resolution.ts';
import { calendarRevision, loadCalendarData } from '../../../lib/calendar/repository.ts';
import { recordResolution } from '../../../lib/correspondence/resolutions-repository.ts';
import { recordHandOver } from '../../../lib/correspondence/route-repository.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.planExecution;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

const KYIV = 'Europe/Kyiv';

export function createHandler({ db, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  let cached: { revision: number; data: CalendarData } | undefined;

  return async (input, context) => {
    checkInput(input);
    const processInstanceId = context?.task?.processInstanceId;
    if (!processInstanceId) throw new ContractError(`${topic}: the task's process instance is unknown`);
    const documentId = input[Variables.documentId] as string;
    const executors = input[Variables.executors] as Record<string, ExecutorRole>;
    const authorId = input[Variables.resolutionAuthor] as number;

    const registration = await db('registrations').where({ document_id: documentId, journal_code: 'incoming' }).first('registered_at');
    if (!registration) throw new ContractError(`document ${documentId} is not registered in the incoming journal`);
    const author = await db('staff_users as u').leftJoin('departments as d', 'd.id', 'u.department_id')
      .where('u.id', authorId).first('u.username', 'd.code');
    if (!author) throw new ContractError(`${topic}: the resolution's author ${authorId} does not exist`);

    const assignments: ExecutionAssignment[] = [];
    for (const [key, role] of Object.entries(executors)) {
      const ref = parseExecutorKey(key);
      if (!ref) throw new ContractError(`${topic}: executor key "${key}" has a wrong form`);
      const row = ref.kind === 'department'
        ? await db('departments').where({ code: ref.code }).first('code', 'candidate_group')
        : await db('staff_users as u').join('departments as d', 'd.id', 'u.department_id')
          .where({ 'u.username': ref.username, 'u.active': true }).first('d.code', 'd.candidate_group', 'u.username');
      // The API checked departments; a person may have left since: an administrator reassigns.
      if (!row?.candidate_group) throw new ContractError(`${topic}: executor "${key}" is unknown or has no department that takes tasks`);
      assignments.push({
        executor: key,
        candidateGroup: row.candidate_group,
        departmentCode: row.code,
        ...(ref.kind === 'user' ? { username: ref.username } : {}),
        responsible: role === 'responsible',
      });
    }
    const responsible = assignments.filter((a) => a.responsible);
    if (responsible.length !== 1) throw new ContractError(`${topic}: ${responsible.length} responsible executors, expected one`);

    const revision = await calendarRevision(db);
    if (cached?.revision !== revision) cached = await loadCalendarData(db);
    const at = now();
    const dates = controlDates({
      registeredOn: toZoned(registration.registered_at as Date, KYIV).date,
      ...(typeof input[Variables.term] === 'string' ? { term: input[Variables.term] as string } : {}),
      today: toZoned(at, KYIV).date,
      calendar: cached.data,
    });

    await db.transaction(async (trx) => {
      await recordResolution(trx, {
        documentId, processInstanceId, authorId,
        text: input[Variables.resolutionText] as string,
        executors,
        responsibleExecutor: responsible[0]!.executor,
        term: dates.term,
        controlDate: dates.controlDate,
        replyNeeded: input[Variables.replyNeeded] === true,
        at,
      });
      await recordHandOver(trx, {
        eventKey: `resolution:${processInstanceId}`,
        documentId,
        action: 'resolved',
        step: context?.task?.activityId ?? null,
        from: { department: author.code ?? null, user: author.username },
        to: assignments.map((a) => ({ department: a.departmentCode, user: a.username ?? null })),
        byUser: author.username,
        at,
      });
    });
    (context?.log ?? log).info({ executors: assignments.length, term: dates.term, controlDate: dates.controlDate }, 'resolution put on control');

    return {
      [Variables.executionAssignments]: assignments,
      [Variables.responsibleGroup]: responsible[0]!.candidateGroup,
      [Variables.responsibleUser]: responsible[0]!.username ?? null,
      [Variables.termDate]: dates.term,
      [Variables.controlDate]: dates.controlDate,
      [Variables.dueDateTime]: dates.controlDueAt,
      [Variables.reminderDateTime]: dates.reminderAt,
      [Variables.reworkCount]: 0,
    };
  };
}
