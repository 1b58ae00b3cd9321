import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import jobChangeExample from '../../processes/job-change/examples/application.json' with { type: 'json' };
import recognitionExample from '../../processes/recognition/examples/application.json' with { type: 'json' };
import familyExample from '../../processes/family-reunification/examples/application.json' with { type: 'json' };
import visaExample from '../../processes/visa/examples/application.json' with { type: 'json' };
import rpExample from '../../processes/residence-permit/examples/application.json' with { type: 'json' };
import type { CaseStatus } from '../../gateway/use-cases/get-case-status.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { autoAnswer } from '../support/simulators.js';
import {
  ABH_CASEWORKER,
  APPLICANT,
  BA_PARTNER,
  BVA,
  EMPLOYER,
  RECOGNITION_BODY,
  wsaApplication,
  zustimmungApplication,
} from '../support/fixtures.js';

/**
 * Every outcome a party receives comes as a notice, in German and English (issue 16, domain
 * 6): the BA's approval, refusal and deemed approval; the pre-approval, granted or refused;
 * the job change; every refusal or closing end; and the residence permit names the EU Blue
 * Card (§18g AufenthG) when it is one.
 */
const DAY = 24 * 60 * 60 * 1000;

describe('notices: every outcome a party receives', function () {
  this.timeout(120_000);
  let h: Harness;
  let employerCases: CaseClient;
  let applicantCases: CaseClient;
  const t: Record<string, string> = {};

  before(async () => {
    h = await getHarness();
    [t.employer, t.applicant, t.ba, t.abh, t.bva, t.recognition] = await Promise.all([
      h.token(EMPLOYER),
      h.token(APPLICANT),
      h.token(BA_PARTNER),
      h.token(ABH_CASEWORKER),
      h.token(BVA),
      h.token(RECOGNITION_BODY),
    ]);
    employerCases = new CaseClient(h.gatewayUrl, t.employer!);
    applicantCases = new CaseClient(h.gatewayUrl, t.applicant!);
  });

  const kinds = (s: CaseStatus) => s.notices.map((n) => [n.kind, n.authority, n.outcome]);

  /** The notice of this kind in both languages, as the given party reads it. */
  async function read(token: string, s: CaseStatus, kind: string) {
    const summary = s.notices.find((n) => n.kind === kind);
    expect(summary, `${kind} among ${JSON.stringify(s.notices)}`).to.not.equal(undefined);
    const get = async (lang: string) => {
      const res = await request(h.gatewayUrl)
        .get(`/api/v1/cases/${s.caseId}/notices/${encodeURIComponent(summary!.noticeId)}`)
        .set('authorization', `Bearer ${token}`)
        .set('accept-language', lang);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return res.body as { title: string; body: string; outcome: string; reference: string };
    };
    return { de: await get('de'), en: await get('en') };
  }

  describe('BA approval', () => {
    async function startBa() {
      const caseId = await employerCases.start('ba-approval', zustimmungApplication());
      await employerCases.at(caseId, 'AwaitBaDecision');
      return caseId;
    }

    it('delivers the approval with its conditions', async () => {
      const caseId = await startBa();
      await employerCases.send(t.ba!, caseId, 'ba-zustimmung-decision', {
        outcome: 'APPROVED',
        baReference: 'BA-N-1',
        restrictions: 'Nur bei Muster Pflege GmbH',
      });
      const done = await employerCases.finished(caseId);
      expect(done.finalStage?.elementId).to.equal('ZustimmungGranted');
      expect(kinds(done)).to.deep.equal([['BA_APPROVAL_DECISION', 'BA', 'APPROVED']]);
      const n = await read(t.employer!, done, 'BA_APPROVAL_DECISION');
      expect(n.de.reference).to.equal('BA-N-1');
      expect(n.de.body).to.contain('erteilt').and.contain('Nur bei Muster Pflege GmbH');
      expect(n.en.body).to.contain('granted');

      // The same notice as a PDF to keep: generated, with the authority and the date in words.
      const summary = done.notices.find((x) => x.kind === 'BA_APPROVAL_DECISION')!;
      const pdf = await request(h.gatewayUrl)
        .get(`/api/v1/cases/${caseId}/notices/${encodeURIComponent(summary.noticeId)}/pdf`)
        .set('authorization', `Bearer ${t.employer!}`)
        .set('accept-language', 'de')
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(pdf.status).to.equal(200);
      expect(pdf.headers['content-type']).to.equal('application/pdf');
      expect(pdf.headers['content-disposition']).to.match(
        /^attachment; filename="ba_approval_decision-BA-N-1\.pdf"$/,
      );
      const text = (pdf.body as Buffer).toString('latin1');
      expect(text.startsWith('%PDF-')).to.equal(true);
      // pdfkit writes the standard fonts' text as hex glyph strings: look for the words so.
      const hex = (words: string) => Buffer.from(words, 'latin1').toString('hex');
      expect(text.toLowerCase()).to.contain(hex('Bundesagentur'));
      expect(text.toLowerCase()).to.contain(hex('BA-N-1').toLowerCase());
      // Another applicant's account may not fetch it.
      const stranger = await request(h.gatewayUrl)
        .get(`/api/v1/cases/${caseId}/notices/${encodeURIComponent(summary.noticeId)}/pdf`)
        .set(
          'authorization',
          `Bearer ${await h.token({ subject: 'someone-else', role: 'applicant' })}`,
        );
      expect(stranger.status).to.equal(404);
    });

    it('delivers the refusal with its reasons', async () => {
      const caseId = await startBa();
      await employerCases.send(t.ba!, caseId, 'ba-zustimmung-decision', {
        outcome: 'REFUSED',
        baReference: 'BA-N-2',
        reasons: ['Arbeitsbedingungen nicht vergleichbar'],
      });
      const done = await employerCases.finished(caseId);
      expect(done.finalStage?.elementId).to.equal('ZustimmungRefused');
      expect(kinds(done)).to.deep.equal([['BA_APPROVAL_DECISION', 'BA', 'REFUSED']]);
      const n = await read(t.applicant!, done, 'BA_APPROVAL_DECISION');
      expect(n.de.body).to.contain('abgelehnt').and.contain('nicht vergleichbar');
      expect(n.en.body).to.contain('refused');
    });

    it('tells the parties when the approval is deemed granted (§36 (2) BeschV)', async () => {
      const caseId = await startBa();
      await h.engineClock.advance(14 * DAY + 60_000);
      const done = await employerCases.finished(caseId);
      expect(done.finalStage?.elementId).to.equal('ZustimmungDeemedGranted');
      expect(kinds(done)).to.deep.equal([['BA_APPROVAL_DECISION', 'BA', 'DEEMED_APPROVED']]);
      const n = await read(t.employer!, done, 'BA_APPROVAL_DECISION');
      expect(n.de.body).to.contain('§ 36 Abs. 2 BeschV');
      expect(n.en.body).to.contain('deemed granted');
      expect(n.de.reference).to.equal(done.outcome.baRequestId);
    });
  });

  describe('job change', () => {
    const application = (changed: boolean) => ({
      ...structuredClone(jobChangeExample),
      employer: { ...jobChangeExample.employer, employerId: EMPLOYER.organisation! },
      employmentConditionsChanged: changed,
    });

    it('delivers the confirmation of the new job', async () => {
      const caseId = await employerCases.start('job-change', application(false));
      await employerCases.decide(t.abh!, caseId, 'ConfirmJobChange', { abhReference: 'ABH-JC-N' });
      const done = await employerCases.finished(caseId);
      expect(kinds(done)).to.deep.equal([['JOB_CHANGE_DECISION', 'ABH', 'CONFIRMED']]);
      const n = await read(t.employer!, done, 'JOB_CHANGE_DECISION');
      expect(n.de.body).to.contain('bestätigt');
      expect(n.en.body).to.contain('confirmed');
    });

    it('delivers the BA refusal and the refused job change', async () => {
      const caseId = await employerCases.start('job-change', application(true));
      await employerCases.at(caseId, 'AwaitBaDecision');
      await employerCases.send(t.ba!, caseId, 'ba-zustimmung-decision', {
        outcome: 'REFUSED',
        baReference: 'BA-JC-N',
      });
      const done = await employerCases.finished(caseId);
      expect(done.finalStage?.elementId).to.equal('JobChangeRefusedByBa');
      expect(kinds(done)).to.deep.equal([
        ['BA_APPROVAL_DECISION', 'BA', 'REFUSED'],
        ['JOB_CHANGE_DECISION', 'ABH', 'BA_REFUSED_NEW_JOB'],
      ]);
      const n = await read(t.employer!, done, 'JOB_CHANGE_DECISION');
      expect(n.de.body).to.contain('§ 39 AufenthG');
      expect(n.en.body).to.contain('did not approve');
    });
  });

  describe('the application chain', () => {
    const partners = ['ba', 'bva', 'mission', 'recognition'] as const;
    before(async () => {
      await autoAnswer(h.simulatorsUrl, partners, { enabled: true, delayMs: 0, outcome: null });
    });
    after(async () => {
      await autoAnswer(h.simulatorsUrl, partners, { enabled: false, outcome: null });
    });

    const application = wsaApplication;

    it('closes with a notice when there is no skilled-worker route', async () => {
      const caseId = await employerCases.start(
        'wsa-application',
        application((a) => {
          a.qualification.kind = 'NONE';
          a.documents = a.documents.filter((d) => d.type === 'PASSPORT');
        }),
      );
      const done = await employerCases.finished(caseId);
      expect(done.finalStage?.elementId).to.equal('NoSkilledWorkerRoute');
      expect(kinds(done)).to.deep.equal([['APPLICATION_CLOSED', 'ABH', 'NO_SKILLED_WORKER_ROUTE']]);
      const n = await read(t.applicant!, done, 'APPLICATION_CLOSED');
      expect(n.de.body).to.contain('keinen Aufenthaltszweck als Fachkraft');
      expect(n.en.body).to.contain('no skilled-worker route');
    });

    const accelerated = () =>
      application((a) => {
        a.accelerated = true;
        a.jobOffer.grossAnnualSalaryEur = 60000; // Blue Card without BA approval
        (a as Record<string, unknown>).powerOfAttorney = {
          grantedOn: '2026-11-02',
          documentReference: 'Vollmacht.pdf',
          scope: 'ACCELERATED_PROCEDURE_81A',
        };
      });

    it('delivers the pre-approval (§81a AufenthG) and goes on to the visa', async () => {
      const caseId = await employerCases.start('wsa-application', accelerated());
      await employerCases.decide(t.abh!, caseId, 'DecideVorabzustimmung', {
        outcome: 'GRANTED',
        abhReference: 'ZABH-N-1',
        validUntil: '2027-06-30',
      });
      const s = await employerCases.until(caseId, 'pre-approval delivered', (st) =>
        st.notices.some((n) => n.kind === 'PRE_APPROVAL_DECISION'),
      );
      expect(kinds(s)).to.deep.include(['PRE_APPROVAL_DECISION', 'ABH', 'GRANTED']);
      const n = await read(t.employer!, s, 'PRE_APPROVAL_DECISION');
      expect(n.de.body).to.contain('§ 81a AufenthG').and.contain('2027-06-30');
      expect(n.en.body).to.contain('pre-approval');
      await employerCases.until(caseId, 'visa granted after the pre-approval', (st) =>
        st.notices.some((x) => x.kind === 'VISA_DECISION' && x.outcome === 'GRANTED'),
      );
    });

    it('lets the immigration office refuse the pre-approval, with a notice, and ends there', async () => {
      const caseId = await employerCases.start('wsa-application', accelerated());
      await employerCases.decide(t.abh!, caseId, 'DecideVorabzustimmung', {
        outcome: 'REFUSED',
        abhReference: 'ZABH-N-2',
        reason: 'Arbeitsplatz nicht gesichert',
      });
      const done = await employerCases.finished(caseId);
      expect(done.finalStage?.elementId).to.equal('PreApprovalRefused');
      expect(kinds(done)).to.deep.equal([['PRE_APPROVAL_DECISION', 'ABH', 'REFUSED']]);
      expect(done.history.map((e) => e.elementId)).to.not.include('ObtainVisa');
      const n = await read(t.applicant!, done, 'PRE_APPROVAL_DECISION');
      expect(n.de.body).to.contain('abgelehnt').and.contain('Arbeitsplatz nicht gesichert');
    });

    it('refuses a pre-approval without reasons, and a grant without validity (400 names the field)', async () => {
      const caseId = await employerCases.start('wsa-application', accelerated());
      const task = await employerCases.until(caseId, 'pre-approval open', (st) =>
        st.currentStages.some((c) => c.elementId === 'DecideVorabzustimmung'),
      );
      expect(task.state).to.equal('ACTIVE');
      const open = await request(h.gatewayUrl)
        .get(`/api/v1/cases/${caseId}`)
        .set('authorization', `Bearer ${t.abh}`);
      const taskKey = (open.body as CaseStatus).openTasks!.find(
        (x) => x.elementId === 'DecideVorabzustimmung',
      )!.taskKey;
      for (const [body, field] of [
        [{ outcome: 'REFUSED', abhReference: 'Z' }, 'reason'],
        [{ outcome: 'GRANTED', abhReference: 'Z' }, 'validUntil'],
      ] as const) {
        const res = await employerCases.completeTask(t.abh!, caseId, taskKey, body);
        expect(res.status, JSON.stringify(res.body)).to.equal(400);
        expect(JSON.stringify(res.body.errors)).to.contain(field);
      }
    });
  });

  it('names the EU Blue Card (§18g AufenthG) in the permit and its notice', async () => {
    const applicant = {
      ...rpExample.applicant,
      applicantId: APPLICANT.subject,
      familyName: `Sharma-${randomUUID().slice(0, 8)}`,
    };
    const caseId = await applicantCases.start('residence-permit', {
      ...rpExample,
      applicant,
      route: 'BLUE_CARD_18G',
    });
    await applicantCases.at(caseId, 'AwaitSecurityResult');
    await applicantCases.send(t.bva!, caseId, 'bva-security-result', {
      result: 'NO_CONCERNS',
      bvaReference: 'BVA-BC',
    });
    await applicantCases.decide(t.abh!, caseId, 'DecideResidencePermit', {
      outcome: 'GRANTED',
      abhReference: 'ABH-BC',
      validUntil: '2030-12-31',
    });
    const done = await applicantCases.finished(caseId);
    expect(done.outcome.residenceTitle).to.deep.equal({
      kind: 'EU_BLUE_CARD',
      basis: '§18g AufenthG',
    });
    const n = await read(t.applicant!, done, 'RESIDENCE_PERMIT_DECISION');
    expect(n.de.title).to.contain('Blaue Karte EU (§18g AufenthG)');
    expect(n.en.title).to.contain('EU Blue Card (§18g AufenthG)');
    expect(n.en.body).to.contain('EU Blue Card');
  });

  it('tells the family member why the reunification cannot go on', async () => {
    const applicant = {
      ...visaExample.applicant,
      applicantId: APPLICANT.subject,
      familyName: `Sharma-${randomUUID().slice(0, 8)}`,
    };
    const mainCase = await applicantCases.start('visa', { ...visaExample, applicant });
    await applicantCases.at(mainCase, 'AwaitApplicationLodged');
    const familyCase = await applicantCases.start('family-reunification', {
      ...familyExample,
      mainCaseId: mainCase,
      applicant,
    });
    const done = await applicantCases.finished(familyCase);
    expect(done.finalStage?.elementId).to.equal('MainApplicantNotYetAdmitted');
    expect(kinds(done)).to.deep.equal([
      ['APPLICATION_CLOSED', 'MISSION', 'MAIN_APPLICANT_NOT_ADMITTED'],
    ]);
    const n = await read(t.applicant!, done, 'APPLICATION_CLOSED');
    const member = familyExample.familyMember.person;
    expect(n.de.body).to.contain(`${member.givenName} ${member.familyName}`);
    expect(n.en.body).to.contain('holds no valid residence title');
  });

  it('closes the recognition with a notice when the documents do not come', async () => {
    const application = structuredClone(recognitionExample);
    application.applicant.applicantId = APPLICANT.subject;
    const caseId = await applicantCases.start('recognition', application);
    await applicantCases.at(caseId, 'AwaitCompletenessCheck');
    await applicantCases.send(t.recognition!, caseId, 'recognition-documents-requested', {
      missingDocuments: ['Diplom'],
      answerWithin: 'P14D',
    });
    await applicantCases.at(caseId, 'AwaitApplicantDocuments');
    await h.engineClock.advance(14 * DAY + 60_000);
    const done = await applicantCases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ApplicationIncomplete');
    expect(kinds(done)).to.deep.equal([['APPLICATION_CLOSED_INCOMPLETE', 'RECOGNITION', 'CLOSED']]);
  });
});
