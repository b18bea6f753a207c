import { expect } from 'chai';
import type { HandleFailureOptions, TaskRef, Variables } from 'camunda-external-task-client-js';
import pino from 'pino';
import {
  BusinessError,
  ContractError,
  nextRetry,
  settleTask,
  variablesValidator,
  type OutcomeTask,
  type OutcomeTaskService,
  type VariableValues,
} from '../../workers/task-outcome.ts';

type Call =
  | { call: 'complete'; taskId: string; variables: Record<string, unknown> }
  | { call: 'handleFailure'; taskId: string; options: HandleFailureOptions }
  | { call: 'handleBpmnError'; taskId: string; errorCode: string; errorMessage?: string };

/** Records what the adapter tells the engine. */
function fakeTaskService(): OutcomeTaskService & { calls: Call[] } {
  const calls: Call[] = [];
  const id = (task: TaskRef) => (typeof task === 'string' ? task : task.id);
  return {
    calls,
    async complete(task: TaskRef, variables?: Variables) {
      calls.push({ call: 'complete', taskId: id(task), variables: variables?.getDirtyVariables() ?? {} });
    },
    async handleFailure(task: TaskRef, options: HandleFailureOptions) {
      calls.push({ call: 'handleFailure', taskId: id(task), options });
    },
    async handleBpmnError(task: TaskRef, errorCode: string, errorMessage?: string) {
      calls.push({ call: 'handleBpmnError', taskId: id(task), errorCode, errorMessage });
    },
  };
}

const log = pino({ level: 'silent' });
const policy = { retries: 3, retryBaseMs: 2000 };

function settle(task: OutcomeTask, execute: () => Promise<VariableValues>, taskService = fakeTaskService()) {
  return settleTask({ task, taskService, policy, log, execute }).then((outcome) => ({ outcome, calls: taskService.calls }));
}

describe('task outcome adapter', () => {
  it('completes the task with the handler\'s variables, typed for the engine', async () => {
    const { outcome, calls } = await settle({ id: 't1', retries: null }, async () => ({ registrationIndex: '124/01-15', registrationNumber: 124 }));
    expect(outcome.kind).to.equal('completed');
    expect(calls).to.deep.equal([{
      call: 'complete',
      taskId: 't1',
      variables: {
        registrationIndex: { type: 'string', value: '124/01-15', valueInfo: {} },
        registrationNumber: { type: 'integer', value: 124, valueInfo: {} },
      },
    }]);
  });

  it('reports a business outcome as a BPMN error with its code and no retry', async () => {
    // No topic declares a business outcome yet; any code exercises the mapping.
    const code = 'TEST_OUTCOME';
    const { outcome, calls } = await settle({ id: 't2', retries: null }, async () => { throw new BusinessError(code, 'why'); });
    expect(outcome).to.deep.equal({ kind: 'bpmn-error', code });
    expect(calls).to.deep.equal([{ call: 'handleBpmnError', taskId: 't2', errorCode: code, errorMessage: 'why' }]);
  });

  it('raises an incident at once for a contract error, whatever retries are left', async () => {
    const { outcome, calls } = await settle({ id: 't3', retries: null }, async () => { throw new ContractError('documentId is missing'); });
    expect(outcome).to.include({ kind: 'incident', reason: 'contract' });
    expect(calls).to.have.length(1);
    const call = calls[0]!;
    expect(call.call).to.equal('handleFailure');
    if (call.call !== 'handleFailure') return;
    expect(call.options.retries).to.equal(0);
    expect(call.options.retryTimeout).to.be.a('number');
    expect(call.options.errorMessage).to.equal('ContractError: documentId is missing');
    expect(call.options.errorDetails).to.contain('documentId is missing');
  });

  it('retries a technical error with one fewer retry and a doubling wait, then raises an incident', async () => {
    const taskService = fakeTaskService();
    let retries: number | null = null; // what the engine sends before the first failure
    for (let attempt = 0; attempt < policy.retries; attempt += 1) {
      await settleTask({ task: { id: 't4', retries }, taskService, policy, log, execute: async () => { throw new Error('connection reset'); } });
      const last = taskService.calls.at(-1)!;
      if (last.call !== 'handleFailure') throw new Error(`expected handleFailure, got ${last.call}`);
      retries = last.options.retries;
    }
    const failures = taskService.calls.map((c) => (c.call === 'handleFailure' ? c.options : undefined));
    expect(failures.map((f) => f?.retries)).to.deep.equal([2, 1, 0]);
    expect(failures.map((f) => f?.retryTimeout)).to.deep.equal([2000, 4000, 8000]);
    expect(failures.every((f) => f?.errorMessage === 'Error: connection reset')).to.equal(true);
  });

  it('says which kind of end it was', async () => {
    const first = await settle({ id: 't5', retries: null }, async () => { throw new Error('boom'); });
    expect(first.outcome).to.deep.include({ kind: 'retry', retries: 2, retryTimeout: 2000 });
    const last = await settle({ id: 't5', retries: 1 }, async () => { throw new Error('boom'); });
    expect(last.outcome).to.deep.include({ kind: 'incident', reason: 'retries-exhausted' });
  });

  it('does not throw when the engine refuses the report (the task comes back after its lock)', async () => {
    const taskService = fakeTaskService();
    taskService.complete = async () => { throw new Error('lock expired'); };
    const outcome = await settleTask({ task: { id: 't6', retries: null }, taskService, policy, log, execute: async () => ({ a: 1 }) });
    expect(outcome.kind).to.equal('completed');
    expect(taskService.calls, 'a refused complete is not turned into a failure').to.deep.equal([]);
  });

  describe('nextRetry', () => {
    it('never goes below zero retries and caps the wait', () => {
      expect(nextRetry({ id: 'x', retries: 0 }, policy).retries).to.equal(0);
      expect(nextRetry({ id: 'x', retries: 1 }, { retries: 30, retryBaseMs: 2000, maxRetryTimeoutMs: 60000 }).retryTimeout).to.equal(60000);
    });

    it('starts from the base wait when an operator gave the task more retries than configured', () => {
      expect(nextRetry({ id: 'x', retries: 10 }, policy)).to.deep.equal({ retries: 9, retryTimeout: 2000 });
    });
  });

  describe('variablesValidator', () => {
    const schema = { type: 'object', required: ['documentId'], properties: { documentId: { type: 'string', format: 'uuid' } } } as const;
    const check = variablesValidator('register-document', 'reads', schema);

    it('accepts variables that keep the contract', () => {
      expect(() => check({ documentId: '6f1c3b0e-2a4d-4e8f-9b7a-1c2d3e4f5a6b' })).to.not.throw();
    });

    it('throws a ContractError that names the topic and the problem, not the value', () => {
      expect(() => check({})).to.throw(ContractError, /register-document.*documentId/);
      const error = (() => { try { check({ documentId: 'Іваненко Петро' }); } catch (e) { return e as Error; } })();
      expect(error).to.be.instanceOf(ContractError);
      expect(error!.message).to.match(/uuid/).and.not.match(/Іваненко/);
      expect(() => check({ documentId: 42 })).to.throw(ContractError, /string/);
    });
  });
});
