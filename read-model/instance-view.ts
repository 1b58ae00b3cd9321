/**
 * The read model of one process instance: everything the status of a case needs, in one
 * document keyed by the engine's process instance id (a JSONB row in
 * read_model.process_instances), folded from the engine's outbox
 * events by the projector (`projector/instance-view.ts`). One document, written atomically with the feed's cursor: a
 * reader never sees the state of one event without the variables, timers and history that
 * came with it.
 *
 * The element type names (SERVICE_TASK, END_EVENT, ...) and lifecycle names
 * (ELEMENT_ACTIVATED, ...) are the read model's own vocabulary, kept from before the engine
 * changed: the status, KPIs and predictions read them.
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
  /** The failed external task's or job's id (the incident's configuration in the engine). */
  jobKey: string;
  /** As the public API names it: JOB_NO_RETRIES for a task or job out of retries. */
  errorType: string;
  /** The engine's own incident type (failedExternalTask, failedJob, ...). */
  engineIncidentType?: string;
  errorMessage: string;
  state: 'OPEN' | 'RESOLVED';
  createdAt?: Date;
  resolvedAt?: Date;
}

/** A user task for caseworkers of the candidate groups (authorities). */
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
  /** Keyed by the engine's event subscription id. */
  subscriptions: Record<string, SubscriptionView>;
  incidents: Record<string, IncidentView>;
  /** How many of the incidents are open (kept with every write, for the operators' query). */
  openIncidents?: number;
  /** Keyed by the engine's task id. */
  userTasks?: Record<string, UserTaskView>;
  /** Instances started by this one's call activities, keyed by their process instance key. */
  children: Record<string, { bpmnProcessId: string; callActivityInstanceKey: string }>;
  /** Root-scope variables (an array: variable names may hold characters field names may not). */
  variables: { name: string; value: unknown }[];
  /** Position of the last applied outbox event (`outbox`). */
  watermarks: Record<string, string>;
  /** Increases with every write; guards against a concurrent writer. */
  revision: number;
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
