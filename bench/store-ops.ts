/**
 * Cost of single-document operations on the local MongoDB-wire store as a collection grows.
 * It shows which access paths the store serves from an index (flat cost) and which scan the
 * collection (cost grows with N): the read model is shaped by this.
 *
 *   node --import tsx bench/store-ops.ts [mongoUrl] [sizes]
 *   e.g. node --import tsx bench/store-ops.ts mongodb://127.0.0.1:37999/ 500,5000,20000
 *
 * Start a throw-away FerretDB first: .local/bin/wsa-ferretdb-<v>-<hash> -listen 127.0.0.1:37999 -data /tmp/store-bench
 */
import { Binary, MongoClient } from 'mongodb';

const url = process.argv[2] ?? 'mongodb://127.0.0.1:37999/';
const sizes = (process.argv[3] ?? '500,5000,20000').split(',').map(Number);
const REPEAT = 30;
const client = await MongoClient.connect(url);
const rows: string[] = [];

for (const n of sizes) {
  const col = client
    .db('store_bench')
    .collection<{ _id: string; scope: string; revision: number; pad?: string; bson?: Binary }>(
      `c${n}`,
    );
  await col.drop().catch(() => undefined);
  await col.createIndex({ scope: 1 }, { unique: true });
  for (let i = 0; i < n; i += 500) {
    await col.insertMany(
      Array.from({ length: Math.min(500, n - i) }, (_, j) => ({
        _id: `k${i + j}`,
        scope: `s${i + j}`,
        revision: 1,
        pad: 'x'.repeat(2000),
      })),
    );
  }
  const time = async (name: string, op: (i: number) => Promise<unknown>) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < REPEAT; i++) await op(i);
    rows.push(
      `| ${n} | ${name} | ${(Number(process.hrtime.bigint() - t) / 1e6 / REPEAT).toFixed(1)} |`,
    );
  };
  // Documents spread over the whole collection: a scan that stops at the first match costs
  // with the document's place in the table (an earlier version used the first 130 only, and
  // so missed that a filter of `_id` + anything scans).
  const at = (i: number) => Math.floor(((i + 0.5) * n) / REPEAT);
  await time('findOne by _id', (i) => col.findOne({ _id: `k${at(i)}` }));
  await time('find by indexed field', (i) => col.find({ scope: `s${at(i)}` }).toArray());
  await time('insertOne (unique index)', (i) =>
    col.insertOne({ _id: `n${i}`, scope: `ns${i}`, revision: 1 }),
  );
  await time('updateOne by _id', (i) =>
    col.updateOne({ _id: `k${at(i)}` }, { $set: { revision: 2 } }),
  );
  await time('replaceOne by _id + revision', (i) =>
    col.replaceOne({ _id: `k${at(i)}`, revision: 2 }, { scope: `s${at(i)}`, revision: 3 }),
  );
  // As the projector writes an instance view (projector/view-documents.ts: ~9 KB of BSON).
  const view = (i: number, revision: number) => ({
    scope: `s${at(i)}`,
    revision,
    bson: new Binary(Buffer.alloc(9000, 1)),
  });
  await time('replaceOne view by _id', (i) => col.replaceOne({ _id: `k${at(i)}` }, view(i, 4)));
  await time('replaceOne view by _id + revision', (i) =>
    col.replaceOne({ _id: `k${at(i)}`, revision: 4 }, view(i, 5)),
  );
  await col.drop();
}
await client.close();
console.log(
  `| documents | operation | ms per operation (mean of ${REPEAT}) |\n|---|---|---|\n${rows.join('\n')}`,
);
