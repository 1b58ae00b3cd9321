import { expect } from 'chai';
import request from 'supertest';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import type { CaseStatus } from '../../gateway/use-cases/get-case-status.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { autoAnswer } from '../support/simulators.js';
import { APPLICANT, EMPLOYER, OTHER_EMPLOYER } from '../support/fixtures.js';

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
  'BA caseworker': {
    results: ['baRequestId', 'deemedApprovalPeriod', 'legalRoute', 'zustimmungOutcome'],
    notices: false,
  },
  'BVA partner': { results: ['securityResult'], notices: false },
  'mission partner': {
    results: [
      'appointmentAt',
      'legalRoute',
      'securityResult',
      'visaDeadlines',
      'visaDecision',
      'zustimmungOutcome',
    ],
    notices: true,
  },
  'recognition body': { results: ['legalRoute'], notices: false },
  'AZR partner': null,
  operator: { results: [], notices: false },
  'process owner': null,
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
      // Everyone who may see the case sees where it is.
      expect(status.currentStages.map((s) => s.elementId)).to.include('AwaitArrival');
    });
  }
});
