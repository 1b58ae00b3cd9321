import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Brings the read model's schema to the newest version: the SQL files in `migrations/`, in
 * the order of their numbers, each once (recorded in `read_model.schema_migrations`).
 * node-pg-migrate holds an advisory lock while it runs, so processes starting at the same
 * time (two gateways, the projector) apply each file once.
 */
export async function migrateStore(databaseUrl: string): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    count: Infinity,
    migrationsTable: 'schema_migrations',
    migrationsSchema: 'read_model',
    createMigrationsSchema: true,
    checkOrder: true,
    log: () => undefined,
  });
  return applied.map((m) => m.name);
}
