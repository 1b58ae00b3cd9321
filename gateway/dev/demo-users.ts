import type { Principal } from '../auth.js';

/** Demo users of the development issuer: every role, and a caseworker and partner system per authority. */
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
    name: 'agent',
    description: 'Immigration agent acting for applicants who granted it access',
    principal: { subject: 'demo-agent-fachkraft-service', role: 'agent' },
  },
  {
    name: 'abh-caseworker',
    description: 'Caseworker at the central immigration office (Zentrale Ausländerbehörde Dresden)',
    principal: { subject: 'demo-abh-caseworker', role: 'caseworker', authority: 'ABH' },
  },
  {
    name: 'abh-lead',
    description: 'Team lead at the central immigration office: assigns and reassigns its tasks',
    principal: {
      subject: 'demo-abh-lead',
      role: 'caseworker',
      authority: 'ABH',
      lead: true,
    },
  },
  {
    name: 'mission-caseworker',
    description: 'Visa officer at the German embassy New Delhi',
    principal: { subject: 'demo-mission-caseworker', role: 'caseworker', authority: 'MISSION' },
  },
  {
    name: 'recognition-caseworker',
    description: 'Caseworker at a recognition body (Anerkennungsstelle)',
    principal: {
      subject: 'demo-recognition-caseworker',
      role: 'caseworker',
      authority: 'RECOGNITION',
    },
  },
  {
    name: 'bva',
    description: "The BVA's security consultation (partner system)",
    principal: { subject: 'demo-bva', role: 'partner', authority: 'BVA' },
  },
  {
    name: 'mission',
    description: "A mission's visa system (partner system)",
    principal: { subject: 'demo-mission', role: 'partner', authority: 'MISSION' },
  },
  {
    name: 'recognition-body',
    description: "A recognition body's system (partner system)",
    principal: { subject: 'demo-recognition-body', role: 'partner', authority: 'RECOGNITION' },
  },
  {
    name: 'process-owner',
    description: 'Process owner at the ministry (edits and deploys models)',
    principal: { subject: 'demo-process-owner', role: 'process-owner' },
  },
  {
    name: 'operator',
    description: 'Platform operator',
    principal: { subject: 'demo-operator', role: 'operator' },
  },
];
