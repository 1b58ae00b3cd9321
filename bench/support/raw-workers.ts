/**
 * The raw side of bench/overhead.ts: no-op workers for `bench.raw-1` … `bench.raw-10` on the
 * official external-task client (camunda-external-task-client-js) and nothing else — no
 * schema checks, no logging, no metrics. The same client settings as our runner
 * (workers/framework/runner.ts): fetch size, long poll, pause between fetches.
 *
 *   ENGINE_URL=… ENGINE_WORKERS_USER=… ENGINE_WORKERS_PASSWORD=… node --import tsx bench/support/raw-workers.ts
 *
 * Prints `{"ready":true,...}` once subscribed; stops on SIGTERM.
 */
import { BasicAuthInterceptor, Client } from 'camunda-external-task-client-js';
import { envInt } from '../../common/env.js';
import { loadEngineConfig } from '../../common/engine.js';
import { TASKS } from './ten-task-process.js';

const engine = loadEngineConfig('workers');
const maxTasks = envInt('BENCH_MAX_TASKS', 32);
const client = new Client({
  baseUrl: engine.restUrl,
  workerId: `bench-raw-${process.pid}`,
  maxTasks,
  maxParallelExecutions: maxTasks,
  asyncResponseTimeout: 5_000,
  interval: 50,
  autoPoll: false,
  interceptors: [new BasicAuthInterceptor({ username: engine.user, password: engine.password })],
});
for (let i = 1; i <= TASKS; i++)
  client.subscribe(
    `bench.raw-${i}`,
    { lockDuration: 30_000, variables: [] },
    async ({ task, taskService }) => {
      await taskService.complete(task);
    },
  );
client.on('poll:error', (err: unknown) => console.error('poll failed', (err as Error)?.message));
client.start();
console.log(JSON.stringify({ ready: true, pid: process.pid }));
process.once('SIGTERM', () => {
  client.stop();
  // An open long poll ends by itself within asyncResponseTimeout; nothing else to wait for.
  setTimeout(() => process.exit(0), 100);
});
