import { randomUUID } from 'node:crypto';
import type { Principal } from '../../gateway/auth.js';

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

export function zustimmungApplication(overrides: { accelerated?: boolean } = {}) {
  return {
    accelerated: overrides.accelerated ?? false,
    employer: { employerId: EMPLOYER.organisation!, name: 'Muster Pflege GmbH' },
    applicant: {
      applicantId: APPLICANT.subject,
      givenName: 'Priya',
      familyName: 'Sharma',
      dateOfBirth: '1994-03-12',
      nationality: 'IND',
    },
    jobOffer: {
      title: 'Pflegefachkraft',
      occupationCode: '81302',
      grossAnnualSalaryEur: 48000,
      weeklyHours: 39,
      startDate: '2027-03-01',
      workplace: { postalCode: '01067', city: 'Dresden' },
    },
  };
}

export const newKey = () => `test-${randomUUID()}`;
