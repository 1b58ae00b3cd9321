import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { SandboxesStore } from '../../gateway/data/sandboxes-store.js';
import { SandboxProvisioner } from '../../scripts/stack/sandbox-provisioner.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { OTHER_EMPLOYER } from '../support/fixtures.js';

/**
 * Sandboxes on request (docs/sandbox.md), on real engines: an organisation asks the platform's
 * gateway for its sandbox; the provisioner starts the organisation's own stack (PostgreSQL,
 * engine host with the movable clock, gateway, workers, simulators) on a port slot of its own;
 * a token of the sandbox's issuer opens it; moving its clock leaves the platform's engine
 * clock alone; a stop stops it, its data kept.
 */
const ORGANISATION = `sbx${Date.now().toString(36)}`;
const EMPLOYER = { subject: 'sandbox-dev', role: 'employer' as const, organisation: ORGANISATION };

describe('sandboxes on request: the organisation’s own stack, started and stopped', function () {
  this.timeout(420_000);
  let h: Harness;
  let token: string;
  let provisioner: SandboxProvisioner;
  const dataRoot = mkdtempSync(path.join(tmpdir(), 'wsa-sandboxes-'));
  const logs: string[] = [];

  before(async () => {
    h = await getHarness();
    token = await h.token(EMPLOYER);
    // The test stack runs no provisioner: a request another test left would be started too.
    await h.pool.query(`delete from read_model.sandboxes where state = 'REQUESTED'`);
    provisioner = new SandboxProvisioner({
      store: new SandboxesStore(h.pool),
      // Beside the test stack's ports (its offset), below theirs.
      portBase: Number(process.env.WSA_PORT_OFFSET ?? 0) + 1000,
      maxSlots: 2,
      dataRoot,
      idleMs: 3_600_000,
      startTimeoutMs: 360_000,
      log: (m) => logs.push(m),
    });
  });
  after(async () => {
    // Whatever happened: the stack this test started is stopped, its data removed.
    await h.pool.query(
      `update read_model.sandboxes set state = 'STOP_REQUESTED' where organisation = $1 and state <> 'STOPPED'`,
      [ORGANISATION],
    );
    await provisioner.tick().catch(() => undefined);
    rmSync(dataRoot, { recursive: true, force: true });
  });

  const sandbox = (method: 'put' | 'get' | 'delete', bearer = token, org = ORGANISATION) => {
    const api = request(h.gatewayUrl);
    return api[method](`/api/v1/organisations/${org}/sandbox`).set(
      'authorization',
      `Bearer ${bearer}`,
    );
  };

  it('refuses another organisation, and answers 404 before any request', async () => {
    const other = await h.token(OTHER_EMPLOYER);
    expect((await sandbox('put', other)).status).to.equal(403);
    expect((await sandbox('get', other)).status).to.equal(403);
    expect((await sandbox('get')).status).to.equal(404);
  });

  it('starts the sandbox on request; its token opens it; its clock is its own; a stop stops it', async () => {
    const asked = await sandbox('put');
    expect(asked.status, JSON.stringify(asked.body)).to.equal(202);
    expect(asked.body).to.include({
      organisation: ORGANISATION,
      state: 'REQUESTED',
      gatewayUrl: null,
    });
    // Asked twice: one sandbox.
    expect((await sandbox('put')).body.state).to.equal('REQUESTED');
    const early = await request(h.gatewayUrl)
      .post(`/api/v1/organisations/${ORGANISATION}/sandbox/tokens`)
      .set('authorization', `Bearer ${token}`);
    expect(early.status).to.equal(409);

    await provisioner.tick();
    const running = await sandbox('get');
    expect(running.body.state, `${JSON.stringify(running.body)} ${logs.join('; ')}`).to.equal(
      'RUNNING',
    );
    const url = running.body.gatewayUrl as string;
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.to.equal(h.gatewayUrl);

    const issued = await request(h.gatewayUrl)
      .post(`/api/v1/organisations/${ORGANISATION}/sandbox/tokens`)
      .set('authorization', `Bearer ${token}`);
    expect(issued.status, JSON.stringify(issued.body)).to.equal(201);
    expect(issued.body.gatewayUrl).to.equal(url);
    const sandboxToken = issued.body.token as string;
    // The sandbox's token opens the sandbox, and not the platform; the platform's not the sandbox.
    const clock = await request(url)
      .get('/api/v1/sandbox/clock')
      .set('authorization', `Bearer ${sandboxToken}`);
    expect(clock.status, JSON.stringify(clock.body)).to.equal(200);
    expect(clock.body.organisation).to.equal(ORGANISATION);
    expect(
      (await request(url).get('/api/v1/sandbox/clock').set('authorization', `Bearer ${token}`))
        .status,
    ).to.equal(401);
    expect(
      (
        await request(h.gatewayUrl)
          .get('/api/v1/cases')
          .set('authorization', `Bearer ${sandboxToken}`)
      ).status,
    ).to.equal(401);

    // No development sign-in in a sandbox started on request: only the platform's tokens.
    expect((await request(url).post('/dev/sign-in').send({ user: 'operator' })).status).to.equal(
      404,
    );
    const platformBefore = await h.engineClock.state();
    const moved = await request(url)
      .post('/api/v1/sandbox/clock/advance')
      .set('authorization', `Bearer ${sandboxToken}`)
      .send({ days: 30 });
    expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
    expect(moved.body.offsetMs - clock.body.offsetMs).to.equal(30 * 24 * 3_600_000);
    expect((await h.engineClock.state()).offsetMilli).to.equal(platformBefore.offsetMilli);
    const stop = await sandbox('delete');
    expect(stop.status).to.equal(202);
    expect(stop.body.state).to.equal('STOP_REQUESTED');
    await provisioner.tick();
    expect((await sandbox('get')).body).to.include({ state: 'STOPPED', gatewayUrl: null });
    await eventually(async () => {
      try {
        await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
        return undefined;
      } catch {
        return true;
      }
    }, 'the sandbox gateway gone');
  });
});
