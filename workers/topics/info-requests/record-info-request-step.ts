// Records a requester-visible step of a request for public information (DESIGN.md "What the citizen
// sees"): the status and the fields the step sets on the request, the timeline entry and the e-mail,
// in one transaction (lib/info-requests/repository.ts recordInfoStep). Which step it is comes from the
// service task's input parameter `infoStep`; the event key is the activity and the external task's
// id, so a retried task records and sends nothing twice.
//
// Under consideration: hands the diagram the departments' branches (the multi-instance collection,
// one per department, each offered to the department's candidate group), the answer round and the
// reminder instant (one working day before the due day) and the way the requester wants the answer
// (a paper one waits for the clerk who posts it). After an extension (Art. 20 p.4), the reminder of
// the new term. Answer posted: the day and the postal number the clerk entered (Civil Code Art. 255 p.2).
import { asStoredTerm, computeSetTerm, kyivDate, parseDateTime } from '../../../lib/calendar/index.ts';
import { calendarCache } from '../../../lib/calendar/cache.ts';
import { Topics, TopicContracts, Variables } from '../../../lib/info-requests/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { copyFeeKopecks, infoReminderDateTime, type InfoStepKind, type RefusalGround } from '../../../lib/info-requests/index.ts';
import { recordInfoStep, type InfoStepInput } from '../../../lib/info-requests/service.ts';
import { findAnswerVerifyId } from '../../../lib/info-requests/repository.ts';
import { ContractError, variablesValidator, type TopicHandler, type VariableValues, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.recordInfoRequestStep;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, config, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  const trackingUrl = config.cases.trackingUrl;
  const calendar = calendarCache(db);

  return async (input, context) => {
    checkInput(input);
    if (!context?.task) throw new ContractError(`${topic} needs the task's identity for its event key`);
    const requestId = input[Variables.infoRequestId] as string;
    const kind = input[Variables.infoStep] as InfoStepKind;
    const need = <T = string>(name: string): T => {
      const value = input[name];
      if (value === undefined || value === null) throw new ContractError(`${topic} (${kind}) needs the variable ${name}`);
      return value as T;
    };
    const output: VariableValues = {};
    const reminder = async () => infoReminderDateTime({
      dueDate: need(Variables.dueDate), dueDateTime: need(Variables.dueDateTime), regime: input[Variables.deadlineRegime] as string | undefined,
    }, await calendar(), now());

    let step: InfoStepInput;
    switch (kind) {
      case 'under-consideration': {
        const round = (input[Variables.answerRound] as number | undefined) ?? 1;
        step = { kind, departmentCodes: Object.keys(need<Record<string, unknown>>(Variables.infoDepartments)), round, dueDate: need(Variables.dueDate) };
        output[Variables.answerRound] = round;
        output[Variables.reminderDateTime] = await reminder();
        break;
      }
      case 'term-extended': {
        // The 20 working days the legal-deadline task just computed (Art. 20 p.4): stored as it computed them.
        step = {
          kind, newDueDate: need(Variables.dueDate), reason: need(Variables.extensionReason),
          dueExplanation: asStoredTerm(input[Variables.deadlineExplanation], need(Variables.dueDateTime)),
        };
        output[Variables.reminderDateTime] = await reminder();
        break;
      }
      case 'forwarded':
        step = { kind, holder: need(Variables.forwardTo) };
        break;
      case 'deferred': {
        // Art. 22 p.6-7: the new term is the decision's; explained as a term set to that day, so the
        // requester's page never shows the first term's explanation next to the new date.
        const deferredTo = need(Variables.deferredTo);
        const receivedAt = parseDateTime(need(Variables.receivedAt), 'Europe/Kyiv');
        if (!receivedAt) throw new ContractError(`${topic}: ${Variables.receivedAt} is not a date-time`);
        if (deferredTo <= kyivDate(receivedAt)) throw new ContractError(`${topic}: ${Variables.deferredTo} must be after the day of receipt`);
        const term = computeSetTerm({ kind: 'public-info-deferred', received: receivedAt, to: deferredTo, calendar: await calendar() });
        step = { kind, newDueDate: term.due, reason: need(Variables.deferralReason), dueExplanation: term };
        break;
      }
      case 'refused':
        step = { kind, ground: need<RefusalGround>(Variables.refusalGround), reason: need(Variables.refusalReason) };
        break;
      case 'awaiting-payment': {
        const pages = need<number>(Variables.copyPages);
        const rate = config.cases.copyRateKopecks;
        step = { kind, pages, feeKopecks: copyFeeKopecks(pages, rate), rateKopecks: rate };
        break;
      }
      case 'paid':
        step = { kind };
        break;
      case 'answer-posted':
        step = { kind, postedOn: need(Variables.answerPostedOn), trackingNumber: (input[Variables.postTrackingNumber] as string | undefined) ?? null };
        break;
      case 'answered': {
        const verifyId = await findAnswerVerifyId(db, requestId);
        const publicUrl = config.api.publicUrl.replace(/\/+$/, '');
        step = { kind, result: need(Variables.infoResult), answerUrl: verifyId ? `${publicUrl}/verify/${verifyId}` : null };
        break;
      }
      default:
        throw new ContractError(`${topic}: unknown ${Variables.infoStep}`);
    }

    const result = await recordInfoStep(db, { requestId, step, at: now(), trackingUrl, eventKey: `${context.task.activityId}:${context.task.id}` });
    if (result.status === 'request-not-found') throw new ContractError(`info request ${requestId} does not exist`);
    if (result.status === 'department-not-found') throw new ContractError(`${topic}: no department (or no candidate group) for code ${result.code}`);
    if (kind === 'under-consideration') {
      output[Variables.infoBranches] = result.branches;
      output[Variables.answerChannel] = result.answerChannel;
    }
    (context.log ?? log).info({ step: kind, status: result.requestStatus, created: result.created }, result.created ? 'info request step recorded' : 'info request step was already recorded');
    return output;
  };
}
