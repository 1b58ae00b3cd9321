import { diff } from 'bpmn-js-differ';
import { moddle } from './lint.js';

/**
 * A readable difference between two versions of a BPMN model, for process owners: elements
 * added, removed, changed (with what changed), and moved in the diagram only. bpmn-js-differ
 * compares the attributes, the Camunda ones too (camunda:topic, formRef, candidateGroups,
 * dueDate, decisionRef, calledElement, asyncBefore); the engine-relevant extension elements
 * (input/output mappings, camunda:in/out, listeners), event definitions (timers) and
 * conditions are compared here as well, since a change there changes behaviour.
 */
export interface ElementRef {
  id: string;
  type: string;
  name: string | null;
}

export interface ModelDiff {
  added: ElementRef[];
  removed: ElementRef[];
  changed: (ElementRef & { changes: string[] })[];
  layoutChanged: string[];
}

interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  extensionElements?: unknown;
  flowElements?: ModdleElement[];
  rootElements?: ModdleElement[];
  eventDefinitions?: unknown[];
  conditionExpression?: unknown;
}

const ref = (e: ModdleElement): ElementRef => ({
  id: e.id ?? '',
  type: e.$type.replace(/^bpmn:/, ''),
  name: e.name ?? null,
});

/** A moddle value as stable JSON, without the back-references to parents. */
function plain(value: unknown): string {
  return JSON.stringify(value ?? null, (key, v: unknown) => (key === '$parent' ? undefined : v));
}

/**
 * Extension elements, event definitions and conditions as one line people can read:
 * `InputOutput inputParameters[InputParameter name="notice" definition[Script scriptFormat="feel" value="{…}"]]`.
 */
function readable(value: unknown): string {
  const one = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return v.map(one).filter(Boolean).join('; ');
    const o = v as Record<string, unknown>;
    const type = String(o.$type ?? '').replace(/^(bpmn|camunda):/, '');
    if (type === 'ExtensionElements') return one(o.values);
    const parts = Object.entries(o)
      .filter(([k]) => !k.startsWith('$'))
      .map(([k, x]) => (typeof x === 'object' ? `${k}[${one(x)}]` : `${k}=${JSON.stringify(x)}`));
    return [type, ...parts].filter(Boolean).join(' ');
  };
  return one(value);
}

function elementsById(definitions: ModdleElement): Map<string, ModdleElement> {
  const map = new Map<string, ModdleElement>();
  const walk = (e: ModdleElement) => {
    if (e.id) map.set(e.id, e);
    (e.flowElements ?? []).forEach(walk);
  };
  (definitions.rootElements ?? []).forEach(walk);
  return map;
}

export async function diffBpmn(oldXml: string, newXml: string): Promise<ModelDiff> {
  const [before, after] = await Promise.all([moddle.fromXML(oldXml), moddle.fromXML(newXml)]);
  const oldRoot = before.rootElement as unknown as ModdleElement;
  const newRoot = after.rootElement as unknown as ModdleElement;
  // bpmn-js-differ 3 reports the second argument's values as `oldValue`: (new, old).
  const d = diff(newRoot, oldRoot) as {
    _added: Record<string, ModdleElement>;
    _removed: Record<string, ModdleElement>;
    _changed: Record<
      string,
      { model: ModdleElement; attrs: Record<string, { oldValue: unknown; newValue: unknown }> }
    >;
    _layoutChanged: Record<string, ModdleElement>;
  };
  const oldById = elementsById(oldRoot);
  const newById = elementsById(newRoot);
  const isDiagramOnly = (e: ModdleElement) =>
    !e.$type.startsWith('bpmn:') || e.$type === 'bpmn:Definitions';
  const added = [...newById.values()]
    .filter((e) => !oldById.has(e.id!) && !isDiagramOnly(e))
    .map(ref);
  const removed = [...oldById.values()]
    .filter((e) => !newById.has(e.id!) && !isDiagramOnly(e))
    .map(ref);

  const changes = new Map<string, string[]>();
  const note = (id: string, text: string) => changes.set(id, [...(changes.get(id) ?? []), text]);
  for (const [id, c] of Object.entries(d._changed))
    for (const [attr, v] of Object.entries(c.attrs))
      note(id, `${attr}: ${plain(v.oldValue)} → ${plain(v.newValue)}`);
  for (const [id, newEl] of newById) {
    const oldEl = oldById.get(id);
    if (!oldEl) continue;
    for (const part of ['extensionElements', 'eventDefinitions', 'conditionExpression'] as const) {
      const [a, b] = [readable(oldEl[part]), readable(newEl[part])];
      if (a !== b) note(id, `${a || '(none)'} → ${b || '(none)'}`);
    }
  }
  const changed = [...changes]
    .filter(([id]) => newById.has(id))
    .map(([id, list]) => ({ ...ref(newById.get(id)!), changes: [...new Set(list)] }));
  const layoutChanged = Object.keys(d._layoutChanged).filter((id) => !changes.has(id));
  return { added, removed, changed, layoutChanged };
}
