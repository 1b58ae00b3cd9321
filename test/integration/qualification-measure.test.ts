import { expect } from 'chai';
import example from '../../processes/qualification-measure/examples/application.json' with { type: 'json' };
import request from 'supertest';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import type { Principal } from '../../gateway/auth.js';
import {
  ABH_CASEWORKER,
  BA_PARTNER,
  BVA,
  EMPLOYER,
  RECOGNITION_BODY,
} from '../support/fixtures.js';

/**
 * §16d AufenthG after a partially equivalent recognition, on the real engine: the chosen way
 * decides (decision table qualification-measure-rules) whether the BA is asked; the
 * recognition body's decision after the measure ends it, or the longest stay does (clock moved).
 */
const DAY = 24 * 60 * 60 * 1000;
const OPERATOR: Principal = { subject: 'op-measures', role: 'operator' };

describe('qualification measure (§16d AufenthG)', function () {
  this.timeout(90_000);
  let h: Harness;
  let cases: CaseClient;
  let employer: string;
  let ba: string;
  let recognition: string;
  let abh: string;
  let bva: string;

  before(async () => {
    h = await getHarness();
    employer = await h.token(EMPLOYER);
    cases = new CaseClient(h.gatewayUrl, employer);
    [ba, recognition, abh, bva] = await Promise.all([
      h.token(BA_PARTNER),
      h.token(RECOGNITION_BODY),
      h.token(ABH_CASEWORKER),
      h.token(BVA),
    ]);
  });

  const application = () => ({
    ...structuredClone(example),
    employer: { ...example.employer, employerId: EMPLOYER.organisation! },
  });

  async function choose(caseId: string, choice: object) {
    await cases.at(caseId, 'AwaitMeasureChoice');
    const res = await cases.send(employer, caseId, 'qualification-measure-chosen', choice);
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
  }

  it('runs a measure outside a company without the BA, takes progress, and ends recognised', async () => {
    const caseId = await cases.start('qualification-measure', application());
    await choose(caseId, { path: 'QUALIFICATION_MEASURE', predominantlyInCompany: false });
    await cases.at(caseId, 'AwaitRecognitionAfterMeasure');
    const progress = await cases.send(employer, caseId, 'qualification-measure-progress', {
      state: 'STARTED',
    });
    expect(progress.status, JSON.stringify(progress.body)).to.equal(202);
    const waiting = await cases.until(caseId, 'progress recorded', (s) =>
      s.history.some((e) => e.elementId === 'ProgressRecorded'),
    );
    expect(waiting.currentStages.map((st) => st.elementId)).to.include(
      'AwaitRecognitionAfterMeasure',
    );
    expect(waiting.history.map((e) => e.elementId)).to.not.include('ObtainBaApproval');
    const decided = await cases.send(recognition, caseId, 'recognition-after-measure', {
      result: 'EQUIVALENT',
      fileReference: 'ANR-2027-0042-B',
      route: 'SKILLED_WORKER_VOCATIONAL_18A',
    });
    expect(decided.status, JSON.stringify(decided.body)).to.equal(202);
    // Recognised: the person applies for the skilled-worker title (change of purpose).
    const waitingForTitle = await cases.at(caseId, 'AwaitChangeOfPurpose');
    expect(waitingForTitle.currentStages[0]!.awaiting).to.equal('applicant');
    await changeOfPurpose(caseId, 'GRANTED');
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('QualifiedForSkilledWork');
    expect((done.outcome.recognitionDecision as { result: string }).result).to.equal('EQUIVALENT');
    expect((done.outcome.permitDecision as { outcome: string }).outcome).to.equal('GRANTED');
    expect(done.notices.map((n) => [n.kind, n.outcome])).to.include.deep.members([
      ['RECOGNITION_DECISION', 'EQUIVALENT'],
      ['RESIDENCE_PERMIT_DECISION', 'GRANTED'],
    ]);
  });

  it('ends refused when the immigration office refuses the skilled-worker title after the measure', async () => {
    const caseId = await cases.start('qualification-measure', application());
    await choose(caseId, { path: 'QUALIFICATION_ANALYSIS', predominantlyInCompany: false });
    await cases.at(caseId, 'AwaitRecognitionAfterMeasure');
    const decided = await cases.send(recognition, caseId, 'recognition-after-measure', {
      result: 'EQUIVALENT',
      fileReference: 'ANR-2027-0043-Q',
    });
    expect(decided.status, JSON.stringify(decided.body)).to.equal(202);
    await cases.at(caseId, 'AwaitChangeOfPurpose');
    const bad = await cases.send(employer, caseId, 'change-of-purpose-applied', {
      route: 'SKILLED_WORKER_DEGREE_18B',
      abhCode: 'DE-SN-DRESDEN',
      travelDocument: { number: 'Z1234567', expiresOn: '2032-05-31' },
      employmentChanged: true,
    });
    expect(bad.status, 'a changed employment without the job').to.equal(400);
    expect(JSON.stringify(bad.body)).to.contain('jobOffer');
    await changeOfPurpose(caseId, 'REFUSED');
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ChangeOfPurposeRefused');
  });

  /** The application for the §18a/§18b title, the BVA's check and the immigration office's decision. */
  async function changeOfPurpose(caseId: string, outcome: 'GRANTED' | 'REFUSED') {
    const applied = await cases.send(employer, caseId, 'change-of-purpose-applied', {
      route: 'SKILLED_WORKER_VOCATIONAL_18A',
      abhCode: 'DE-SN-DRESDEN',
      travelDocument: { number: 'Z1234567', expiresOn: '2032-05-31' },
      employmentChanged: false,
    });
    expect(applied.status, JSON.stringify(applied.body)).to.equal(202);
    // The BVA is asked unless a security check of the person is still valid (once-only).
    const at = await cases.until(caseId, 'the security check or the decision', (st) =>
      st.currentStages.some((x) =>
        ['AwaitSecurityResult', 'DecideResidencePermit'].includes(x.elementId),
      ),
    );
    if (at.currentStages.some((x) => x.elementId === 'AwaitSecurityResult')) {
      const security = await cases.send(bva, caseId, 'bva-security-result', {
        result: 'NO_CONCERNS',
        bvaReference: 'BVA-16D-1',
      });
      expect(security.status, JSON.stringify(security.body)).to.equal(202);
    }
    await cases.decide(abh, caseId, 'DecideResidencePermit', {
      outcome,
      abhReference: 'ABH-16D-1',
      ...(outcome === 'GRANTED'
        ? { validUntil: '2031-12-31' }
        : { reason: 'Lebensunterhalt nicht gesichert' }),
    });
  }

  it('asks the BA for a recognition partnership and closes when it refuses', async () => {
    const caseId = await cases.start('qualification-measure', application());
    await choose(caseId, { path: 'RECOGNITION_PARTNERSHIP', predominantlyInCompany: true });
    await cases.at(caseId, 'AwaitBaDecision');
    const refused = await cases.send(ba, caseId, 'ba-zustimmung-decision', {
      outcome: 'REFUSED',
      baReference: 'BA-16D-1',
    });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(202);
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('MeasureNotApproved');
    expect(done.notices.map((n) => [n.kind, n.outcome])).to.deep.include([
      'APPLICATION_CLOSED',
      'BA_APPROVAL_REFUSED',
    ]);
  });

  it('closes a qualification analysis when its six months pass without a decision', async () => {
    const caseId = await cases.start('qualification-measure', application());
    await choose(caseId, { path: 'QUALIFICATION_ANALYSIS', predominantlyInCompany: false });
    const waiting = await cases.at(caseId, 'AwaitRecognitionAfterMeasure');
    expect(waiting.history.map((e) => e.elementId)).to.not.include('ObtainBaApproval');
    await h.engineClock.advance(185 * DAY);
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('MeasureEndedWithoutRecognition');
    expect(done.notices.map((n) => [n.kind, n.outcome])).to.deep.equal([
      ['APPLICATION_CLOSED', 'MEASURE_MAX_STAY_REACHED'],
    ]);
  });

  it('refuses a choice that names no known way, naming the field', async () => {
    const caseId = await cases.start('qualification-measure', application());
    await cases.at(caseId, 'AwaitMeasureChoice');
    const res = await cases.send(employer, caseId, 'qualification-measure-chosen', {
      path: 'TRAINING',
      predominantlyInCompany: false,
    });
    expect(res.status).to.equal(400);
    expect(JSON.stringify(res.body)).to.contain('path');
  });

  it('is in the KPIs: cases, their named steps and the longest-stay deadline', async () => {
    const operator = await h.token(OPERATOR);
    type Report = {
      procedures: { procedure: string; completed: number; deadlines: { missed: number } }[];
      steps: { procedure: string; elementId: string }[];
    };
    const report = await eventually(async () => {
      const res = await request(h.gatewayUrl)
        .get('/api/v1/kpis')
        .set('authorization', `Bearer ${operator}`);
      const body = res.body as Report;
      const p = body.procedures.find((x) => x.procedure === 'qualification-measure');
      return p && p.completed >= 3 && p.deadlines.missed >= 1 ? body : undefined;
    }, 'the qualification-measure cases in the KPIs');
    expect(
      report.steps.filter((s) => s.procedure === 'qualification-measure').map((s) => s.elementId),
    ).to.include.members(['AwaitMeasureChoice', 'AwaitRecognitionAfterMeasure']);
  });
});
