import { expect } from 'chai';
import pg from 'pg';
import { EngineClock } from '../../gateway/data/engine-clock.js';
import { engineComponent, startComponent, stopComponent } from '../../scripts/stack/infra.js';
import { databaseUrl, getProfile } from '../../scripts/stack/profiles.js';
import { getHarness } from '../support/harness.js';

/**
 * The sandbox's design on real engines (docs/sandbox.md): a second engine host with the test
 * clock and a database of its own runs beside the test stack's. Moving the sandbox's clock
 * leaves the other engine's alone (the clock is per JVM), and neither sees the other's data.
 */
const profile = getProfile('test');
const NODE = 9;
const DATABASE = 'wsa_sandbox_engine_test';
const DAY = 24 * 60 * 60 * 1000;

describe('sandbox engine host: its own clock and data beside another engine', function () {
  this.timeout(240_000);
  const account = profile.engine.gateway;
  const mainUrl = `http://127.0.0.1:${profile.engine.port}`;
  const sandboxUrl = `http://127.0.0.1:${profile.engine.port + NODE}`;
  const admin = () => new pg.Client({ connectionString: databaseUrl(profile) });

  before(async () => {
    await getHarness(); // the test stack's engine has the models deployed
    const db = admin();
    await db.connect();
    try {
      await db.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
      await db.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await db.end();
    }
    const component = engineComponent(profile, NODE);
    const env = component.env!;
    env.ENGINE_DB_URL = env.ENGINE_DB_URL!.replace(/\/[^/]+$/, `/${DATABASE}`);
    await startComponent(profile, component, () => undefined);
  });
  after(async () => {
    await stopComponent(profile, 'engine', () => undefined, NODE);
    const db = admin();
    await db.connect();
    try {
      await db.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
    } finally {
      await db.end();
    }
  });

  it('moves the sandbox clock by a month while the other engine keeps its time', async () => {
    const main = new EngineClock(mainUrl, account);
    const sandbox = new EngineClock(sandboxUrl, account);
    const mainBefore = await main.state();
    const sandboxBefore = await sandbox.state();
    const moved = await sandbox.advance(30 * DAY);
    expect(moved.offsetMilli - sandboxBefore.offsetMilli).to.equal(30 * DAY);
    expect(moved.epochMilli - Date.now()).to.be.at.least(
      30 * DAY - 60_000 + sandboxBefore.offsetMilli,
    );
    const mainAfter = await main.state();
    expect(mainAfter.offsetMilli).to.equal(mainBefore.offsetMilli);
    expect(mainAfter.epochMilli - Date.now()).to.be.below(mainBefore.offsetMilli + 60_000);
  });

  it('shares no data: the other engine’s deployed models are not in the sandbox’s', async () => {
    const count = async (url: string) => {
      const res = await fetch(`${url}/engine-rest/process-definition/count`, {
        headers: {
          authorization: `Basic ${Buffer.from(`${account.user}:${account.password}`).toString('base64')}`,
        },
      });
      expect(res.status).to.equal(200);
      return ((await res.json()) as { count: number }).count;
    };
    expect(await count(mainUrl)).to.be.above(0);
    expect(await count(sandboxUrl)).to.equal(0);
  });
});
