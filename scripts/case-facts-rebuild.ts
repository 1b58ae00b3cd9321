import { loadInfraConfig } from '../common/config.js';
import { connectMongo } from '../common/mongo.js';
import { loadProcedures } from '../processes/registry.js';
import { rebuildCaseFacts } from '../projector/case-facts-store.js';

/**
 * Derives every case's facts (monitoring/case-facts.ts) again from the stored instance views:
 * `npm run case-facts:rebuild` (the dev stack's store; set MONGO_URL / MONGO_DB for another).
 * Needed after a change to which elements are steps (`stages` in procedure.json) or which
 * timers are statutory deadlines; labels and who a step awaits need no rebuild. The KPIs and
 * the operators' search see fewer cases while it runs (the facts are dropped first).
 */
const infra = loadInfraConfig();
const { client, db } = await connectMongo(infra.mongoUrl, infra.mongoDb);
try {
  const result = await rebuildCaseFacts(db, loadProcedures(), {
    force: true,
    log: (message, meta) => console.error(message, JSON.stringify(meta ?? {})),
  });
  console.log(`case facts rebuilt: ${result!.cases} cases in ${(result!.ms / 1000).toFixed(1)} s`);
} finally {
  await client.close();
}
