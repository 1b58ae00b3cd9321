/**
 * One of our components as its own process, as deployed, for bench/overhead.ts:
 *   node --import tsx bench/support/ours-process.ts gateway|workers|projector
 * Configuration comes from the environment the benchmark sets (bench-stack.ts). Prints one
 * JSON line (`{"ready":true,...}`) when it is ready; stops on SIGTERM.
 */
import { envInt } from '../../common/env.js';
import { loadEngineConfig } from '../../common/engine.js';
import { createLogger } from '../../common/logger.js';
import { startServer } from '../../gateway/server.js';
import { startProjector } from '../../projector/main.js';
import { WorkerRunner } from '../../workers/framework/runner.js';
import { benchProcedure, noopWorkers } from './ten-task-process.js';

const component = process.argv[2];
let stop: () => Promise<unknown>;
const ready = (extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ ready: true, pid: process.pid, ...extra }));

if (component === 'gateway') {
  const gateway = await startServer(envInt('GATEWAY_PORT', 0), '127.0.0.1', [benchProcedure]);
  stop = gateway.stop;
  ready({ url: gateway.url });
} else if (component === 'workers') {
  const runner = new WorkerRunner(loadEngineConfig('workers'), noopWorkers(), {
    workerName: `bench-ours-${process.pid}`,
    backlogPollMs: 1000,
    // The same fetch size as the raw side's client (bench/support/raw-workers.ts).
    maxTasks: envInt('BENCH_MAX_TASKS', 32),
    log: createLogger('bench-workers'),
  });
  await runner.start();
  stop = () => runner.stop();
  ready();
} else if (component === 'projector') {
  const projector = await startProjector();
  stop = projector.stop;
  ready();
} else {
  console.error(`unknown component ${component}: gateway, workers or projector`);
  process.exit(2);
}

process.once('SIGTERM', () => void stop().finally(() => process.exit(0)));
