import { expect } from 'chai';
import request from 'supertest';
import type { Principal } from '../../gateway/auth.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER, zustimmungApplication } from '../support/fixtures.js';
import { autoAnswer, partnerFaults } from '../support/simulators.js';

/**
 * A partner outage as operators see it: the BA's system answers 503 to every call, the job
 * runs out of retries, an incident appears with the error and the case context; once the
 * partner is back, a retry (one, or many at once) lets the cases go on — no case lost, the
 * BA sees each application once.
 */
const OPERATOR: Principal = { subject: 'op-incidents', role: 'operator' };

interface Incident {
  incidentKey: string;
  caseId: string | null;
  elementId: string;
  errorType: string;
  errorMessage: string;
  jobKey: string | null;
  ageMinutes: number | null;
}

describe('incidents: a partner outage, seen and retried by an operator', function () {
  this.timeout(120_000);
  let h: Harness;
  let operator: string;
  let cases: CaseClient;
  before(async () => {
    h = await getHarness();
    operator = await h.token(OPERATOR);
    cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
  });
  const baConfig = (config: { latencyMs?: number; failureRate?: number }) =>
    partnerFaults(h.simulatorsUrl, 'ba', config);
  after(() => baConfig({ failureRate: 0 }));
  const api = (method: 'get' | 'post', path: string, token = operator) =>
    request(h.gatewayUrl)[method](path).set('authorization', `Bearer ${token}`);

  it('shows the incident with its error and case, and a retry after the outage completes the step', async () => {
    await baConfig({ failureRate: 1 });
    const [first, second] = [
      await cases.start('ba-approval', zustimmungApplication()),
      await cases.start('ba-approval', zustimmungApplication()),
    ];
    // The job's retries back off on the engine's clock: move it on until both gave up.
    const incidents = await eventually(async () => {
      await h.engineClock.advance(60_000);
      const res = await api('get', '/api/v1/incidents?procedure=ba-approval');
      const mine = (res.body.incidents as Incident[]).filter(
        (i) => i.caseId === first || i.caseId === second,
      );
      return mine.length === 2 ? mine : undefined;
    }, 'both cases with an incident');
    const incident = incidents.find((i) => i.caseId === first)!;
    expect(incident).to.include({
      elementId: 'SubmitZustimmungRequest',
      errorType: 'JOB_NO_RETRIES',
    });
    expect(incident.errorMessage).to.match(/503/);
    // The engine's clock ran ahead of the wall clock here: the age counts from the engine's
    // time, never below zero.
    expect(incident.ageMinutes).to.be.a('number').and.at.least(0);
    expect(incident.jobKey).to.match(/^[0-9a-f-]{36}$/); // the external task's id

    const detail = await api('get', `/api/v1/incidents/${incident.incidentKey}`);
    expect(detail.status).to.equal(200);
    expect(
      detail.body.case.currentStages.map((s: { elementId: string }) => s.elementId),
    ).to.include('SubmitZustimmungRequest');
    expect((await cases.status(first)).delayedByTechnicalProblem, 'the employer is told').to.equal(
      true,
    );

    // Not for others; a retry while the partner is still down fails again (new incident later).
    expect((await api('get', '/api/v1/incidents', await h.token(EMPLOYER))).status).to.equal(403);

    // The partner is back: one retry, then the rest in bulk (with one unknown key).
    await baConfig({ failureRate: 0 });
    const retried = await api('post', `/api/v1/incidents/${incident.incidentKey}/retry`).send({});
    expect(retried.status, JSON.stringify(retried.body)).to.equal(200);
    expect(retried.body).to.deep.equal({ incidentKey: incident.incidentKey, retried: true });
    const other = incidents.find((i) => i.caseId === second)!;
    const bulk = await api('post', '/api/v1/incidents/retry').send({
      incidentKeys: [other.incidentKey, '00000000-0000-0000-0000-000000000000'],
    });
    expect(bulk.status).to.equal(200);
    expect(bulk.body.results[0]).to.deep.equal({ incidentKey: other.incidentKey, retried: true });
    expect(bulk.body.results[1].retried).to.equal(false);

    for (const caseId of [first, second]) {
      const s = await cases.at(caseId, 'AwaitBaDecision');
      expect(s.delayedByTechnicalProblem).to.equal(false);
      const sent = [...h.simulators.ba.effects.values()].filter(
        (e) => (e.body as { caseId: string }).caseId === caseId,
      );
      expect(sent, 'the BA got the application once').to.have.length(1);
    }
    const left = await api('get', '/api/v1/incidents?procedure=ba-approval');
    expect(
      (left.body.incidents as Incident[]).filter((i) => i.caseId === first || i.caseId === second),
    ).to.deep.equal([]);
  });

  it('reports KPIs as JSON and CSV to operators', async () => {
    const json = await api('get', '/api/v1/kpis');
    expect(json.status).to.equal(200);
    const ba = json.body.procedures.find(
      (p: { procedure: string }) => p.procedure === 'ba-approval',
    );
    expect(ba.started).to.be.greaterThan(1);
    expect(ba.completed + ba.open).to.be.at.most(ba.started); // the rest were cancelled
    expect(ba.leadTime.count).to.equal(ba.completed);
    const csv = await api('get', '/api/v1/kpis?format=csv');
    expect(csv.status).to.equal(200);
    expect(csv.type).to.equal('text/csv');
    expect(csv.text).to.match(/^# procedures\nprocedure,started,completed,open,/);
    expect((await api('get', '/api/v1/kpis', await h.token(EMPLOYER))).status).to.equal(403);
  });

  it('predicts the decision date of an open case once comparable cases have ended', async () => {
    await autoAnswer(h.simulatorsUrl, ['ba'], { enabled: true, delayMs: 0, outcome: 'APPROVED' });
    try {
      for (let i = 0; i < 5; i++)
        await cases.finished(await cases.start('ba-approval', zustimmungApplication()));
    } finally {
      await autoAnswer(h.simulatorsUrl, ['ba'], { enabled: false });
    }
    const open = await cases.start('ba-approval', zustimmungApplication());
    await cases.at(open, 'AwaitBaDecision');
    const s = await cases.until(open, 'a prediction', (x) => x.expectedDecision !== null);
    const p = s.expectedDecision!;
    expect(p.basis).to.equal('step');
    expect(p.step).to.equal('ba-approval:AwaitBaDecision');
    expect(p.comparableCases).to.be.at.least(5);
    expect(Date.parse(p.earliest)).to.be.at.most(Date.parse(p.expectedAt));
    expect(Date.parse(p.expectedAt)).to.be.at.most(Date.parse(p.latest));
    // The deemed approval bounds the BA's step: it runs, and the expectation is not later.
    const deemed = p.runningDeadlines.find((d) => d.elementId === 'DeemedApprovalPeriodElapsed')!;
    expect(deemed.basis).to.equal('§36 (2) BeschV');
    expect(Date.parse(p.expectedAt)).to.be.at.most(Date.parse(deemed.dueAt) + 60_000);
  });
});
