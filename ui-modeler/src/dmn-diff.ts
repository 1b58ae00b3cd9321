import { XMLParser } from 'fast-xml-parser';

/**
 * A rule-by-rule difference between two versions of a DMN document (two deployed versions, or
 * the draft in the editor against the live version): per decision table, the rules added,
 * removed and changed — for a changed rule, each cell (input, output, annotation) old → new.
 *
 * Rules are matched by their id; rules whose id is in only one version are then matched by
 * content (equal cells: the same rule under a new id, not a change), and last by likeness (at
 * least half of the cells equal: a changed rule). What is left is added or removed. Columns
 * are matched by id, then by label.
 *
 * It runs in the browser on XML the modeler already has (the draft exists only there), and in
 * Node for the tests: no DOM, fast-xml-parser.
 */
export interface DmnColumn {
  id: string;
  label: string;
  /** Inputs: the input expression (FEEL) and its type, for the "try it" panel. */
  expression?: string;
  typeRef?: string;
}
export interface DmnRule {
  id: string;
  /** 1-based position in the table. */
  index: number;
  description: string;
  /** Cell texts by column id. */
  inputs: Record<string, string>;
  outputs: Record<string, string>;
}
export interface DmnTable {
  decisionId: string;
  decisionName: string;
  hitPolicy: string;
  inputs: DmnColumn[];
  outputs: DmnColumn[];
  rules: DmnRule[];
}
export interface CellChange {
  kind: 'input' | 'output' | 'annotation';
  /** The column's label (or id). */
  column: string;
  from: string;
  to: string;
}
export interface RuleChange {
  ruleId: string;
  /** The rule's id in the older version, when it was matched by content under another id. */
  previousRuleId?: string;
  fromIndex: number;
  toIndex: number;
  cells: CellChange[];
}
export interface DecisionDiff {
  decisionId: string;
  decisionName: string;
  /** present: the decision (table) exists only in the newer / only in the older version. */
  status: 'added' | 'removed' | 'compared';
  hitPolicy?: { from: string; to: string };
  columns: { added: string[]; removed: string[] };
  added: DmnRule[];
  removed: DmnRule[];
  changed: RuleChange[];
  /** Rules with the same cells under another id or at another position. */
  unchangedCount: number;
}

type Node = Record<string, unknown>;
const ARRAYS = new Set(['decision', 'input', 'output', 'rule', 'inputEntry', 'outputEntry']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ARRAYS.has(name),
});

const text = (n: unknown): string => {
  if (n === undefined || n === null) return '';
  if (typeof n === 'string') return n.trim();
  const t = (n as Node).text;
  if (t === undefined)
    return typeof (n as Node)['#text'] === 'string' ? String((n as Node)['#text']).trim() : '';
  return typeof t === 'string' ? t.trim() : text(t);
};
const attr = (n: Node, name: string): string => String(n[`@_${name}`] ?? '');
const list = (n: unknown): Node[] => (Array.isArray(n) ? (n as Node[]) : n ? [n as Node] : []);

/** The decision tables of a DMN document (decisions with another logic are left out). */
export function decisionTables(xml: string): DmnTable[] {
  const doc = parser.parse(xml) as Node;
  const definitions = doc.definitions as Node | undefined;
  if (!definitions) throw new Error('not a DMN document: no <definitions>');
  return list(definitions.decision).flatMap((decision) => {
    const table = decision.decisionTable as Node | undefined;
    if (!table) return [];
    const inputs = list(table.input).map((i, n) => ({
      expression: text((i.inputExpression as Node | undefined)?.text),
      typeRef: attr((i.inputExpression as Node | undefined) ?? {}, 'typeRef'),
      id: attr(i, 'id') || `input-${n + 1}`,
      label:
        attr(i, 'label') || text((i.inputExpression as Node | undefined)?.text) || attr(i, 'id'),
    }));
    const outputs = list(table.output).map((o, n) => ({
      id: attr(o, 'id') || `output-${n + 1}`,
      label: attr(o, 'label') || attr(o, 'name') || attr(o, 'id'),
    }));
    const rules = list(table.rule).map((r, n) => ({
      id: attr(r, 'id'),
      index: n + 1,
      description: text(r.description),
      inputs: Object.fromEntries(inputs.map((c, k) => [c.id, text(list(r.inputEntry)[k])])),
      outputs: Object.fromEntries(outputs.map((c, k) => [c.id, text(list(r.outputEntry)[k])])),
    }));
    return [
      {
        decisionId: attr(decision, 'id'),
        decisionName: attr(decision, 'name') || attr(decision, 'id'),
        hitPolicy: attr(table, 'hitPolicy') || 'UNIQUE',
        inputs,
        outputs,
        rules,
      },
    ];
  });
}

/** Maps the newer table's columns onto the older one's ids (by id, then label). */
function alignColumns(from: DmnColumn[], to: DmnColumn[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const c of to) {
    const match = from.find((f) => f.id === c.id) ?? from.find((f) => f.label === c.label);
    if (match && ![...map.values()].includes(match.id)) map.set(c.id, match.id);
  }
  return map;
}

export function diffDecisionTables(from: DmnTable, to: DmnTable): DecisionDiff {
  const inputMap = alignColumns(from.inputs, to.inputs);
  const outputMap = alignColumns(from.outputs, to.outputs);
  const labelOf = (cols: DmnColumn[], id: string) => cols.find((c) => c.id === id)?.label ?? id;

  const cellChanges = (a: DmnRule, b: DmnRule): CellChange[] => {
    const changes: CellChange[] = [];
    for (const [kind, map, cols] of [
      ['input', inputMap, to.inputs],
      ['output', outputMap, to.outputs],
    ] as const) {
      for (const c of cols) {
        const old = map.get(c.id);
        if (old === undefined) continue; // a new column: reported once, under columns
        const before = (kind === 'input' ? a.inputs : a.outputs)[old] ?? '';
        const after = (kind === 'input' ? b.inputs : b.outputs)[c.id] ?? '';
        if (before !== after)
          changes.push({ kind, column: labelOf(cols, c.id), from: before, to: after });
      }
    }
    if (a.description !== b.description)
      changes.push({
        kind: 'annotation',
        column: 'annotation',
        from: a.description,
        to: b.description,
      });
    return changes;
  };
  const cellCount = Math.max(1, inputMap.size + outputMap.size);

  const result: DecisionDiff = {
    decisionId: to.decisionId,
    decisionName: to.decisionName,
    status: 'compared',
    columns: {
      added: [...to.inputs, ...to.outputs]
        .filter((c) => !inputMap.has(c.id) && !outputMap.has(c.id))
        .map((c) => c.label),
      removed: [...from.inputs, ...from.outputs]
        .filter((c) => ![...inputMap.values(), ...outputMap.values()].includes(c.id))
        .map((c) => c.label),
    },
    added: [],
    removed: [],
    changed: [],
    unchangedCount: 0,
  };
  if (from.hitPolicy !== to.hitPolicy)
    result.hitPolicy = { from: from.hitPolicy, to: to.hitPolicy };

  const pending = new Set(from.rules);
  const unmatched: DmnRule[] = [];
  const record = (a: DmnRule, b: DmnRule) => {
    pending.delete(a);
    const cells = cellChanges(a, b);
    if (cells.length === 0) result.unchangedCount++;
    else
      result.changed.push({
        ruleId: b.id,
        ...(a.id !== b.id ? { previousRuleId: a.id } : {}),
        fromIndex: a.index,
        toIndex: b.index,
        cells,
      });
  };
  // 1. by id
  for (const b of to.rules) {
    const a = b.id ? from.rules.find((r) => r.id === b.id && pending.has(r)) : undefined;
    if (a) record(a, b);
    else unmatched.push(b);
  }
  // 2. by content (the same cells under another id)
  const rest: DmnRule[] = [];
  for (const b of unmatched) {
    const a = [...pending].find((r) => cellChanges(r, b).length === 0);
    if (a) record(a, b);
    else rest.push(b);
  }
  // 3. by likeness: at least half of the cells equal
  for (const b of rest) {
    let best: { rule: DmnRule; changes: number } | undefined;
    for (const a of pending) {
      const changes = cellChanges(a, b).filter((c) => c.kind !== 'annotation').length;
      if (changes <= cellCount / 2 && (!best || changes < best.changes))
        best = { rule: a, changes };
    }
    if (best) record(best.rule, b);
    else result.added.push(b);
  }
  result.removed = [...pending];
  return result;
}

/** Every decision table of two versions of a DMN document, matched by decision id. */
export function diffDmn(fromXml: string, toXml: string): DecisionDiff[] {
  const from = decisionTables(fromXml);
  const to = decisionTables(toXml);
  const empty = (t: DmnTable): DmnTable => ({
    ...t,
    inputs: t.inputs,
    outputs: t.outputs,
    rules: [],
  });
  const diffs: DecisionDiff[] = to.map((b) => {
    const a = from.find((x) => x.decisionId === b.decisionId);
    return a
      ? diffDecisionTables(a, b)
      : { ...diffDecisionTables(empty(b), b), status: 'added' as const };
  });
  for (const a of from.filter((x) => !to.some((b) => b.decisionId === x.decisionId)))
    diffs.push({ ...diffDecisionTables(a, empty(a)), status: 'removed' });
  return diffs;
}

/** True when nothing differs. */
export function isSameDmn(diffs: DecisionDiff[]): boolean {
  return diffs.every(
    (d) =>
      d.status === 'compared' &&
      !d.hitPolicy &&
      !d.added.length &&
      !d.removed.length &&
      !d.changed.length &&
      !d.columns.added.length &&
      !d.columns.removed.length,
  );
}
