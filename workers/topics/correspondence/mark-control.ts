// Control of execution (CMU 55/2018): the diagram's timers fire a reminder before the control date
// and an overdue mark after it; this records the mark on the resolution (the card's control mark,
// lib/correspondence/service.ts markControl). Idempotent: the first instant of each mark is kept.
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { markControl } from '../../../lib/correspondence/service.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.markControl;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, log, now }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context) => {
    checkInput(input);
    const processInstanceId = context?.task?.processInstanceId;
    if (!processInstanceId) throw new ContractError(`${topic}: the task's process instance is unknown`);
    const mark = input[Variables.controlMark] as 'reminder' | 'overdue';
    const created = await markControl(db, { processInstanceId, mark, at: now() });
    (context?.log ?? log).info({ mark, created }, created ? 'control mark recorded' : 'control mark was already recorded');
    return {};
  };
}
