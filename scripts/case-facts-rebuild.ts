import { loadInfraConfig } from '../common/config.js';
import { createPool } from '../common/db.js';
import { loadProcedures } from '../processes/registry.js';
import { rebuildCaseFacts } from '../projector/case-facts-store.js';
import { migrateStore } from '../store/migrate.js';

/**
 * Derives every case's facts (read-model/case-facts.ts) again from the stored instance views:
 * `npm run case-facts:rebuild` (the dev stack's database; set DATABASE_URL for another).
 * Needed after a change to which elements are steps (`stages` in procedure.json) or which
 * timers are statutory deadlines; labels and who a step awaits need no rebuild. The KPIs and
 * the operators' search see fewer cases while it runs (the facts are deleted first).
 */
const infra = loadInfraConfig();
await migrateStore(infra.databaseUrl);
const pool = createPool(infra.databaseUrl, { max: 1 });
try {
  const result = await rebuildCaseFacts(pool, loadProcedures(), {
    force: true,
    log: (message, meta) => console.error(message, JSON.stringify(meta ?? {})),
  });
  console.log(`case facts rebuilt: ${result!.cases} cases in ${(result!.ms / 1000).toFixed(1)} s`);
} finally {
  await pool.end();
}
