import { expect } from 'chai';
import { positionOf, type EngineEvent } from '../../projector/engine-events.js';
import { reduceInstance, routeEvent } from '../../projector/instance-view.js';
import { type InstanceView } from '../../read-model/instance-view.js';

/**
 * The read model of one instance, folded from outbox rows shaped as the engine host writes
 * them (engine/README.md: `<history event class>:<event type>` and the event's fields).
 */
const PI = '5c9b5557-0000-4000-8000-000000000001';
const CHILD = '7d0c0000-0000-4000-8000-000000000002';
let seq = 0;
function event(
  type: string,
  payload: Record<string, unknown>,
  txid = '1000',
  processInstanceId = PI,
): EngineEvent {
  seq += 1;
  return {
    txid,
    seq: String(seq),
    type,
    processInstanceId,
    payload: { processInstanceId, processDefinitionKey: 'ba-approval', ...payload },
  };
}
const at = (minute: number) => `2026-11-30T08:${String(minute).padStart(2, '0')}:00.000Z`;
const processStart = (txid = '1000') =>
  event(
    'HistoricProcessInstanceEventEntity:start',
    {
      processDefinitionId: 'ba-approval:3:aaaa',
      processDefinitionVersion: 3,
      businessKey: 'case-1',
      state: 'ACTIVE',
      startTime: at(0),
    },
    txid,
  );
const activity = (
  kind: 'start' | 'end',
  activityId: string,
  activityType: string,
  txid: string,
  extra: Record<string, unknown> = {},
) =>
  event(
    `HistoricActivityInstanceEventEntity:${kind}`,
    {
      activityId,
      activityType,
      activityInstanceId: `${activityId}:1`,
      startTime: at(1),
      ...(kind === 'end' ? { endTime: at(2), canceled: false } : {}),
      ...extra,
    },
    txid,
  );
const fold = (events: EngineEvent[], current: InstanceView | null = null) =>
  reduceInstance(current, PI, events).view;

describe('projector: instance view', () => {
  it('orders positions like the feed: transaction first, then sequence, both as numbers', () => {
    const a = positionOf({ txid: '999', seq: '20' });
    const b = positionOf({ txid: '1000', seq: '3' });
    const c = positionOf({ txid: '1000', seq: '11' });
    expect([c, b, a].sort()).to.deep.equal([a, b, c]);
  });

  it('follows a process through activation and completion, with history in feed order', () => {
    const view = fold([
      processStart(),
      activity('start', 'ZustimmungRequested', 'startEvent', '1000'),
      activity('end', 'ZustimmungRequested', 'startEvent', '1000'),
      activity('start', 'SubmitZustimmungRequest', 'serviceTask', '1000'),
      activity('end', 'SubmitZustimmungRequest', 'serviceTask', '1001'),
      activity('start', 'Granted', 'noneEndEvent', '1001'),
      activity('end', 'Granted', 'noneEndEvent', '1001'),
      event(
        'HistoricProcessInstanceEventEntity:end',
        { state: 'COMPLETED', endTime: at(3) },
        '1001',
      ),
    ]);
    expect(view).to.include({
      bpmnProcessId: 'ba-approval',
      version: 3,
      processDefinitionKey: 'ba-approval:3:aaaa',
      state: 'COMPLETED',
    });
    expect(view.history.map((h) => `${h.elementId}:${h.type}:${h.intent}`)).to.deep.equal([
      'ba-approval:PROCESS:ELEMENT_ACTIVATED',
      'ZustimmungRequested:START_EVENT:ELEMENT_ACTIVATED',
      'ZustimmungRequested:START_EVENT:ELEMENT_COMPLETED',
      'SubmitZustimmungRequest:SERVICE_TASK:ELEMENT_ACTIVATED',
      'SubmitZustimmungRequest:SERVICE_TASK:ELEMENT_COMPLETED',
      'Granted:END_EVENT:ELEMENT_ACTIVATED',
      'Granted:END_EVENT:ELEMENT_COMPLETED',
      'ba-approval:PROCESS:ELEMENT_COMPLETED',
    ]);
    expect(view.elements['SubmitZustimmungRequest:1']).to.include({ state: 'COMPLETED' });
    expect(view.endedAt?.toISOString()).to.equal(at(3));
  });

  it('changes nothing when events are read again (a replay after a crash)', () => {
    const events = [processStart(), activity('start', 'Submit', 'serviceTask', '1000')];
    const first = reduceInstance(null, PI, events);
    const again = reduceInstance(first.view, PI, events);
    expect(again.changed).to.equal(false);
    expect(again.view).to.deep.equal(first.view);
  });

  it('completes an event-based gateway whose event fired, but not one a withdrawal cancelled', () => {
    const fired = fold([
      processStart(),
      activity('start', 'AwaitBaDecision', 'eventBasedGateway', '1000'),
      activity('end', 'AwaitBaDecision', 'eventBasedGateway', '1001', { canceled: true }),
      activity('start', 'BaDecisionReceived', 'intermediateMessageCatch', '1001'),
    ]);
    expect(fired.elements['AwaitBaDecision:1']!.state).to.equal('COMPLETED');
    expect(
      fired.history.find(
        (h) => h.elementId === 'AwaitBaDecision' && h.intent !== 'ELEMENT_ACTIVATED',
      )!.intent,
    ).to.equal('ELEMENT_COMPLETED');
    const withdrawn = fold([
      processStart(),
      activity('start', 'AwaitBaDecision', 'eventBasedGateway', '1000'),
      activity('end', 'AwaitBaDecision', 'eventBasedGateway', '1001', { canceled: true }),
      event(
        'HistoricProcessInstanceEventEntity:end',
        { state: 'EXTERNALLY_TERMINATED', endTime: at(4) },
        '1001',
      ),
    ]);
    expect(withdrawn.elements['AwaitBaDecision:1']!.state).to.equal('TERMINATED');
    expect(withdrawn.state).to.equal('TERMINATED');
  });

  it('projects only root-scope variables, with their JSON values, updated and deleted in place', () => {
    const variable = (type: string, name: string, scope: string, value: unknown) =>
      event(`HistoricVariableUpdateEventEntity:${type}`, {
        variableName: name,
        scopeActivityInstanceId: scope,
        valueType: typeof value === 'object' ? 'Json' : 'String',
        value,
      });
    const view = fold([
      processStart(),
      variable('create', 'caseId', PI, 'case-1'),
      variable('create', 'jobOffer', PI, { grossAnnualSalaryEur: 62000.5 }),
      variable('create', 'notice', 'IssueNotice:9', { kind: 'local only' }),
      variable('update', 'jobOffer', PI, { grossAnnualSalaryEur: 65000 }),
      variable('create', 'draft', PI, 'x'),
      variable('delete', 'draft', PI, null),
      event('HistoricVariableUpdateEventEntity:create', {
        variableName: 'serialized',
        scopeActivityInstanceId: PI,
        valueOmitted: true,
      }),
    ]);
    expect(view.variables).to.deep.equal([
      { name: 'caseId', value: 'case-1' },
      { name: 'jobOffer', value: { grossAnnualSalaryEur: 65000 } },
      { name: 'serialized', value: null },
    ]);
  });

  it('tracks user tasks: candidate groups (which come first), assignment, completion or interruption', () => {
    const task = (type: string, extra: Record<string, unknown>) =>
      event(`HistoricTaskInstanceEventEntity:${type}`, {
        taskId: 't-1',
        taskDefinitionKey: 'DecideResidencePermit',
        executionId: 'exec-7',
        ...extra,
      });
    const link = () =>
      event('HistoricIdentityLinkLogEventEntity:add-identity-link', {
        type: 'candidate',
        groupId: 'ABH',
        taskId: 't-1',
      });
    const open = fold([
      processStart(),
      link(),
      task('create', { startTime: at(5), dueDate: '2026-12-28T08:05:00Z' }),
      task('update', { assignee: 'anna', dueDate: '2026-12-28T08:05:00Z' }),
    ]);
    expect(open.userTasks!['t-1']).to.deep.include({
      elementId: 'DecideResidencePermit',
      elementInstanceKey: 'exec-7',
      candidateGroups: ['ABH'],
      assignee: 'anna',
      state: 'OPEN',
    });
    expect(open.userTasks!['t-1']!.dueDate!.toISOString()).to.equal('2026-12-28T08:05:00.000Z');
    const done = fold([task('complete', { taskState: 'Completed', endTime: at(9) })], open);
    expect(done.userTasks!['t-1']!.state).to.equal('COMPLETED');
    const interrupted = fold([task('complete', { taskState: 'Deleted', endTime: at(9) })], open);
    expect(interrupted.userTasks!['t-1']!.state).to.equal('CANCELED');
  });

  it('tracks timers (from their job log), incidents and message subscriptions with their state', () => {
    const timer = (type: string) =>
      event(`HistoricJobLogEventEntity:${type}`, {
        jobId: 'job-1',
        activityId: 'DeemedApprovalPeriodElapsed',
        executionId: 'exec-1',
        jobDueDate: '2026-12-14T08:00:00.000Z',
        jobDefinitionType: 'timer-intermediate-transition',
      });
    const asyncJob = () =>
      event('HistoricJobLogEventEntity:create', {
        jobId: 'job-2',
        jobDefinitionType: 'async-continuation',
      });
    const incident = (type: string) =>
      event(`HistoricIncidentEventEntity:${type}`, {
        id: 'inc-1',
        incidentType: 'failedExternalTask',
        incidentMessage: 'partner system down',
        activityId: 'SubmitZustimmungRequest',
        configuration: 'ext-task-1',
        createTime: at(6),
        ...(type === 'resolve' ? { endTime: at(8) } : {}),
      });
    const subscription = (type: string) =>
      event(`EventSubscriptionEntity:${type}`, {
        id: 'sub-1',
        subscriptionType: 'message',
        eventName: 'ba-zustimmung-decision',
        activityId: 'BaDecisionReceived',
        businessKey: 'case-1',
      });
    const open = fold([
      processStart(),
      timer('create'),
      asyncJob(),
      incident('create'),
      subscription('create'),
    ]);
    expect(Object.keys(open.timers)).to.deep.equal(['job-1']);
    expect(open.timers['job-1']).to.deep.include({
      elementId: 'DeemedApprovalPeriodElapsed',
      state: 'ACTIVE',
    });
    expect(open.incidents['inc-1']).to.deep.include({
      errorType: 'JOB_NO_RETRIES',
      engineIncidentType: 'failedExternalTask',
      jobKey: 'ext-task-1',
      state: 'OPEN',
    });
    expect(open.openIncidents).to.equal(1);
    expect(open.subscriptions['sub-1']).to.deep.include({
      messageName: 'ba-zustimmung-decision',
      correlationKey: 'case-1',
      state: 'OPEN',
    });
    const later = fold(
      [
        timer('delete'),
        incident('resolve'),
        event('EventSubscriptionEntity:delete', {
          id: 'sub-1',
          subscriptionType: 'message',
          eventName: 'ba-zustimmung-decision',
        }),
      ],
      open,
    );
    expect(later.timers['job-1']!.state).to.equal('CANCELED');
    expect(later.incidents['inc-1']!.state).to.equal('RESOLVED');
    expect(later.openIncidents).to.equal(0);
    expect(later.subscriptions['sub-1']).to.deep.include({
      state: 'CLOSED',
      correlationKey: 'case-1',
    });
    expect(fold([timer('success')], open).timers['job-1']!.state).to.equal('TRIGGERED');
  });
});

describe('projector: called processes', () => {
  it('tells the parent view about a child instance started by its call activity', () => {
    const childStart = event(
      'HistoricProcessInstanceEventEntity:start',
      {
        processDefinitionKey: 'visa',
        processDefinitionId: 'visa:1:bbbb',
        superProcessInstanceId: PI,
        businessKey: 'case-1',
        startTime: at(7),
      },
      '1002',
      CHILD,
    );
    expect(routeEvent(childStart)).to.deep.equal([CHILD, PI]);
    const parent = fold([processStart(), childStart]);
    expect(parent.children).to.have.property(CHILD);
    expect(parent.children[CHILD]!.bpmnProcessId).to.equal('visa');
    expect(parent.history.map((h) => h.elementId)).to.deep.equal(['ba-approval']);
    const child = reduceInstance(null, CHILD, [childStart]).view;
    expect(child).to.include({ bpmnProcessId: 'visa', parentProcessInstanceKey: PI, version: 1 });
  });
});
