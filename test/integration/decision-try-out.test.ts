import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Principal } from '../../gateway/auth.js';
import { PROCESSES_DIR } from '../../processes/registry.js';
import { getHarness, type Harness } from '../support/harness.js';
import { ABH_CASEWORKER } from '../support/fixtures.js';

/**
 * The modeler's "try it": a decision table as edited (not deployed) is evaluated by the real
 * engine host's DMN engine. The Blue Card table with a changed threshold gives a different
 * route for the same salary than the table in the repository; nothing gets deployed.
 */
const OWNER: Principal = { subject: 'po-try-decision', role: 'process-owner' };
const OPERATOR: Principal = { subject: 'op-try-decision', role: 'operator' };
const legalRoute = readFileSync(
  path.join(PROCESSES_DIR, 'wsa-application', 'legal-route.dmn'),
  'utf8',
);
const applicant = (salary: number, shortageOccupation: boolean) => ({
  qualification: { kind: 'UNIVERSITY_DEGREE', recognition: 'NOT_ASSESSED' },
  jobOffer: { grossAnnualSalaryEur: salary },
  shortageOccupation,
  newEntrant: false,
});

interface TryOut {
  decisionKey: string;
  result: Record<string, unknown>[];
  decisions: {
    decisionKey: string;
    inputs: { id: string; value: unknown }[];
    matchedRules: { ruleId: string; ruleIndex: number; outputs: Record<string, unknown> }[];
  }[];
}

describe('try a decision before deploying it (the engine host evaluates it)', function () {
  this.timeout(60_000);
  let h: Harness;
  let owner: string;
  before(async () => {
    h = await getHarness();
    owner = await h.token(OWNER);
  });

  const tryIt = (body: unknown, token = owner) =>
    request(h.gatewayUrl)
      .post('/api/v1/models/decisions/evaluate')
      .set('authorization', `Bearer ${token}`)
      .send(body as object);

  it('names the rule that matched and its outputs (the repository’s table)', async () => {
    const res = await tryIt({ xml: legalRoute, variables: applicant(51_000, false) });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const body = res.body as TryOut;
    expect(body.decisionKey).to.equal('legal-route');
    expect(body.result).to.deep.equal([
      { route: 'BLUE_CARD_18G', baApprovalRequired: false, recognitionRequired: true },
    ]);
    const [table] = body.decisions;
    expect(table!.matchedRules.map((r) => [r.ruleId, r.ruleIndex])).to.deep.equal([
      ['Rule_BlueCard', 1],
    ]);
    expect(table!.inputs.find((i) => i.id === 'Input_Salary')!.value).to.equal(51_000);
  });

  it('evaluates the edited, undeployed table: a raised threshold changes the route', async () => {
    const raised = legalRoute.replace('&gt;= 50700', '&gt;= 52000');
    expect(raised).to.not.equal(legalRoute);
    const res = await tryIt({
      xml: raised,
      decisionKey: 'legal-route',
      variables: applicant(51_000, false),
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const body = res.body as TryOut;
    expect(body.decisions[0]!.matchedRules.map((r) => r.ruleId)).to.deep.equal(['Rule_Degree']);
    expect(body.result[0]!.route).to.equal('SKILLED_WORKER_DEGREE_18B');
    // Nothing was deployed: the newest deployed legal-route still answers with the old threshold.
    const versions = await request(h.gatewayUrl)
      .get('/api/v1/models/deployed/decisions/legal-route-definitions/versions')
      .set('authorization', `Bearer ${owner}`);
    expect(versions.status).to.equal(200);
    expect(versions.body.versions).to.have.length.greaterThan(0);
    for (const v of versions.body.versions as { key: string }[]) {
      const d = await request(h.gatewayUrl)
        .get(`/api/v1/models/deployed/${v.key}`)
        .set('authorization', `Bearer ${owner}`);
      expect(d.body.xml).to.not.contain('&gt;= 52000');
    }
  });

  it('refuses a document the engine cannot read, naming /xml', async () => {
    const res = await tryIt({ xml: '<definitions>not dmn', variables: {} });
    expect(res.status).to.equal(400);
    expect(res.body.errors[0].field).to.equal('/xml');
    expect(res.body.errors[0].reason).to.match(/DMN/);
  });

  it('refuses an unknown decision, naming /decisionKey and the decisions there are', async () => {
    const res = await tryIt({ xml: legalRoute, decisionKey: 'no-such-table', variables: {} });
    expect(res.status).to.equal(400);
    expect(res.body.errors[0].field).to.equal('/decisionKey');
    expect(res.body.errors[0].reason).to.contain('legal-route');
  });

  it('refuses inputs the engine cannot evaluate, naming /variables', async () => {
    // The salary input is typed double: a text cannot be converted.
    const res = await tryIt({
      xml: legalRoute,
      variables: { ...applicant(0, false), jobOffer: { grossAnnualSalaryEur: 'a lot' } },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(400);
    expect(res.body.errors[0].field).to.equal('/variables');
  });

  it('checks the body against the contract (a missing xml is a 400 naming it)', async () => {
    const res = await tryIt({ variables: {} });
    expect(res.status).to.equal(400);
    expect(JSON.stringify(res.body.errors)).to.contain('xml');
  });

  it('is for process owners only: operators and caseworkers are refused', async () => {
    for (const p of [OPERATOR, ABH_CASEWORKER]) {
      const res = await tryIt({ xml: legalRoute, variables: {} }, await h.token(p));
      expect(res.status, p.role).to.equal(403);
    }
    const anonymous = await request(h.gatewayUrl)
      .post('/api/v1/models/decisions/evaluate')
      .send({ xml: legalRoute });
    expect(anonymous.status).to.equal(401);
  });

  it('the engine host’s endpoint needs the engine credentials (401 without, a wrong password)', async () => {
    const url = `${process.env.ENGINE_URL}/engine-wsa/decisions/evaluate`;
    const post = (authorization?: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ xml: legalRoute }),
      });
    expect((await post()).status).to.equal(401);
    const wrong = `Basic ${Buffer.from('gateway:not-the-password').toString('base64')}`;
    expect((await post(wrong)).status).to.equal(401);
  });
});
