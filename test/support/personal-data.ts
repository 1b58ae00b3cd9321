import type { Pool } from '../../common/db.js';

/**
 * Where a text occurs in the database: every table of every schema (the engine's, the outbox,
 * the read model), each row as text; bytea columns appear as hex there, so the text is
 * looked for in hex too (document bytes). Returns `schema.table` → matching rows.
 */
export async function findEverywhere(pool: Pool, needle: string): Promise<Record<string, number>> {
  const { rows: tables } = await pool.query<{ schema: string; name: string }>(
    `select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
      order by 1, 2`,
  );
  const patterns = [`%${needle}%`, `%${Buffer.from(needle, 'utf8').toString('hex')}%`];
  const found: Record<string, number> = {};
  for (const t of tables) {
    const { rows } = await pool.query<{ n: string }>(
      `select count(*) as n from ${quote(t.schema)}.${quote(t.name)} x where x::text ilike any($1)`,
      [patterns],
    );
    if (Number(rows[0]!.n) > 0) found[`${t.schema}.${t.name}`] = Number(rows[0]!.n);
  }
  return found;
}

const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;
