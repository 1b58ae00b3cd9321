import type { WorkerDefinition } from './framework/define-worker.js';

/**
 * Element templates for the modeler, generated from the workers: a process owner picks a
 * service task from the task types that exist — with the variables the worker reads as input
 * mappings and those it writes as output mappings — instead of typing a job type. Zeebe
 * element template format (bindings `zeebe:taskDefinition`, `zeebe:input`, `zeebe:output`).
 */
export interface ElementTemplate {
  name: string;
  id: string;
  version: number;
  description: string;
  appliesTo: string[];
  elementType: { value: string };
  groups: { id: string; label: string }[];
  properties: Record<string, unknown>[];
}

interface JsonSchemaObject {
  properties?: Record<string, { description?: string; title?: string }>;
  required?: string[];
}

export function elementTemplate(w: WorkerDefinition<unknown, unknown>): ElementTemplate {
  const input = w.inputSchema as JsonSchemaObject;
  const output = w.outputSchema as JsonSchemaObject;
  const required = new Set(input.required ?? []);
  return {
    name: w.description,
    id: `wsa.${w.type}`,
    version: 1,
    description: `Job type ${w.type}${w.bpmnErrorCodes?.length ? `; may throw ${w.bpmnErrorCodes.join(', ')}` : ''}`,
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups: [
      { id: 'inputs', label: 'Input (what the worker reads)' },
      { id: 'outputs', label: 'Output (what the worker writes)' },
    ],
    properties: [
      {
        type: 'Hidden',
        value: w.type,
        binding: { type: 'zeebe:taskDefinition', property: 'type' },
      },
      {
        type: 'Hidden',
        value: String(w.retries),
        binding: { type: 'zeebe:taskDefinition', property: 'retries' },
      },
      ...Object.entries(input.properties ?? {}).map(([name, p]) => ({
        label: name,
        description: p.description ?? p.title,
        group: 'inputs',
        type: 'String',
        feel: 'required',
        value: `=${name}`,
        optional: !required.has(name),
        binding: { type: 'zeebe:input', name },
        ...(required.has(name) ? { constraints: { notEmpty: true } } : {}),
      })),
      ...Object.entries(output.properties ?? {}).map(([name, p]) => ({
        label: `${name} → process variable`,
        description: p.description ?? p.title,
        group: 'outputs',
        type: 'String',
        value: name,
        binding: { type: 'zeebe:output', source: `=${name}` },
      })),
    ],
  };
}
