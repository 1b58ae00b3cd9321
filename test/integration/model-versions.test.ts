import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Principal } from '../../gateway/auth.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { ABH_CASEWORKER } from '../support/fixtures.js';
import { versionedModel as model } from '../support/versioned-model.js';

/**
 * Versions of a model as a process owner works with them: the repository's models, every
 * deployed version with the instances running on it, a readable diff, and migrating a
 * running instance to the next version with an explicit element mapping.
 */
const OWNER: Principal = { subject: 'po-versions', role: 'process-owner' };

describe('model versions: list, diff and migrate', function () {
  this.timeout(60_000);
  let h: Harness;
  let owner: string;
  before(async () => {
    h = await getHarness();
    owner = await h.token(OWNER);
  });
  const get = (path: string, token = owner) =>
    request(h.gatewayUrl).get(path).set('authorization', `Bearer ${token}`);
  const post = (path: string, body: object) =>
    request(h.gatewayUrl).post(path).set('authorization', `Bearer ${owner}`).send(body);

  it('shows the repository’s models and what is deployed; only to process owners and operators', async () => {
    const res = await get('/api/v1/models');
    expect(res.status).to.equal(200);
    const names = res.body.repository.map((m: { name: string }) => m.name);
    expect(names).to.include.members([
      'wsa-application.bpmn',
      'legal-route.dmn',
      'decide-residence-permit.form',
    ]);
    expect(
      res.body.repository.find((m: { name: string }) => m.name === 'legal-route.dmn'),
    ).to.include({
      kind: 'dmn',
      procedure: 'wsa-application',
    });
    const deployed = res.body.deployed.map(
      (d: { kind: string; id: string }) => `${d.kind}:${d.id}`,
    );
    expect(deployed).to.include.members([
      'process:wsa-application',
      'decisions:legal-route-definitions',
    ]);
    const dmn = await get('/api/v1/models/repository/legal-route.dmn');
    expect(dmn.body.content).to.contain('<definitions');
    expect((await get('/api/v1/models/repository/nope.bpmn')).status).to.equal(404);
    expect((await get('/api/v1/models', await h.token(ABH_CASEWORKER))).status).to.equal(403);
  });

  it('lists the versions with their running instances, diffs them, and migrates an instance', async () => {
    const id = `versions-test-${randomUUID().slice(0, 8)}`;
    const v1 = await post('/api/v1/deployments', {
      resources: [{ name: `${id}.bpmn`, content: model(id, 'Review the file', false) }],
      note: 'first version',
    });
    expect(v1.status, JSON.stringify(v1.body)).to.equal(201);
    const started = { processInstanceKey: await h.engine.startInstance(id, `test-${id}`, {}) };
    const instanceKey = String(started.processInstanceKey);
    const v2 = await post('/api/v1/deployments', {
      resources: [{ name: `${id}.bpmn`, content: model(id, 'Check the file', true) }],
      note: 'Review becomes Check',
    });
    expect(v2.body.deployed[0].version).to.equal(2);
    const [key1, key2] = [v1.body.deployed[0].key as string, v2.body.deployed[0].key as string];

    type Version = {
      key: string;
      version: number;
      runningInstances: { processInstanceKey: string }[];
    };
    const versions = await eventually(async () => {
      const res = await get(`/api/v1/models/deployed/process/${id}/versions`);
      const list = res.body.versions as Version[] | undefined;
      return list?.length === 2 && list[1]!.runningInstances.length === 1 ? list : undefined;
    }, 'both versions projected, the instance on v1');
    expect(versions.map((v) => v.version)).to.deep.equal([2, 1]);
    expect(versions[1]!.runningInstances[0]!.processInstanceKey).to.equal(instanceKey);
    // What a migration has to map: the instance waits in the review.
    expect(
      (versions[1]!.runningInstances[0] as unknown as { activeElementIds: string[] })
        .activeElementIds,
    ).to.deep.equal(['Review']);
    expect(versions[0]!.runningInstances).to.deep.equal([]);
    const xml = await get(`/api/v1/models/deployed/${key1}`);
    expect(xml.body.xml).to.contain('Review the file');

    const diff = await get(`/api/v1/models/diff?from=${key1}&to=${key2}`);
    expect(diff.status, JSON.stringify(diff.body)).to.equal(200);
    expect(diff.body.added.map((e: { id: string }) => e.id)).to.include.members(['Archive', 'F3']);
    const review = diff.body.changed.find((e: { id: string }) => e.id === 'Review');
    expect(review.changes).to.include('name: "Review the file" → "Check the file"');
    expect(diff.body.removed).to.deep.equal([]);

    // A mapping the engine cannot follow is refused with its reason; the instance stays.
    const bad = await post('/api/v1/migrations', {
      processInstanceKey: instanceKey,
      targetProcessDefinitionKey: key2,
      mappings: [{ sourceElementId: 'Review', targetElementId: 'NoSuchElement' }],
    });
    expect(bad.status, JSON.stringify(bad.body)).to.equal(422);
    expect(bad.body.detail).to.match(/NoSuchElement/);

    const migrated = await post('/api/v1/migrations', {
      processInstanceKey: instanceKey,
      targetProcessDefinitionKey: key2,
      mappings: [{ sourceElementId: 'Review', targetElementId: 'Review' }],
    });
    expect(migrated.status, JSON.stringify(migrated.body)).to.equal(200);
    expect(migrated.body.version).to.equal(2);
    await eventually(async () => {
      const list = (await get(`/api/v1/models/deployed/process/${id}/versions`)).body
        .versions as Version[];
      return list[0]!.runningInstances.length === 1 && list[1]!.runningInstances.length === 0
        ? true
        : undefined;
    }, 'the instance on v2');
  });
});
