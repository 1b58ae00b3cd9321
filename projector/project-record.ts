import { Collections } from './collections.js';
import { keyOf, parseLossless, sortablePosition, type ZeebeRecord } from './records.js';

/**
 * What one exported record changes in the read model, as plain write operations
 * (pure: unit-tested without a store). Applying an operation twice, or an older one after
 * a newer one, changes nothing (see apply-writes.ts).
 */
export type ProjectionWrite =
  /** Insert a document once; a second insert with the same _id is a no-op. */
  | { kind: 'insertOnce'; collection: string; doc: Record<string, unknown> & { _id: string } }
  /** Set fields if this record is newer than the last one applied to the document. */
  | {
      kind: 'advance';
      collection: string;
      id: string;
      position: string;
      set: Record<string, unknown>;
    }
  /** Record the process instance of a case the gateway could not link itself (crash between start and save). */
  | { kind: 'linkCase'; caseId: string; processInstanceKey: string };

/** Value types the projector consumes; the exporter is configured to send only these. */
export const PROJECTED_VALUE_TYPES = [
  'PROCESS_INSTANCE',
  'INCIDENT',
  'TIMER',
  'PROCESS_MESSAGE_SUBSCRIPTION',
  'VARIABLE',
] as const;

const ELEMENT_STATES: Record<string, string> = {
  ELEMENT_ACTIVATED: 'ACTIVE',
  ELEMENT_COMPLETED: 'COMPLETED',
  ELEMENT_TERMINATED: 'TERMINATED',
};

export function projectRecord(r: ZeebeRecord): ProjectionWrite[] {
  if (r.recordType !== 'EVENT') return [];
  const position = sortablePosition(r.partitionId, r.position);
  const at = new Date(r.timestamp);
  const v = r.value;
  const processInstanceKey = keyOf(v, 'processInstanceKey');

  switch (r.valueType) {
    case 'PROCESS_INSTANCE': {
      const state = ELEMENT_STATES[r.intent];
      if (state === undefined && r.intent !== 'SEQUENCE_FLOW_TAKEN') return [];
      const writes: ProjectionWrite[] = [
        {
          kind: 'insertOnce',
          collection: Collections.elementEvents,
          doc: {
            _id: position,
            position,
            processInstanceKey,
            elementInstanceKey: r.key,
            elementId: String(v.elementId),
            bpmnElementType: String(v.bpmnElementType),
            bpmnProcessId: String(v.bpmnProcessId),
            intent: r.intent,
            at,
          },
        },
      ];
      if (state !== undefined) {
        writes.push({
          kind: 'advance',
          collection: Collections.elementInstances,
          id: r.key,
          position,
          set: {
            processInstanceKey,
            elementId: String(v.elementId),
            bpmnElementType: String(v.bpmnElementType),
            bpmnProcessId: String(v.bpmnProcessId),
            processDefinitionKey: keyOf(v, 'processDefinitionKey'),
            version: Number(v.version),
            flowScopeKey: keyOf(v, 'flowScopeKey'),
            parentProcessInstanceKey: keyOf(v, 'parentProcessInstanceKey'),
            state,
            ...(state === 'ACTIVE' ? { activatedAt: at } : { endedAt: at }),
          },
        });
      }
      return writes;
    }
    case 'INCIDENT': {
      if (r.intent !== 'CREATED' && r.intent !== 'RESOLVED') return [];
      return [
        {
          kind: 'advance',
          collection: Collections.incidents,
          id: r.key,
          position,
          set: {
            processInstanceKey,
            bpmnProcessId: String(v.bpmnProcessId),
            elementId: String(v.elementId),
            elementInstanceKey: keyOf(v, 'elementInstanceKey'),
            jobKey: keyOf(v, 'jobKey'),
            errorType: String(v.errorType),
            errorMessage: String(v.errorMessage ?? ''),
            state: r.intent === 'CREATED' ? 'OPEN' : 'RESOLVED',
            ...(r.intent === 'CREATED' ? { createdAt: at } : { resolvedAt: at }),
          },
        },
      ];
    }
    case 'TIMER': {
      const state = { CREATED: 'ACTIVE', TRIGGERED: 'TRIGGERED', CANCELED: 'CANCELED' }[r.intent];
      if (state === undefined) return [];
      return [
        {
          kind: 'advance',
          collection: Collections.timers,
          id: r.key,
          position,
          set: {
            processInstanceKey,
            elementInstanceKey: keyOf(v, 'elementInstanceKey'),
            elementId: String(v.targetElementId),
            dueDate: new Date(Number(v.dueDate)),
            state,
          },
        },
      ];
    }
    case 'PROCESS_MESSAGE_SUBSCRIPTION': {
      const state = { CREATED: 'OPEN', CORRELATED: 'CORRELATED', DELETED: 'CLOSED' }[r.intent];
      if (state === undefined) return [];
      const elementInstanceKey = keyOf(v, 'elementInstanceKey');
      const messageName = String(v.messageName);
      return [
        {
          kind: 'advance',
          collection: Collections.messageSubscriptions,
          id: `${elementInstanceKey}:${messageName}`,
          position,
          set: {
            processInstanceKey,
            elementInstanceKey,
            elementId: String(v.elementId),
            messageName,
            correlationKey: String(v.correlationKey),
            state,
          },
        },
      ];
    }
    case 'VARIABLE': {
      if (r.intent !== 'CREATED' && r.intent !== 'UPDATED') return [];
      // Only the process instance's own (root) variables: the case data and outcomes.
      if (keyOf(v, 'scopeKey') !== processInstanceKey) return [];
      const name = String(v.name);
      const value = parseLossless(String(v.value));
      const writes: ProjectionWrite[] = [
        {
          kind: 'advance',
          collection: Collections.processVariables,
          id: `${processInstanceKey}:${name}`,
          position,
          set: { processInstanceKey, name, value },
        },
      ];
      if (name === 'caseId' && typeof value === 'string') {
        writes.push({ kind: 'linkCase', caseId: value, processInstanceKey });
      }
      return writes;
    }
    default:
      return [];
  }
}
