import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { EMPLOYER } from '../support/fixtures.js';
import { versionedModel } from '../support/versioned-model.js';

/**
 * The explorer of every deployed process (issue 18): a model deployed by hand, outside the
 * procedure registry, is listed from the engine's repository, its instances from the read
 * model, and one instance is shown as the case explorer shows a case's (diagram, active
 * elements, variables) — for operators only.
 */
describe('operations: every deployed process can be explored', function () {
  this.timeout(60_000);
  let h: Harness;
  let operator: string;
  const id = `explorer-${randomUUID().slice(0, 8)}`;
  let instanceKey: string;

  before(async () => {
    h = await getHarness();
    operator = await h.token({ subject: 'ops-explorer', role: 'operator' });
    await h.engine.deploy([{ name: `${id}.bpmn`, content: versionedModel(id, 'Review', false) }]);
    instanceKey = await h.engine.startInstance(id, `by-hand-${id}`, { batch: 7 });
  });

  const get = (path: string, token = operator) =>
    request(h.gatewayUrl).get(path).set('authorization', `Bearer ${token}`);

  it('lists a process deployed by hand beside the registered procedures', async () => {
    const res = await get('/api/v1/operations/processes');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const processes = res.body.processes as { processId: string; procedure: string | null }[];
    expect(processes.find((p) => p.processId === id)).to.deep.include({
      processId: id,
      name: 'Versions test',
      version: 1,
      procedure: null,
    });
    expect(processes.find((p) => p.processId === 'ba-approval')?.procedure).to.equal('ba-approval');
  });

  it('opens the process with its diagram and instances, and an instance on its diagram', async () => {
    const process = await eventually(async () => {
      const res = await get(`/api/v1/operations/processes/${id}`);
      return res.status === 200 && res.body.instances.length === 1 ? res.body : undefined;
    }, 'the instance in the read model');
    expect(process.xml).to.contain(`<bpmn:process id="${id}"`);
    expect(process.instances[0]).to.deep.include({
      processInstanceKey: instanceKey,
      caseId: null,
      state: 'ACTIVE',
      version: 1,
      calledBy: null,
    });
    const completed = await get(`/api/v1/operations/processes/${id}?state=COMPLETED`);
    expect(completed.body.instances).to.deep.equal([]);

    const instance = await get(`/api/v1/operations/process-instances/${instanceKey}`);
    expect(instance.status, JSON.stringify(instance.body)).to.equal(200);
    expect(instance.body).to.deep.include({
      processInstanceKey: instanceKey,
      bpmnProcessId: id,
      caseId: null,
      active: ['Review'],
      completed: ['Start'],
    });
    expect(instance.body.xml).to.contain('Review');
  });

  it('answers 404 for an unknown process or instance, 400 for a malformed id, 403 to others', async () => {
    expect((await get('/api/v1/operations/processes/no-such-process')).status).to.equal(404);
    expect((await get(`/api/v1/operations/process-instances/${randomUUID()}`)).status).to.equal(
      404,
    );
    const malformed = await get('/api/v1/operations/processes/1%20bad');
    expect(malformed.status).to.equal(400);
    expect(malformed.body.errors[0].field).to.equal('path:processId');
    const employer = await h.token(EMPLOYER);
    expect((await get('/api/v1/operations/processes', employer)).status).to.equal(403);
    expect((await get(`/api/v1/operations/processes/${id}`, employer)).status).to.equal(403);
    expect(
      (await get(`/api/v1/operations/process-instances/${instanceKey}`, employer)).status,
    ).to.equal(403);
  });
});
