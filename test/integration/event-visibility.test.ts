import { expect } from 'chai';
import request from 'supertest';
import { getHarness, eventually, type Harness } from '../support/harness.js';
import {
  APPLICANT,
  BA_PARTNER,
  EMPLOYER,
  OTHER_EMPLOYER,
  newKey,
  zustimmungApplication,
} from '../support/fixtures.js';
import { EventVisibility } from '../../gateway/events/visibility.js';
import { CasesStore } from '../../gateway/data/cases-store.js';
import { ProjectionReader } from '../../gateway/data/projection-reader.js';
import { loadProcedures } from '../../processes/registry.js';
import type { CaseEventType, StoredCaseEvent } from '../../read-model/case-events.js';
import type { Principal } from '../../gateway/auth.js';

/**
 * Who receives which event (gateway/events/visibility.ts), on a real case in the real store:
 * each rule of the status applied to events — the case visible to the receiver (grants
 * included), the variable, notice, task and message rules per role and authority.
 */
const BA_CASEWORKER: Principal = { subject: 'ba-cw-events', role: 'caseworker', authority: 'BA' };
const OPERATOR: Principal = { subject: 'ops-events', role: 'operator' };
const AGENT: Principal = { subject: 'agent-visibility', role: 'agent' };

describe('events: who receives which event and field', function () {
  this.timeout(60_000);
  let h: Harness;
  let caseId: string;
  let root: string;
  let visibility: () => EventVisibility;

  before(async () => {
    h = await getHarness();
    const started = await request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${await h.token(EMPLOYER)}`)
      .set('idempotency-key', newKey())
      .send(zustimmungApplication());
    expect(started.status).to.equal(201);
    caseId = started.body.caseId as string;
    root = started.body.processInstanceKey as string;
    const projection = new ProjectionReader(h.pool);
    await eventually(
      async () => ((await projection.caseInstances(root)).length > 0 ? true : undefined),
      'the case projected',
    );
    const deps = { cases: new CasesStore(h.pool), procedures: loadProcedures(), projection };
    visibility = () => new EventVisibility(deps);
  });

  const event = (type: CaseEventType, data: Record<string, unknown>): StoredCaseEvent => ({
    id: '1',
    type,
    caseId,
    processInstanceKey: root,
    bpmnProcessId: 'ba-approval',
    at: new Date(),
    data,
  });
  async function receivers(e: StoredCaseEvent, who: Principal[]): Promise<string[]> {
    const v = visibility();
    const got: string[] = [];
    for (const p of who) if (await v.eventFor(p, e)) got.push(p.subject);
    return got;
  }
  const everyone = [
    EMPLOYER,
    OTHER_EMPLOYER,
    APPLICANT,
    BA_PARTNER,
    BA_CASEWORKER,
    OPERATOR,
    AGENT,
  ];

  it('sends a decision to those who may read the variable, of a case they may see', async () => {
    expect(
      await receivers(
        event('case.decision', { variable: 'zustimmungOutcome', value: 'A' }),
        everyone,
      ),
    ).to.have.members([
      EMPLOYER.subject,
      APPLICANT.subject,
      BA_PARTNER.subject,
      BA_CASEWORKER.subject,
    ]);
    // The security result is the authorities' (BVA, mission, ABH): no party, not the BA.
    expect(
      await receivers(event('case.decision', { variable: 'securityResult', value: 'x' }), everyone),
    ).to.deep.equal([]);
  });

  it('tells only those who may send the awaited message that the case waits for them', async () => {
    expect(
      await receivers(
        event('case.waiting-for-you', { messageName: 'ba-zustimmung-decision' }),
        everyone,
      ),
    ).to.have.members([BA_PARTNER.subject, BA_CASEWORKER.subject]);
    expect(
      await receivers(
        event('case.waiting-for-you', { messageName: 'employer-information-response' }),
        everyone,
      ),
    ).to.deep.equal([EMPLOYER.subject]);
    // A standing message (the withdrawal) is never "waiting for you".
    expect(
      await receivers(
        event('case.waiting-for-you', { messageName: 'application-withdrawn' }),
        everyone,
      ),
    ).to.deep.equal([]);
  });

  it('sends tasks to the caseworkers of their authority only, the course to operators, notices by authority', async () => {
    expect(
      await receivers(event('task.created', { taskKey: 't', authorities: ['BA'] }), everyone),
    ).to.deep.equal([BA_CASEWORKER.subject]);
    expect(
      await receivers(event('case.deadline-set', { elementId: 'x', dueAt: null }), everyone),
    ).to.have.members([
      EMPLOYER.subject,
      APPLICANT.subject,
      BA_PARTNER.subject,
      BA_CASEWORKER.subject,
      OPERATOR.subject,
    ]);
    expect(
      await receivers(event('case.notice-issued', { noticeId: 'n', authority: 'BA' }), everyone),
    ).to.have.members([
      EMPLOYER.subject,
      APPLICANT.subject,
      BA_PARTNER.subject,
      BA_CASEWORKER.subject,
    ]);
  });

  it('sends an office-bound task only to that office (or to caseworkers bound to none)', async () => {
    const office = (subject: string, o?: string): Principal => ({
      subject,
      role: 'caseworker',
      authority: 'BA',
      ...(o ? { office: o } : {}),
    });
    const dortmund = office('ba-dortmund', 'DORTMUND');
    const essen = office('ba-essen', 'ESSEN');
    const pool = office('ba-pool');
    const bound = event('task.created', {
      taskKey: 't',
      authorities: ['BA'],
      candidateGroups: ['BA/DORTMUND'],
    });
    expect(await receivers(bound, [dortmund, essen, pool, OPERATOR])).to.deep.equal([
      dortmund.subject,
      pool.subject,
    ]);
    const whole = event('task.claimed', {
      taskKey: 't',
      authorities: ['BA'],
      candidateGroups: ['BA'],
    });
    expect(await receivers(whole, [dortmund, essen, pool])).to.have.members([
      dortmund.subject,
      essen.subject,
      pool.subject,
    ]);
  });

  it('sends incidents and their resolution to operators only', async () => {
    const data = {
      incidentKey: 'i',
      elementId: 'x',
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'm',
    };
    for (const type of ['incident.created', 'incident.resolved'] as const)
      expect(await receivers(event(type, data), everyone)).to.deep.equal([OPERATOR.subject]);
  });

  it('sends a granted agent the case only after the applicant granted it', async () => {
    const e = event('case.started', { procedure: 'ba-approval' });
    expect(await receivers(e, [AGENT])).to.deep.equal([]);
    const granted = await request(h.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/grants`)
      .set('authorization', `Bearer ${await h.token(APPLICANT)}`)
      .send({ role: 'agent', grantee: AGENT.subject });
    expect(granted.status).to.equal(201);
    expect(await receivers(e, [AGENT])).to.deep.equal([AGENT.subject]);
    const ce = await visibility().eventFor(AGENT, e);
    expect(ce).to.deep.include({
      specversion: '1.0',
      id: '1',
      type: 'de.wsa.case.started',
      subject: caseId,
      source: `/api/v1/cases/${caseId}`,
      datacontenttype: 'application/json',
    });
  });
});
