import { expect } from 'chai';
import request from 'supertest';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import jobChangeExample from '../../processes/job-change/examples/application.json' with { type: 'json' };
import { eventually, getHarness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { ABH_CASEWORKER, EMPLOYER } from '../support/fixtures.js';

/**
 * A caseworker's task list: the open user tasks of their authority (projected into one
 * inbox document per authority), filtered, and gone once completed.
 */
const DAY = 24 * 60 * 60 * 1000;

describe('task list: the open tasks of a caseworker’s authority', function () {
  this.timeout(60_000);

  // Issue 16 (journey 5): after an idle spell the first list missed a task 10 s old. The
  // documented freshness (gateway/README.md): a new task is listed within about a second.
  it('lists a new task within a second or two after an idle spell', async function () {
    this.timeout(90_000);
    const h = await getHarness();
    const [employer, abh] = await Promise.all([h.token(EMPLOYER), h.token(ABH_CASEWORKER)]);
    // Idle: nothing started, nothing projected (the projector polls an empty outbox).
    await new Promise((r) => setTimeout(r, 20_000));
    const started = Date.now();
    const caseId = await new CaseClient(h.gatewayUrl, employer).start('job-change', {
      ...structuredClone(jobChangeExample),
      employer: { ...jobChangeExample.employer, employerId: EMPLOYER.organisation! },
      employmentConditionsChanged: false,
    });
    await eventually(
      async () => {
        const res = await request(h.gatewayUrl)
          .get(`/api/v1/tasks?caseId=${caseId}`)
          .set('authorization', `Bearer ${abh}`);
        return res.status === 200 && res.body.total === 1 ? true : undefined;
      },
      'the new task in the list',
      10_000,
    );
    expect(Date.now() - started, 'ms from the start request to the task listed').to.be.below(3_000);
  });

  it('lists the escalated Nachforderung for the immigration office only, until it is done', async () => {
    const h = await getHarness();
    const [employer, abh, ba] = await Promise.all([
      h.token(EMPLOYER),
      h.token(ABH_CASEWORKER),
      h.token({ subject: 'ba-cw-list', role: 'caseworker', authority: 'BA' }),
    ]);
    const cases = new CaseClient(h.gatewayUrl, employer);
    const application = structuredClone(wsaExample);
    application.employer.employerId = EMPLOYER.organisation!;
    application.documents = [];
    const caseId = await cases.start('wsa-application', application);
    await cases.at(caseId, 'AwaitMissingDocuments');
    await h.engineClock.advance(28 * DAY + 60_000);

    const list = (token: string, query: string) =>
      request(h.gatewayUrl).get(`/api/v1/tasks?${query}`).set('authorization', `Bearer ${token}`);
    const listed = await eventually(async () => {
      const res = await list(abh, `caseId=${caseId}`);
      return res.status === 200 && res.body.total === 1 ? res.body : undefined;
    }, 'the task in the ABH list');
    expect(listed.tasks[0]).to.include({
      caseId,
      procedure: 'wsa-application',
      elementId: 'ReviewUnansweredNachforderung',
      form: 'review-unanswered-nachforderung',
      assignee: null,
      overdue: false,
    });
    expect(listed.tasks[0].label).to.match(/immigration office decides/);
    expect(Date.parse(listed.tasks[0].dueAt)).to.be.a('number');
    expect(
      (await list(abh, 'assignee=unassigned&sort=dueDate&limit=500')).body.tasks.map(
        (t: { caseId: string }) => t.caseId,
      ),
    ).to.include(caseId);

    // Another authority does not see it; a party gets no task list at all; bad queries are 400.
    expect((await list(ba, `caseId=${caseId}`)).body.total).to.equal(0);
    expect((await list(employer, '')).status).to.equal(403);
    expect((await list(abh, 'limit=0')).status).to.equal(400);

    // Claiming: the first caseworker gets it, a colleague gets 409; only the holder gives it back.
    const taskKey = listed.tasks[0].taskKey as string;
    const colleague = await h.token({ subject: 'abh-cw-2', role: 'caseworker', authority: 'ABH' });
    const assignment = (token: string, method: 'post' | 'delete', body?: object) => {
      const path = `/api/v1/cases/${caseId}/tasks/${taskKey}/assignment`;
      const agent = request(h.gatewayUrl);
      const r = method === 'post' ? agent.post(path) : agent.delete(path);
      r.set('authorization', `Bearer ${token}`);
      return body ? r.send(body) : r;
    };
    const claimed = await assignment(abh, 'post', {});
    expect(claimed.status, JSON.stringify(claimed.body)).to.equal(200);
    expect(claimed.body.assignee).to.equal(ABH_CASEWORKER.subject);
    const second = await assignment(colleague, 'post', {});
    expect(second.status).to.equal(409);
    expect(second.body.type).to.match(/task-taken$/);
    expect((await assignment(ba, 'post', {})).status, 'another authority').to.equal(404);
    const mine = await eventually(async () => {
      const res = await list(abh, `caseId=${caseId}&assignee=me`);
      return res.body.total === 1 ? res.body : undefined;
    }, 'the task in my list');
    expect(mine.tasks[0].assignee).to.equal(ABH_CASEWORKER.subject);
    expect((await assignment(colleague, 'delete')).status, 'not the holder').to.equal(403);
    expect((await assignment(abh, 'delete')).status).to.equal(204);
    await eventually(async () => {
      const res = await list(abh, `caseId=${caseId}&assignee=unassigned`);
      return res.body.total === 1 ? true : undefined;
    }, 'the task unassigned again');

    const done = await cases.completeTask(abh, caseId, listed.tasks[0].taskKey, {
      action: 'CLOSE',
      reason: 'No documents after the deadline.',
    });
    expect(done.status).to.equal(200);
    await eventually(async () => {
      const res = await list(abh, `caseId=${caseId}`);
      return res.body.total === 0 ? true : undefined;
    }, 'the task gone from the list');
  });
});
