import { keyOf, parseLossless, sortablePosition, type ZeebeRecord } from './records.js';

/**
 * The read model of one process instance: everything the status of a case needs, in one
 * document keyed by the process instance key (a JSONB row in read_model.process_instances).
 * One document, because it is read whole by key for a status and written atomically: a
 * reader never sees the state of one record without the variables, timers and history that
 * came with it.
 *
 * `reduceInstance` is pure. Each value type is its own ordered Redis stream, so the view
 * keeps a watermark (last applied position) per value type; a record at or below it is a
 * redelivery and changes nothing.
 */
export type ElementState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ElementView {
  elementId: string;
  type: string;
  state: ElementState;
  activatedAt?: Date;
  endedAt?: Date;
}

export interface HistoryEntry {
  position: string;
  elementInstanceKey: string;
  elementId: string;
  type: string;
  intent: string;
  at: Date;
}

export interface TimerView {
  elementId: string;
  elementInstanceKey: string;
  dueDate: Date;
  state: 'ACTIVE' | 'TRIGGERED' | 'CANCELED';
}

export interface SubscriptionView {
  elementId: string;
  elementInstanceKey: string;
  messageName: string;
  correlationKey: string;
  state: 'OPEN' | 'CORRELATED' | 'CLOSED';
}

export interface IncidentView {
  elementId: string;
  elementInstanceKey: string;
  jobKey: string;
  errorType: string;
  errorMessage: string;
  state: 'OPEN' | 'RESOLVED';
  createdAt?: Date;
  resolvedAt?: Date;
}

/** A user task (Zeebe user task) for caseworkers of the candidate groups (authorities). */
export interface UserTaskView {
  userTaskKey: string;
  elementId: string;
  elementInstanceKey: string;
  candidateGroups: string[];
  assignee: string | null;
  dueDate: Date | null;
  followUpDate: Date | null;
  state: 'OPEN' | 'COMPLETED' | 'CANCELED';
  createdAt: Date;
  endedAt?: Date;
}

export interface InstanceView {
  _id: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  parentProcessInstanceKey: string;
  state: ElementState;
  startedAt?: Date;
  endedAt?: Date;
  /** Keyed by element instance key. */
  elements: Record<string, ElementView>;
  /** Lifecycle events in engine order. */
  history: HistoryEntry[];
  timers: Record<string, TimerView>;
  /** Keyed by `<elementInstanceKey>:<messageName>`. */
  subscriptions: Record<string, SubscriptionView>;
  incidents: Record<string, IncidentView>;
  /** How many of the incidents are open (kept with every write, for the operators' query). */
  openIncidents?: number;
  /** Keyed by user task key. Absent in views written before user tasks were projected. */
  userTasks?: Record<string, UserTaskView>;
  /** Instances started by this one's call activities, keyed by their process instance key. */
  children: Record<string, { bpmnProcessId: string; callActivityInstanceKey: string }>;
  /** Root-scope variables (an array: variable names may hold characters field names may not). */
  variables: { name: string; value: unknown }[];
  /** Last applied position per value type. */
  watermarks: Record<string, string>;
  /** Increases with every write; guards against a concurrent writer. */
  revision: number;
}

/** Value types the projector consumes; the exporter is configured to send only these. */
export const PROJECTED_VALUE_TYPES = [
  'PROCESS_INSTANCE',
  'INCIDENT',
  'TIMER',
  'PROCESS_MESSAGE_SUBSCRIPTION',
  'VARIABLE',
  'USER_TASK',
] as const;

const ELEMENT_STATES: Record<string, ElementState> = {
  ELEMENT_ACTIVATED: 'ACTIVE',
  ELEMENT_COMPLETED: 'COMPLETED',
  ELEMENT_TERMINATED: 'TERMINATED',
};

/**
 * Which views a record changes: its own process instance's and, when it starts a called
 * process, the parent's (as a CHILD_INSTANCE record, so the parent knows its children).
 */
export function routeRecord(r: ZeebeRecord): [processInstanceKey: string, record: ZeebeRecord][] {
  if (
    r.recordType !== 'EVENT' ||
    !(PROJECTED_VALUE_TYPES as readonly string[]).includes(r.valueType)
  )
    return [];
  const key = keyOf(r.value, 'processInstanceKey');
  if (key === '-1') return [];
  const routes: [string, ZeebeRecord][] = [[key, r]];
  const parent = keyOf(r.value, 'parentProcessInstanceKey');
  const startsCalledProcess =
    r.valueType === 'PROCESS_INSTANCE' &&
    r.intent === 'ELEMENT_ACTIVATED' &&
    r.value.bpmnElementType === 'PROCESS';
  if (startsCalledProcess && parent !== '-1')
    routes.push([parent, { ...r, valueType: 'CHILD_INSTANCE' }]);
  return routes;
}

function emptyView(processInstanceKey: string): InstanceView {
  return {
    _id: processInstanceKey,
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

/** Applies records (of one process instance, in stream order) to its view. */
export function reduceInstance(
  current: InstanceView | null,
  processInstanceKey: string,
  records: ZeebeRecord[],
): { view: InstanceView; changed: boolean } {
  const view: InstanceView = current ? structuredClone(current) : emptyView(processInstanceKey);
  let changed = false;
  for (const r of records) {
    const position = sortablePosition(r.partitionId, r.position);
    const mark = view.watermarks[r.valueType];
    if (mark !== undefined && position <= mark) continue; // redelivered
    view.watermarks[r.valueType] = position;
    changed = true;
    apply(view, r, position);
  }
  return { view, changed };
}

function apply(view: InstanceView, r: ZeebeRecord, position: string): void {
  const v = r.value;
  const at = new Date(r.timestamp);
  switch (r.valueType) {
    case 'PROCESS_INSTANCE': {
      if (r.intent === 'ELEMENT_MIGRATED') {
        // A process owner moved the instance to another version: the element may have a new
        // id there, and the process itself a new definition and version.
        const element = view.elements[r.key];
        if (element) element.elementId = String(v.elementId);
        if (String(v.bpmnElementType) === 'PROCESS') {
          view.version = Number(v.version);
          view.processDefinitionKey = keyOf(v, 'processDefinitionKey');
        }
        return;
      }
      const state = ELEMENT_STATES[r.intent];
      if (state === undefined && r.intent !== 'SEQUENCE_FLOW_TAKEN') return;
      const elementId = String(v.elementId);
      const type = String(v.bpmnElementType);
      view.history.push({
        position,
        elementInstanceKey: r.key,
        elementId,
        type,
        intent: r.intent,
        at,
      });
      if (state === undefined) return;
      const element = view.elements[r.key] ?? { elementId, type, state };
      element.state = state;
      if (state === 'ACTIVE') element.activatedAt = at;
      else element.endedAt = at;
      view.elements[r.key] = element;
      if (type === 'PROCESS') {
        view.bpmnProcessId = String(v.bpmnProcessId);
        view.version = Number(v.version);
        view.processDefinitionKey = keyOf(v, 'processDefinitionKey');
        view.parentProcessInstanceKey = keyOf(v, 'parentProcessInstanceKey');
        view.state = state;
        if (state === 'ACTIVE') view.startedAt = at;
        else view.endedAt = at;
      }
      return;
    }
    case 'TIMER': {
      const state = ({ CREATED: 'ACTIVE', TRIGGERED: 'TRIGGERED', CANCELED: 'CANCELED' } as const)[
        r.intent as 'CREATED'
      ];
      if (state === undefined) return;
      view.timers[r.key] = {
        elementId: String(v.targetElementId),
        elementInstanceKey: keyOf(v, 'elementInstanceKey'),
        dueDate: new Date(Number(v.dueDate)),
        state,
      };
      return;
    }
    case 'PROCESS_MESSAGE_SUBSCRIPTION': {
      const state = ({ CREATED: 'OPEN', CORRELATED: 'CORRELATED', DELETED: 'CLOSED' } as const)[
        r.intent as 'CREATED'
      ];
      if (state === undefined) return;
      const elementInstanceKey = keyOf(v, 'elementInstanceKey');
      const messageName = String(v.messageName);
      view.subscriptions[`${elementInstanceKey}:${messageName}`] = {
        elementId: String(v.elementId),
        elementInstanceKey,
        messageName,
        correlationKey: String(v.correlationKey),
        state,
      };
      return;
    }
    case 'INCIDENT': {
      if (r.intent !== 'CREATED' && r.intent !== 'RESOLVED') return;
      const previous = view.incidents[r.key];
      view.incidents[r.key] = {
        elementId: String(v.elementId),
        elementInstanceKey: keyOf(v, 'elementInstanceKey'),
        jobKey: keyOf(v, 'jobKey'),
        errorType: String(v.errorType),
        errorMessage: String(v.errorMessage ?? ''),
        state: r.intent === 'CREATED' ? 'OPEN' : 'RESOLVED',
        ...(r.intent === 'CREATED'
          ? { createdAt: at }
          : { createdAt: previous?.createdAt, resolvedAt: at }),
      };
      return;
    }
    case 'USER_TASK': {
      const tasks = (view.userTasks ??= {});
      const previous = tasks[r.key];
      if (r.intent === 'CREATED' || r.intent === 'ASSIGNED' || r.intent === 'UPDATED') {
        tasks[r.key] = {
          userTaskKey: r.key,
          elementId: String(v.elementId),
          elementInstanceKey: keyOf(v, 'elementInstanceKey'),
          candidateGroups: Array.isArray(v.candidateGroupsList)
            ? v.candidateGroupsList.map(String)
            : [],
          assignee: v.assignee ? String(v.assignee) : null,
          dueDate: engineDate(v.dueDate),
          followUpDate: engineDate(v.followUpDate),
          state: 'OPEN',
          createdAt: previous?.createdAt ?? at,
        };
      } else if ((r.intent === 'COMPLETED' || r.intent === 'CANCELED') && previous) {
        previous.state = r.intent;
        previous.endedAt = at;
      }
      return;
    }
    case 'CHILD_INSTANCE': {
      view.children[keyOf(v, 'processInstanceKey')] = {
        bpmnProcessId: String(v.bpmnProcessId),
        callActivityInstanceKey: keyOf(v, 'parentElementInstanceKey'),
      };
      return;
    }
    case 'VARIABLE': {
      if (r.intent !== 'CREATED' && r.intent !== 'UPDATED') return;
      // Only the process instance's own (root) variables: the case data and outcomes.
      if (keyOf(v, 'scopeKey') !== view._id) return;
      const name = String(v.name);
      const value = parseLossless(String(v.value));
      const existing = view.variables.find((x) => x.name === name);
      if (existing) existing.value = value;
      else view.variables.push({ name, value });
      return;
    }
  }
}

/** Zeebe writes user task dates as ISO strings with a zone suffix ("...Z[Etc/UTC]"), or "". */
function engineDate(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const date = new Date(value.replace(/\[.*\]$/, ''));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The case id a view carries (the root variable `caseId`), if any. */
export function caseIdOf(view: InstanceView): string | undefined {
  const v = view.variables.find((x) => x.name === 'caseId')?.value;
  return typeof v === 'string' ? v : undefined;
}

/** At most this many instances make up one case (root and called processes; a guard). */
export const MAX_INSTANCES_PER_CASE = 100;

/**
 * A case's views: the root first, then the instances its call activities started, level by
 * level. `view` finds an instance's newest view (view cache, store, or a batch in hand);
 * instances it does not find are left out.
 */
export async function caseViewsFrom(
  root: InstanceView,
  view: (processInstanceKey: string) => Promise<InstanceView | null>,
): Promise<InstanceView[]> {
  const views = [root];
  const queue = Object.keys(root.children ?? {});
  while (queue.length > 0 && views.length < MAX_INSTANCES_PER_CASE) {
    const child = await view(queue.shift()!);
    if (!child) continue;
    views.push(child);
    queue.push(...Object.keys(child.children ?? {}));
  }
  return views;
}
