import { el } from '../../ui-shared/dom.js';
import type { DecisionTexts } from './decision-texts.js';
import { diffDmn, isSameDmn, type DecisionDiff, type DmnRule } from './dmn-diff.js';

/**
 * Shows the rule-by-rule difference of two versions of a DMN document (see dmn-diff.ts):
 * per decision table, added and removed rules with their cells, and for each changed rule a
 * table of its changed cells, old → new.
 */
export function dmnDiffView(
  fromXml: string,
  toXml: string,
  labels: { from: string; to: string },
  t: DecisionTexts,
): HTMLElement[] {
  const diffs = diffDmn(fromXml, toXml);
  const heading = el('h3', {}, t.diffTitle(labels.from, labels.to));
  if (isSameDmn(diffs))
    return [heading, el('p', { class: 'muted', 'data-testid': 'dmn-diff-none' }, t.noDifference)];
  return [
    heading,
    ...diffs.map((d) =>
      el(
        'section',
        { class: 'dmn-diff', 'data-testid': 'dmn-diff', 'data-decision': d.decisionId },
        el(
          'h4',
          {},
          d.decisionName,
          d.status !== 'compared'
            ? ` — ${d.status === 'added' ? t.decisionAdded : t.decisionRemoved}`
            : '',
        ),
        d.hitPolicy ? el('p', {}, t.hitPolicy(d.hitPolicy.from, d.hitPolicy.to)) : null,
        d.columns.added.length
          ? el('p', {}, `${t.addedColumns}: ${d.columns.added.join(', ')}`)
          : null,
        d.columns.removed.length
          ? el('p', {}, `${t.removedColumns}: ${d.columns.removed.join(', ')}`)
          : null,
        ruleList(t.addedRules, 'added', d.added, t),
        ruleList(t.removedRules, 'removed', d.removed, t),
        changedRules(d, t),
        el('p', { class: 'muted' }, t.unchanged(d.unchangedCount)),
      ),
    ),
  ];
}

function cellsOf(rule: DmnRule, t: DecisionTexts): string {
  const show = (v: string) => (v === '' ? '–' : v);
  return (
    [
      Object.values(rule.inputs).map(show).join(' | '),
      Object.values(rule.outputs).map(show).join(' | '),
    ].join(' → ') + (rule.description ? ` (${t.annotation}: ${rule.description})` : '')
  );
}

function ruleList(
  title: string,
  kind: 'added' | 'removed',
  rules: DmnRule[],
  t: DecisionTexts,
): HTMLElement | null {
  if (!rules.length) return null;
  return el(
    'div',
    {},
    el('h5', {}, title),
    el(
      'ul',
      { class: `rules ${kind}`, 'data-testid': `rules-${kind}` },
      rules.map((r) =>
        el(
          'li',
          { 'data-rule': r.id },
          el('strong', {}, t.rule(r.index, r.id)),
          ': ',
          cellsOf(r, t),
        ),
      ),
    ),
  );
}

function changedRules(d: DecisionDiff, t: DecisionTexts): HTMLElement | null {
  if (!d.changed.length) return null;
  const show = (v: string) => (v === '' ? t.empty : v);
  return el(
    'div',
    {},
    el('h5', {}, t.changedRules),
    d.changed.map((c) =>
      el(
        'div',
        { class: 'changed-rule', 'data-testid': 'rule-changed', 'data-rule': c.ruleId },
        el(
          'p',
          {},
          el('strong', {}, t.rule(c.toIndex, c.ruleId)),
          c.previousRuleId ? ` (${t.previousId(c.previousRuleId)})` : '',
          c.fromIndex !== c.toIndex ? ` — ${t.movedFrom(c.fromIndex, c.toIndex)}` : '',
        ),
        el(
          'table',
          { class: 'cells' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', { scope: 'col' }, t.column),
              el('th', { scope: 'col' }, t.before),
              el('th', { scope: 'col' }, t.after),
            ),
          ),
          el(
            'tbody',
            {},
            c.cells.map((cell) =>
              el(
                'tr',
                { 'data-column': cell.column },
                el('th', { scope: 'row' }, cell.kind === 'annotation' ? t.annotation : cell.column),
                el('td', { class: 'old' }, el('del', {}, show(cell.from))),
                el('td', { class: 'new' }, el('ins', {}, show(cell.to))),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
