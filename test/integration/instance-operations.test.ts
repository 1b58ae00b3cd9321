import { expect } from 'chai';
import request from 'supertest';
import type { Principal } from '../../gateway/auth.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER, zustimmungApplication } from '../support/fixtures.js';

/**
 * Besides retrying incidents, operators repair a stuck case in the engine: they correct a
 * technical variable of a running instance (never personal data, never a decision), move its
 * token to another element (instance modification) or cancel the case with a reason. Nobody else may.
 */
const OPERATOR: Principal = { subject: 'op-repairs', role: 'operator' };

describe('operators: correcting a variable, moving a token and cancelling a case', function () {
  this.timeout(90_000);
  let h: Harness;
  let cases: CaseClient;
  let operator: string;
  before(async () => {
    h = await getHarness();
    cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    operator = await h.token(OPERATOR);
  });
  const api = (method: 'put' | 'post', path: string, body: object, token = operator) =>
    request(h.gatewayUrl)[method](path).set('authorization', `Bearer ${token}`).send(body);

  it('sets a technical variable of a running instance, and refuses personal data and decisions', async () => {
    const caseId = await cases.start('ba-approval', zustimmungApplication());
    const waiting = await cases.at(caseId, 'AwaitBaDecision');
    const instance = waiting.processInstanceKey!;
    const path = `/api/v1/operations/cases/${caseId}/variables`;

    const set = await api('put', path, {
      processInstanceKey: instance,
      variables: { deemedApprovalPeriod: 'P21D' },
    });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    expect(set.body).to.deep.equal({
      caseId,
      processInstanceKey: instance,
      variables: ['deemedApprovalPeriod'],
    });
    const { rows } = await h.pool.query<{ value: unknown }>(
      `select v->'value' as value from read_model.process_instances,
              jsonb_array_elements(view->'variables') v
        where id = $1 and v->>'name' = 'deemedApprovalPeriod'`,
      [instance],
    );
    // In the engine at once; in the read model once the projector has the event.
    expect(rows.length).to.equal(1);

    const personal = await api('put', path, {
      processInstanceKey: instance,
      variables: { applicant: { givenName: 'X' }, zustimmungOutcome: 'APPROVED' },
    });
    expect(personal.status).to.equal(400);
    expect(personal.body.errors.map((e: { field: string }) => e.field).sort()).to.deep.equal([
      '/variables/applicant',
      '/variables/zustimmungOutcome',
    ]);
    const foreign = await api('put', path, {
      processInstanceKey: '00000000-0000-4000-8000-000000000000',
      variables: { deemedApprovalPeriod: 'P21D' },
    });
    expect(foreign.status).to.equal(400);
    expect(foreign.body.errors[0].field).to.equal('/processInstanceKey');
    const employer = await api(
      'put',
      path,
      { processInstanceKey: instance, variables: { deemedApprovalPeriod: 'P1D' } },
      await h.token(EMPLOYER),
    );
    expect(employer.status).to.equal(403);
  });

  it('cancels a running case with a reason; a second cancellation is a conflict', async () => {
    const caseId = await cases.start('ba-approval', zustimmungApplication());
    await cases.at(caseId, 'AwaitBaDecision');
    const path = `/api/v1/operations/cases/${caseId}/cancellation`;
    expect((await api('post', path, { reason: 'x' })).status, 'a reason is required').to.equal(400);
    expect(
      (await api('post', path, { reason: 'duplicate application' }, await h.token(EMPLOYER)))
        .status,
    ).to.equal(403);
    const cancelled = await api('post', path, { reason: 'duplicate application' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).to.equal(200);
    expect(cancelled.body).to.deep.equal({ caseId, cancelled: true });
    const ended = await cases.until(caseId, 'case terminated', (s) => s.state === 'TERMINATED');
    expect(ended.currentStages).to.deep.equal([]);
    expect((await api('post', path, { reason: 'duplicate application' })).status).to.equal(409);
  });

  it('moves the token of a running instance to another element; refuses an inactive source and an unknown target', async () => {
    const caseId = await cases.start('ba-approval', zustimmungApplication());
    const waiting = await cases.at(caseId, 'AwaitBaDecision');
    const instance = waiting.processInstanceKey!;
    const path = `/api/v1/operations/cases/${caseId}/modification`;
    const move = (from: string, to: string, token = operator) =>
      api('post', path, { processInstanceKey: instance, from, to, reason: 'repair' }, token);

    const notActive = await move('SubmitZustimmungRequest', 'AwaitEmployerInformation');
    expect(notActive.status).to.equal(400);
    expect(notActive.body.errors[0].field).to.equal('/from');
    expect(notActive.body.errors[0].reason).to.contain('AwaitBaDecision');
    const unknown = await move('AwaitBaDecision', 'NoSuchElement');
    expect(unknown.status, JSON.stringify(unknown.body)).to.equal(400);
    expect(unknown.body.errors[0].field).to.equal('/to');
    expect(
      (await move('AwaitBaDecision', 'AwaitEmployerInformation', await h.token(EMPLOYER))).status,
    ).to.equal(403);

    const moved = await move('AwaitBaDecision', 'AwaitEmployerInformation');
    expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
    expect(moved.body).to.deep.equal({
      caseId,
      processInstanceKey: instance,
      from: 'AwaitBaDecision',
      to: 'AwaitEmployerInformation',
    });
    // The engine has moved it: the token waits at the other gateway, none at the first.
    const activity = await h.engine.client.request<{
      childActivityInstances: { activityId: string }[];
    }>('GET', `/process-instance/${instance}/activity-instances`);
    const ids = activity.childActivityInstances.map((a) => a.activityId);
    expect(ids).to.deep.equal(['AwaitEmployerInformation']);
  });
});
