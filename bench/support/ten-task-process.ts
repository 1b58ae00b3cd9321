/**
 * The benchmark's process: ten external tasks in a row, the same for the raw engine side and
 * for ours (only the topics differ), in the Camunda 7 dialect Operaton runs (external tasks
 * by topic, `camunda:historyTimeToLive`), with no-op workers in our framework and the
 * procedure entry our gateway starts it by.
 */
import type { Procedure } from '../../processes/registry.js';
import { complete, defineWorker } from '../../workers/framework/define-worker.js';

export const TASKS = 10;

export function tenTaskProcess(id: string, topicPrefix: string): string {
  const tasks = Array.from({ length: TASKS }, (_, i) => i + 1);
  const flow = (from: string, to: string, n: number) =>
    `<bpmn:sequenceFlow id="F${n}" sourceRef="${from}" targetRef="${to}" />`;
  const ids = ['Start', ...tasks.map((i) => `T${i}`), 'End'];
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D_${id}" targetNamespace="urn:bench">
  <bpmn:process id="${id}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F0</bpmn:outgoing></bpmn:startEvent>
    ${tasks
      .map(
        (i) =>
          `<bpmn:serviceTask id="T${i}" camunda:type="external" camunda:topic="${topicPrefix}${i}"><bpmn:incoming>F${i - 1}</bpmn:incoming><bpmn:outgoing>F${i}</bpmn:outgoing></bpmn:serviceTask>`,
      )
      .join('\n    ')}
    <bpmn:endEvent id="End"><bpmn:incoming>F${TASKS}</bpmn:incoming></bpmn:endEvent>
    ${ids
      .slice(0, -1)
      .map((from, n) => flow(from, ids[n + 1]!, n))
      .join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
}

/** Our workers for `bench.ours-1` … `bench.ours-10`: validate, do nothing, complete. */
export function noopWorkers() {
  return Array.from({ length: TASKS }, (_, i) =>
    defineWorker({
      type: `bench.ours-${i + 1}`,
      description: 'no-op (benchmark)',
      inputSchema: { type: 'object' },
      outputSchema: { type: 'object' },
      timeoutMs: 30_000,
      retries: 3,
      handler: async () => complete({}),
    }),
  );
}

export const benchProcedure: Procedure = {
  procedure: 'bench-ten-tasks',
  title: { de: 'Benchmark', en: 'Benchmark' },
  bpmnProcessId: 'bench-ours',
  resourcePaths: [],
  startSchema: {
    $id: 'https://wsa.example/schemas/bench/start.json',
    type: 'object',
    properties: { n: { type: 'integer' } },
  },
  startRoles: ['employer'],
  authorities: [],
  calls: [],
  statusVariables: [],
  messages: {},
  tasks: {},
  stages: {},
  statutoryDeadlines: {},
};
