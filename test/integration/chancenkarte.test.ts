import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import example from '../../processes/chancenkarte/examples/application.json' with { type: 'json' };
import { PROCESSES_DIR } from '../../processes/registry.js';
import { EvidenceStore, subjectKey } from '../../workers/evidence/evidence-store.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import type { Principal } from '../../gateway/auth.js';
import { ABH_CASEWORKER, APPLICANT, BA_PARTNER, BVA, EMPLOYER } from '../support/fixtures.js';

/**
 * Chancenkarte (§20a AufenthG) on the real engine: the points of §20b are a decision table
 * (chancenkarte-points), the basic requirements and the minimum another (chancenkarte-eligibility);
 * a recognition the platform holds is used, not asked (once-only); the card covers part-time
 * and trial work as chancenkarte-employment says; a job offer leads into the residence permit
 * on the title legal-route gives; the card's end closes the case (clock moved).
 */
const DAY = 24 * 60 * 60 * 1000;
const OPERATOR: Principal = { subject: 'op-chancenkarte', role: 'operator' };
const OWNER: Principal = { subject: 'po-chancenkarte', role: 'process-owner' };

type Application = typeof example & { qualification: { recognition?: string } };

describe('Chancenkarte (§20a AufenthG)', function () {
  this.timeout(120_000);
  let h: Harness;
  let cases: CaseClient;
  const t: Record<string, string> = {};

  before(async () => {
    h = await getHarness();
    [t.applicant, t.abh, t.employer, t.ba, t.bva] = await Promise.all([
      h.token(APPLICANT),
      h.token(ABH_CASEWORKER),
      h.token(EMPLOYER),
      h.token(BA_PARTNER),
      h.token(BVA),
    ]);
    cases = new CaseClient(h.gatewayUrl, t.applicant!);
  });

  /** A person of their own (once-only evidence is per person), aged `age` by the engine's clock. */
  const application = async (age = 30): Promise<Application> => {
    const now = new Date(await h.engineClock.now());
    const born = new Date(now.getTime() - (age * 365.25 + 30) * DAY).toISOString().slice(0, 10);
    return {
      ...structuredClone(example),
      applicant: {
        ...example.applicant,
        applicantId: APPLICANT.subject,
        familyName: `Reyes-${randomUUID().slice(0, 8)}`,
        dateOfBirth: born,
      },
    };
  };
  const send = async (who: string, caseId: string, message: string, payload: object) => {
    const res = await cases.send(t[who]!, caseId, message, payload);
    expect(res.status, `${message}: ${JSON.stringify(res.body)}`).to.equal(202);
  };
  /** The decision tables the case evaluated (engine history): matched rules and outputs. */
  const decisions = async (caseId: string) => {
    const instance = await h.engine.instanceForBusinessKey('chancenkarte', caseId);
    expect(instance, 'the chancenkarte instance').to.be.a('string');
    return h.engine.decisionsOfInstance(instance!);
  };
  const rulesOf = async (caseId: string, key: string) =>
    (await decisions(caseId))
      .filter((d) => d.decisionDefinitionKey === key)
      .flatMap((d) => d.outputs.map((o) => o.ruleId));
  const grant = async (caseId: string, validDays = 365) => {
    const until = new Date((await h.engineClock.now()) + validDays * DAY).toISOString();
    await cases.decide(t.abh!, caseId, 'DecideChancenkarte', {
      outcome: 'GRANTED',
      abhReference: `ABH-CK-${caseId.slice(0, 6)}`,
      validUntil: until.slice(0, 10),
    });
    return cases.at(caseId, 'AwaitJobOffer');
  };
  const kinds = (s: { notices: { kind: string; outcome: string }[] }) =>
    s.notices.map((n) => [n.kind, n.outcome]);

  it('counts the points by the table, grants, covers trial work but not 25 hours, and closes when the card ends', async () => {
    const body = await application(30);
    const caseId = await cases.start('chancenkarte', body);
    await cases.at(caseId, 'DecideChancenkarte');
    // B1 German 2, two of five years' experience 2, shortage occupation 1, under 35 2: seven.
    expect(await rulesOf(caseId, 'chancenkarte-points')).to.have.members([
      'Rule_Base',
      'Rule_GermanB1',
      'Rule_ExperienceTwoOfFive',
      'Rule_Shortage',
      'Rule_AgeUnder35',
    ]);
    expect(await rulesOf(caseId, 'chancenkarte-eligibility')).to.deep.equal(
      Array(5).fill('Rule_Points'),
    );

    // The office asks for two years: the card lasts one (§20a (5) sentence 1, from the table).
    const searching = await grant(caseId, 730);
    expect(searching.currentStages[0]!.awaiting).to.equal('applicant');
    const granted = searching.notices.find((n) => n.kind === 'RESIDENCE_PERMIT_DECISION')!;
    expect(granted.outcome).to.equal('GRANTED');
    const notice = await request(h.gatewayUrl)
      .get(granted.href)
      .set('authorization', `Bearer ${t.applicant}`)
      .set('accept-language', 'en');
    expect(notice.body.title).to.equal(
      'Decision on the residence title: Chancenkarte (opportunity card) (§20a (3) no. 2, §20b AufenthG)',
    );
    const validUntil = Date.parse(notice.body.validUntil as string);
    const inAYear = (await h.engineClock.now()) + 365 * DAY;
    expect(Math.abs(validUntil - inAYear)).to.be.lessThan(2 * DAY);
    expect(searching.deadlines.map((d) => d.elementId)).to.include('CardValidityEnded');

    const nowMs = await h.engineClock.now();
    const inDays = (n: number) => new Date(nowMs + n * DAY).toISOString().slice(0, 10);
    const today = inDays(0);
    await send('applicant', caseId, 'chancenkarte-employment-reported', {
      kind: 'TRIAL_WORK',
      trialPurpose: 'QUALIFIED_EMPLOYMENT',
      startDate: today,
      endDate: inDays(13),
      weeklyHours: 40,
      employerName: 'Elektro Leipzig GmbH',
    });
    await cases.until(caseId, 'trial work assessed', (s) =>
      s.notices.some((n) => n.kind === 'CHANCENKARTE_EMPLOYMENT'),
    );
    await send('applicant', caseId, 'chancenkarte-employment-reported', {
      kind: 'PART_TIME',
      startDate: today,
      endDate: inDays(180),
      weeklyHours: 25,
    });
    const assessed = await cases.until(
      caseId,
      'part-time work assessed',
      (s) => s.notices.filter((n) => n.kind === 'CHANCENKARTE_EMPLOYMENT').length === 2,
    );
    expect(kinds(assessed).filter(([k]) => k === 'CHANCENKARTE_EMPLOYMENT')).to.deep.equal([
      ['CHANCENKARTE_EMPLOYMENT', 'COVERED'],
      ['CHANCENKARTE_EMPLOYMENT', 'NOT_COVERED'],
    ]);
    expect(assessed.currentStages.map((s) => s.elementId)).to.include('AwaitJobOffer');

    await h.engineClock.advance(367 * DAY);
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('CardExpiredWithoutOffer');
    expect(kinds(done).at(-1)).to.deep.equal(['APPLICATION_CLOSED', 'CHANCENKARTE_EXPIRED']);
  });

  it('extends the card once for an offer of qualified work that gives no title yet, then ends it', async () => {
    const caseId = await cases.start('chancenkarte', await application(30));
    await grant(caseId);
    const now = await h.engineClock.now();
    const offer = {
      employer: { employerId: EMPLOYER.organisation!, name: 'Elektro Leipzig GmbH' },
      jobOffer: {
        title: 'Electrician',
        occupationCode: '26212',
        grossAnnualSalaryEur: 38000,
        weeklyHours: 40,
        startDate: new Date(now + 30 * DAY).toISOString().slice(0, 10),
        workplace: { postalCode: '04109', city: 'Leipzig' },
      },
    };
    // A vocational qualification not yet recognised gives no §18a title (legal-route).
    await send('applicant', caseId, 'chancenkarte-job-offer', offer);
    const told = await cases.until(caseId, 'the offer answered', (s) =>
      s.notices.some((n) => n.kind === 'CHANCENKARTE_JOB_OFFER'),
    );
    expect(kinds(told).at(-1)).to.deep.equal(['CHANCENKARTE_JOB_OFFER', 'RECOGNITION_REQUIRED']);
    await cases.at(caseId, 'AwaitJobOffer');

    // Qualified employment: the office may extend the card by up to two years (§20a (5) s. 2).
    await send('applicant', caseId, 'chancenkarte-job-offer', {
      ...offer,
      qualifiedEmployment: true,
    });
    await cases.decide(t.abh!, caseId, 'DecideFollowUpCard', {
      outcome: 'GRANTED',
      abhReference: 'ABH-CK-FOLGE',
      validUntil: new Date(now + 1000 * DAY).toISOString().slice(0, 10),
    });
    const extended = await cases.until(
      caseId,
      'the follow-up card delivered',
      (s) =>
        s.notices.filter((n) => n.kind === 'RESIDENCE_PERMIT_DECISION').length === 2 &&
        s.currentStages.some((st) => st.elementId === 'AwaitJobOffer'),
    );
    const followUp = await request(h.gatewayUrl)
      .get(extended.notices.filter((n) => n.kind === 'RESIDENCE_PERMIT_DECISION')[1]!.href)
      .set('authorization', `Bearer ${t.applicant}`)
      .set('accept-language', 'en');
    expect(followUp.body.title).to.equal(
      'Decision on the residence title: Chancenkarte (opportunity card) (§20a (5) sentence 2 AufenthG)',
    );
    const until = Date.parse(followUp.body.validUntil as string);
    expect(Math.abs(until - (now + 730 * DAY))).to.be.lessThan(3 * DAY);

    // A second extension is not possible: the next qualified offer is only answered.
    await send('applicant', caseId, 'chancenkarte-job-offer', {
      ...offer,
      qualifiedEmployment: true,
    });
    await cases.until(
      caseId,
      'the second offer answered',
      (s) => s.notices.filter((n) => n.kind === 'CHANCENKARTE_JOB_OFFER').length === 2,
    );
    // The card now ends at the follow-up card's end, not the first one's.
    const ending = await cases.until(caseId, 'the new end of the card', (s) =>
      s.deadlines.some(
        (d) =>
          d.elementId === 'CardValidityEnded' &&
          Math.abs(Date.parse(d.dueAt) - (now + 730 * DAY)) < 3 * DAY,
      ),
    );
    expect(ending.deadlines.filter((d) => d.elementId === 'CardValidityEnded')).to.have.length(1);
    await h.engineClock.advance(740 * DAY);
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('CardExpiredWithoutOffer');
    expect(done.history.map((e) => e.elementId)).to.include('DecideFollowUpCard');
  });

  it('refuses at once, without the office, when the points stay below six', async () => {
    const body = await application(45);
    body.germanLevel = 'A1';
    body.englishLevel = 'B1';
    body.experienceYearsLastFive = 1;
    body.experienceYearsLastSeven = 1;
    body.shortageOccupation = false;
    const caseId = await cases.start('chancenkarte', body);
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('RequirementsNotMet');
    expect(done.history.map((e) => e.elementId)).to.not.include('DecideChancenkarte');
    expect(await rulesOf(caseId, 'chancenkarte-points')).to.deep.equal(['Rule_Base']);
    expect(await rulesOf(caseId, 'chancenkarte-eligibility')).to.include('Rule_TooFewPoints');
    expect(kinds(done)).to.deep.equal([['RESIDENCE_PERMIT_DECISION', 'REFUSED']]);
  });

  it('refuses without German A1 or English B2, whatever the points', async () => {
    const body = await application(25);
    body.germanLevel = 'NONE';
    body.englishLevel = 'B1';
    body.experienceYearsLastSeven = 6;
    body.experienceYearsLastFive = 5;
    const caseId = await cases.start('chancenkarte', body);
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('RequirementsNotMet');
    expect(await rulesOf(caseId, 'chancenkarte-eligibility')).to.include('Rule_Language');
  });

  it('takes the recognition the platform holds (once-only): a skilled worker needs no points, and an offer leads into the Blue Card', async () => {
    const body = await application(50);
    body.germanLevel = 'NONE';
    body.englishLevel = 'B2';
    body.experienceYearsLastFive = 0;
    body.experienceYearsLastSeven = 0;
    body.shortageOccupation = false;
    body.qualification = {
      kind: 'UNIVERSITY_DEGREE',
      stateRecognised: true,
      title: 'MSc',
    } as never;
    // The applicant says nothing about a German recognition; the platform holds one.
    const now = await h.engineClock.now();
    await new EvidenceStore(h.pool).record({
      subject: subjectKey(body.applicant),
      fact: 'RECOGNITION',
      result: 'EQUIVALENT',
      authority: 'RECOGNITION',
      basis: 'ZAB-2026-77',
      caseId: `recognition-${randomUUID()}`,
      verifiedAt: new Date(now - DAY),
      validUntil: new Date(now + 400 * DAY),
    });
    const caseId = await cases.start('chancenkarte', body);
    await cases.at(caseId, 'DecideChancenkarte');
    expect(await rulesOf(caseId, 'chancenkarte-eligibility')).to.deep.equal(
      Array(5).fill('Rule_SkilledWorker'),
    );
    await grant(caseId);

    await send('applicant', caseId, 'chancenkarte-job-offer', {
      employer: { employerId: EMPLOYER.organisation!, name: 'Datenwerk Dresden GmbH' },
      jobOffer: {
        title: 'Data engineer',
        occupationCode: '43412',
        grossAnnualSalaryEur: 62000,
        weeklyHours: 40,
        startDate: new Date(now + 30 * DAY).toISOString().slice(0, 10),
        workplace: { postalCode: '01067', city: 'Dresden' },
      },
    });
    // residence-permit, called: the BVA and the BA answer, the office decides.
    await cases.at(caseId, 'AwaitSecurityResult');
    await send('bva', caseId, 'bva-security-result', {
      result: 'NO_CONCERNS',
      bvaReference: 'BVA-CK-1',
    });
    await cases.at(caseId, 'AwaitBaDecision');
    await send('ba', caseId, 'ba-zustimmung-decision', {
      outcome: 'APPROVED',
      baReference: 'BA-CK-1',
    });
    await cases.decide(t.abh!, caseId, 'DecideResidencePermit', {
      outcome: 'GRANTED',
      abhReference: 'ABH-CK-BLUE',
      validUntil: new Date(now + 4 * 365 * DAY).toISOString().slice(0, 10),
    });
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ChangedIntoWorkTitle');
    expect((done.outcome.legalRoute as { route: string }).route).to.equal('BLUE_CARD_18G');
    // The card was a valid title when the work title was applied for: §81 (4) AufenthG.
    expect(kinds(done)).to.deep.include(['FIKTIONSBESCHEINIGUNG', 'ISSUED']);
    expect(kinds(done).at(-1)).to.deep.equal(['RESIDENCE_PERMIT_DECISION', 'GRANTED']);
  });

  it('refuses a trial employment report without its purpose, naming the field', async () => {
    const caseId = await cases.start('chancenkarte', await application());
    await cases.at(caseId, 'DecideChancenkarte');
    const res = await cases.send(t.applicant!, caseId, 'chancenkarte-employment-reported', {
      kind: 'TRIAL_WORK',
      startDate: '2027-01-04',
      endDate: '2027-01-08',
      weeklyHours: 40,
    });
    expect(res.status).to.equal(400);
    expect(JSON.stringify(res.body)).to.contain('trialPurpose');
    // The office may still refuse (discretion): the refusal names its reason.
    await cases.decide(t.abh!, caseId, 'DecideChancenkarte', {
      outcome: 'REFUSED',
      abhReference: 'ABH-CK-NO',
      reason: 'Blocked account not proven',
    });
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ChancenkarteRefused');
    expect(kinds(done)).to.deep.equal([['RESIDENCE_PERMIT_DECISION', 'REFUSED']]);
  });

  it('predicts the decision of an open case from the completed ones', async () => {
    const caseId = await cases.start('chancenkarte', await application());
    await cases.at(caseId, 'DecideChancenkarte');
    const s = await eventually(async () => {
      const st = await cases.status(caseId);
      return st.expectedDecision ? st : undefined;
    }, 'an expected decision date');
    expect(s.expectedDecision!.comparableCases).to.be.at.least(5);
    expect(Date.parse(s.expectedDecision!.latest)).to.be.at.least(
      Date.parse(s.expectedDecision!.earliest),
    );
    await send('applicant', caseId, 'application-withdrawn', { reason: 'Test ends here' });
    await cases.finished(caseId);
  });

  it('is in the KPIs: cases, their named steps and the card-end deadline', async () => {
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
      const p = body.procedures.find((x) => x.procedure === 'chancenkarte');
      return p && p.completed >= 3 && p.deadlines.missed >= 1 ? body : undefined;
    }, 'the chancenkarte cases in the KPIs');
    expect(
      report.steps.filter((s) => s.procedure === 'chancenkarte').map((s) => s.elementId),
    ).to.include.members(['DecideChancenkarte', 'AwaitJobOffer']);
  });

  it('is picked up by the modeler, the deploy gate and operations without code of its own', async () => {
    const dir = path.join(PROCESSES_DIR, 'chancenkarte');
    const bpmn = readFileSync(path.join(dir, 'chancenkarte.bpmn'), 'utf8');
    const owner = await h.token(OWNER);
    // The modeler: every task topic of the model has an element template.
    const templates = await request(h.gatewayUrl)
      .get('/api/v1/element-templates')
      .set('authorization', `Bearer ${owner}`);
    const topics = [...new Set([...bpmn.matchAll(/camunda:topic="([^"]+)"/g)].map((m) => m[1]))];
    expect(topics).to.include.members(['notice.issue', 'evidence.look-up', 'evidence.record']);
    expect(templates.body.map((x: { id: string }) => x.id)).to.include.members(
      topics.map((x) => `wsa.${x}`),
    );
    // The deploy gate: the model and its decision tables pass the checks as they are.
    const resources = ['chancenkarte.bpmn', 'chancenkarte-points.dmn'].map((name) => ({
      name,
      content: readFileSync(path.join(dir, name), 'utf8'),
    }));
    const checked = await request(h.gatewayUrl)
      .post('/api/v1/deployments')
      .set('authorization', `Bearer ${owner}`)
      .send({ resources, dryRun: true });
    expect(checked.status, JSON.stringify(checked.body)).to.equal(200);
    expect(checked.body).to.deep.equal({ checked: true, deployed: [] });
    const broken = await request(h.gatewayUrl)
      .post('/api/v1/deployments')
      .set('authorization', `Bearer ${owner}`)
      .send({
        resources: [
          {
            name: 'chancenkarte.bpmn',
            content: bpmn.replace('"chancenkarte-points"', '"no-such-table"'),
          },
        ],
        dryRun: true,
      });
    expect(broken.status).to.equal(422);
    // Operations: the procedure's cases are listed by procedure.
    const listed = await request(h.gatewayUrl)
      .get('/api/v1/operations/cases?procedure=chancenkarte')
      .set('authorization', `Bearer ${await h.token(OPERATOR)}`);
    expect(listed.status).to.equal(200);
    expect(listed.body.cases.length).to.be.greaterThan(3);
    expect(
      listed.body.cases.every((c: { procedure: string }) => c.procedure === 'chancenkarte'),
    ).to.equal(true);
  });
});
