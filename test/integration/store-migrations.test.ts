import { expect } from 'chai';
import { migrateStore } from '../../store/migrate.js';
import { getHarness, type Harness } from '../support/harness.js';

/**
 * Processes that start at the same moment (two gateways, the projector, the workers) all
 * migrate the store: none fails because another holds the migration lock, and the schema
 * ends at the newest version once.
 */
describe('store migrations', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await getHarness();
  });

  it('lets processes starting together all migrate, each file applied once', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => migrateStore(process.env.DATABASE_URL!)),
    );
    expect(results.flat(), 'nothing left to apply').to.deep.equal([]);
    const { rows } = await h.pool.query<{ name: string; n: string }>(
      `select name, count(*) as n from read_model.schema_migrations group by name order by name`,
    );
    expect(rows.map((r) => r.name)).to.include('0004_message-delivery-confirmed');
    expect(rows.every((r) => r.n === '1')).to.equal(true);
  });
});
