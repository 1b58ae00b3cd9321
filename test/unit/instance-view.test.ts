import { expect } from 'chai';
import { routeRecord, reduceInstance, type InstanceView } from '../../projector/instance-view.js';
import { parseRecord, sortablePosition, type ZeebeRecord } from '../../projector/records.js';

/** Folding exported records into an instance view, without a store or broker. */
let position = 0;
function rec(
  valueType: string,
  intent: string,
  key: number,
  value: Record<string, unknown>,
  recordType = 'EVENT',
): ZeebeRecord {
  position += 1;
  return parseRecord(
    JSON.stringify({
      partitionId: 1,
      position,
      key,
      timestamp: 1795460501000 + position,
      valueType,
      recordType,
      intent,
      value: { processInstanceKey: 90, ...value },
    }),
  );
}
const element = (intent: string, key: number, elementId: string, bpmnElementType: string) =>
  rec('PROCESS_INSTANCE', intent, key, {
    elementId,
    bpmnElementType,
    bpmnProcessId: 'ba-approval',
    version: 2,
    processDefinitionKey: 7,
    flowScopeKey: 90,
    parentProcessInstanceKey: -1,
  });

describe('projector: instance view', () => {
  it('keeps 64-bit keys and positions exact as strings, ordered like numbers', () => {
    const r = parseRecord(
      `{"partitionId":4,"position":9007199254740993,"key":9007199254740995,"timestamp":1,"valueType":"PROCESS_INSTANCE","recordType":"EVENT","intent":"ELEMENT_ACTIVATED","value":{"processInstanceKey":9007199254740995}}`,
    );
    expect(r.key).to.equal('9007199254740995');
    expect(r.position).to.equal('9007199254740993');
    expect(routeRecord(r).map(([k]: [string, unknown]) => k)).to.deep.equal(['9007199254740995']);
    expect(sortablePosition(1, '99') < sortablePosition(1, '100')).to.equal(true);
  });

  it('ignores commands, rejections and value types it does not project', () => {
    expect(
      routeRecord(rec('PROCESS_INSTANCE', 'ACTIVATE_ELEMENT', 1, {}, 'COMMAND')),
    ).to.deep.equal([]);
    expect(routeRecord(rec('JOB', 'CREATED', 1, {}))).to.deep.equal([]);
  });

  it('follows a process through activation and completion, with history in engine order', () => {
    const records = [
      element('ELEMENT_ACTIVATED', 90, 'ba-approval', 'PROCESS'),
      element('ELEMENT_ACTIVATED', 100, 'SubmitZustimmungRequest', 'SERVICE_TASK'),
      element('ELEMENT_COMPLETED', 100, 'SubmitZustimmungRequest', 'SERVICE_TASK'),
      element('SEQUENCE_FLOW_TAKEN', 101, 'Flow_ToAwait', 'SEQUENCE_FLOW'),
      element('ELEMENT_ACTIVATING', 102, 'AwaitBaDecision', 'EVENT_BASED_GATEWAY'),
      element('ELEMENT_ACTIVATED', 102, 'AwaitBaDecision', 'EVENT_BASED_GATEWAY'),
    ];
    const { view } = reduceInstance(null, '90', records);
    expect(view).to.include({
      _id: '90',
      bpmnProcessId: 'ba-approval',
      version: 2,
      state: 'ACTIVE',
      processDefinitionKey: '7',
      parentProcessInstanceKey: '-1',
    });
    expect(view.elements['100']).to.include({
      elementId: 'SubmitZustimmungRequest',
      state: 'COMPLETED',
    });
    expect(view.elements['100']!.endedAt).to.be.instanceOf(Date);
    expect(view.elements['102']!.state).to.equal('ACTIVE');
    expect(view.history.map((h) => `${h.elementId}:${h.intent}`)).to.deep.equal([
      'ba-approval:ELEMENT_ACTIVATED',
      'SubmitZustimmungRequest:ELEMENT_ACTIVATED',
      'SubmitZustimmungRequest:ELEMENT_COMPLETED',
      'Flow_ToAwait:SEQUENCE_FLOW_TAKEN',
      'AwaitBaDecision:ELEMENT_ACTIVATED',
    ]);
  });

  it('changes nothing when records are delivered again, and never moves state backwards', () => {
    const activated = element('ELEMENT_ACTIVATED', 90, 'ba-approval', 'PROCESS');
    const completed = element('ELEMENT_COMPLETED', 90, 'ba-approval', 'PROCESS');
    const first = reduceInstance(null, '90', [activated, completed]).view;
    const again = reduceInstance(first, '90', [activated, completed]);
    expect(again.changed).to.equal(false);
    expect(again.view).to.deep.equal(first);
    const stale = reduceInstance(first, '90', [activated]);
    expect(stale.view.state).to.equal('COMPLETED');
    expect(stale.view.history).to.have.length(2);
  });

  it('keeps a watermark per value type, since each type is its own ordered stream', () => {
    const variable = rec('VARIABLE', 'CREATED', 3, {
      scopeKey: 90,
      name: 'zustimmungOutcome',
      value: '"APPROVED"',
    });
    const processDone = element('ELEMENT_COMPLETED', 90, 'ba-approval', 'PROCESS');
    // The variable (lower position) arrives after the process record of a later position.
    const { view } = reduceInstance(reduceInstance(null, '90', [processDone]).view, '90', [
      variable,
    ]);
    expect(view.variables).to.deep.equal([{ name: 'zustimmungOutcome', value: 'APPROVED' }]);
  });

  it('projects only root-scope variables, parsed losslessly, updated in place', () => {
    const { view } = reduceInstance(null, '90', [
      rec('VARIABLE', 'CREATED', 3, { scopeKey: 91, name: 'local', value: '1' }),
      rec('VARIABLE', 'CREATED', 4, {
        scopeKey: 90,
        name: 'reference',
        value: '{"n":12345678901234567890}',
      }),
      rec('VARIABLE', 'CREATED', 5, { scopeKey: 90, name: 'caseId', value: '"c-1"' }),
      rec('VARIABLE', 'UPDATED', 5, { scopeKey: 90, name: 'caseId', value: '"c-2"' }),
    ]);
    expect(view.variables).to.deep.equal([
      { name: 'reference', value: { n: '12345678901234567890' } },
      { name: 'caseId', value: 'c-2' },
    ]);
  });

  it('tracks user tasks from creation through assignment to completion', () => {
    const task = (assignee: string) => ({
      elementId: 'ReviewUnansweredNachforderung',
      elementInstanceKey: 95,
      userTaskKey: 96,
      candidateGroupsList: ['ABH'],
      assignee,
      dueDate: '2026-12-27T21:10:41.079Z[Etc/UTC]',
      followUpDate: '',
    });
    let { view } = reduceInstance(null, '90', [
      rec('USER_TASK', 'CREATING', 96, task('')),
      rec('USER_TASK', 'CREATED', 96, task('')),
    ]);
    expect(view.userTasks!['96']).to.include({
      userTaskKey: '96',
      elementInstanceKey: '95',
      assignee: null,
      followUpDate: null,
      state: 'OPEN',
    });
    expect(view.userTasks!['96']!.candidateGroups).to.deep.equal(['ABH']);
    expect(view.userTasks!['96']!.dueDate!.toISOString()).to.equal('2026-12-27T21:10:41.079Z');
    const created = view.userTasks!['96']!.createdAt;
    ({ view } = reduceInstance(view as InstanceView, '90', [
      rec('USER_TASK', 'ASSIGNED', 96, task('abh-cw-1')),
      rec('USER_TASK', 'COMPLETING', 96, task('abh-cw-1')),
      rec('USER_TASK', 'COMPLETED', 96, task('abh-cw-1')),
    ]));
    expect(view.userTasks!['96']).to.include({ assignee: 'abh-cw-1', state: 'COMPLETED' });
    expect(view.userTasks!['96']!.createdAt).to.deep.equal(created);
    expect(view.userTasks!['96']!.endedAt).to.be.instanceOf(Date);
  });

  it('tracks timers, incidents and message subscriptions with their state', () => {
    let { view } = reduceInstance(null, '90', [
      rec('TIMER', 'CREATED', 55, {
        elementInstanceKey: 91,
        targetElementId: 'DeemedApprovalPeriodElapsed',
        dueDate: 1796670219651,
      }),
      rec('INCIDENT', 'CREATED', 56, {
        elementId: 'SubmitZustimmungRequest',
        elementInstanceKey: 92,
        jobKey: 93,
        errorType: 'JOB_NO_RETRIES',
        errorMessage: 'BA down',
      }),
      rec('PROCESS_MESSAGE_SUBSCRIPTION', 'CREATED', 57, {
        elementInstanceKey: 94,
        messageName: 'ba-zustimmung-decision',
        correlationKey: 'c-1',
        elementId: 'BaDecisionReceived',
      }),
    ]);
    expect(view.timers['55']).to.include({
      state: 'ACTIVE',
      elementId: 'DeemedApprovalPeriodElapsed',
    });
    expect(view.timers['55']!.dueDate.getTime()).to.equal(1796670219651);
    expect(view.incidents['56']).to.include({
      state: 'OPEN',
      errorType: 'JOB_NO_RETRIES',
      jobKey: '93',
    });
    expect(view.subscriptions['94:ba-zustimmung-decision']).to.include({
      state: 'OPEN',
      correlationKey: 'c-1',
    });
    ({ view } = reduceInstance(view as InstanceView, '90', [
      rec('TIMER', 'CANCELED', 55, {}),
      rec('INCIDENT', 'RESOLVED', 56, {
        elementId: 'SubmitZustimmungRequest',
        elementInstanceKey: 92,
        jobKey: 93,
        errorType: 'JOB_NO_RETRIES',
      }),
      rec('PROCESS_MESSAGE_SUBSCRIPTION', 'CORRELATED', 57, {
        elementInstanceKey: 94,
        messageName: 'ba-zustimmung-decision',
        correlationKey: 'c-1',
        elementId: 'BaDecisionReceived',
      }),
    ]));
    expect(view.timers['55']!.state).to.equal('CANCELED');
    expect(view.incidents['56']!.state).to.equal('RESOLVED');
    expect(view.incidents['56']!.createdAt).to.be.instanceOf(Date);
    expect(view.subscriptions['94:ba-zustimmung-decision']!.state).to.equal('CORRELATED');
  });
});

describe('projector: called processes', () => {
  it('tells the parent view about a child instance started by its call activity', () => {
    const childStart = parseRecord(
      JSON.stringify({
        partitionId: 1,
        position: 500,
        key: 200,
        timestamp: 1,
        valueType: 'PROCESS_INSTANCE',
        recordType: 'EVENT',
        intent: 'ELEMENT_ACTIVATED',
        value: {
          processInstanceKey: 200,
          parentProcessInstanceKey: 90,
          parentElementInstanceKey: 95,
          elementId: 'ba-approval',
          bpmnElementType: 'PROCESS',
          bpmnProcessId: 'ba-approval',
          version: 1,
        },
      }),
    );
    const routes = routeRecord(childStart);
    expect(routes.map(([k, r]) => `${k}:${r.valueType}`)).to.deep.equal([
      '200:PROCESS_INSTANCE',
      '90:CHILD_INSTANCE',
    ]);
    const parent = reduceInstance(null, '90', [routes[1]![1]]).view;
    expect(parent.children).to.deep.equal({
      '200': { bpmnProcessId: 'ba-approval', callActivityInstanceKey: '95' },
    });
    const child = reduceInstance(null, '200', [routes[0]![1]]).view;
    expect(child.parentProcessInstanceKey).to.equal('90');
  });
});
