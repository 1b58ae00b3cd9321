import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Principal } from '../../gateway/auth.js';
import { PROCESSES_DIR } from '../../processes/registry.js';
import { getHarness, type Harness } from '../support/harness.js';
import { ABH_CASEWORKER } from '../support/fixtures.js';
import { workerCatalogue } from '../../workers/registry.js';

/**
 * Process owners deploy through the gateway; models that would break at run time are refused
 * with every reason (which resource, which element, which check), and nothing is deployed.
 */
const OWNER: Principal = { subject: 'po-deploy-test', role: 'process-owner' };
const model = (procedure: string) =>
  readFileSync(path.join(PROCESSES_DIR, procedure, `${procedure}.bpmn`), 'utf8');

interface ProblemBody {
  errors: { field: string; reason: string }[];
  problems: { resource: string; elementId: string; check: string; message: string }[];
}

describe('deployments: checked before the engine gets them', function () {
  this.timeout(60_000);
  let h: Harness;
  let owner: string;
  before(async () => {
    h = await getHarness();
    owner = await h.token(OWNER);
  });

  const deploy = (
    resources: { name: string; content: string }[],
    dryRun?: boolean,
    token = owner,
  ) =>
    request(h.gatewayUrl)
      .post('/api/v1/deployments')
      .set('authorization', `Bearer ${token}`)
      .send({ resources, note: 'deployments test', ...(dryRun === undefined ? {} : { dryRun }) });

  /** A model changed by `edit`, deployed alone: the refusal's problems. */
  async function refused(procedure: string, edit: (xml: string) => string) {
    const original = model(procedure);
    const changed = edit(original);
    expect(changed, 'the edit changed the model').to.not.equal(original);
    const res = await deploy([{ name: `${procedure}.bpmn`, content: changed }]);
    expect(res.status, JSON.stringify(res.body)).to.equal(422);
    expect(res.body.type).to.match(/model-check-failed$/);
    return res.body as ProblemBody;
  }

  it('accepts the repository’s models as they are (dry run)', async () => {
    const res = await deploy(
      [
        'ba-approval',
        'wsa-application',
        'residence-permit',
        // issue 19: the consent procedure and the models that call it, no code beyond workers
        'abh-consent',
        'visa',
        'family-reunification',
        'qualification-measure',
      ].map((p) => ({
        name: `${p}.bpmn`,
        content: model(p),
      })),
      true,
    );
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.deep.equal({ checked: true, deployed: [] });
  });

  it('refuses a job type no worker implements, naming the element', async () => {
    const body = await refused('ba-approval', (x) =>
      x.replace(
        'camunda:topic="ba.submit-zustimmung-request"',
        'camunda:topic="ba.no-such-worker"',
      ),
    );
    expect(body.problems).to.deep.include({
      resource: 'ba-approval.bpmn',
      elementId: 'SubmitZustimmungRequest',
      check: 'job-type',
      message: 'no worker implements the job type "ba.no-such-worker"',
    });
    expect(body.errors[0]!.field).to.equal('/resources/0');
    expect(body.errors[0]!.reason).to.match(/^\[job-type\] SubmitZustimmungRequest: /);
  });

  it('refuses a missing form, a missing decision, and a call that leaves out a required variable', async () => {
    const form = await refused('residence-permit', (x) =>
      x.replace('camunda:formRef="decide-residence-permit"', 'camunda:formRef="no-such-form"'),
    );
    expect(form.problems.map((p) => [p.elementId, p.check])).to.deep.equal([
      ['DecideResidencePermit', 'form'],
    ]);
    const decision = await refused('ba-approval', (x) =>
      x.replace(
        'camunda:decisionRef="zustimmung-deemed-approval-period"',
        'camunda:decisionRef="no-such-table"',
      ),
    );
    expect(decision.problems.map((p) => [p.elementId, p.check])).to.deep.equal([
      ['DetermineDeemedApprovalPeriod', 'decision'],
    ]);
    const contract = await refused('wsa-application', (x) =>
      x.replace('<camunda:inputParameter name="jobOffer">${jobOffer}</camunda:inputParameter>', ''),
    );
    const problem = contract.problems.find((p) => p.check === 'call-contract')!;
    expect(problem.elementId).to.equal('ObtainBaApproval');
    expect(problem.message).to.contain('"jobOffer"');
  });

  it('refuses what the linter finds (Camunda 7 rules), and lists several problems at once', async () => {
    const body = await refused('ba-approval', (x) =>
      x
        .replace(' camunda:type="external" camunda:topic="ba.submit-additional-information"', '')
        .replace(
          'camunda:topic="ba.submit-zustimmung-request"',
          'camunda:topic="ba.no-such-worker"',
        ),
    );
    const checks = body.problems.map((p) => `${p.check}:${p.elementId}`);
    expect(checks).to.include('job-type:SubmitZustimmungRequest');
    expect(
      body.problems.some(
        (p) => p.check === 'lint' && p.elementId === 'SubmitAdditionalInformation',
      ),
    ).to.equal(true);
  });

  it('deploys a valid model; unchanged it keeps its version, changed it gets the next', async () => {
    const id = `deploy-test-${randomUUID().slice(0, 8)}`;
    const xml = (name: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="urn:wsa-test">
  <bpmn:process id="${id}" name="${name}" isExecutable="true" camunda:historyTimeToLive="P30D">
    <bpmn:startEvent id="Start" name="Started"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:endEvent id="End" name="Done"><bpmn:incoming>F1</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="P" bpmnElement="${id}">
    <bpmndi:BPMNShape id="S_Start" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="S_End" bpmnElement="End"><dc:Bounds x="200" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="E_F1" bpmnElement="F1"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
    const first = await deploy([{ name: `${id}.bpmn`, content: xml('First') }]);
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(first.body.deployed).to.have.length(1);
    expect(first.body.deployed[0]).to.include({ kind: 'process', id, version: 1 });
    const again = await deploy([{ name: `${id}.bpmn`, content: xml('First') }]);
    expect(again.body.deployed[0].version).to.equal(1);
    const changed = await deploy([{ name: `${id}.bpmn`, content: xml('Second') }]);
    expect(changed.body.deployed[0].version).to.equal(2);
  });

  it('is for process owners only, and refuses other resource kinds at the door', async () => {
    const caseworker = await h.token(ABH_CASEWORKER);
    const content = model('ba-approval');
    expect(
      (await deploy([{ name: 'ba-approval.bpmn', content }], true, caseworker)).status,
    ).to.equal(403);
    const odd = await deploy([{ name: 'script.js', content: 'alert(1)' }]);
    expect(odd.status).to.equal(400);
    expect(odd.body.errors[0].field).to.match(/^\/resources\/0\/name/);
  });

  it('offers an element template per worker, with the variables it reads and writes', async () => {
    const get = (token: string) =>
      request(h.gatewayUrl)
        .get('/api/v1/element-templates')
        .set('authorization', `Bearer ${token}`);
    const res = await get(owner);
    expect(res.status).to.equal(200);
    const types = workerCatalogue().map((w) => w.type);
    expect(res.body.map((t: { id: string }) => t.id).sort()).to.deep.equal(
      types.map((t) => `wsa.${t}`).sort(),
    );
    const worker = workerCatalogue().find((w) => w.type === 'ba.submit-zustimmung-request')!;
    const template = res.body.find((t: { id: string }) => t.id === `wsa.${worker.type}`);
    type Property = { value?: string; binding: { type: string; name?: string; property?: string } };
    const props = template.properties as Property[];
    expect(props.find((p) => p.binding.name === 'camunda:topic')!.value).to.equal(worker.type);
    expect(
      props.filter((p) => p.binding.type === 'camunda:inputParameter').map((p) => p.binding.name),
    ).to.deep.equal(Object.keys((worker.inputSchema as { properties: object }).properties));
    expect((await get(await h.token(ABH_CASEWORKER))).status).to.equal(403);
  });
});
