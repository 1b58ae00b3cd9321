import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import example from '../../processes/training-study/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { PROCESSES_DIR } from '../../processes/registry.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { APPLICANT, EMPLOYER } from '../support/fixtures.js';

/**
 * A new procedure (training-study, issue 19 item 2) plugs in with its folder alone: the deploy
 * gate checks and accepts its model, the modeler offers an element template for each of its
 * service tasks and lists its resources, and the operations dashboard (search, KPIs) reports
 * its cases — no code of the gateway, the modeler or operations names it.
 */
const OWNER: Principal = { subject: 'po-plug-in', role: 'process-owner' };
const OPERATOR: Principal = { subject: 'op-plug-in', role: 'operator' };
const DIR = path.join(PROCESSES_DIR, 'training-study');
const bpmn = () => readFileSync(path.join(DIR, 'training-study.bpmn'), 'utf8');

describe('a new procedure plugs in: training-study in the deploy gate, the modeler and operations', function () {
  this.timeout(60_000);
  let h: Harness;
  let owner: string;
  let operator: string;

  before(async () => {
    h = await getHarness();
    [owner, operator] = await Promise.all([h.token(OWNER), h.token(OPERATOR)]);
  });

  const deploy = (content: string) =>
    request(h.gatewayUrl)
      .post('/api/v1/deployments')
      .set('authorization', `Bearer ${owner}`)
      .send({
        resources: [
          { name: 'training-study.bpmn', content },
          {
            name: 'training-study-rules.dmn',
            content: readFileSync(path.join(DIR, 'training-study-rules.dmn'), 'utf8'),
          },
        ],
        dryRun: true,
      });

  it('passes the deploy gate as it is, and is refused there with a topic no worker implements', async () => {
    const ok = await deploy(bpmn());
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body).to.deep.equal({ checked: true, deployed: [] });
    const broken = bpmn().replace(
      'id="IssueDiscontinuedNotice" name="Deliver the closing notice (training or study ended without completion)" camunda:type="external" camunda:topic="notice.issue"',
      'id="IssueDiscontinuedNotice" name="Deliver the closing notice (training or study ended without completion)" camunda:type="external" camunda:topic="education.nobody"',
    );
    expect(broken).to.not.equal(bpmn());
    const refused = await deploy(broken);
    expect(refused.status, JSON.stringify(refused.body)).to.equal(422);
    expect((refused.body.problems as { elementId: string }[]).map((p) => p.elementId)).to.include(
      'IssueDiscontinuedNotice',
    );
  });

  it('offers the modeler an element template for every service task of the model, and its resources', async () => {
    const topics = new Set([...bpmn().matchAll(/camunda:topic="([^"]+)"/g)].map((m) => m[1]!));
    expect(topics.size).to.be.greaterThan(0);
    const templates = await request(h.gatewayUrl)
      .get('/api/v1/element-templates')
      .set('authorization', `Bearer ${owner}`);
    expect(templates.status).to.equal(200);
    const ids = (templates.body as { id: string }[]).map((t) => t.id);
    for (const topic of topics) expect(ids).to.include(`wsa.${topic}`);
    const models = await request(h.gatewayUrl)
      .get('/api/v1/models')
      .set('authorization', `Bearer ${owner}`);
    const repository = models.body.repository as { name: string; procedure?: string }[];
    expect(
      repository.filter((m) => m.procedure === 'training-study').map((m) => m.name),
    ).to.include.members(['training-study.bpmn', 'training-study-rules.dmn']);
    expect(repository.map((m) => m.name)).to.include.members([
      'decide-education-permit.form',
      'decide-follow-up-title.form',
    ]);
  });

  it('shows its cases in the operators’ search and its figures in the KPIs', async () => {
    const cases = new CaseClient(h.gatewayUrl, await h.token(APPLICANT));
    const caseId = await cases.start('training-study', {
      ...structuredClone(example),
      applicant: { ...example.applicant, applicantId: APPLICANT.subject },
      employer: { ...example.employer, employerId: EMPLOYER.organisation! },
    });
    await cases.at(caseId, 'AwaitBaDecision');
    const withdrawn = await cases.send(await h.token(APPLICANT), caseId, 'application-withdrawn', {
      reason: 'Ausbildungsplatz in der Heimat angenommen',
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).to.equal(202);
    expect((await cases.finished(caseId)).finalStage?.elementId).to.equal('Withdrawn');
    const hit = await eventually(async () => {
      const res = await request(h.gatewayUrl)
        .get(`/api/v1/operations/cases?caseId=${caseId}`)
        .set('authorization', `Bearer ${operator}`);
      const found = res.body.cases as { state: string; procedure: string }[];
      return found[0]?.state === 'COMPLETED' ? found[0] : undefined;
    }, 'the withdrawn case in the operators’ search');
    expect(hit.procedure).to.equal('training-study');
    const figures = await eventually(async () => {
      const kpis = await request(h.gatewayUrl)
        .get('/api/v1/kpis')
        .set('authorization', `Bearer ${operator}`);
      return (kpis.body.procedures as { procedure: string; completed: number }[]).find(
        (p) => p.procedure === 'training-study' && p.completed > 0,
      );
    }, 'training-study in the KPIs');
    expect(figures.completed).to.be.at.least(1);
  });
});
