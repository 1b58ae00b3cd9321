import { loadProjectorConfig } from './config.js';
import { createLogger } from '../common/logger.js';
import { createPool } from '../common/db.js';
import { migrateStore } from '../store/migrate.js';
import { Projector } from './projector.js';
import { serveMetrics } from '../common/metrics-server.js';
import { projectorRegistry } from './metrics.js';
import { rebuildCaseFacts } from './case-facts-store.js';
import { loadProcedures } from '../processes/registry.js';

/** Starts the projector: `tsx projector/main.ts`. */
export async function startProjector(consumer?: string) {
  const config = loadProjectorConfig();
  consumer ??= config.consumer;
  const log = createLogger('projector');
  await migrateStore(config.databaseUrl);
  const pool = createPool(config.databaseUrl, { max: 4 });
  const procedures = loadProcedures();
  const projector = new Projector(pool, {
    databaseUrl: config.databaseUrl,
    consumer,
    batchSize: config.batchSize,
    idleMs: config.idleMs,
    outboxKeepMs: config.outboxKeepMs,
    procedures,
    log,
  });
  await projector.start();
  // Facts of cases projected before there were facts: derived once, behind the live projection.
  // An interrupted build (stop, crash) is not marked done and starts again next time.
  void rebuildCaseFacts(pool, procedures, {
    force: false,
    log: (message, meta) => log.info(message, meta),
  })
    .then((r) => r && log.info('case facts built from the stored views', r))
    .catch((err: unknown) =>
      log.error('case facts not built; tried again at the next start', {
        error: (err as Error).message,
      }),
    );
  const metrics = await serveMetrics(projectorRegistry, config.metricsPort, config.metricsHost);
  log.info('projector started', { consumer });
  return {
    projector,
    stop: async () => {
      metrics?.close();
      await projector.stop();
      await pool.end();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const running = await startProjector();
  const shutdown = () => void running.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
