import { randomUUID } from 'node:crypto';
import type { Principal } from '../../gateway/auth.js';
import exampleApplication from '../../processes/ba-approval/examples/application.json' with { type: 'json' };
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };

export const EMPLOYER: Principal = {
  subject: 'employer-user-1',
  role: 'employer',
  organisation: '12345678',
};
export const OTHER_EMPLOYER: Principal = {
  subject: 'employer-user-2',
  role: 'employer',
  organisation: '87654321',
};
export const BA_PARTNER: Principal = { subject: 'ba-amz', role: 'partner', authority: 'BA' };
export const ABH_CASEWORKER: Principal = {
  subject: 'abh-cw-1',
  role: 'caseworker',
  authority: 'ABH',
};
export const APPLICANT: Principal = { subject: 'applicant-priya', role: 'applicant' };
export const MISSION: Principal = {
  subject: 'mission-new-delhi',
  role: 'partner',
  authority: 'MISSION',
};
export const BVA: Principal = { subject: 'bva-konsultation', role: 'partner', authority: 'BVA' };
export const RECOGNITION_BODY: Principal = {
  subject: 'anerkennungsstelle-sachsen',
  role: 'partner',
  authority: 'RECOGNITION',
};

/** The example application of processes/ba-approval/examples, as the test employer and applicant. */
export function zustimmungApplication(overrides: { accelerated?: boolean } = {}) {
  const body = structuredClone(exampleApplication);
  body.accelerated = overrides.accelerated ?? false;
  body.employer.employerId = EMPLOYER.organisation!;
  body.applicant.applicantId = APPLICANT.subject;
  return body;
}

export type WsaApplication = typeof wsaExample;

/** A wsa-application of EMPLOYER for APPLICANT's account (the example), changed as given. */
export function wsaApplication(
  change: (a: WsaApplication) => void = () => undefined,
): WsaApplication {
  const a = structuredClone(wsaExample);
  a.employer.employerId = EMPLOYER.organisation!;
  a.applicant.applicantId = APPLICANT.subject;
  change(a);
  return a;
}

export const newKey = () => `test-${randomUUID()}`;
