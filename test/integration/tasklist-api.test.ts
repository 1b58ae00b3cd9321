import { expect } from 'chai';
import request from 'supertest';
import example from '../../processes/job-change/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER } from '../support/fixtures.js';

/**
 * The tasklist API as caseworkers use it: a task with its form and case file, claiming,
 * two caseworkers completing at once, bad form data, escalation to the team lead, and the
 * wall between authorities. The task: the immigration office confirms a job change.
 */
const DAY = 24 * 60 * 60 * 1000;
const ABH_1: Principal = { subject: 'abh-tl-anna', role: 'caseworker', authority: 'ABH' };
const ABH_2: Principal = { subject: 'abh-tl-ben', role: 'caseworker', authority: 'ABH' };
const BA_CW: Principal = { subject: 'ba-tl-cem', role: 'caseworker', authority: 'BA' };
const ABH_3: Principal = { subject: 'abh-tl-cleo', role: 'caseworker', authority: 'ABH' };
const ABH_LEAD: Principal = {
  subject: 'abh-tl-lena',
  role: 'caseworker',
  authority: 'ABH',
  lead: true,
};

describe('tasklist API: working an authority’s user tasks', function () {
  this.timeout(90_000);
  let h: Harness;
  let cases: CaseClient;
  const t: Record<string, string> = {};

  before(async () => {
    h = await getHarness();
    for (const [name, p] of Object.entries({
      abh1: ABH_1,
      abh2: ABH_2,
      abh3: ABH_3,
      lead: ABH_LEAD,
      ba: BA_CW,
      employer: EMPLOYER,
    }))
      t[name] = await h.token(p);
    cases = new CaseClient(h.gatewayUrl, t.employer!);
  });

  const api = () => request(h.gatewayUrl);
  const as = (who: string) => ({ authorization: `Bearer ${t[who]}` });
  /** A job change waiting for the immigration office's confirmation, and its task key. */
  async function openTask(): Promise<{ caseId: string; taskKey: string }> {
    const caseId = await cases.start('job-change', {
      ...structuredClone(example),
      employer: { ...example.employer, employerId: EMPLOYER.organisation! },
      employmentConditionsChanged: false,
    });
    const listed = await eventually(async () => {
      const res = await api().get(`/api/v1/tasks?caseId=${caseId}`).set(as('abh1'));
      // The page and the count are two reads: wait until both show the task.
      return res.body.total === 1 && res.body.tasks?.length === 1 ? res.body : undefined;
    }, 'the task in the immigration office list');
    return { caseId, taskKey: listed.tasks[0].taskKey as string };
  }

  it('shows a task with its form in the caller’s language and the case file the authority needs', async () => {
    const { caseId, taskKey } = await openTask();
    const en = await api()
      .get(`/api/v1/tasks/${taskKey}`)
      .set(as('abh1'))
      .set('accept-language', 'en');
    expect(en.status, JSON.stringify(en.body)).to.equal(200);
    expect(en.body.task).to.include({
      caseId,
      elementId: 'ConfirmJobChange',
      form: 'confirm-job-change',
    });
    expect(en.body.variable).to.equal('abhConfirmation');
    const labels = (body: {
      form: { components: { label?: string; components?: { label?: string }[] }[] };
    }) =>
      body.form.components.flatMap((c) => [c.label, ...(c.components ?? []).map((x) => x.label)]);
    expect(labels(en.body)).to.include('Immigration office reference');
    const de = await api()
      .get(`/api/v1/tasks/${taskKey}`)
      .set(as('abh1'))
      .set('accept-language', 'de');
    expect(labels(de.body)).to.include('Aktenzeichen der Ausländerbehörde');
    // The immigration office sees the employer, the job and the applicant's name; the case
    // file has no field the data minimisation rules do not list for it.
    expect(en.body.caseFile.employer.employerId).to.equal(EMPLOYER.organisation);
    expect(en.body.caseFile.jobOffer.title).to.be.a('string');
    expect(en.body.caseFile.applicant).to.have.keys(
      'givenName',
      'familyName',
      'dateOfBirth',
      'nationality',
    );
    expect(en.body.caseFile.abhCode).to.equal(example.abhCode);
    expect(en.body.caseFile).to.not.have.property('caseId');

    // Another authority: not in its list, no detail, no claim, no completion.
    expect((await api().get(`/api/v1/tasks?caseId=${caseId}`).set(as('ba'))).body.total).to.equal(
      0,
    );
    expect((await api().get(`/api/v1/tasks/${taskKey}`).set(as('ba'))).status).to.equal(404);
    expect(
      (
        await api()
          .post(`/api/v1/cases/${caseId}/tasks/${taskKey}/assignment`)
          .set(as('ba'))
          .send({})
      ).status,
    ).to.equal(404);
    const foreign = await cases.completeTask(t.ba!, caseId, taskKey, { abhReference: 'BA-X' });
    expect(foreign.status).to.equal(404);
    // A party has no task API.
    expect((await api().get(`/api/v1/tasks/${taskKey}`).set(as('employer'))).status).to.equal(403);
  });

  it('refuses form data that breaks the task’s schema, naming the field, and keeps the task', async () => {
    const { caseId, taskKey } = await openTask();
    const bad = await cases.completeTask(t.abh1!, caseId, taskKey, { note: 'x'.repeat(2001) });
    expect(bad.status).to.equal(400);
    // Only the errors against this task's own schema, none from other tasks' schemas.
    expect(bad.body.errors).to.have.deep.members([
      { field: '/abhReference', reason: "must have required property 'abhReference'" },
      { field: '/note', reason: 'must NOT have more than 2000 characters' },
    ]);
    const extra = await cases.completeTask(t.abh1!, caseId, taskKey, {
      abhReference: 'A',
      approved: true,
    });
    expect(extra.status).to.equal(400);
    expect(extra.body.errors).to.deep.equal([
      { field: '/approved', reason: 'is not a known field' },
    ]);
    expect(
      (await api().get(`/api/v1/tasks/${taskKey}`).set(as('abh1'))).status,
      'still open',
    ).to.equal(200);
  });

  it('lets only one of two caseworkers complete a task; the other gets a clear 409', async () => {
    const { caseId, taskKey } = await openTask();
    const [a, b] = await Promise.all([
      cases.completeTask(t.abh1!, caseId, taskKey, { abhReference: 'ABH-A' }),
      cases.completeTask(t.abh2!, caseId, taskKey, { abhReference: 'ABH-B' }),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.type).to.match(/task-not-open$/);
    const done = await cases.finished(caseId);
    const winner = a.status === 200 ? 'ABH-A' : 'ABH-B';
    expect((done.outcome.abhConfirmation as { abhReference: string }).abhReference).to.equal(
      winner,
    );
  });

  it('keeps a claimed task for its holder: a colleague can neither claim nor complete it', async () => {
    const { caseId, taskKey } = await openTask();
    const claim = await api()
      .post(`/api/v1/cases/${caseId}/tasks/${taskKey}/assignment`)
      .set(as('abh1'))
      .send({});
    expect(claim.status).to.equal(200);
    await eventually(async () => {
      const res = await api().get(`/api/v1/cases/${caseId}`).set(as('abh2'));
      return res.body.openTasks?.[0]?.assignee === ABH_1.subject ? true : undefined;
    }, 'the claim projected');
    const other = await cases.completeTask(t.abh2!, caseId, taskKey, { abhReference: 'ABH-B' });
    expect(other.status).to.equal(409);
    expect(other.body.type).to.match(/task-taken$/);
    const mine = await cases.completeTask(t.abh1!, caseId, taskKey, { abhReference: 'ABH-A' });
    expect(mine.status, JSON.stringify(mine.body)).to.equal(200);
  });

  it('marks a task escalated to the team lead when its due date nears, from the model’s timer', async () => {
    const { taskKey } = await openTask();
    const before = (await api().get(`/api/v1/tasks/${taskKey}`).set(as('abh1'))).body.task;
    expect(before.escalatedAt).to.equal(null);
    // The model escalates 10 days after the task opened, 4 days before it is due.
    expect(Date.parse(before.dueAt) - Date.parse(before.escalatesAt)).to.be.closeTo(4 * DAY, 1000);
    expect(Date.parse(before.followUpAt)).to.be.below(Date.parse(before.escalatesAt));
    await h.engineClock.advance(10 * DAY + 60_000);
    const escalated = await eventually(async () => {
      const res = await api().get('/api/v1/tasks?escalated=true&limit=500').set(as('abh1'));
      return res.body.tasks.find((x: { taskKey: string }) => x.taskKey === taskKey);
    }, 'the task in the escalated list');
    expect(Date.parse(escalated.escalatedAt)).to.equal(Date.parse(before.escalatesAt));
    expect(escalated.escalatesAt).to.equal(null);
    const notEscalated = await api().get('/api/v1/tasks?escalated=false&limit=500').set(as('abh1'));
    expect(notEscalated.body.tasks.map((x: { taskKey: string }) => x.taskKey)).to.not.include(
      taskKey,
    );
  });

  it('assigns a task only to a member of its group, and only by the holder or a lead', async () => {
    const { caseId, taskKey } = await openTask();
    const assign = (who: string, body: object) =>
      api().post(`/api/v1/cases/${caseId}/tasks/${taskKey}/assignment`).set(as(who)).send(body);
    const assigneeIs = (subject: string) =>
      eventually(async () => {
        const res = await api().get(`/api/v1/tasks/${taskKey}`).set(as('abh1'));
        return res.body.task?.assignee === subject ? true : undefined;
      }, `the task with ${subject}`);
    // Every ABH account here has signed in (the before hook's tokens are used below).
    for (const who of ['abh1', 'abh2', 'abh3', 'lead'])
      expect((await api().get('/api/v1/tasks?limit=1').set(as(who))).status).to.equal(200);

    // Unassigned: a caseworker may not hand it to a colleague (only claim it); a lead may.
    const byColleague = await assign('abh2', { assignee: ABH_3.subject });
    expect(byColleague.status, JSON.stringify(byColleague.body)).to.equal(403);
    expect((await assign('abh1', {})).status).to.equal(200);
    await assigneeIs(ABH_1.subject);

    // Claimed by abh1: a colleague cannot take it or give it away.
    const taken = await assign('abh2', { assignee: ABH_2.subject });
    expect(taken.status, JSON.stringify(taken.body)).to.be.oneOf([403, 409]);
    expect((await assign('abh2', { assignee: ABH_3.subject })).status).to.equal(403);
    await assigneeIs(ABH_1.subject);

    // Not to an account that does not exist, nor to a member of another authority.
    for (const assignee of ['nobody-at-all', BA_CW.subject]) {
      const bad = await assign('abh1', { assignee });
      expect(bad.status, JSON.stringify(bad.body)).to.equal(400);
      expect(bad.body.errors[0]).to.include({ field: '/assignee' });
      expect(bad.body.errors[0].reason).to.match(/not a member/);
    }
    await assigneeIs(ABH_1.subject);

    // The holder hands it to a colleague of the group; a lead moves it on.
    expect((await assign('abh1', { assignee: ABH_2.subject })).status).to.equal(200);
    await assigneeIs(ABH_2.subject);
    expect(
      (await assign('abh1', { assignee: ABH_3.subject })).status,
      'no longer the holder',
    ).to.equal(403);
    expect((await assign('abh1', {})).status, 'taken').to.equal(409);
    const byLead = await assign('lead', { assignee: ABH_3.subject });
    expect(byLead.status, JSON.stringify(byLead.body)).to.equal(200);
    await assigneeIs(ABH_3.subject);
  });
});
