import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import visaExample from '../../processes/visa/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { CaseClient } from '../support/case-client.js';
import { getHarness, type Harness } from '../support/harness.js';

/**
 * A person's copy of everything the platform holds about their case (Art. 15 GDPR), as JSON
 * and as a page: status and history, documents, notices, what was sent to which authority,
 * who accessed the case, and how long it is kept. Only for the person, their agent and an
 * authority handling the case.
 */
describe('personal data copy (Art. 15 GDPR)', function () {
  this.timeout(60_000);
  let h: Harness;

  before(async () => {
    h = await getHarness();
  });

  it('gives the person everything held about their case, machine- and human-readable', async () => {
    const person: Principal = { subject: `applicant-${randomUUID()}`, role: 'applicant' };
    const familyName = `Copyholder${randomUUID().slice(0, 6)}`;
    const token = await h.token(person);
    const cases = new CaseClient(h.gatewayUrl, token);
    const visa = structuredClone(visaExample);
    visa.applicant = { ...visa.applicant, applicantId: person.subject, familyName };
    const caseId = await cases.start('visa', visa);
    await cases.at(caseId, 'AwaitApplicationLodged');
    const upload = await request(h.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/documents?type=PASSPORT&name=pass.pdf`)
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/pdf')
      .send(Buffer.from(`%PDF-1.7\n${familyName}\n%%EOF`));
    expect(upload.status).to.equal(201);

    const copy = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}/personal-data`)
      .set('authorization', `Bearer ${token}`);
    expect(copy.status, JSON.stringify(copy.body)).to.equal(200);
    expect(copy.body).to.include({ caseId, procedure: 'visa' });
    expect(copy.body.status.subject).to.include({ familyName });
    expect(copy.body.documents.map((d: { type: string }) => d.type)).to.deep.equal(['PASSPORT']);
    expect(copy.body.profile.person).to.include({ familyName });
    // The mission's appointment booking received the person's data: recorded by the adapter.
    const mission = copy.body.transfers.find(
      (t: { recipient: string }) => t.recipient === 'MISSION',
    );
    expect(mission, JSON.stringify(copy.body.transfers)).to.not.equal(undefined);
    expect(mission.fields.length).to.be.greaterThan(0);
    expect(mission.fields.join(' ')).to.not.include(familyName);
    expect(copy.body.accesses.map((a: { action: string }) => a.action)).to.include('start-visa');
    expect(copy.body.retention).to.deep.equal({ plan: null, holds: [] });

    const page = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}/personal-data?format=html`)
      .set('authorization', `Bearer ${token}`);
    expect(page.status).to.equal(200);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.text).to.include(familyName);
    expect(page.text).to.include('Data sent to authorities');
    expect(page.text).to.include('MISSION');
    // For people: names of fields and times in words, and a page that runs nothing.
    expect(page.text).to.include('<th scope="col">Family name</th>');
    expect(page.text).to.match(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC/);
    expect(page.text).to.not.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(page.headers['content-security-policy']).to.equal(
      "default-src 'none'; style-src 'unsafe-inline'",
    );

    // An authority handling the case exports it too: its part, what was sent to it, no profile.
    const missionCw = await h.token({
      subject: 'mission-cw-1',
      role: 'caseworker',
      authority: 'MISSION',
    });
    const byMission = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}/personal-data`)
      .set('authorization', `Bearer ${missionCw}`);
    expect(byMission.status, JSON.stringify(byMission.body)).to.equal(200);
    expect(byMission.body.exportedFor).to.deep.equal({ role: 'caseworker', authority: 'MISSION' });
    expect(byMission.body.profile).to.equal(null);
    expect(byMission.body.transfers.length).to.be.greaterThan(0);
    for (const t of byMission.body.transfers) expect(t.recipient).to.equal('MISSION');

    // Nobody else's: another person does not learn the case exists, an operator may not.
    const stranger = await h.token({ subject: `applicant-${randomUUID()}`, role: 'applicant' });
    const operator = await h.token({ subject: 'op-1', role: 'operator' });
    for (const [who, status] of [
      [stranger, 404],
      [operator, 403],
    ] as const) {
      const res = await request(h.gatewayUrl)
        .get(`/api/v1/cases/${caseId}/personal-data`)
        .set('authorization', `Bearer ${who}`);
      expect(res.status).to.equal(status);
    }
    // A correction request (Art. 16 GDPR) becomes a task of the immigration office; its
    // decision is in the person's copy.
    expect(
      (
        await request(h.gatewayUrl)
          .post('/api/v1/procedures/data-correction/cases')
          .set('authorization', `Bearer ${stranger}`)
          .set('idempotency-key', randomUUID())
          .send({
            caseId,
            correctionRequest: { field: 'x', correctedValue: 'y', reason: 'not my case' },
          })
      ).status,
      'only for a case one may see',
    ).to.equal(400);
    const correctionId = await cases.start('data-correction', {
      caseId,
      correctionRequest: {
        field: 'applicant.dateOfBirth',
        correctedValue: '1994-03-21',
        reason: 'The passport says 21 March 1994.',
      },
    });
    const open = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}/personal-data`)
      .set('authorization', `Bearer ${token}`);
    expect(open.body.corrections).to.have.length(1);
    expect(open.body.corrections[0]).to.include({ caseId: correctionId, decision: null });
    const abh = await h.token({ subject: 'abh-cw-1', role: 'caseworker', authority: 'ABH' });
    await cases.decide(abh, correctionId, 'DecideCorrection', {
      outcome: 'CORRECTED',
      note: 'Corrected in the file.',
    });
    await cases.finished(correctionId);
    const corrected = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}/personal-data`)
      .set('authorization', `Bearer ${token}`);
    expect(corrected.body.corrections[0]).to.deep.include({
      caseId: correctionId,
      state: 'COMPLETED',
      stage: 'Correction decided',
      request: {
        field: 'applicant.dateOfBirth',
        correctedValue: '1994-03-21',
        reason: 'The passport says 21 March 1994.',
      },
      decision: { outcome: 'CORRECTED', note: 'Corrected in the file.' },
    });

    // The person's own copy: profile, both cases with the address of their copies, grants,
    // and what they did; their agent gets it once granted standing access.
    const mine = await request(h.gatewayUrl)
      .get('/api/v1/personal-data')
      .set('authorization', `Bearer ${token}`);
    expect(mine.status, JSON.stringify(mine.body)).to.equal(200);
    expect(mine.body.subject).to.equal(person.subject);
    expect(mine.body.profile.person).to.include({ familyName });
    expect(mine.body.cases.map((c: { caseId: string }) => c.caseId)).to.deep.equal([
      caseId,
      correctionId,
    ]);
    expect(mine.body.cases[0].copy).to.equal(`/api/v1/cases/${caseId}/personal-data`);
    expect(mine.body.actions.map((a: { action: string }) => a.action)).to.include.members([
      'start-visa',
      'get-personal-data-copy',
    ]);
    const agentPrincipal: Principal = {
      subject: `agent-${randomUUID().slice(0, 8)}`,
      role: 'agent',
    };
    const agent = await h.token(agentPrincipal);
    const asAgent = (query: string) =>
      request(h.gatewayUrl)
        .get(`/api/v1/personal-data${query}`)
        .set('authorization', `Bearer ${agent}`);
    const noPerson = await asAgent('');
    expect(noPerson.status).to.equal(400);
    expect(noPerson.body.errors[0].field).to.equal('query:person');
    expect((await asAgent(`?person=${person.subject}`)).status).to.equal(403);
    const granted = await request(h.gatewayUrl)
      .post('/api/v1/grants')
      .set('authorization', `Bearer ${token}`)
      .send({ role: 'agent', grantee: agentPrincipal.subject });
    expect(granted.status, JSON.stringify(granted.body)).to.equal(201);
    const forPerson = await asAgent(`?person=${person.subject}`);
    expect(forPerson.status).to.equal(200);
    expect(forPerson.body.standingGrants).to.deep.include({
      role: 'agent',
      grantee: agentPrincipal.subject,
      grantedAt: granted.body.grantedAt,
    });
    expect(
      (
        await request(h.gatewayUrl)
          .get(`/api/v1/personal-data?person=${agentPrincipal.subject}`)
          .set('authorization', `Bearer ${token}`)
      ).status,
      "not another person's",
    ).to.equal(403);

    const bad = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}/personal-data?format=pdf`)
      .set('authorization', `Bearer ${token}`);
    expect(bad.status).to.equal(400);
    expect(bad.body.errors[0].field).to.match(/format/);
  });
});
