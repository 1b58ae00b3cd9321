import os from 'node:os';
import { loadWorkersConfig } from './config.js';
import { createLogger } from '../common/logger.js';
import { EngineClient } from '../common/engine.js';
import { startErasureSchedule } from '../privacy/schedule.js';
import { WorkerRunner } from './framework/runner.js';
import { allWorkers } from './registry.js';
import { createPool } from '../common/db.js';
import { migrateStore } from '../store/migrate.js';
import { EvidenceStore } from './evidence/evidence-store.js';
import { NoticeStore } from '../common/notices.js';
import { serveMetrics } from '../common/metrics-server.js';
import { workerRegistry } from './framework/metrics.js';
import { recordTransfersWith, storeTransfers } from './adapters/transfers.js';

/** Starts every external-task worker in one process: `tsx workers/main.ts`. */
export async function startWorkers(): Promise<{ stop: () => Promise<void> }> {
  const config = loadWorkersConfig();
  const log = createLogger('workers');
  const engine = config.engine;
  await migrateStore(config.databaseUrl);
  const pool = createPool(config.databaseUrl, { max: 4 });
  recordTransfersWith(storeTransfers(pool, config.partners));
  const runner = new WorkerRunner(
    engine,
    allWorkers(
      config.partners,
      { evidence: new EvidenceStore(pool), notices: new NoticeStore(pool) },
      { azr: config.azrFormat },
    ),
    {
      workerName: `wsa-workers-${os.hostname()}-${process.pid}`,
      backlogPollMs: config.backlogPollMs,
      log,
    },
  );
  await runner.start();
  const erasure = startErasureSchedule(
    { pool, engine: new EngineClient(engine, 60_000), log },
    config.erasureIntervalMs,
  );
  const metrics = await serveMetrics(workerRegistry, config.metricsPort, config.metricsHost);
  log.info('workers started', { engine: engine.restUrl });
  return {
    stop: async () => {
      metrics?.close();
      await erasure.stop();
      await runner.stop();
      recordTransfersWith(null);
      await pool.end();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workers = await startWorkers();
  const shutdown = () => void workers.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
