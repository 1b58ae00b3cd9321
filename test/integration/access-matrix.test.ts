import { expect } from 'chai';
import request from 'supertest';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import type { CaseStatus } from '../../gateway/use-cases/get-case-status.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { autoAnswer } from '../support/simulators.js';
import { APPLICANT, EMPLOYER, OTHER_EMPLOYER } from '../support/fixtures.js';
import { loadProcedures } from '../../processes/registry.js';

const procedures = loadProcedures();

/**
 * Who sees what of one case, as a matrix: every role and authority against the status
 * (visible or 404, and exactly which results), the notices and the open tasks. The case is
 * a Blue Card application with BA approval and a granted visa (partner simulators answer).
 */
const who: Record<string, Principal> = {
  applicant: APPLICANT,
  'other applicant': { subject: 'applicant-other', role: 'applicant' },
  employer: EMPLOYER,
  'other employer': OTHER_EMPLOYER,
  'agent without grant': { subject: 'agent-1', role: 'agent' },
  'ABH caseworker': { subject: 'abh-cw-9', role: 'caseworker', authority: 'ABH' },
  'BA caseworker': { subject: 'ba-cw-9', role: 'caseworker', authority: 'BA' },
  'BVA partner': { subject: 'bva-9', role: 'partner', authority: 'BVA' },
  'mission partner': { subject: 'mission-9', role: 'partner', authority: 'MISSION' },
  'recognition body': { subject: 'an-9', role: 'partner', authority: 'RECOGNITION' },
  'AZR partner': { subject: 'azr-9', role: 'partner', authority: 'AZR' },
  operator: { subject: 'op-9', role: 'operator' },
  'process owner': { subject: 'po-9', role: 'process-owner' },
};

const PARTY_RESULTS = [
  'appointmentAt',
  'baChecks',
  'baRequestId',
  'deemedApprovalPeriod',
  'legalRoute',
  'missingDocuments',
  'visaDeadlines',
  'visaDecision',
  'zustimmungOutcome',
];
/** null: the case is not visible (404). Otherwise the exact result names, and notices seen. */
const expected: Record<string, { results: string[]; notices: boolean } | null> = {
  applicant: { results: PARTY_RESULTS, notices: true },
  'other applicant': null,
  employer: { results: PARTY_RESULTS, notices: true },
  'other employer': null,
  'agent without grant': null,
  'ABH caseworker': {
    results: [
      'baChecks',
      'baRequestId',
      'deemedApprovalPeriod',
      'legalRoute',
      'missingDocuments',
      'securityResult',
      'visaDeadlines',
      'visaDecision',
      'zustimmungOutcome',
    ],
    notices: true,
  },
  // An authority with a part: the results of its part only.
  'BA caseworker': {
    results: ['baChecks', 'baRequestId', 'deemedApprovalPeriod', 'zustimmungOutcome'],
    notices: false,
  },
  'BVA partner': { results: ['securityResult'], notices: false },
  'mission partner': {
    results: ['appointmentAt', 'securityResult', 'visaDeadlines', 'visaDecision'],
    notices: true,
  },
  // The degree is already comparable: no recognition procedure, the body takes no part.
  'recognition body': null,
  'AZR partner': null,
  operator: { results: [], notices: false },
  'process owner': null,
};

/** The procedures whose steps an authority with a part sees (the others see the whole case). */
const PART: Record<string, string[]> = {
  'BA caseworker': ['ba-approval'],
  'BVA partner': ['visa', 'residence-permit'],
  'mission partner': ['visa'],
};

describe('access matrix: who sees what of a case', function () {
  this.timeout(90_000);
  let h: Harness;
  let caseId: string;
  let noticeHref: string;

  before(async () => {
    h = await getHarness();
    await autoAnswer(h.simulatorsUrl, ['ba', 'bva', 'mission'], {
      enabled: true,
      delayMs: 0,
      outcome: null,
    });
    try {
      const cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
      const application = structuredClone(wsaExample);
      application.employer.employerId = EMPLOYER.organisation!;
      application.applicant.applicantId = APPLICANT.subject;
      caseId = await cases.start('wsa-application', application);
      const s = await cases.at(caseId, 'AwaitArrival');
      noticeHref = s.notices.find((n) => n.kind === 'VISA_DECISION')!.href;
    } finally {
      await autoAnswer(h.simulatorsUrl, ['ba', 'bva', 'mission'], { enabled: false });
    }
  });

  for (const [name, expectation] of Object.entries(expected)) {
    it(`${name}: ${expectation ? `sees ${expectation.results.length} results` : '404'}`, async () => {
      const token = await h.token(who[name]!);
      const res = await request(h.gatewayUrl)
        .get(`/api/v1/cases/${caseId}`)
        .set('authorization', `Bearer ${token}`);
      const notice = await request(h.gatewayUrl)
        .get(noticeHref)
        .set('authorization', `Bearer ${token}`);
      if (!expectation) {
        expect(res.status).to.equal(404);
        expect(notice.status).to.equal(404);
        return;
      }
      expect(res.status).to.equal(200);
      const status = res.body as CaseStatus;
      expect(Object.keys(status.outcome).sort()).to.deep.equal([...expectation.results].sort());
      // The visa notice: listed and readable for the parties, the mission and the ABH.
      expect(
        status.notices.some((n) => n.href === noticeHref),
        'notice listed',
      ).to.equal(expectation.notices);
      expect(notice.status).to.equal(expectation.notices ? 200 : 404);
      // The parties, the coordinating immigration office and operators see where it is; an
      // authority with a part only sees its part, which ended before entry.
      const stages = status.currentStages.map((s) => s.elementId);
      if (PART[name]) expect(stages).to.deep.equal([]);
      else expect(stages).to.include('AwaitArrival');
      // Only its own part of the history: steps of its procedures only.
      const own = new Set(
        (PART[name] ?? []).flatMap((p) => Object.keys(procedures.get(p)!.stages)),
      );
      if (PART[name]) {
        expect(status.history.length, 'some history of its part').to.be.greaterThan(0);
        for (const e of status.history) expect([...own], name).to.include(e.elementId);
        expect(status.finalStage).to.equal(null);
      }
    });
  }
});

describe('access matrix: an authority sees a case only once it takes part', function () {
  this.timeout(60_000);

  it('hides an application still in intake from the BA, the recognition body, the mission and the BVA, in reading and in messages', async () => {
    const h = await getHarness();
    const cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    const application = structuredClone(wsaExample);
    application.employer.employerId = EMPLOYER.organisation!;
    application.documents = [];
    const caseId = await cases.start('wsa-application', application);
    await cases.at(caseId, 'AwaitMissingDocuments');
    for (const name of ['BA caseworker', 'recognition body', 'mission partner', 'BVA partner']) {
      const token = await h.token(who[name]!);
      for (const path of [`/api/v1/cases/${caseId}`, `/api/v1/cases/${caseId}/documents`]) {
        const res = await request(h.gatewayUrl).get(path).set('authorization', `Bearer ${token}`);
        expect(res.status, `${name} ${path}`).to.equal(404);
      }
    }
    // Nor does a message tell it the case exists: 404, not "nothing waits" (409).
    const message = await request(h.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/messages/ba-zustimmung-decision`)
      .set('authorization', `Bearer ${await h.token(who['BA caseworker']!)}`)
      .set('idempotency-key', `intake-${caseId}`)
      .send({ outcome: 'APPROVED', baReference: 'BA-1' });
    expect(message.status, 'BA message to a case in intake').to.equal(404);
    const abh = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}`)
      .set('authorization', `Bearer ${await h.token(who['ABH caseworker']!)}`);
    expect(abh.status).to.equal(200);
    expect(abh.body.currentStages.map((s: { elementId: string }) => s.elementId)).to.include(
      'AwaitMissingDocuments',
    );
  });
});
