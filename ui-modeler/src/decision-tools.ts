import type { Api } from '../../ui-shared/api.js';
import { el } from '../../ui-shared/dom.js';
import { DECISION_TEXT, type DecisionTexts } from './decision-texts.js';
import { dmnDiffView } from './dmn-diff-view.js';
import { tryDecisionPanel, type TryOut } from './try-decision.js';

/**
 * The decision-table tools of the modeler's toolbar and version list: "try it" on the table
 * being edited, and the rule-by-rule diff (draft against the live version, or two deployed
 * versions). main.ts gives them what they need through this context.
 */
export interface DecisionToolsContext {
  api: Api;
  language: 'de' | 'en';
  /** The model being edited: its definitions id and whether it is a read-only version. */
  model: { id: string; name: string };
  /** The newest deployed version of this DMN document, if any (asked when needed: a deploy
   * since the page loaded has made another one live). */
  live: () => Promise<{ key: string; version: number } | undefined>;
  /** The XML in the editor now. */
  draft: () => Promise<string>;
  show: (children: HTMLElement[]) => void;
  error: (err: unknown) => HTMLElement;
}

const texts = (c: { language: 'de' | 'en' }): DecisionTexts => DECISION_TEXT[c.language];

/** The toolbar buttons for a DMN model. */
export function decisionToolbar(c: DecisionToolsContext): HTMLElement[] {
  const t = texts(c);
  return [
    el('button', { type: 'button', id: 'try-it', onclick: () => void showTryIt(c) }, t.tryIt),
    el(
      'button',
      { type: 'button', id: 'compare-live', onclick: () => void showDraftDiff(c) },
      t.compareLive,
    ),
  ];
}

async function showTryIt(c: DecisionToolsContext): Promise<void> {
  const t = texts(c);
  try {
    const xml = await c.draft();
    c.show([
      tryDecisionPanel(
        xml,
        t,
        (body) => c.api.post<TryOut>('/api/v1/models/decisions/evaluate', body),
        c.error,
        markMatchedRules,
      ),
    ]);
  } catch (err) {
    c.show([c.error(err)]);
  }
}

/** Marks the matched rules' cells in the decision table (until the table draws them anew). */
function markMatchedRules(ruleIds: string[]): void {
  const canvas = document.getElementById('canvas');
  if (!canvas) return;
  canvas.querySelectorAll('.try-matched').forEach((c) => c.classList.remove('try-matched'));
  for (const id of ruleIds)
    canvas
      .querySelectorAll(`[data-row-id="${CSS.escape(id)}"], [data-element-id="${CSS.escape(id)}"]`)
      .forEach((c) => c.classList.add('try-matched'));
}

async function showDraftDiff(c: DecisionToolsContext): Promise<void> {
  const t = texts(c);
  try {
    const live = await c.live();
    if (!live) return c.show([el('p', { class: 'muted' }, t.noLiveVersion)]);
    const [liveModel, draft] = await Promise.all([
      c.api.get<{ xml: string }>(`/api/v1/models/deployed/${live.key}`),
      c.draft(),
    ]);
    c.show(dmnDiffView(liveModel.xml, draft, { from: t.live(live.version), to: t.draft }, t));
  } catch (err) {
    c.show([c.error(err)]);
  }
}

/** The rule-by-rule diff of two deployed versions (from the version list). */
export async function showVersionsDiff(
  c: Pick<DecisionToolsContext, 'api' | 'language' | 'show' | 'error'>,
  from: { key: string; version: number },
  to: { key: string; version: number },
): Promise<void> {
  const t = texts(c);
  try {
    const [a, b] = await Promise.all(
      [from, to].map((v) => c.api.get<{ xml: string }>(`/api/v1/models/deployed/${v.key}`)),
    );
    c.show(
      dmnDiffView(a!.xml, b!.xml, { from: t.version(from.version), to: t.version(to.version) }, t),
    );
  } catch (err) {
    c.show([c.error(err)]);
  }
}

/** The label of the version list's compare button for decisions. */
export const compareRulesLabel = (language: 'de' | 'en') => DECISION_TEXT[language].compareRules;
