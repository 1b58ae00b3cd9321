/**
 * Cost of the read model's hot operations on PostgreSQL as the tables grow, with the code that
 * runs them in production on the real tables (store/migrations) and rows as the projector
 * writes them (bench/support/read-model-rows.ts):
 *   - a view by primary key (a case's status: read-model/view-store.ts findView);
 *   - the projector's guarded write of one view, in a transaction as its batches do (read for
 *     update, replace if the revision is the one read);
 *   - an authority's task-list page of 50 with its total (read-model/task-inbox.ts list);
 *   - the running instances of one deployed version (gateway/data/projection-reader.ts).
 * Flat costs from 1,000 to 100,000 cases mean every path is served by an index.
 *
 *   node --import tsx bench/store-ops.ts [sizes=1000,10000,100000]
 *
 * Starts its own PostgreSQL (bench/support/bench-stack.ts; no engine).
 */
import { createPool, inTransaction } from '../common/db.js';
import { migrateStore } from '../store/migrate.js';
import { generateHistory, snapshotAt } from '../monitoring/history-generator.js';
import type { InstanceView } from '../read-model/instance-view.js';
import { findView, findViews, writeViews } from '../read-model/view-store.js';
import { TaskInboxStore, type InboxTask } from '../read-model/task-inbox.js';
import { ProjectionReader } from '../gateway/data/projection-reader.js';
import { BenchRefusal, benchEnv, runBench, startBenchStack } from './support/bench-stack.js';
import { machineLine, percentiles } from './support/meter.js';
import { model, projectedView, waitingAtUserTask } from './support/read-model-rows.js';

const SIZES = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
const REPEAT = 200;
const DAY = 86_400_000;

await runBench(async () => {
  if (SIZES.some((n) => !Number.isInteger(n) || n < 100))
    throw new BenchRefusal('usage: store-ops.ts [sizes=1000,10000,100000] (ascending, each ≥ 100)');
  await startBenchStack({ engines: 0, deploy: false });
  await migrateStore(benchEnv.DATABASE_URL!);
  const pool = createPool(benchEnv.DATABASE_URL!, { max: 2, applicationName: 'bench' });
  const inbox = new TaskInboxStore(pool);
  const projection = new ProjectionReader(pool);
  const now = Date.now();
  const generated = generateHistory(SIZES.at(-1)!, 20261124, now - 365 * DAY);
  const keys: string[] = [];
  const rows: string[] = [];

  const time = async (run: (r: number) => Promise<unknown>): Promise<string> => {
    const ms: number[] = [];
    for (let r = 0; r < REPEAT; r++) {
      const t = performance.now();
      await run(r);
      ms.push(performance.now() - t);
    }
    return percentiles(ms, 2, [0.5, 0.99]);
  };

  let loaded = 0;
  for (const n of SIZES) {
    for (; loaded < n; loaded += 1000) {
      const views: InstanceView[] = [];
      const tasks: InboxTask[] = [];
      for (let i = loaded; i < Math.min(loaded + 1000, n); i++) {
        const caseId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        if (i % 10 === 0) {
          const w = waitingAtUserTask(
            'residence-permit',
            'DecideResidencePermit',
            caseId,
            new Date(now - ((i * 7919) % (60 * DAY))),
          );
          views.push(w.view);
          tasks.push(...w.inbox);
        } else {
          const g = generated[i]![0]!;
          const open = g.startedAt!.getTime() > now - 60 * DAY;
          views.push(projectedView(open ? snapshotAt([g], now)[0]! : g, caseId));
        }
      }
      await writeViews(pool, views);
      await TaskInboxStore.apply(
        pool,
        tasks.map((task) => ({ kind: 'put', task })),
      );
      keys.push(...views.map((v) => v._id));
    }
    await pool.query('analyze');
    const key = (r: number) => keys[(r * 7919) % keys.length]!;
    const byId = await time((r) => findView(pool, key(r)));
    const replace = await time((r) =>
      inTransaction(pool, async (client) => {
        const view = (await findViews(client, [key(r)], true)).get(key(r))!;
        view.revision += 1;
        await writeViews(client, [view]);
      }),
    );
    const page = await time(() =>
      inbox.list({ authority: 'ABH' }, { sort: 'dueDate', limit: 50, offset: 0 }, new Date()),
    );
    const definition = model('ba-approval').definitionId;
    const running = await time(() => projection.activeInstancesOf(definition, 200));
    rows.push(`| ${n.toLocaleString('en')} | ${byId} | ${replace} | ${page} | ${running} |`);
    console.error(rows.at(-1));
  }
  await pool.end();
  console.log(`### Read-model operations by size (${machineLine()})

Command: \`node --import tsx bench/store-ops.ts ${SIZES.join(',')}\` — p50 / p99 ms over ${REPEAT} operations each; a tenth of the cases are tasks in the ABH's inbox.

| cases | view by id (status) | guarded write of a view (projector, own transaction) | inbox page of 50 with total | running instances of a version (200) |
|---|---|---|---|---|
${rows.join('\n')}
`);
});
