/**
 * Cost of the read model's hot operations on PostgreSQL as the table grows: a view by primary
 * key (a case's status), a guarded replace (the projector's write: id + revision), an
 * authority's task-list page (index range, sorted) and the running instances of a version.
 * Flat costs from 1,000 to 100,000 rows mean every path is served by an index.
 *
 *   node --import tsx bench/store-ops.ts [databaseUrl] [sizes]
 *   e.g. node --import tsx bench/store-ops.ts "$DATABASE_URL" 1000,10000,100000
 *
 * Runs in a scratch schema `store_bench` (dropped at the end), with the same table and index
 * definitions as store/migrations (process_instances, inbox_tasks). Any PostgreSQL will do,
 * e.g. the test stack's (`node --import tsx scripts/stack/cli.ts env --profile test`).
 */
import pg from 'pg';

const url = process.argv[2] ?? process.env.DATABASE_URL;
if (!url) throw new Error('usage: store-ops.ts <databaseUrl> [sizes] (or set DATABASE_URL)');
const sizes = (process.argv[3] ?? '1000,10000,100000').split(',').map(Number);
const REPEAT = 200;
const client = new pg.Client({ connectionString: url });
await client.connect();
const rows: string[] = [];
/** About the size of a case's instance view (~9 KB of JSON). */
const view = (i: number, revision: number) => ({
  _id: `k${i}`,
  revision,
  history: Array.from({ length: 60 }, (_, h) => ({
    position: `p${h}`,
    elementId: `E${h}`,
    at: new Date(0),
  })),
  variables: [
    { name: 'caseId', value: `case-${i}` },
    { name: 'pad', value: 'x'.repeat(4000) },
  ],
});

async function time(run: (i: number) => Promise<unknown>): Promise<string> {
  const ms: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    const t = performance.now();
    await run(r);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return `${ms[Math.floor(ms.length / 2)]!.toFixed(2)} / ${ms[Math.floor(ms.length * 0.99)]!.toFixed(2)}`;
}

await client.query('drop schema if exists store_bench cascade; create schema store_bench');
await client.query(`create table store_bench.views (id text primary key, view jsonb not null,
  revision bigint not null, process_definition_key text not null, state text not null)`);
await client.query(
  `create index on store_bench.views (process_definition_key, id) where state = 'ACTIVE'`,
);
await client.query(`create table store_bench.inbox (candidate_group text, user_task_key text,
  task jsonb not null, due_date timestamptz, created_at timestamptz not null,
  primary key (candidate_group, user_task_key))`);
await client.query(
  `create index on store_bench.inbox (candidate_group, due_date asc nulls last, created_at)`,
);
let loaded = 0;
for (const n of sizes) {
  for (; loaded < n; loaded += 1000) {
    const chunk = Array.from({ length: Math.min(1000, n - loaded) }, (_, j) => loaded + j);
    await client.query(
      `insert into store_bench.views select 'k' || i, $1::jsonb, 1, 'd' || (i % 50),
         case when i % 3 = 0 then 'COMPLETED' else 'ACTIVE' end from unnest($2::int[]) as i`,
      [JSON.stringify(view(0, 1)), chunk],
    );
    await client.query(
      `insert into store_bench.inbox select 'G' || (i % 10), 't' || i, $1::jsonb,
         now() + (i % 1000) * interval '1 hour', now() from unnest($2::int[]) as i`,
      [JSON.stringify({ pad: 'x'.repeat(300) }), chunk],
    );
  }
  await client.query('analyze store_bench.views; analyze store_bench.inbox');
  const key = (r: number) => `k${(r * 7919) % n}`;
  const byId = await time((r) =>
    client.query('select view from store_bench.views where id = $1', [key(r)]),
  );
  const revisions = new Map<string, number>();
  const replace = await time(async (r) => {
    const k = key(r);
    const rev =
      revisions.get(k) ??
      (await client.query('select revision from store_bench.views where id = $1', [k])).rows[0]
        .revision;
    const res = await client.query(
      'update store_bench.views set view = $3, revision = $2 + 1 where id = $1 and revision = $2',
      [k, rev, JSON.stringify(view(r, Number(rev) + 1))],
    );
    if (res.rowCount !== 1) throw new Error('guarded replace missed');
    revisions.set(k, Number(rev) + 1);
  });
  const inbox = await time((r) =>
    client.query(
      `select task from store_bench.inbox where candidate_group = $1
       order by due_date asc nulls last, created_at limit 50`,
      [`G${r % 10}`],
    ),
  );
  const running = await time((r) =>
    client.query(
      `select id from store_bench.views where process_definition_key = $1 and state = 'ACTIVE'
       order by id limit 200`,
      [`d${r % 50}`],
    ),
  );
  rows.push(`| ${n.toLocaleString('en')} | ${byId} | ${replace} | ${inbox} | ${running} |`);
  console.error(rows.at(-1));
}
await client.query('drop schema store_bench cascade');
await client.end();
console.log(`| rows | view by id | guarded replace | inbox page of 50 (of n/10) | running of a version (200) |
|---|---|---|---|---|
${rows.join('\n')}

(p50 / p99 ms over ${REPEAT} operations each.)`);
