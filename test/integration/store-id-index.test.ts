import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect } from 'chai';
import { getProfile } from '../../scripts/stack/profiles.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';

/**
 * The local store's lookups by `_id` use an index (scripts/ferretdb/main.go): FerretDB 1.24's
 * SQLite backend filters `_id` by an expression its own index does not match, so without the
 * wrapper's extra index every findOne/update by `_id` scans the table. Checked where it
 * matters — SQLite's query plan for the backend's own statement, on the store's own file
 * (read only, with Python's sqlite3, which install.sh already requires) — not by timing.
 */
const PLAN = `
import sqlite3, sys
db = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
row = db.execute('SELECT table_name FROM _ferretdb_collections WHERE name = ?', (sys.argv[2],)).fetchone()
if row is None:
    print('NO TABLE')
else:
    plan = db.execute('EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "%s" WHERE _ferretdb_sjson->\\'$._id\\' = ?' % row[0], ('"x"',)).fetchall()
    print(' '.join(str(r[-1]) for r in plan))
`;

describe('local store: lookups by _id use an index', function () {
  this.timeout(30_000);
  let h: Harness;
  const file = () =>
    path.join(getProfile('test').dataDir, 'ferretdb', `${process.env.MONGO_DB!}.sqlite`);
  const plan = (collection: string) =>
    execFileSync('python3', ['-c', PLAN, file(), collection], { encoding: 'utf8' }).trim();

  before(async () => {
    h = await getHarness();
  });

  it('searches the cases by index, not by scanning', async () => {
    await h.db.collection('cases').findOne({ _id: 'none' as never });
    // The wrapper looks for new tables every second (the harness has just created this one).
    const found = await eventually(
      async () => {
        const p = plan('cases');
        return /USING INDEX/.test(p) ? p : undefined;
      },
      'an _id index on cases',
      10_000,
    );
    expect(found).to.match(/^SEARCH .* USING INDEX/);
  });

  it('gives a collection created now its index within seconds', async () => {
    const name = `id_index_${randomUUID().slice(0, 8)}`;
    await h.db.collection<{ _id: string }>(name).insertOne({ _id: 'a' });
    const found = await eventually(
      async () => {
        const p = plan(name);
        return /USING INDEX/.test(p) ? p : undefined;
      },
      `an _id index on ${name}`,
      10_000,
    );
    expect(found).to.match(/^SEARCH .* USING INDEX/);
    // Still one document per _id: the index is unique like FerretDB's own.
    await h.db
      .collection<{ _id: string }>(name)
      .insertOne({ _id: 'a' })
      .then(
        () => expect.fail('a second document with the same _id was accepted'),
        (err: { code?: number }) => expect(err.code).to.equal(11000),
      );
    await h.db.collection(name).drop();
  });
});
