import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Principal } from '../../gateway/auth.js';
import { getHarness, type Harness } from '../support/harness.js';
import { ABH_CASEWORKER } from '../support/fixtures.js';
import { versionedModel } from '../support/versioned-model.js';

/**
 * The modeler's records on the server: each process owner's drafts (one per owner and model,
 * nobody else's to read) and the mandatory change note of a deployment, shown with its version.
 */
const OWNER: Principal = { subject: 'po-drafts', role: 'process-owner' };
const OTHER_OWNER: Principal = { subject: 'po-drafts-other', role: 'process-owner' };
const OPERATOR: Principal = { subject: 'op-drafts', role: 'operator' };

describe('model drafts and change notes', function () {
  this.timeout(60_000);
  let h: Harness;
  let owner: string;
  before(async () => {
    h = await getHarness();
    owner = await h.token(OWNER);
  });
  const call = (method: 'get' | 'put' | 'delete' | 'post', path: string, token = owner) =>
    request(h.gatewayUrl)[method](path).set('authorization', `Bearer ${token}`);

  it('keeps a draft per owner and model: saved, read, listed, replaced, discarded', async () => {
    const name = `drafts-${randomUUID().slice(0, 8)}.bpmn`;
    const path = `/api/v1/models/drafts/${name}`;
    expect((await call('get', path)).status).to.equal(404);
    const saved = await call('put', path).send({ content: '<xml a="1"/>', baseKey: null });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    expect(saved.body).to.include({ name, baseKey: null });
    const again = await call('put', path).send({
      content: '<xml a="2"/>',
      baseKey: 'wsa-application:3:0b8e5f60-1b52-11ef-9262-0242ac120002',
    });
    expect(again.status).to.equal(200);
    const read = await call('get', path);
    expect(read.body).to.deep.include({
      name,
      content: '<xml a="2"/>',
      translation: null,
      baseKey: 'wsa-application:3:0b8e5f60-1b52-11ef-9262-0242ac120002',
    });
    const list = await call('get', '/api/v1/models/drafts');
    expect(list.body.drafts.filter((d: { name: string }) => d.name === name)).to.have.length(1);

    // Another owner neither sees it nor overwrites it.
    const other = await h.token(OTHER_OWNER);
    expect((await call('get', path, other)).status).to.equal(404);
    const list2 = await call('get', '/api/v1/models/drafts', other);
    expect(list2.body.drafts.map((d: { name: string }) => d.name)).to.not.include(name);

    expect((await call('delete', path)).status).to.equal(204);
    expect((await call('get', path)).status).to.equal(404);
    expect((await call('delete', path)).status).to.equal(404);
  });

  it('keeps a form’s English texts beside it, and only a form’s', async () => {
    const form = `drafts-${randomUUID().slice(0, 8)}.form`;
    const translation = JSON.stringify({ form: 'x', language: 'en', components: {} });
    const saved = await call('put', `/api/v1/models/drafts/${form}`).send({
      content: '{"id":"x"}',
      translation,
      baseKey: null,
    });
    expect(saved.status).to.equal(200);
    expect((await call('get', `/api/v1/models/drafts/${form}`)).body.translation).to.equal(
      translation,
    );
    const bpmn = await call('put', '/api/v1/models/drafts/x.bpmn').send({
      content: '<x/>',
      translation,
      baseKey: null,
    });
    expect(bpmn.status).to.equal(400);
    expect(bpmn.body.errors[0].field).to.equal('/translation');
    await call('delete', `/api/v1/models/drafts/${form}`);
  });

  it('names each repository model’s path (what a patch names), and gives a form its English texts', async () => {
    const list = await call('get', '/api/v1/models');
    const byName = (n: string) =>
      list.body.repository.find((m: { name: string }) => m.name === n) as { path: string };
    expect(byName('legal-route.dmn').path).to.equal('processes/wsa-application/legal-route.dmn');
    expect(byName('decide-residence-permit.form').path).to.equal(
      'forms/decide-residence-permit.form',
    );
    const form = await call('get', '/api/v1/models/repository/decide-residence-permit.form');
    expect(form.body.path).to.equal('forms/decide-residence-permit.form');
    expect(form.body.translation.path).to.equal('forms/decide-residence-permit.en.json');
    expect(JSON.parse(form.body.translation.content).language).to.equal('en');
    const dmn = await call('get', '/api/v1/models/repository/legal-route.dmn');
    expect(dmn.body.translation).to.equal(null);
  });

  it('refuses bad drafts naming the field, and callers who are not process owners', async () => {
    const noContent = await call('put', '/api/v1/models/drafts/a.bpmn').send({ baseKey: null });
    expect(noContent.status).to.equal(400);
    expect(JSON.stringify(noContent.body.errors)).to.contain('content');
    const badKey = await call('put', '/api/v1/models/drafts/a.bpmn').send({
      content: '<x/>',
      baseKey: 'not a key',
    });
    expect(badKey.status).to.equal(400);
    expect(JSON.stringify(badKey.body.errors)).to.contain('/baseKey');
    expect((await call('get', '/api/v1/models/drafts/a.exe')).status).to.be.oneOf([400, 404]);
    for (const who of [OPERATOR, ABH_CASEWORKER]) {
      const token = await h.token(who);
      expect((await call('get', '/api/v1/models/drafts', token)).status).to.equal(403);
      expect(
        (
          await call('put', '/api/v1/models/drafts/a.bpmn', token).send({
            content: '<x/>',
            baseKey: null,
          })
        ).status,
      ).to.equal(403);
    }
  });

  it('refuses a deployment without a change note; a dry run needs none; the note is in the version list', async () => {
    const id = `notes-test-${randomUUID().slice(0, 8)}`;
    const resources = [{ name: `${id}.bpmn`, content: versionedModel(id, 'Review', false) }];
    const without = await call('post', '/api/v1/deployments').send({ resources });
    expect(without.status).to.equal(400);
    expect(without.body.errors[0].field).to.equal('/note');
    const blank = await call('post', '/api/v1/deployments').send({ resources, note: '   ' });
    expect(blank.status).to.equal(400);
    expect(blank.body.errors[0].field).to.equal('/note');
    const dry = await call('post', '/api/v1/deployments').send({ resources, dryRun: true });
    expect(dry.status).to.equal(200);

    const deployed = await call('post', '/api/v1/deployments').send({
      resources,
      note: 'Blue Card thresholds 2027',
    });
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201);
    // A version deployed otherwise (the deploy script, straight to the engine) has no note.
    await h.engine.deploy([{ name: `${id}.bpmn`, content: versionedModel(id, 'Check', true) }]);
    const versions = await call('get', `/api/v1/models/deployed/process/${id}/versions`);
    expect(
      versions.body.versions.map(
        (v: { version: number; note: string | null; deployedBy: string | null }) => [
          v.version,
          v.note,
          v.deployedBy,
        ],
      ),
    ).to.deep.equal([
      [2, null, null],
      [1, 'Blue Card thresholds 2027', OWNER.subject],
    ]);
  });
});
