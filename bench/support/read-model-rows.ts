/**
 * Read-model rows as the projector writes them today (projector/instance-view.ts,
 * read-model/view-store.ts, projector/task-inbox.ts, case-facts-store.ts), for the benchmarks that load the read
 * model directly instead of running cases through the engine (volume, task list, store
 * operations). What makes them look real:
 *   - engine ids as Operaton makes them: UUIDs for process instances, tasks, jobs and
 *     subscriptions; `<activityId>:<uuid>` for activity instances; definition ids
 *     `<key>:<version>:<uuid>`;
 *   - the process itself as an element, its start event, the model's own element ids and
 *     types (read from the BPMN), a history entry per lifecycle event, each with its outbox
 *     position, and the outbox watermark;
 *   - the case's variables (the procedure's example application plus `caseId`), the open
 *     message subscriptions of a waiting case (correlated by the case id, the business key),
 *     the statutory timer as a job;
 *   - inbox rows derived from the view by the projector's own function (`inboxChanges`).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { elementTypeOf } from '../../projector/instance-view.js';
import {
  type ElementView,
  type HistoryEntry,
  type InstanceView,
  type SubscriptionView,
  type TimerView,
  type UserTaskView,
} from '../../read-model/instance-view.js';
import { inboxChanges } from '../../projector/task-inbox.js';
import { type InboxTask } from '../../read-model/task-inbox.js';
import { PROCESSES_DIR } from '../../processes/registry.js';

/** What the BPMN of a process says about its elements. */
interface Model {
  bpmnProcessId: string;
  definitionId: string;
  /** Element id → the read model's element type. */
  types: Map<string, string>;
  /** Event-based gateway id → its message catch events and the messages they wait for. */
  gatewayMessages: Map<string, { elementId: string; messageName: string }[]>;
  /** Messages of event sub-processes (standing, e.g. a withdrawal). */
  standingMessages: { elementId: string; messageName: string }[];
  /** User task id → candidate groups. */
  candidateGroups: Map<string, string[]>;
  /** Timer boundary event attached to a user task id (its escalation). */
  escalation: Map<string, string>;
  /** The start event's id. */
  startEvent: string;
  example: Record<string, unknown>;
}

const models = new Map<string, Model>();

/** The engine's name for a BPMN element (as its activity type), for `elementTypeOf`. */
function activityType(tag: string, body: string): string {
  if (tag === 'intermediateCatchEvent')
    return body.includes('timerEventDefinition') ? 'intermediateTimer' : 'intermediateMessageCatch';
  if (tag === 'boundaryEvent')
    return body.includes('timerEventDefinition') ? 'boundaryTimer' : 'boundaryMessage';
  if (tag === 'endEvent') return 'noneEndEvent';
  return tag;
}

export function model(procedure: string): Model {
  const known = models.get(procedure);
  if (known) return known;
  const dir = path.join(PROCESSES_DIR, procedure);
  const xml = readFileSync(path.join(dir, `${procedure}.bpmn`), 'utf8');
  const messages = new Map(
    [...xml.matchAll(/<bpmn:message id="([^"]+)" name="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]),
  );
  const types = new Map<string, string>();
  const bodies = new Map<string, string>();
  for (const m of xml.matchAll(/<bpmn:(\w+) id="([^"]+)"([^>]*)>/g)) {
    const [whole, tag, id, attrs] = m;
    if (['sequenceFlow', 'message', 'process', 'error', 'signal', 'escalation'].includes(tag!))
      continue;
    // The element's content, up to its closing tag (none for a self-closing one).
    const from = m.index + whole.length;
    const body = attrs!.endsWith('/') ? '' : xml.slice(from, xml.indexOf(`</bpmn:${tag}>`, from));
    types.set(id!, elementTypeOf(activityType(tag!, body)));
    bodies.set(id!, attrs + body);
  }
  const flows = [
    ...xml.matchAll(/<bpmn:sequenceFlow id="[^"]+" sourceRef="([^"]+)" targetRef="([^"]+)"/g),
  ];
  const gatewayMessages = new Map<string, { elementId: string; messageName: string }[]>();
  for (const [id, type] of types)
    if (type === 'EVENT_BASED_GATEWAY')
      gatewayMessages.set(
        id,
        flows
          .filter((f) => f[1] === id)
          .flatMap((f) => {
            const ref = /messageRef="([^"]+)"/.exec(bodies.get(f[2]!) ?? '')?.[1];
            return ref && messages.has(ref)
              ? [{ elementId: f[2]!, messageName: messages.get(ref)! }]
              : [];
          }),
      );
  const standingMessages = [
    ...xml.matchAll(
      /<bpmn:startEvent id="([^"]+)"[^>]*>(?:(?!<\/bpmn:startEvent>)[\s\S])*?messageRef="([^"]+)"/g,
    ),
  ].map((m) => ({ elementId: m[1]!, messageName: messages.get(m[2]!) ?? m[2]! }));
  const candidateGroups = new Map(
    [...xml.matchAll(/<bpmn:userTask id="([^"]+)"[^>]*camunda:candidateGroups="([^"]+)"/g)].map(
      (m) => [m[1]!, m[2]!.split(',').map((g) => g.trim())],
    ),
  );
  const escalation = new Map(
    [...xml.matchAll(/<bpmn:boundaryEvent id="([^"]+)"[^>]*attachedToRef="([^"]+)"/g)]
      .filter((m) => candidateGroups.has(m[2]!))
      .map((m) => [m[2]!, m[1]!]),
  );
  const startEvent =
    /<bpmn:process [^>]*>[\s\S]*?<bpmn:startEvent id="([^"]+)"/.exec(xml)?.[1] ?? 'StartEvent';
  const m: Model = {
    bpmnProcessId: procedure,
    definitionId: `${procedure}:1:${randomUUID()}`,
    types,
    gatewayMessages,
    standingMessages,
    candidateGroups,
    escalation,
    startEvent,
    example: JSON.parse(readFileSync(path.join(dir, 'examples', 'application.json'), 'utf8')),
  };
  models.set(procedure, m);
  return m;
}

let txid = 1000n;
/** The next outbox position (transaction, sequence), as the projector stamps history entries. */
function nextPosition(): string {
  txid += 1n;
  return `${String(txid).padStart(20, '0')}:${String(txid * 7n).padStart(20, '0')}`;
}

/**
 * A generated case (monitoring/history-generator.ts: element ids, times, the statutory
 * timer) as the projector's view of its root instance.
 */
export function projectedView(generated: InstanceView, caseId: string): InstanceView {
  const m = model(generated.bpmnProcessId);
  const id = randomUUID();
  const elements: Record<string, ElementView> = {};
  const history: HistoryEntry[] = [];
  const entry = (key: string, e: ElementView, intent: string, at: Date) =>
    history.push({
      position: nextPosition(),
      elementInstanceKey: key,
      elementId: e.elementId,
      type: e.type,
      intent,
      at,
    });
  const open = generated.state === 'ACTIVE';
  const started = new Date(generated.startedAt!);
  const process: ElementView = {
    elementId: m.bpmnProcessId,
    type: 'PROCESS',
    state: generated.state,
    activatedAt: started,
    ...(open ? {} : { endedAt: new Date(generated.endedAt!) }),
  };
  elements[id] = process;
  entry(id, process, 'ELEMENT_ACTIVATED', started);
  const start: ElementView = {
    elementId: m.startEvent,
    type: 'START_EVENT',
    state: 'COMPLETED',
    activatedAt: started,
    endedAt: started,
  };
  const startKey = `${m.startEvent}:${randomUUID()}`;
  elements[startKey] = start;
  entry(startKey, start, 'ELEMENT_ACTIVATED', started);
  entry(startKey, start, 'ELEMENT_COMPLETED', started);
  const subscriptions: Record<string, SubscriptionView> = {};
  for (const g of Object.values(generated.elements)) {
    const key = `${g.elementId}:${randomUUID()}`;
    const e: ElementView = { ...g, type: m.types.get(g.elementId) ?? g.type };
    elements[key] = e;
    entry(key, e, 'ELEMENT_ACTIVATED', new Date(e.activatedAt!));
    if (e.endedAt) entry(key, e, 'ELEMENT_COMPLETED', new Date(e.endedAt));
    else
      for (const { elementId, messageName } of m.gatewayMessages.get(e.elementId) ?? [])
        subscriptions[randomUUID()] = {
          elementId,
          elementInstanceKey: key,
          messageName,
          correlationKey: caseId,
          state: 'OPEN',
        };
  }
  for (const s of m.standingMessages)
    subscriptions[randomUUID()] = {
      elementId: s.elementId,
      elementInstanceKey: id,
      messageName: s.messageName,
      correlationKey: caseId,
      state: open ? 'OPEN' : 'CLOSED',
    };
  const timers: Record<string, TimerView> = {};
  for (const t of Object.values(generated.timers))
    timers[randomUUID()] = { ...t, elementInstanceKey: randomUUID() };
  if (!open) entry(id, process, 'ELEMENT_COMPLETED', new Date(generated.endedAt!));
  return {
    _id: id,
    bpmnProcessId: m.bpmnProcessId,
    version: 1,
    processDefinitionKey: m.definitionId,
    parentProcessInstanceKey: '-1',
    state: generated.state,
    startedAt: started,
    ...(open ? {} : { endedAt: new Date(generated.endedAt!) }),
    elements,
    history,
    timers,
    subscriptions,
    incidents: {},
    openIncidents: 0,
    userTasks: {},
    children: {},
    variables: [
      ...Object.entries(m.example).map(([name, value]) => ({ name, value })),
      { name: 'caseId', value: caseId },
    ],
    watermarks: { outbox: history.at(-1)!.position },
    revision: history.length,
  };
}

/**
 * A case of `procedure` waiting at its user task `taskId` (e.g. the ABH deciding a residence
 * permit), created `createdAt`, due and escalated as the model says: the view and the inbox
 * rows the projector derives from it.
 */
export function waitingAtUserTask(
  procedure: string,
  taskId: string,
  caseId: string,
  createdAt: Date,
  options: { assignee?: string | null; dueInDays?: number; escalated?: boolean } = {},
): { view: InstanceView; inbox: InboxTask[] } {
  const m = model(procedure);
  const groups = m.candidateGroups.get(taskId);
  if (!groups) throw new Error(`${procedure} has no user task ${taskId} with candidate groups`);
  const generated: InstanceView = {
    _id: '',
    bpmnProcessId: procedure,
    version: 1,
    processDefinitionKey: '',
    parentProcessInstanceKey: '-1',
    state: 'ACTIVE',
    startedAt: createdAt,
    elements: {
      t: { elementId: taskId, type: 'USER_TASK', state: 'ACTIVE', activatedAt: createdAt },
    },
    history: [],
    timers: {},
    subscriptions: {},
    incidents: {},
    children: {},
    variables: [],
    watermarks: {},
    revision: 0,
  };
  const view = projectedView(generated, caseId);
  // The task's execution: the escalation timer runs on it.
  const execution = randomUUID();
  const userTaskKey = randomUUID();
  const due = new Date(createdAt.getTime() + (options.dueInDays ?? 28) * 86_400_000);
  const task: UserTaskView = {
    userTaskKey,
    elementId: taskId,
    elementInstanceKey: execution,
    candidateGroups: groups,
    assignee: options.assignee ?? null,
    dueDate: due,
    followUpDate: new Date(createdAt.getTime() + 14 * 86_400_000),
    state: 'OPEN',
    createdAt,
  };
  view.userTasks = { [userTaskKey]: task };
  const escalationId = m.escalation.get(taskId);
  if (escalationId)
    view.timers[randomUUID()] = {
      elementId: escalationId,
      elementInstanceKey: execution,
      dueDate: new Date(due.getTime() - 7 * 86_400_000),
      state: options.escalated ? 'TRIGGERED' : 'ACTIVE',
    };
  const inbox = inboxChanges(view, [userTaskKey]).flatMap((c) =>
    c.kind === 'put' ? [c.task] : [],
  );
  return { view, inbox };
}
