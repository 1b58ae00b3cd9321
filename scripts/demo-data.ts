import { envString } from '../common/env.js';
import { authConfig, issueToken } from '../gateway/auth.js';
import { DEMO_USERS } from './demo-users.js';

/**
 * Demo cases through the public API (so they exercise the same path as real clients):
 * one waiting for the BA, one approved, one accelerated. Idempotency keys are fixed, so
 * running it again (every `npm start`) creates nothing twice.
 */
const gateway = `http://127.0.0.1:${envString('GATEWAY_PORT', '3000')}/api/v1`;
const auth = authConfig(envString('AUTH_JWT_SECRET'));
const user = (name: string) => DEMO_USERS.find((u) => u.name === name)!.principal;

async function call(method: string, path: string, token: string, body?: unknown, key?: string) {
  const res = await fetch(`${gateway}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const application = (
  givenName: string,
  familyName: string,
  nationality: string,
  accelerated: boolean,
  title: string,
  occupationCode: string,
  salary: number,
) => ({
  accelerated,
  employer: { employerId: '12345678', name: 'Muster Pflege GmbH' },
  applicant: {
    applicantId: givenName === 'Priya' ? user('applicant').subject : undefined,
    givenName,
    familyName,
    dateOfBirth: '1994-03-12',
    nationality,
  },
  jobOffer: {
    title,
    occupationCode,
    grossAnnualSalaryEur: salary,
    weeklyHours: 39,
    startDate: '2027-03-01',
    workplace: { postalCode: '01067', city: 'Dresden' },
  },
});

const employer = await issueToken(auth, user('employer'));
const ba = await issueToken(auth, user('ba'));
const demos = [
  {
    key: 'demo-case-priya-0001',
    body: application('Priya', 'Sharma', 'IND', false, 'Pflegefachkraft', '81302', 48000),
    decide: null,
  },
  {
    key: 'demo-case-jose-00002',
    body: application('José', 'Ramírez', 'COL', false, 'Elektroniker', '26212', 52000),
    decide: 'APPROVED',
  },
  {
    key: 'demo-case-amina-0003',
    body: application('Amina', 'Okafor', 'NGA', true, 'Softwareentwicklerin', '43412', 61000),
    decide: null,
  },
];
for (const d of demos) {
  const body = JSON.parse(JSON.stringify(d.body)) as object;
  const started = await call('POST', '/procedures/ba-approval/cases', employer, body, d.key);
  if (started.status >= 300) {
    console.error(`demo case ${d.key}: ${started.status} ${JSON.stringify(started.body)}`);
    continue;
  }
  const caseId = String(started.body.caseId);
  console.error(`demo case ${caseId} (${started.status === 201 ? 'created' : 'exists'})`);
  if (d.decide) {
    for (let i = 0; i < 50; i++) {
      const res = await call(
        'POST',
        `/cases/${caseId}/messages/ba-zustimmung-decision`,
        ba,
        { outcome: d.decide, baReference: `BA-DEMO-${d.key}` },
        `${d.key}-decision`,
      );
      if (res.status !== 409) break;
      const status = await call('GET', `/cases/${caseId}`, employer);
      if (status.body.state === 'COMPLETED') break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
