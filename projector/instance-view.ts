import { date, kindOf, positionOf, str, type EngineEvent } from './engine-events.js';
import { own } from '../common/own.js';
import type { ElementState, InstanceView, UserTaskView } from '../read-model/instance-view.js';

/**
 * The projector's reducer: folds the engine's outbox events (`engine-events.ts`) into the read
 * model's instance views (their shape: `read-model/instance-view.ts`).
 *
 * `reduceInstance` is pure. The outbox is read in commit order and each view keeps the
 * position of the last event it applied; an event at or below it (a replay) changes nothing.
 */

/** The read model's element types for the engine's activity types. */
const ELEMENT_TYPES: Record<string, string> = {
  startEvent: 'START_EVENT',
  messageStartEvent: 'START_EVENT',
  timerStartEvent: 'START_EVENT',
  signalStartEvent: 'START_EVENT',
  errorStartEvent: 'START_EVENT',
  conditionalStartEvent: 'START_EVENT',
  escalationStartEvent: 'START_EVENT',
  compensationStartEvent: 'START_EVENT',
  noneEndEvent: 'END_EVENT',
  errorEndEvent: 'END_EVENT',
  cancelEndEvent: 'END_EVENT',
  terminateEndEvent: 'END_EVENT',
  messageEndEvent: 'END_EVENT',
  signalEndEvent: 'END_EVENT',
  compensationEndEvent: 'END_EVENT',
  escalationEndEvent: 'END_EVENT',
  intermediateMessageCatch: 'INTERMEDIATE_CATCH_EVENT',
  intermediateTimer: 'INTERMEDIATE_CATCH_EVENT',
  intermediateSignalCatch: 'INTERMEDIATE_CATCH_EVENT',
  intermediateConditional: 'INTERMEDIATE_CATCH_EVENT',
  intermediateLinkCatch: 'INTERMEDIATE_CATCH_EVENT',
  intermediateNoneThrowEvent: 'INTERMEDIATE_THROW_EVENT',
  intermediateSignalThrow: 'INTERMEDIATE_THROW_EVENT',
  intermediateMessageThrowEvent: 'INTERMEDIATE_THROW_EVENT',
  intermediateCompensationThrowEvent: 'INTERMEDIATE_THROW_EVENT',
  intermediateEscalationThrowEvent: 'INTERMEDIATE_THROW_EVENT',
  boundaryMessage: 'BOUNDARY_EVENT',
  boundaryTimer: 'BOUNDARY_EVENT',
  boundaryError: 'BOUNDARY_EVENT',
  boundarySignal: 'BOUNDARY_EVENT',
  boundaryCompensation: 'BOUNDARY_EVENT',
  boundaryConditional: 'BOUNDARY_EVENT',
  boundaryEscalation: 'BOUNDARY_EVENT',
  cancelBoundaryCatch: 'BOUNDARY_EVENT',
  exclusiveGateway: 'EXCLUSIVE_GATEWAY',
  inclusiveGateway: 'INCLUSIVE_GATEWAY',
  parallelGateway: 'PARALLEL_GATEWAY',
  eventBasedGateway: 'EVENT_BASED_GATEWAY',
  complexGateway: 'COMPLEX_GATEWAY',
  serviceTask: 'SERVICE_TASK',
  userTask: 'USER_TASK',
  businessRuleTask: 'BUSINESS_RULE_TASK',
  scriptTask: 'SCRIPT_TASK',
  receiveTask: 'RECEIVE_TASK',
  sendTask: 'SEND_TASK',
  manualTask: 'MANUAL_TASK',
  task: 'TASK',
  callActivity: 'CALL_ACTIVITY',
  subProcess: 'SUB_PROCESS',
  adHocSubProcess: 'AD_HOC_SUB_PROCESS',
  transaction: 'SUB_PROCESS',
  multiInstanceBody: 'MULTI_INSTANCE_BODY',
};

/** The read model's name for an engine activity type (unknown types upper-cased). */
export function elementTypeOf(activityType: string): string {
  return (
    own(ELEMENT_TYPES, activityType) ??
    activityType.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()
  );
}

/** The incident types of a task or job out of retries: the public API's JOB_NO_RETRIES. */
const NO_RETRIES = new Set(['failedExternalTask', 'failedJob']);

/**
 * Which views an event changes: its own process instance's and, when it starts a called
 * process, the parent's (so the parent knows its children).
 */
export function routeEvent(e: EngineEvent): string[] {
  const own = e.processInstanceId ?? str(e.payload, 'processInstanceId');
  if (!own) return [];
  const { entity, event } = kindOf(e);
  const parent = str(e.payload, 'superProcessInstanceId');
  if (entity === 'HistoricProcessInstanceEventEntity' && event === 'start' && parent)
    return [own, parent];
  return [own];
}

function emptyView(processInstanceId: string): InstanceView {
  return {
    _id: processInstanceId,
    bpmnProcessId: '',
    version: 0,
    processDefinitionKey: '-1',
    parentProcessInstanceKey: '-1',
    state: 'ACTIVE',
    elements: {},
    history: [],
    timers: {},
    subscriptions: {},
    incidents: {},
    userTasks: {},
    children: {},
    variables: [],
    watermarks: {},
    revision: 0,
  };
}

/** Applies outbox events (those `routeEvent` sends to this instance, in feed order) to its view. */
export function reduceInstance(
  current: InstanceView | null,
  processInstanceId: string,
  events: EngineEvent[],
): { view: InstanceView; changed: boolean } {
  const view: InstanceView = current ? structuredClone(current) : emptyView(processInstanceId);
  let changed = false;
  for (const e of events) {
    const position = positionOf(e);
    const mark = view.watermarks.outbox;
    if (mark !== undefined && position <= mark) continue; // replayed
    view.watermarks.outbox = position;
    changed = true;
    const own = e.processInstanceId ?? str(e.payload, 'processInstanceId');
    if (own === processInstanceId) apply(view, e, position);
    else applyChild(view, e);
  }
  return { view, changed };
}

/** A called process started: the parent records its child. */
function applyChild(view: InstanceView, e: EngineEvent): void {
  const child = e.processInstanceId ?? str(e.payload, 'processInstanceId');
  if (!child) return;
  view.children[child] = {
    bpmnProcessId: str(e.payload, 'processDefinitionKey') ?? '',
    callActivityInstanceKey: str(e.payload, 'superExecutionId') ?? '-1',
  };
}

/** The definition's version: from the payload, else from its id (`<key>:<version>:<id>`). */
function versionOf(p: Record<string, unknown>): number {
  const v = Number(p.processDefinitionVersion);
  if (Number.isInteger(v) && v > 0) return v;
  return Number(str(p, 'processDefinitionId')?.split(':')[1] ?? 0);
}

function apply(view: InstanceView, e: EngineEvent, position: string): void {
  const p = e.payload;
  const { entity, event } = kindOf(e);
  switch (entity) {
    case 'HistoricProcessInstanceEventEntity':
      return applyProcess(view, p, event, position);
    case 'HistoricActivityInstanceEventEntity':
      return applyActivity(view, p, event, position);
    case 'HistoricVariableUpdateEventEntity':
      return applyVariable(view, p, event);
    case 'HistoricTaskInstanceEventEntity':
      return applyTask(view, p, event);
    case 'HistoricIdentityLinkLogEventEntity':
      return applyIdentityLink(view, p, event);
    case 'HistoricIncidentEventEntity':
      return applyIncident(view, p, event);
    case 'HistoricJobLogEventEntity':
      return applyTimerJob(view, p, event);
    case 'EventSubscriptionEntity':
      return applySubscription(view, p, event);
  }
}

function applyProcess(
  view: InstanceView,
  p: Record<string, unknown>,
  event: string,
  position: string,
): void {
  const at = date(p, event === 'end' ? 'endTime' : 'startTime') ?? new Date(0);
  view.bpmnProcessId = str(p, 'processDefinitionKey') ?? view.bpmnProcessId;
  view.processDefinitionKey = str(p, 'processDefinitionId') ?? view.processDefinitionKey;
  view.version = versionOf(p) || view.version;
  if (event === 'migrate' || event === 'update') return;
  if (event !== 'start' && event !== 'end') return;
  view.parentProcessInstanceKey = str(p, 'superProcessInstanceId') ?? '-1';
  // The process itself is an element of its view, as every activity is (keyed by its id).
  const state: ElementState =
    event === 'start'
      ? 'ACTIVE'
      : /TERMINATED/.test(str(p, 'state') ?? '')
        ? 'TERMINATED'
        : 'COMPLETED';
  const element = view.elements[view._id] ?? {
    elementId: view.bpmnProcessId,
    type: 'PROCESS',
    state,
  };
  element.elementId = view.bpmnProcessId;
  element.state = state;
  if (state === 'ACTIVE') element.activatedAt = at;
  else element.endedAt = at;
  view.elements[view._id] = element;
  view.history.push({
    position,
    elementInstanceKey: view._id,
    elementId: view.bpmnProcessId,
    type: 'PROCESS',
    intent: state === 'ACTIVE' ? 'ELEMENT_ACTIVATED' : `ELEMENT_${state}`,
    at,
  });
  view.state = state;
  if (state === 'ACTIVE') view.startedAt = at;
  else view.endedAt = at;
}

function applyActivity(
  view: InstanceView,
  p: Record<string, unknown>,
  event: string,
  position: string,
): void {
  const key = str(p, 'activityInstanceId');
  if (!key) return;
  const elementId = str(p, 'activityId') ?? '';
  if (event === 'migrate') {
    // A process owner moved the instance to another version: the element may have a new id.
    const element = view.elements[key];
    if (element) element.elementId = elementId;
    return;
  }
  if (event !== 'start' && event !== 'end') return;
  const type = elementTypeOf(str(p, 'activityType') ?? '');
  const state: ElementState =
    event === 'start' ? 'ACTIVE' : p.canceled === true ? 'TERMINATED' : 'COMPLETED';
  if (event === 'start') passedEventGateway(view, position);
  const at = date(p, event === 'start' ? 'startTime' : 'endTime') ?? new Date(0);
  view.history.push({
    position,
    elementInstanceKey: key,
    elementId,
    type,
    intent: state === 'ACTIVE' ? 'ELEMENT_ACTIVATED' : `ELEMENT_${state}`,
    at,
  });
  const element = view.elements[key] ?? { elementId, type, state };
  element.state = state;
  if (state === 'ACTIVE') element.activatedAt = at;
  else {
    element.endedAt = at;
    element.activatedAt ??= date(p, 'startTime');
  }
  view.elements[key] = element;
}

/**
 * The engine ends an event-based gateway as cancelled when one of its events fires. An
 * activity starting in the same transaction right after it is that event: the gateway did
 * its work, so it is completed in the read model. (Cancelled with nothing after it — a
 * withdrawal, an instance cancelled — it stays terminated.)
 */
function passedEventGateway(view: InstanceView, position: string): void {
  const last = view.history[view.history.length - 1];
  if (
    !last ||
    last.type !== 'EVENT_BASED_GATEWAY' ||
    last.intent !== 'ELEMENT_TERMINATED' ||
    last.position.split(':')[0] !== position.split(':')[0]
  )
    return;
  last.intent = 'ELEMENT_COMPLETED';
  const element = view.elements[last.elementInstanceKey];
  if (element) element.state = 'COMPLETED';
}

function applyVariable(view: InstanceView, p: Record<string, unknown>, event: string): void {
  // Only the process instance's own (root scope) variables: the case data and outcomes.
  // The root scope's activity instance id is the process instance id.
  if (str(p, 'scopeActivityInstanceId') !== view._id) return;
  const name = str(p, 'variableName');
  if (!name) return;
  const index = view.variables.findIndex((x) => x.name === name);
  if (event === 'delete') {
    if (index >= 0) view.variables.splice(index, 1);
    return;
  }
  if (event !== 'create' && event !== 'update' && event !== 'migrate') return;
  // A value the outbox does not carry (a Java-serialised object, bytes) is shown as absent.
  const value = p.valueOmitted === true ? null : (p.value ?? null);
  if (index >= 0) view.variables[index]!.value = value;
  else view.variables.push({ name, value });
}

function userTask(view: InstanceView, taskId: string): UserTaskView {
  const tasks = (view.userTasks ??= {});
  return (tasks[taskId] ??= {
    userTaskKey: taskId,
    elementId: '',
    elementInstanceKey: '-1',
    candidateGroups: [],
    assignee: null,
    dueDate: null,
    followUpDate: null,
    state: 'OPEN',
    createdAt: new Date(0),
  });
}

function applyTask(view: InstanceView, p: Record<string, unknown>, event: string): void {
  const taskId = str(p, 'taskId') ?? str(p, 'id');
  if (!taskId) return;
  const task = userTask(view, taskId);
  if (event === 'create' || event === 'update' || event === 'migrate') {
    task.elementId = str(p, 'taskDefinitionKey') ?? task.elementId;
    // The task's execution: a timer attached to the task (its escalation) runs on the same
    // execution, which is how the inbox finds a task's escalation.
    task.elementInstanceKey = str(p, 'executionId') ?? task.elementInstanceKey;
    task.assignee = str(p, 'assignee') ?? null;
    task.dueDate = date(p, 'dueDate') ?? null;
    task.followUpDate = date(p, 'followUpDate') ?? null;
    if (event === 'create') task.createdAt = date(p, 'startTime') ?? task.createdAt;
  } else if (event === 'complete' || event === 'delete') {
    // An interrupted task (a boundary event, a cancelled instance) ends as "complete" with
    // the task state Deleted.
    task.state =
      event === 'complete' && str(p, 'taskState') !== 'Deleted' ? 'COMPLETED' : 'CANCELED';
    task.endedAt = date(p, 'endTime');
  }
}

function applyIdentityLink(view: InstanceView, p: Record<string, unknown>, event: string): void {
  const taskId = str(p, 'taskId');
  const group = str(p, 'groupId');
  if (!taskId || !group || str(p, 'type') !== 'candidate') return;
  const task = userTask(view, taskId);
  if (event === 'add-identity-link' && !task.candidateGroups.includes(group))
    task.candidateGroups.push(group);
  if (event === 'delete-identity-link')
    task.candidateGroups = task.candidateGroups.filter((g) => g !== group);
}

function applyIncident(view: InstanceView, p: Record<string, unknown>, event: string): void {
  const id = str(p, 'id');
  if (!id) return;
  const previous = view.incidents[id];
  const type = str(p, 'incidentType') ?? previous?.engineIncidentType ?? '';
  const open =
    event === 'create' || (event !== 'resolve' && event !== 'delete' && previous?.state === 'OPEN');
  view.incidents[id] = {
    elementId: str(p, 'activityId') ?? previous?.elementId ?? '',
    elementInstanceKey: str(p, 'executionId') ?? previous?.elementInstanceKey ?? '-1',
    jobKey: str(p, 'configuration') ?? previous?.jobKey ?? '-1',
    errorType: NO_RETRIES.has(type) ? 'JOB_NO_RETRIES' : type,
    engineIncidentType: type,
    errorMessage: str(p, 'incidentMessage') ?? previous?.errorMessage ?? '',
    state: open ? 'OPEN' : 'RESOLVED',
    createdAt: previous?.createdAt ?? date(p, 'createTime'),
    ...(open ? {} : { resolvedAt: date(p, 'endTime') ?? date(p, 'createTime') }),
  };
  view.openIncidents = Object.values(view.incidents).filter((i) => i.state === 'OPEN').length;
}

/** Timer jobs (their job log): created with a due date, then executed or deleted. */
function applyTimerJob(view: InstanceView, p: Record<string, unknown>, event: string): void {
  if (!str(p, 'jobDefinitionType')?.startsWith('timer')) return;
  const jobId = str(p, 'jobId');
  if (!jobId) return;
  const state = ({ create: 'ACTIVE', success: 'TRIGGERED', delete: 'CANCELED' } as const)[
    event as 'create'
  ];
  if (state === undefined) return; // a failed attempt changes nothing the status shows
  const previous = view.timers[jobId];
  view.timers[jobId] = {
    elementId: str(p, 'activityId') ?? previous?.elementId ?? '',
    elementInstanceKey: str(p, 'executionId') ?? previous?.elementInstanceKey ?? '-1',
    dueDate: date(p, 'jobDueDate') ?? previous?.dueDate ?? new Date(0),
    state,
  };
}

/** Message subscriptions: a case waits for a message while one is open. */
function applySubscription(view: InstanceView, p: Record<string, unknown>, event: string): void {
  if (str(p, 'subscriptionType') !== 'message') return;
  const id = str(p, 'id');
  const messageName = str(p, 'eventName');
  if (!id || !messageName) return;
  const previous = view.subscriptions[id];
  view.subscriptions[id] = {
    elementId: str(p, 'activityId') ?? previous?.elementId ?? '',
    elementInstanceKey: str(p, 'executionId') ?? previous?.elementInstanceKey ?? '-1',
    messageName,
    // Messages are correlated by the case id, the instances' business key.
    correlationKey: str(p, 'businessKey') ?? previous?.correlationKey ?? '',
    state: event === 'create' ? 'OPEN' : 'CLOSED',
  };
}
