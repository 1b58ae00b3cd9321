import { expect } from 'chai';
import { deriveCaseEvents } from '../../projector/case-events.js';
import type { InstanceView } from '../../read-model/instance-view.js';
import { newWebhookSecret, verifyWebhook, webhookHeaders } from '../../gateway/events/signature.js';
import { isInternalHost } from '../../gateway/use-cases/webhooks.js';
import { loadProcedures } from '../../processes/registry.js';

/** The events a view change makes (projector/case-events.ts) and the webhook signature. */
const T0 = new Date('2026-03-01T10:00:00Z');

function view(change: (v: InstanceView) => void = () => undefined): InstanceView {
  const v: InstanceView = {
    _id: 'pi-1',
    bpmnProcessId: 'ba-approval',
    version: 1,
    processDefinitionKey: 'ba-approval:1:x',
    parentProcessInstanceKey: '-1',
    state: 'ACTIVE',
    startedAt: T0,
    elements: {},
    history: [],
    timers: {},
    subscriptions: {},
    incidents: {},
    userTasks: {},
    children: {},
    variables: [{ name: 'caseId', value: 'case-1' }],
    watermarks: {},
    revision: 1,
  };
  change(v);
  return v;
}

describe('case events derived from view changes', () => {
  it('a new root instance starts the case; no case id, no events', () => {
    const events = deriveCaseEvents(null, view());
    expect(events.map((e) => e.type)).to.deep.equal(['case.started']);
    expect(events[0]).to.include({ caseId: 'case-1', processInstanceKey: 'pi-1' });
    expect(
      deriveCaseEvents(
        null,
        view((v) => (v.variables = [])),
      ),
    ).to.deep.equal([]);
    // A called instance does not start the case.
    expect(
      deriveCaseEvents(
        null,
        view((v) => (v.parentProcessInstanceKey = 'root')),
      ).map((e) => e.type),
    ).to.deep.equal([]);
  });

  it('waiting, requests, decisions, notices, deadlines, tasks and the end, each once', () => {
    const before = view();
    const after = view((v) => {
      v.subscriptions.s1 = {
        elementId: 'AwaitBa',
        elementInstanceKey: 'e1',
        messageName: 'ba-zustimmung-decision',
        correlationKey: 'case-1',
        state: 'OPEN',
      };
      v.variables.push(
        { name: 'baInformationRequest', value: { questions: ['x'] } },
        { name: 'zustimmungOutcome', value: 'APPROVED' },
        {
          name: 'issuedNotices',
          value: [
            {
              noticeId: 'n1',
              kind: 'BA_APPROVAL_DECISION',
              authority: 'BA',
              outcome: 'A',
              issuedAt: 'x',
            },
          ],
        },
        { name: 'missingDocuments', value: [] },
      );
      v.timers.t1 = {
        elementId: 'Deemed',
        elementInstanceKey: 'e2',
        dueDate: new Date('2026-03-15T10:00:00Z'),
        state: 'ACTIVE',
      };
      v.userTasks!.u1 = {
        userTaskKey: 'u1',
        elementId: 'Review',
        elementInstanceKey: 'e3',
        candidateGroups: ['ABH'],
        assignee: 'abh-1',
        dueDate: null,
        followUpDate: null,
        state: 'OPEN',
        createdAt: T0,
      };
    });
    const types = deriveCaseEvents(before, after).map((e) => e.type);
    expect(types).to.deep.equal([
      'case.waiting-for-you',
      'case.document-requested',
      'case.decision',
      'case.notice-issued',
      'case.deadline-set',
      'task.created',
      'task.claimed',
    ]);
    // The same view again: nothing new.
    expect(deriveCaseEvents(after, structuredClone(after))).to.deep.equal([]);

    const ended = structuredClone(after);
    ended.state = 'COMPLETED';
    ended.endedAt = new Date('2026-03-02T10:00:00Z');
    ended.timers.t1!.state = 'TRIGGERED';
    ended.userTasks!.u1!.state = 'COMPLETED';
    ended.userTasks!.u1!.endedAt = ended.endedAt;
    const last = deriveCaseEvents(after, ended);
    expect(last.map((e) => e.type)).to.deep.equal([
      'case.deadline-passed',
      'task.completed',
      'case.ended',
    ]);
    expect(last[2]!.data).to.deep.equal({ state: 'COMPLETED' });
    expect(last[2]!.at.toISOString()).to.equal('2026-03-02T10:00:00.000Z');
  });

  it('an incident once when it opens and once when it is resolved (for operators)', () => {
    const incident = {
      elementId: 'CallBa',
      elementInstanceKey: 'e9',
      jobKey: 'job-1',
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'BA unreachable',
      state: 'OPEN' as const,
      createdAt: new Date(T0.getTime() + 5_000),
    };
    const before = view();
    const open = view((v) => (v.incidents.i1 = incident));
    const opened = deriveCaseEvents(before, open);
    expect(opened.map((e) => e.type)).to.deep.equal(['incident.created']);
    expect(opened[0]!.data).to.deep.equal({
      incidentKey: 'i1',
      elementId: 'CallBa',
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'BA unreachable',
    });
    expect(opened[0]!.at.toISOString()).to.equal(incident.createdAt.toISOString());
    // Seen again (the same view): nothing new.
    expect(deriveCaseEvents(open, open)).to.deep.equal([]);
    const resolved = view(
      (v) =>
        (v.incidents.i1 = {
          ...incident,
          state: 'RESOLVED',
          resolvedAt: new Date(T0.getTime() + 9_000),
        }),
    );
    expect(deriveCaseEvents(open, resolved).map((e) => e.type)).to.deep.equal([
      'incident.resolved',
    ]);
    expect(deriveCaseEvents(resolved, resolved)).to.deep.equal([]);
  });

  it('a task event names its candidate groups (an office-bound task: ABH/<office>)', () => {
    const after = view((v) => {
      v.userTasks = {
        t1: {
          userTaskKey: 't1',
          elementId: 'DecideResidencePermit',
          elementInstanceKey: 'e5',
          candidateGroups: ['ABH/DE-SN-DRESDEN'],
          assignee: null,
          dueDate: null,
          followUpDate: null,
          createdAt: T0,
          state: 'OPEN',
        },
      };
    });
    const [created] = deriveCaseEvents(view(), after);
    expect(created!.type).to.equal('task.created');
    expect(created!.data.authorities).to.deep.equal(['ABH']);
    expect(created!.data.candidateGroups).to.deep.equal(['ABH/DE-SN-DRESDEN']);
  });
});

describe('deadline events: the deadlines the status shows', () => {
  const baApproval = loadProcedures().get('ba-approval')!;
  const timer = (elementId: string) =>
    view((v) => {
      v.timers.t = {
        elementId,
        elementInstanceKey: 'e',
        dueDate: new Date('2026-03-15T10:00:00Z'),
        state: 'ACTIVE',
      };
    });

  it('a statutory deadline with its effect and basis', () => {
    const [e] = deriveCaseEvents(view(), timer('DeemedApprovalPeriodElapsed'), baApproval);
    expect(e).to.deep.include({ type: 'case.deadline-set' });
    expect(e!.data).to.deep.equal({
      elementId: 'DeemedApprovalPeriodElapsed',
      dueAt: '2026-03-15T10:00:00.000Z',
      kind: 'legal-effect',
      basis: '§36 (2) BeschV',
    });
  });

  it('no event for an internal timer (neither a statutory deadline nor a stage)', () => {
    expect(deriveCaseEvents(view(), timer('EscalateToLead'), baApproval)).to.deep.equal([]);
    // Without the procedure (unknown), the timer is reported as a service target.
    expect(deriveCaseEvents(view(), timer('EscalateToLead'))[0]!.data.kind).to.equal(
      'service-target',
    );
  });
});

describe('webhook signatures (Standard Webhooks shape)', () => {
  const secret = newWebhookSecret();
  const body = '{"id":"7","type":"de.wsa.case.started"}';
  const now = 1_800_000_000;
  const headers = webhookHeaders(secret, '7', body, now);

  it('verifies what was signed, within five minutes either way', () => {
    expect(headers['webhook-signature']).to.match(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verifyWebhook(secret, headers, body, now).ok).to.equal(true);
    expect(verifyWebhook(secret, headers, Buffer.from(body), now + 300).ok).to.equal(true);
    expect(verifyWebhook(secret, headers, body, now - 300).ok).to.equal(true);
  });

  it('refuses a changed body, id or timestamp, an old or future timestamp, another secret, missing headers', () => {
    const refused = (v: ReturnType<typeof verifyWebhook>) => expect(v.ok).to.equal(false);
    refused(verifyWebhook(secret, headers, body.replace('7', '8'), now));
    refused(verifyWebhook(secret, { ...headers, 'webhook-id': '8' }, body, now));
    refused(verifyWebhook(secret, { ...headers, 'webhook-timestamp': String(now + 1) }, body, now));
    refused(verifyWebhook(secret, headers, body, now + 301));
    refused(verifyWebhook(secret, headers, body, now - 301));
    refused(verifyWebhook(newWebhookSecret(), headers, body, now));
    refused(verifyWebhook(secret, { 'webhook-id': '7' }, body, now));
  });
});

describe('webhook addresses: never the platform’s own network', () => {
  const internal = (url: string) => isInternalHost(new URL(url).hostname);
  it('refuses localhost, loopback, private, link-local and unspecified addresses', () => {
    for (const url of [
      'http://localhost:8090/engine-rest',
      'http://api.localhost/',
      'http://127.0.0.1:3000/',
      'http://10.1.2.3/',
      'http://172.20.0.1/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://[::1]/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://[::ffff:127.0.0.1]/',
    ])
      expect(internal(url), url).to.equal(true);
  });
  it('accepts public addresses and names', () => {
    for (const url of [
      'https://hooks.example.com/wsa',
      'https://8.8.8.8/',
      'http://172.32.0.1/',
      'https://[2001:db8::1]/',
    ])
      expect(internal(url), url).to.equal(false);
  });
});
