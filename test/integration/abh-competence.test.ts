import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import rpExample from '../../processes/residence-permit/examples/application.json' with { type: 'json' };
import jcExample from '../../processes/job-change/examples/application.json' with { type: 'json' };
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { APPLICANT, BVA, EMPLOYER } from '../support/fixtures.js';
import { autoAnswer } from '../support/simulators.js';
import { CaseClient } from '../support/case-client.js';

/**
 * Central vs local immigration office (issue 19 item 6): the decision table abh-competence
 * binds the residence permit decision to the local ABH by place of residence (candidate
 * group `ABH/<abhCode>`). A caseworker bound to that office (token claim `office`) sees and
 * works it; one of another office neither lists, reads nor completes it; a caseworker bound
 * to no office (the authority's pool) still sees it.
 */
const office = (o: string | undefined, subject: string): Principal => ({
  subject,
  role: 'caseworker',
  authority: 'ABH',
  ...(o ? { office: o } : {}),
});

describe('ABH competence: tasks go to the competent office', function () {
  this.timeout(90_000);
  let h: Harness;
  let cases: CaseClient;
  const tokens: Record<string, string> = {};

  before(async () => {
    h = await getHarness();
    cases = new CaseClient(h.gatewayUrl, await h.token(APPLICANT));
    tokens.dresden = await h.token(office('DE-SN-DRESDEN', 'abh-dd-7'));
    tokens.leipzig = await h.token(office('DE-SN-LEIPZIG', 'abh-l-7'));
    tokens.pool = await h.token(office(undefined, 'abh-pool-7'));
    tokens.central = await h.token(office('DE-SN-CENTRAL', 'abh-central-7'));
    tokens.employer = await h.token(EMPLOYER);
    tokens.bva = await h.token(BVA);
  });

  const list = (who: string, caseId: string) =>
    request(h.gatewayUrl)
      .get(`/api/v1/tasks?caseId=${caseId}`)
      .set('authorization', `Bearer ${tokens[who]}`);

  it('routes the residence permit decision to the local office by place of residence', async () => {
    const applicant = {
      ...rpExample.applicant,
      applicantId: APPLICANT.subject,
      familyName: `Sharma-${randomUUID().slice(0, 8)}`,
    };
    const caseId = await cases.start('residence-permit', { ...rpExample, applicant });
    await cases.at(caseId, 'AwaitSecurityResult');
    const security = await cases.send(tokens.bva!, caseId, 'bva-security-result', {
      result: 'NO_CONCERNS',
      bvaReference: 'BVA-ABH-7',
    });
    expect(security.status, JSON.stringify(security.body)).to.equal(202);
    await cases.at(caseId, 'DecideResidencePermit');
    const seen = await eventually(async () => {
      const res = await list('dresden', caseId);
      return res.body.total === 1 ? res.body : undefined;
    }, 'the task in the Dresden office inbox');
    const taskKey = (seen.tasks as { taskKey: string }[])[0]!.taskKey;

    const leipzig = await list('leipzig', caseId);
    expect(leipzig.status).to.equal(200);
    expect(leipzig.body.total).to.equal(0);
    const read = await request(h.gatewayUrl)
      .get(`/api/v1/tasks/${taskKey}`)
      .set('authorization', `Bearer ${tokens.leipzig}`);
    expect(read.status).to.equal(404);
    const completed = await cases.completeTask(tokens.leipzig!, caseId, taskKey, {
      outcome: 'GRANTED',
      abhReference: 'ABH-L-1',
      validUntil: '2030-12-31',
    });
    expect(completed.status).to.be.oneOf([403, 404]);

    expect((await list('pool', caseId)).body.total).to.equal(1);
    const openTasks = async (who: string) =>
      (
        await request(h.gatewayUrl)
          .get(`/api/v1/cases/${caseId}`)
          .set('authorization', `Bearer ${tokens[who]}`)
      ).body.openTasks as { taskKey: string }[];
    expect((await openTasks('dresden')).map((t) => t.taskKey)).to.deep.equal([taskKey]);
    expect(await openTasks('leipzig')).to.deep.equal([]);

    const done = await cases.completeTask(tokens.dresden!, caseId, taskKey, {
      outcome: 'GRANTED',
      abhReference: 'ABH-DD-7',
      validUntil: '2030-12-31',
    });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    expect((await cases.finished(caseId)).finalStage?.elementId).to.equal('PermitGranted');
  });
  /** The task of this element is listed for `who` and not for `notWho`; returns its key. */
  async function onlyFor(who: string, notWho: string, caseId: string, elementId: string) {
    const seen = await eventually(async () => {
      const res = await list(who, caseId);
      const tasks = (res.body.tasks ?? []) as { taskKey: string; elementId: string }[];
      return tasks.find((x) => x.elementId === elementId);
    }, `${elementId} in the ${who} inbox`);
    const other = await list(notWho, caseId);
    expect(other.status).to.equal(200);
    expect(
      (other.body.tasks as { elementId: string }[]).map((x) => x.elementId),
      `${notWho} does not see ${elementId}`,
    ).to.not.include(elementId);
    return seen.taskKey;
  }

  it('routes the §81a pre-approval to the central office of the Land, not the local one', async () => {
    await autoAnswer(h.simulatorsUrl, ['ba', 'recognition'], {
      enabled: true,
      delayMs: 0,
      outcome: null,
    });
    try {
      const employerCases = new CaseClient(h.gatewayUrl, tokens.employer!);
      const a = structuredClone(wsaExample);
      a.employer.employerId = EMPLOYER.organisation!;
      a.applicant = {
        ...a.applicant,
        applicantId: APPLICANT.subject,
        familyName: `Sharma-${randomUUID().slice(0, 8)}`,
      };
      a.accelerated = true;
      const caseId = await employerCases.start('wsa-application', {
        ...a,
        abhCode: 'DE-SN-DRESDEN',
        powerOfAttorney: {
          grantedOn: '2026-11-02',
          documentReference: 'Vollmacht.pdf',
          scope: 'ACCELERATED_PROCEDURE_81A',
        },
      });
      await employerCases.at(caseId, 'DecideVorabzustimmung');
      const taskKey = await onlyFor('central', 'dresden', caseId, 'DecideVorabzustimmung');
      expect(taskKey).to.be.a('string');
    } finally {
      await autoAnswer(h.simulatorsUrl, ['ba', 'recognition'], { enabled: false });
    }
  });

  it('routes the job change confirmation to the local office by place of residence', async () => {
    const employerCases = new CaseClient(h.gatewayUrl, tokens.employer!);
    const caseId = await employerCases.start('job-change', {
      ...jcExample,
      applicant: {
        ...jcExample.applicant,
        applicantId: APPLICANT.subject,
        familyName: `Sharma-${randomUUID().slice(0, 8)}`,
      },
      employer: { ...jcExample.employer, employerId: EMPLOYER.organisation! },
      employmentConditionsChanged: false,
      abhCode: 'DE-SN-LEIPZIG',
    });
    await employerCases.at(caseId, 'ConfirmJobChange');
    await onlyFor('leipzig', 'dresden', caseId, 'ConfirmJobChange');
  });
});
