import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Brings the read model's schema to the newest version: the SQL files in `migrations/`, in
 * the order of their numbers, each once (recorded in `read_model.schema_migrations`).
 * node-pg-migrate holds an advisory lock while it runs and refuses to start while another
 * process holds it ("Another migration is already running"): processes starting at the same
 * time (two gateways, the projector, the workers) wait for it and try again, so each file is
 * applied once and nobody fails.
 */
export async function migrateStore(databaseUrl: string, waitMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await migrateOnce(databaseUrl);
    } catch (err) {
      if (!/another migration is already running/i.test((err as Error).message)) throw err;
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
    }
  }
}

async function migrateOnce(databaseUrl: string): Promise<string[]> {
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
