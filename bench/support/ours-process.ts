/**
 * One of our components as its own process, as deployed, for the benchmarks:
 *   node --import tsx bench/support/ours-process.ts gateway|workers|projector
 * Configuration comes from the environment the benchmark sets. Prints one JSON line
 * (`{"ready":true,...}`) when it is ready; stops on SIGTERM.
 */
import { createLogger } from '../../common/logger.js';
import { createZeebeClient } from '../../common/zeebe.js';
import { startServer } from '../../gateway/server.js';
import { startProjector } from '../../projector/main.js';
import { WorkerRunner } from '../../workers/framework/runner.js';
import { benchProcedure, noopWorkers } from './ten-task-process.js';

const component = process.argv[2];
let stop: () => Promise<unknown>;
const ready = (extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ ready: true, pid: process.pid, ...extra }));

if (component === 'gateway') {
  const gateway = await startServer(0, '127.0.0.1', [benchProcedure]);
  stop = gateway.stop;
  ready({ url: gateway.url });
} else if (component === 'workers') {
  const zeebe = createZeebeClient(process.env.ZEEBE_ADDRESS!);
  const runner = new WorkerRunner(zeebe, noopWorkers(), {
    workerName: `bench-ours-${process.pid}`,
    backlogPollMs: 5000,
    log: createLogger('bench-workers'),
  });
  await runner.start();
  stop = async () => {
    await runner.stop();
    await zeebe.close();
  };
  ready();
} else if (component === 'projector') {
  const projector = await startProjector('bench-projector');
  stop = projector.stop;
  ready();
} else {
  console.error(`unknown component ${component}: gateway, workers or projector`);
  process.exit(2);
}

process.once('SIGTERM', () => void stop().finally(() => process.exit(0)));
