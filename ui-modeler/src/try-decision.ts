import type { Answer } from '../../ui-shared/api-types.js';
import { clear, el } from '../../ui-shared/dom.js';
import type { DecisionTexts } from './decision-texts.js';
import { decisionTables, type DmnTable } from './dmn-diff.js';

/**
 * "Try it": evaluates the decision table being edited (not deployed) with sample inputs. The
 * engine host's own DMN engine evaluates it (`POST /api/v1/models/decisions/evaluate`); this
 * panel only collects the inputs and shows the rules that matched and the result.
 *
 * The fields are the variables the table's input expressions read: `jobOffer.grossAnnualSalaryEur`
 * is one field that becomes `{jobOffer: {grossAnnualSalaryEur: …}}`; an expression such as
 * `shortageOccupation = true or newEntrant = true` gives one field per name in it; names the
 * output entries read are asked for as well.
 */
export type TryOut = Answer<'try-decision'>;

const FEEL_WORDS = new Set(
  'true false null and or not in if then else for some every satisfies instance of between return function date time duration string number'.split(
    ' ',
  ),
);

/** The variable paths an input expression reads (names not followed by a call). */
export function variablesOf(expression: string): string[] {
  const withoutStrings = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const found: string[] = [];
  for (const m of withoutStrings.matchAll(/[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*(?!\w|\s*\()/g)) {
    const path = m[0];
    if (!FEEL_WORDS.has(path.split('.')[0]!) && !found.includes(path)) found.push(path);
  }
  return found;
}

/** A typed value: numbers, true/false, null, quoted text as JSON; anything else as text. */
export function parseValue(raw: string, typeRef = ''): unknown {
  const v = raw.trim();
  if (v === '') return null;
  if (/^(double|integer|long|number)$/.test(typeRef) && !Number.isNaN(Number(v))) return Number(v);
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const p of parts.slice(0, -1)) {
    if (typeof node[p] !== 'object' || node[p] === null) node[p] = {};
    node = node[p] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

function fieldsOf(table: DmnTable): { path: string; label: string; typeRef: string }[] {
  const fields: { path: string; label: string; typeRef: string }[] = [];
  for (const input of table.inputs) {
    const paths = variablesOf(input.expression ?? '');
    for (const path of paths)
      if (!fields.some((f) => f.path === path))
        fields.push({
          path,
          label: paths.length === 1 ? `${input.label} (${path})` : path,
          typeRef: paths.length === 1 && path === input.expression ? (input.typeRef ?? '') : '',
        });
  }
  // Output entries may read variables too (`qualification.recognition = "NOT_ASSESSED"`).
  for (const rule of table.rules)
    for (const cell of Object.values(rule.outputs))
      for (const path of variablesOf(cell))
        if (!fields.some((f) => f.path === path)) fields.push({ path, label: path, typeRef: '' });
  return fields;
}

export function tryDecisionPanel(
  xml: string,
  t: DecisionTexts,
  evaluate: (body: {
    xml: string;
    decisionKey: string;
    variables: Record<string, unknown>;
  }) => Promise<TryOut>,
  /** Shows an error the way the app does (a 400 names the field). */
  onError: (err: unknown) => HTMLElement,
  /** Hears the rules that matched (to mark them in the table). */
  onMatched: (ruleIds: string[]) => void = () => {},
): HTMLElement {
  const tables = decisionTables(xml);
  const output = el('div', { 'aria-live': 'polite', 'data-testid': 'try-result' });
  const form = el('form', { class: 'try-decision', 'data-testid': 'try-decision' });
  let table = tables[0];
  const fieldsBox = el('div', { class: 'try-fields' });
  const drawFields = () => {
    clear(
      fieldsBox,
      table
        ? fieldsOf(table).map((f, i) =>
            el(
              'div',
              { class: 'try-field' },
              el('label', { for: `try-${i}` }, f.label),
              el('input', {
                id: `try-${i}`,
                name: f.path,
                'data-variable': f.path,
                'data-type': f.typeRef,
                inputmode: /double|integer|long/.test(f.typeRef) ? 'decimal' : null,
                autocomplete: 'off',
              }),
            ),
          )
        : [],
    );
  };
  drawFields();
  const picker =
    tables.length > 1
      ? el(
          'div',
          { class: 'try-field' },
          el('label', { for: 'try-decision-key' }, t.decision),
          el(
            'select',
            {
              id: 'try-decision-key',
              onchange: (e: Event) => {
                table = tables.find((d) => d.decisionId === (e.target as HTMLSelectElement).value);
                drawFields();
              },
            },
            tables.map((d) => el('option', { value: d.decisionId }, d.decisionName)),
          ),
        )
      : null;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!table) return;
    const variables: Record<string, unknown> = {};
    for (const input of fieldsBox.querySelectorAll('input'))
      setPath(variables, input.name, parseValue(input.value, input.dataset.type));
    clear(output, el('p', { class: 'muted' }, '…'));
    evaluate({ xml, decisionKey: table.decisionId, variables }).then(
      (r) => {
        clear(output, resultView(r, t));
        onMatched(r.decisions.flatMap((d) => d.matchedRules.map((m) => m.ruleId)));
      },
      (err) => {
        clear(output, onError(err));
        onMatched([]);
      },
    );
  });
  clear(
    form,
    el('p', { class: 'muted' }, t.tryIntro),
    picker,
    fieldsBox,
    el('button', { type: 'submit', class: 'primary', id: 'try-evaluate' }, t.evaluate),
  );
  return el('div', {}, el('h3', {}, t.tryTitle(table?.decisionName ?? '')), form, output);
}

function resultView(r: TryOut, t: DecisionTexts): (HTMLElement | null)[] {
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const top = r.decisions[r.decisions.length - 1];
  return [
    el('h4', {}, t.matchedRules),
    top && top.matchedRules.length
      ? el(
          'ul',
          { 'data-testid': 'matched-rules' },
          top.matchedRules.map((m) =>
            el(
              'li',
              { 'data-rule': m.ruleId },
              el('strong', {}, t.rule(m.ruleIndex, m.ruleId)),
              ': ',
              Object.entries(m.outputs)
                .map(([k, v]) => `${k} = ${show(v)}`)
                .join(', '),
            ),
          ),
        )
      : el('p', { 'data-testid': 'no-rule' }, t.noRuleMatched),
    el('h4', {}, t.result),
    el(
      'pre',
      { class: 'try-output', 'data-testid': 'try-output', tabindex: '0' },
      JSON.stringify(r.result, null, 2),
    ),
    top
      ? el(
          'details',
          {},
          el('summary', {}, t.inputsSeen),
          el(
            'ul',
            {},
            top.inputs.map((i) => el('li', {}, `${i.name ?? i.id}: ${show(i.value)}`)),
          ),
        )
      : null,
  ];
}
