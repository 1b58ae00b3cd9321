import os from 'node:os';
import { loadInfraConfig, partnerUrl } from '../common/config.js';
import { envInt } from '../common/env.js';
import { createLogger } from '../common/logger.js';
import { loadEngineConfig } from '../common/engine.js';
import { WorkerRunner } from './framework/runner.js';
import { allWorkers } from './registry.js';
import { connectMongo } from '../common/mongo.js';
import { EvidenceStore } from './evidence/evidence-store.js';
import { NoticeStore } from '../common/notices.js';
import { serveMetrics } from '../common/metrics-server.js';
import { workerRegistry } from './framework/metrics.js';

/** Starts every external-task worker in one process: `tsx workers/main.ts`. */
export async function startWorkers(): Promise<{ stop: () => Promise<void> }> {
  const log = createLogger('workers');
  const infra = loadInfraConfig();
  const engine = loadEngineConfig();
  const { client: mongo, db } = await connectMongo(infra.mongoUrl, infra.mongoDb);
  const runner = new WorkerRunner(
    engine,
    allWorkers(
      {
        ba: partnerUrl('BA'),
        recognition: partnerUrl('RECOGNITION'),
        mission: partnerUrl('MISSION'),
        bva: partnerUrl('BVA'),
        azr: partnerUrl('AZR'),
        eat: partnerUrl('EAT'),
      },
      { evidence: new EvidenceStore(db), notices: new NoticeStore(db) },
    ),
    {
      workerName: `wsa-workers-${os.hostname()}-${process.pid}`,
      backlogPollMs: envInt('WORKER_BACKLOG_POLL_MS', 5000),
      log,
    },
  );
  await runner.start();
  const metrics = await serveMetrics(workerRegistry, envInt('WORKERS_METRICS_PORT', 0));
  log.info('workers started', { engine: engine.restUrl });
  return {
    stop: async () => {
      metrics?.close();
      await runner.stop();
      await mongo.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workers = await startWorkers();
  const shutdown = () => void workers.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
