import { envString } from '../common/env.js';
import { authConfig, issueToken } from '../gateway/auth.js';
import { DEMO_USERS } from '../gateway/dev/demo-users.js';
import exampleApplication from '../processes/ba-approval/examples/application.json' with { type: 'json' };
import wsaExample from '../processes/wsa-application/examples/application.json' with { type: 'json' };
import jobChangeExample from '../processes/job-change/examples/application.json' with { type: 'json' };
import trainingExample from '../processes/training-study/examples/application.json' with { type: 'json' };

/**
 * Demo cases through the public API (so they exercise the same path as real clients): one
 * application through the whole chain so far (waiting for the BA), one waiting for missing
 * documents (the portal), a job change for the immigration office's tasklist, three BA approvals:
 * one waiting, one approved, one accelerated, and an in-company training waiting for the BA. Idempotency keys are fixed, so
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
      // Demo cases are test cases: no history for the expected decision dates.
      ...(path.startsWith('/procedures/') ? { 'test-case': 'true' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The procedure's example application with another applicant and job (Priya is the example itself). */
function application(
  applicant: { givenName: string; familyName: string; nationality: string } | null,
  accelerated: boolean,
  job?: { title: string; occupationCode: string; grossAnnualSalaryEur: number },
) {
  const body = structuredClone(exampleApplication);
  body.accelerated = accelerated;
  if (applicant) {
    // No portal account: only the employer follows this applicant's case.
    const { applicantId: _none, ...rest } = body.applicant;
    body.applicant = { ...rest, ...applicant } as typeof body.applicant;
  }
  if (job) Object.assign(body.jobOffer, job);
  return body;
}

const employer = await issueToken(auth, user('employer'));
const ba = await issueToken(auth, user('ba'));
const demos: { key: string; procedure: string; body: object; decide: string | null }[] = [
  {
    key: 'demo-application-priya-0001',
    procedure: 'wsa-application',
    body: wsaExample,
    decide: null,
  },
  // For the portal: Priya's second application, sent without documents (a Nachforderung).
  {
    key: 'demo-application-priya-0002-no-documents',
    procedure: 'wsa-application',
    body: { ...wsaExample, documents: [] },
    decide: null,
  },
  // For the tasklist: a change of employer the immigration office confirms (abh-caseworker).
  {
    key: 'demo-job-change-priya-0001',
    procedure: 'job-change',
    body: {
      ...jobChangeExample,
      employer: { ...jobChangeExample.employer, employerId: user('employer').organisation! },
      employmentConditionsChanged: false,
    },
    decide: null,
  },
  {
    key: 'demo-case-priya-0001',
    procedure: 'ba-approval',
    body: application(null, false),
    decide: null,
  },
  {
    key: 'demo-case-jose-00002',
    procedure: 'ba-approval',
    body: application({ givenName: 'José', familyName: 'Ramírez', nationality: 'COL' }, false, {
      title: 'Elektroniker',
      occupationCode: '26212',
      grossAnnualSalaryEur: 52000,
    }),
    decide: 'APPROVED',
  },
  {
    key: 'demo-case-amina-0003',
    procedure: 'ba-approval',
    body: application({ givenName: 'Amina', familyName: 'Okafor', nationality: 'NGA' }, true, {
      title: 'Softwareentwicklerin',
      occupationCode: '43412',
      grossAnnualSalaryEur: 61000,
    }),
    decide: null,
  },
  // An in-company training (§16a AufenthG) the training company applies for: the BA is asked.
  {
    key: 'demo-training-priya-0001',
    procedure: 'training-study',
    body: {
      ...trainingExample,
      employer: { ...trainingExample.employer, employerId: user('employer').organisation! },
    },
    decide: null,
  },
];
for (const d of demos) {
  const body = d.body;
  const started = await call('POST', `/procedures/${d.procedure}/cases`, employer, body, d.key);
  if (started.status >= 300) {
    console.error(`demo case ${d.key}: ${started.status} ${JSON.stringify(started.body)}`);
    continue;
  }
  const caseId = String(started.body.caseId);
  console.error(
    `demo case ${caseId}: ${d.procedure} (${started.status === 201 ? 'created' : 'exists'})`,
  );
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
