import { expect } from 'chai';
import { getHarness, type Harness } from '../support/harness.js';
import { CASE_TREE_SQL } from '../../gateway/data/projection-reader.js';
import { CLAIM_DUE_SQL } from '../../gateway/data/webhooks-store.js';

/**
 * The hot queries read an index, never the whole table (store/migrations): a case's status
 * (its views by primary key), a caseworker's task list (an index range of their authority),
 * a party's case list, the operators' incident list and a version's running instances. The
 * planner is made to choose as it would on a large table (sequential scans priced out), so
 * a query without a usable index still shows a Seq Scan.
 */
describe('store: the hot queries use an index', function () {
  let h: Harness;
  before(async () => {
    h = await getHarness();
  });

  async function plan(sql: string, values: unknown[]): Promise<string> {
    const client = await h.pool.connect();
    try {
      await client.query('set enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain ${sql}`, values);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.query('reset enable_seqscan');
      client.release();
    }
  }

  const cases: [string, string, unknown[]][] = [
    [
      'status: a view by primary key',
      'select view from read_model.process_instances where id = $1',
      ['2251799813685249'],
    ],
    [
      'status: a case’s instances along their children',
      CASE_TREE_SQL,
      ['2251799813685249', 100, 200],
    ],
    [
      'task list: an authority’s open tasks by due date',
      `select task, count(*) over () as total from read_model.inbox_tasks where candidate_group = $1
       order by due_date asc nulls last, created_at asc, user_task_key limit 50`,
      ['ABH'],
    ],
    [
      'task list: by creation',
      `select task, count(*) over () as total from read_model.inbox_tasks where candidate_group = $1
       order by created_at asc, user_task_key limit 50`,
      ['ABH'],
    ],
    [
      'case list: an employer’s newest cases',
      `select id from read_model.cases where employer_id = $1 order by created_at desc limit 200`,
      ['12345678'],
    ],
    [
      'incidents: instances with an open incident',
      'select view from read_model.process_instances where open_incidents > 0 order by id',
      [],
    ],
    [
      'models: running instances of a version',
      `select id from read_model.process_instances
       where process_definition_key = $1 and state = 'ACTIVE' order by id limit 200`,
      ['2251799813685250'],
    ],
    [
      'explorer: the instances of one deployed process, most recently changed first',
      `select id, case_id, state from read_model.process_instances
       where bpmn_process_id = $1 order by updated_at desc, id limit 50`,
      ['ba-approval'],
    ],
    [
      'operators’ search: newest cases',
      `select case_id from read_model.case_facts where case_id is not null
       order by started_at desc nulls last, root_key limit 50`,
      [],
    ],
    [
      'events: the next events for the stream and the webhook fan-out',
      `select id, type, case_id, data from read_model.case_events where id > $1::bigint
       order by id limit 100`,
      ['42'],
    ],
    ['webhooks: the due deliveries', CLAIM_DUE_SQL, [20, 20_000, 2, []]],
    [
      'webhooks: a subscriber’s delivery log',
      `select id from read_model.webhook_deliveries where subscription_id = $1
       order by id desc limit 100`,
      ['00000000-0000-4000-8000-000000000000'],
    ],
  ];
  for (const [what, sql, values] of cases)
    it(what, async () => {
      const p = await plan(sql, values);
      expect(p, p).to.match(/Index Scan|Index Only Scan|Bitmap Index Scan/);
      expect(p, p).to.not.match(/Seq Scan/);
    });
});
