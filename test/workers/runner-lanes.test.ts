// The runner's lanes on the real engine: slow topics (OCR) have slots of their own, so a quick task
// (a registration, an e-mail) never waits for a slot a long scan holds. The slow handler here waits
// for a gate that opens only once the quick task is done: with one shared slot it would never open.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createDb, type Db } from '../../lib/db.ts';
import type { VariableSchema } from '../../lib/manifest.ts';
import { startRunner, type Runner } from '../../workers/runner.ts';
import type { TopicModule } from '../../workers/task-outcome.ts';
import { eventually, testConfig, testStack } from '../support/stack.ts';

const none: VariableSchema = { type: 'object', required: [], properties: {} };

const diagram = (key: string, topic: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d-${key}" targetNamespace="http://hromada/test">
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="${topic}"/>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>`;

describe('workers: the runner\'s lanes', function () {
  this.timeout(120000);
  let db: Db;
  let runner: Runner | undefined;
  const suffix = randomUUID().slice(0, 8);
  const slowTopic = `test-slow-${suffix}`;
  const quickTopic = `test-quick-${suffix}`;

  before(async () => {
    db = createDb(testStack().database.appUrl, 2);
    const engine = testStack().engine.client;
    await engine.deploy(`lanes-${suffix}`, [
      { name: 'slow.bpmn', content: diagram(`lanes-slow-${suffix}`, slowTopic) },
      { name: 'quick.bpmn', content: diagram(`lanes-quick-${suffix}`, quickTopic) },
    ]);
  });
  let openGate: () => void = () => {};
  after(async () => {
    openGate(); // a failed run would leave the slow handler waiting, and stop() waits for it
    await runner?.stop();
    await db.destroy();
  });

  it('runs a quick task while every slow slot is held by a long one', async () => {
    const gate = new Promise<void>((resolve) => { openGate = resolve; });
    const done: string[] = [];
    const slow: TopicModule = {
      topic: slowTopic, reads: none, writes: none, lane: 'slow',
      createHandler: () => async () => { await gate; done.push('slow'); return {}; },
    };
    const quick: TopicModule = {
      topic: quickTopic, reads: none, writes: none,
      createHandler: () => async () => { done.push('quick'); openGate(); return {}; },
    };
    const config = testConfig();
    // One slot each: the slow task holds the only slow slot until the quick one has run.
    runner = startRunner({
      config: { ...config, workers: { ...config.workers, maxParallel: 1, slowParallel: 1, asyncResponseTimeoutMs: 2000 } },
      db, log: pino({ level: 'silent' }), topics: [slow, quick],
    });
    const engine = testStack().engine.client;
    await engine.startProcess(`lanes-slow-${suffix}`, `slow-${suffix}`);
    await eventually('the slow task taken', async () => {
      const locked = await engine.request<unknown[]>('POST', '/external-task', { topicName: slowTopic, locked: true });
      return locked.length > 0 ? true : undefined;
    });
    await engine.startProcess(`lanes-quick-${suffix}`, `quick-${suffix}`);
    await eventually('both tasks done', async () => (done.length === 2 ? true : undefined), 60000);
    expect(done).to.deep.equal(['quick', 'slow']);
  });
});
