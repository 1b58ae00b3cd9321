import { expect } from 'chai';
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getProfile } from '../../scripts/stack/profiles.js';
import { pgDataDir, pgRunAs } from '../../scripts/stack/postgres.js';

/**
 * Where the stack's PostgreSQL keeps its cluster: under the data dir, unless the server runs as
 * the `postgres` user (we are root) and cannot reach the data dir — then outside the checkout.
 */
describe('stack: the PostgreSQL data directory', () => {
  const base = path.join(os.tmpdir(), `wsa-pgdir-${process.pid}`);
  after(() => rmSync(base, { recursive: true, force: true }));

  it('stays under a data dir the server can reach', () => {
    mkdirSync(base, { recursive: true, mode: 0o755 });
    const p = { ...getProfile('test'), dataDir: path.join(base, 'open', 'data') };
    expect(pgDataDir(p)).to.equal(path.join(p.dataDir, 'postgres'));
  });

  it('moves outside a data dir the server cannot reach (when it runs as another user)', function () {
    if (!pgRunAs()) this.skip(); // not root: the server runs as ourselves and reaches it
    const closed = path.join(base, 'closed');
    mkdirSync(closed, { recursive: true, mode: 0o700 });
    const p = { ...getProfile('test'), dataDir: path.join(closed, 'data') };
    const dir = pgDataDir(p);
    expect(dir.startsWith(path.join('/var/tmp', 'wsa-postgres') + path.sep)).to.equal(true);
    expect(pgDataDir(p), 'the same place every time').to.equal(dir);
  });
});
