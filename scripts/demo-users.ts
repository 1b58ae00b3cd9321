import type { Principal } from '../gateway/auth.js';

/** Demo users of the development issuer (one per role the BA approval slice uses). */
export const DEMO_USERS: { name: string; description: string; principal: Principal }[] = [
  {
    name: 'employer',
    description: 'HR officer of Muster Pflege GmbH (Betriebsnummer 12345678)',
    principal: {
      subject: 'demo-employer-muster-pflege',
      role: 'employer',
      organisation: '12345678',
    },
  },
  {
    name: 'applicant',
    description: 'Priya Sharma, nurse from India',
    principal: { subject: 'demo-applicant-priya', role: 'applicant' },
  },
  {
    name: 'ba',
    description: "The BA's labour-market admission system (partner)",
    principal: { subject: 'demo-ba-amz', role: 'partner', authority: 'BA' },
  },
  {
    name: 'ba-caseworker',
    description: 'Caseworker at the BA',
    principal: { subject: 'demo-ba-caseworker', role: 'caseworker', authority: 'BA' },
  },
  {
    name: 'operator',
    description: 'Platform operator',
    principal: { subject: 'demo-operator', role: 'operator' },
  },
];
