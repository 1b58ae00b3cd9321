import {
  procedureForProcess,
  statutoryDeadlineOf,
  type DeadlineEffect,
  type Procedure,
} from '../processes/registry.js';
import type { InstanceView } from '../read-model/instance-view.js';
import { caseFacts, stageOf, stepKey, type CaseFacts } from '../read-model/case-facts.js';
import { quantile } from './statistics.js';
import { stepSpans } from '../read-model/steps.js';

/**
 * The expected decision date of an open case: when comparable cases ended, from where this
 * case is now, with the statutory deadlines still running taken into account. Method:
 *   1. The case's current step: the most recently started named step that is still active.
 *   2. Comparable cases: completed cases of the same procedure that went through that step
 *      and stayed in it at least as long as this case has so far (all of them when fewer
 *      than MIN_COMPARABLE did). For each, its time in the step and from the step's end to
 *      the case's end.
 *   3. One outcome per comparable case: this case leaves the step after the same time in it
 *      (never before now; never after a deadline with legal effect running on the step, which
 *      forces the decision — the deemed approval; a deadline that only marks the case
 *      overdue does not bound it), then needs the same time to the end.
 *   4. Expected date: the median of those outcomes; range: their 10th to 90th percentile.
 * Without at least MIN_COMPARABLE cases through the step, the procedure's lead times from
 * the case's start are used instead (basis `procedure`); without those, no prediction, and
 * the reason why (`NoPrediction`).
 * No outcome falls before the earliest the case can legally be decided: now, and no running
 * step ends before the date its stage names as `notBefore` (the visa appointment before the
 * application is lodged). Withdrawn cases and test cases are no history (read-model/case-facts.ts).
 */
export const MIN_COMPARABLE = 5;

/** What a prediction needs of one past case. */
export interface HistoryCase {
  procedure: string;
  startedAt: number;
  endedAt: number;
  /** Named steps, `<bpmnProcessId>:<elementId>`, with when they started and ended. */
  steps: { step: string; activatedAt: number; endedAt: number }[];
}

export interface Prediction {
  expectedAt: string;
  earliest: string;
  latest: string;
  basis: 'step' | 'procedure';
  step: string | null;
  comparableCases: number;
  /**
   * Statutory deadlines running in the current step's process; only those with legal effect
   * (deemed approval) bound the prediction, the others only mark the case overdue.
   */
  runningDeadlines: { elementId: string; basis: string; effect: DeadlineEffect; dueAt: string }[];
}

/** A completed case as history (null when it is not completed). */
export function toHistoryCase(
  views: InstanceView[],
  procedures: Map<string, Procedure>,
): HistoryCase | null {
  return views.length === 0 ? null : historyCaseOf(caseFacts(views, procedures), procedures);
}

/**
 * A completed case as history, from its facts (null when it is not completed, or when it
 * says nothing about how long a decision takes: withdrawn, or a test case).
 */
export function historyCaseOf(
  facts: CaseFacts,
  procedures: Map<string, Procedure>,
): HistoryCase | null {
  if (!facts.procedure || facts.state !== 'COMPLETED' || !facts.startedAt || !facts.endedAt)
    return null;
  if (facts.excludedFromHistory) return null;
  return {
    procedure: facts.procedure,
    startedAt: facts.startedAt,
    endedAt: facts.endedAt,
    // The steps that wait for someone (where a case can be, and be predicted from).
    steps: facts.steps
      .filter((s) => stageOf(s, procedures)?.awaiting)
      .map((s) => ({ step: stepKey(s), activatedAt: s.activatedAt, endedAt: s.endedAt })),
  };
}

/** The steps that wait for someone (where a case can be, and be predicted from). */
function namedSteps(views: InstanceView[], procedures: Map<string, Procedure>) {
  return stepSpans(views, procedures).filter((s) => s.stage.awaiting);
}

/** Why a case has no expected decision date (machine-readable; the status adds a text). */
export type NoPredictionReason =
  /** The engine does not have the case yet. */
  | 'CASE_STARTING'
  /** The case has ended: there is nothing left to predict. */
  | 'CASE_ENDED'
  /** Fewer than MIN_COMPARABLE completed cases of the procedure to learn from. */
  | 'TOO_FEW_COMPARABLE_CASES'
  /** This view of the case does not serve predictions. */
  | 'NOT_PREDICTED_HERE';

export interface NoPrediction {
  reason: NoPredictionReason;
  /** Completed cases of the procedure there were to learn from (0 when not looked at). */
  comparableCases: number;
  /** How many are needed. */
  required: number;
}

export function predictDecision(
  open: InstanceView[],
  history: HistoryCase[],
  procedures: Map<string, Procedure>,
  now: number,
): Prediction | null {
  const r = expectDecision(open, history, procedures, now);
  return 'prediction' in r ? r.prediction : null;
}

/** The prediction, or why there is none. */
export function expectDecision(
  open: InstanceView[],
  history: HistoryCase[],
  procedures: Map<string, Procedure>,
  now: number,
): { prediction: Prediction } | { unavailable: NoPrediction } {
  const none = (reason: NoPredictionReason, comparableCases = 0) => ({
    unavailable: { reason, comparableCases, required: MIN_COMPARABLE },
  });
  const root = open[0];
  if (!root) return none('CASE_STARTING');
  if (root.state !== 'ACTIVE') return none('CASE_ENDED');
  const procedure = procedureForProcess(procedures, root.bpmnProcessId);
  if (!procedure || !root.startedAt) return none('TOO_FEW_COMPARABLE_CASES');
  const past = history.filter((h) => h.procedure === procedure.procedure && h.endedAt <= now);
  const iso = (ms: number) => new Date(ms).toISOString();
  const running = namedSteps(open, procedures).filter((s) => s.endedAt === null);
  const current = running.sort((a, b) => b.activatedAt - a.activatedAt)[0];
  // The earliest the case can be decided: now, and not before a running step can end.
  const floor = Math.max(
    now,
    ...running.flatMap((s) => {
      const name = s.stage.notBefore;
      const value = name && s.view.variables.find((v) => v.name === name)?.value;
      const at = typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isNaN(at) ? [] : [at];
    }),
  );

  const runningDeadlines = current
    ? Object.values(current.view.timers).flatMap((t) => {
        const d =
          t.state === 'ACTIVE'
            ? statutoryDeadlineOf(current.procedure, t.elementId, current.view.variables)
            : null;
        return d
          ? [
              {
                elementId: t.elementId,
                basis: d.basis,
                effect: d.effect,
                dueAt: new Date(t.dueDate).getTime(),
              },
            ]
          : [];
      })
    : [];
  // Only a deadline with legal effect bounds the step: when it passes, the law decides (the
  // deemed approval). One without (§6 BQFG, §31a AufenthV) leaves the case overdue, still open.
  const cap = Math.min(
    ...runningDeadlines.filter((d) => d.effect === 'legal-effect').map((d) => d.dueAt),
    Infinity,
  );

  let outcomes: number[] = [];
  let basis: Prediction['basis'] = 'step';
  if (current) {
    const through = past.flatMap((h) => {
      const s = h.steps.find((x) => x.step === current.step);
      return s ? [{ h, s, inStep: s.endedAt - s.activatedAt }] : [];
    });
    // Cases that took at least as long in this step as this one already has are the
    // comparable ones (this case is still in it); when too few did, all of them.
    const elapsed = now - current.activatedAt;
    const longer = through.filter((x) => x.inStep >= elapsed);
    for (const { h, s, inStep } of longer.length >= MIN_COMPARABLE ? longer : through) {
      const leaves = Math.min(Math.max(floor, current.activatedAt + inStep), cap);
      outcomes.push(leaves + (h.endedAt - s.endedAt));
    }
  }
  if (outcomes.length < MIN_COMPARABLE) {
    basis = 'procedure';
    const started = new Date(root.startedAt).getTime();
    outcomes = past.map((h) => Math.max(floor, started + (h.endedAt - h.startedAt)));
    if (outcomes.length < MIN_COMPARABLE) return none('TOO_FEW_COMPARABLE_CASES', outcomes.length);
  }
  const q = (p: number) => Math.round(quantile(outcomes, p)!);
  const prediction: Prediction = {
    expectedAt: iso(q(0.5)),
    earliest: iso(q(0.1)),
    latest: iso(q(0.9)),
    basis,
    step: basis === 'step' && current ? current.step : null,
    comparableCases: outcomes.length,
    runningDeadlines: runningDeadlines.map((d) => ({ ...d, dueAt: iso(d.dueAt) })),
  };
  return { prediction };
}
