import { AuditLog } from '../common/audit-log.js';
import { loadInfraConfig } from '../common/config.js';
import { connectMongo } from '../common/mongo.js';

/**
 * Verifies the audit log's hash chains (one per gateway process run): `npm run audit:verify` (the dev stack's store; set
 * MONGO_URL / MONGO_DB for another). Exit code 1 and the first broken entry if it is broken.
 */
const infra = loadInfraConfig();
const { client, db } = await connectMongo(infra.mongoUrl, infra.mongoDb);
try {
  const result = await new AuditLog(db, process.env.AUDIT_COLLECTION ?? 'audit_log').verify();
  if (result.ok)
    console.log(`audit log intact: ${result.entries} entries in ${result.chains} chains`);
  else {
    console.error(
      `audit log BROKEN at entry ${result.brokenAt} of chain ${result.chain}: ${result.reason} (${result.entries} entries read)`,
    );
    process.exitCode = 1;
  }
} finally {
  await client.close();
}
