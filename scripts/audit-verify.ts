import { AuditLog } from '../common/audit-log.js';
import { loadInfraConfig } from '../common/config.js';
import { createPool } from '../common/db.js';

/**
 * Verifies the audit log's hash chains (one per gateway process run): `npm run audit:verify`
 * (the dev stack's database; set DATABASE_URL for another, AUDIT_LOG for a log other than
 * `api`). Exit code 1 and the first broken entry if it is broken.
 */
const infra = loadInfraConfig();
const pool = createPool(infra.databaseUrl, { max: 1 });
try {
  const result = await new AuditLog(pool, process.env.AUDIT_LOG ?? 'api').verify();
  if (result.ok)
    console.log(`audit log intact: ${result.entries} entries in ${result.chains} chains`);
  else {
    console.error(
      `audit log BROKEN at entry ${result.brokenAt} of chain ${result.chain}: ${result.reason} (${result.entries} entries read)`,
    );
    process.exitCode = 1;
  }
} finally {
  await pool.end();
}
