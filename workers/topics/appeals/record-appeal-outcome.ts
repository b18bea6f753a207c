// Records a citizen-visible step of an appeal (DESIGN.md "What the citizen sees"): the status on
// the appeal, the timeline entry and the e-mail to the author, in one transaction
// (lib/appeals/service.ts recordAppealStep). Which step it is comes from the service task's input
// parameter `appealOutcome`; the event key is the activity and the external task's id, so a
// retried task records and sends nothing twice, while a step taken again in a loop (a second
// extension) is a new event.
//
// For the answer task's timers it hands back the reminder instant, and after an extension
// (Art. 20) the new term in the same shape as `legal-deadline`: a lib/calendar Deadline, the set
// term computeSetTerm explains (receipt, start, days counted up to the chosen day, the 45-day limit),
// which is also what the appeal stores and the citizen's page shows (lib/calendar/stored-term.ts).
import {
  checkExtension, maxAppealDue, reminderDateTime, type AppealOutcomeKind,
} from '../../../lib/appeals/index.ts';
import { asStoredTerm, computeSetTerm, kyivDate, parseDateTime } from '../../../lib/calendar/index.ts';
import { calendarCache } from '../../../lib/calendar/cache.ts';
import { Topics, TopicContracts, Variables } from '../../../lib/appeals/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { recordAppealStep, type AppealStep } from '../../../lib/appeals/service.ts';
import { ContractError, variablesValidator, type TopicHandler, type VariableValues, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.recordAppealOutcome;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, config, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  const trackingUrl = config.cases.trackingUrl;
  const calendar = calendarCache(db);

  return async (input, context) => {
    checkInput(input);
    if (!context?.task) throw new ContractError(`${topic} needs the task's identity for its event key`);
    const appealId = input[Variables.appealId] as string;
    const kind = input[Variables.appealOutcome] as AppealOutcomeKind;
    const need = (name: string): string => {
      const value = input[name];
      if (typeof value !== 'string') throw new ContractError(`${topic} (${kind}) needs the variable ${name}`);
      return value;
    };

    let step: AppealStep;
    const output: VariableValues = {};
    switch (kind) {
      case 'under-consideration': {
        const dueDateTime = need(Variables.dueDateTime);
        step = {
          kind, departmentCode: need(Variables.executorsDepartment), dueDate: need(Variables.dueDate),
          dueExplanation: asStoredTerm(input[Variables.deadlineExplanation], dueDateTime),
        };
        output[Variables.reminderDateTime] = reminderDateTime(dueDateTime, now());
        break;
      }
      case 'forwarded':
        step = { kind, bodyName: need(Variables.forwardTo) };
        break;
      case 'term-extended': {
        const newDueDate = need(Variables.newDueDate);
        const receivedAt = parseDateTime(need(Variables.receivedAt), 'Europe/Kyiv');
        if (!receivedAt) throw new ContractError(`${topic}: ${Variables.receivedAt} is not a date-time`);
        const data = await calendar();
        const maxDue = maxAppealDue(receivedAt, data);
        // The API refused a longer extension already (lib/appeals/forms.ts); this is the backstop.
        const errors = checkExtension({ requested: newDueDate, currentDue: null, maxDue });
        if (errors.length > 0) throw new ContractError(`${topic}: the extension breaks Art. 20 (${errors.map((e) => e.message).join('; ')})`);
        if (newDueDate <= kyivDate(receivedAt)) throw new ContractError(`${topic}: the extended term must end after the day of receipt`);
        const reason = need(Variables.extensionReason);
        // The chosen day, explained like every term; a day off moves forward (Civil Code Art. 254
        // p.5), never past the limit, which is itself a working day.
        const term = computeSetTerm({ kind: 'appeal-extended', received: receivedAt, to: newDueDate, limit: maxDue, calendar: data });
        step = { kind, newDueDate: term.due, reason, dueExplanation: term };
        output[Variables.dueDate] = term.due;
        output[Variables.dueDateTime] = term.dueDateTime;
        output[Variables.deadlineExplanation] = term;
        output[Variables.reminderDateTime] = reminderDateTime(term.dueDateTime, now());
        break;
      }
      case 'answered':
        step = { kind };
        break;
      case 'not-considered':
        // The only diagram path here is the head's decision on a repeat appeal (Art. 8 p.2).
        step = {
          kind, code: 'repeat', article: 'ст. 8 ч. 2',
          reason: 'Повторне звернення з питання, яке вже вирішено по суті, не розглядається',
        };
        break;
      default:
        throw new ContractError(`${topic}: unknown ${Variables.appealOutcome}`);
    }

    const result = await recordAppealStep(db, {
      appealId, step, at: now(), trackingUrl,
      eventKey: `${context.task.activityId}:${context.task.id}`,
    });
    if (result.status === 'appeal-not-found') throw new ContractError(`appeal ${appealId} does not exist`);
    if (result.status === 'department-not-found') throw new ContractError(`${topic}: no department with the code given in ${Variables.executorsDepartment}`);
    if (result.status === 'answer-not-signed') throw new ContractError(`${topic}: appeal ${appealId} has no signed answer`);
    // Ids and the step only: never the names, bodies or texts (Law 2297-VI).
    (context.log ?? log).info({ step: kind, status: result.appealStatus, created: result.created }, result.created ? 'appeal step recorded' : 'appeal step was already recorded');
    return output;
  };
}
