import type { WorkerDefinition } from './framework/define-worker.js';

/**
 * Element templates for the modeler, generated from the workers: a process owner picks a
 * service task from the topics that exist — with the variables the worker reads as input
 * mappings and those it writes as output mappings — instead of typing a topic. Camunda 7
 * element template format (bpmn-js-element-templates, schema
 * @camunda/element-templates-json-schema): the task becomes an external task
 * (`camunda:type="external"`, `camunda:topic`), inputs are `camunda:inputParameter`s and
 * outputs `camunda:outputParameter`s. Mappings are FEEL, as in the models: a variable that is
 * not set reads as null instead of failing the task. Retries and back-off are the worker's,
 * not the model's.
 */
export const ELEMENT_TEMPLATE_SCHEMA =
  'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json';

export interface ElementTemplateBinding {
  type: 'property' | 'camunda:inputParameter' | 'camunda:outputParameter';
  name?: string;
  source?: string;
  scriptFormat?: string;
}

export interface ElementTemplateProperty {
  label?: string;
  description?: string;
  group?: string;
  type: 'Hidden' | 'String';
  value: string;
  editable?: boolean;
  binding: ElementTemplateBinding;
  constraints?: { notEmpty?: boolean };
}

export interface ElementTemplate {
  $schema: string;
  name: string;
  id: string;
  version: number;
  description: string;
  appliesTo: string[];
  elementType: { value: string };
  groups: { id: string; label: string }[];
  properties: ElementTemplateProperty[];
}

interface JsonSchemaObject {
  properties?: Record<string, { description?: string; title?: string }>;
  required?: string[];
}

const describe = (p: { description?: string; title?: string }) => {
  const text = p.description ?? p.title;
  return text === undefined ? {} : { description: text };
};

export function elementTemplate(w: WorkerDefinition<unknown, unknown>): ElementTemplate {
  const input = w.inputSchema as JsonSchemaObject;
  const output = w.outputSchema as JsonSchemaObject;
  const required = new Set(input.required ?? []);
  return {
    $schema: ELEMENT_TEMPLATE_SCHEMA,
    name: w.description,
    id: `wsa.${w.type}`,
    version: 1,
    description: `External task topic ${w.type}${w.bpmnErrorCodes?.length ? `; may throw ${w.bpmnErrorCodes.join(', ')} (catch it with an error boundary event)` : ''}`,
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups: [
      { id: 'inputs', label: 'Input (what the worker reads)' },
      { id: 'outputs', label: 'Output (what the worker writes)' },
    ],
    properties: [
      { type: 'Hidden', value: 'external', binding: { type: 'property', name: 'camunda:type' } },
      { type: 'Hidden', value: w.type, binding: { type: 'property', name: 'camunda:topic' } },
      ...Object.entries(input.properties ?? {}).map(([name, p]): ElementTemplateProperty => ({
        label: required.has(name) ? name : `${name} (optional)`,
        ...describe(p),
        group: 'inputs',
        type: 'String',
        value: name,
        binding: { type: 'camunda:inputParameter', name, scriptFormat: 'feel' },
        ...(required.has(name) ? { constraints: { notEmpty: true } } : {}),
      })),
      ...Object.entries(output.properties ?? {}).map(([name, p]): ElementTemplateProperty => ({
        label: `${name} → process variable`,
        ...describe(p),
        group: 'outputs',
        type: 'String',
        value: name,
        binding: { type: 'camunda:outputParameter', source: name, scriptFormat: 'feel' },
      })),
    ],
  };
}
