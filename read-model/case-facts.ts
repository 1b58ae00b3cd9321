import {
  procedureForProcess,
  statutoryDeadlineOf,
  type Procedure,
  type StageText,
} from '../processes/registry.js';
import { caseIdOf, type ElementState, type InstanceView } from './instance-view.js';
import { stepSpans } from './steps.js';

/**
 * What the KPIs, the operators' case search and the prediction history need of one case,
 * derived from its instance views by the projector whenever the case changes and kept in
 * the store (`case_facts_NN`, projector/case-facts-store.ts). A few hundred bytes per case
 * instead of every instance view (~9 KB each): reading all views of 100,000 cases took
 * 198 s on the local store (bench/RESULTS.md, volume).
 *
 * Facts keep element ids, not texts: labels and who a step awaits are looked up in the
 * procedure registry when the figures are computed, so a changed stage text applies to
 * past cases too. Which elements are steps (have a stage) and which timers are statutory
 * deadlines are decided when the facts are derived; changing those needs a rebuild
 * (`npm run case-facts:rebuild`).
 */
export interface CaseFacts {
  /** The case's root process instance key. */
  _id: string;
  caseId: string | null;
  bpmnProcessId: string;
  /** The procedure of the root model (null: a model the registry does not know). */
  procedure: string | null;
  state: ElementState;
  startedAt: number | null;
  endedAt: number | null;
  openIncidents: number;
  /** The ended named steps of all the case's instances. */
  steps: FactStep[];
  /**
   * Statutory deadline timers (procedure.json `statutoryDeadlines`, where they apply to the
   * case: the visa's decision deadline only in the accelerated procedure, §31a AufenthV):
   * cancelled because the decision came first, or fired. Service targets are not counted.
   */
  deadlines: { met: number; missed: number };
  /**
   * Why the case is no history for predictions, though completed: WITHDRAWN (the applicant
   * withdrew: the root received a standing message, the withdrawal), TEST_CASE (started as a
   * test case, variable `testCase`); null: it is.
   */
  excludedFromHistory: 'WITHDRAWN' | 'TEST_CASE' | null;
  /**
   * The sum of the revisions of the case's views: it grows with every change to the case,
   * so an older derivation never replaces a newer one (two projectors, a rebuild).
   */
  basis: number;
}

export interface FactStep {
  /** The procedure of the instance the step belongs to (a called procedure for its steps). */
  procedure: string;
  bpmnProcessId: string;
  elementId: string;
  activatedAt: number;
  endedAt: number;
}

/** The facts of one case; `views` is the case root first, then its called instances. */
export function caseFacts(views: InstanceView[], procedures: Map<string, Procedure>): CaseFacts {
  const root = views[0]!;
  const rootProcedure = procedureForProcess(procedures, root.bpmnProcessId);
  let met = 0;
  let missed = 0;
  for (const view of views) {
    const own = procedureForProcess(procedures, view.bpmnProcessId);
    for (const t of Object.values(view.timers)) {
      if (!statutoryDeadlineOf(own, t.elementId, view.variables)) continue;
      if (t.state === 'CANCELED') met++;
      if (t.state === 'TRIGGERED') missed++;
    }
  }
  const time = (d: Date | undefined) => (d ? new Date(d).getTime() : null);
  const rootVariable = (name: string) => root.variables.find((v) => v.name === name)?.value;
  const withdrawalVariables = Object.values(rootProcedure?.messages ?? {})
    .filter((m) => m.standing)
    .map((m) => m.variable);
  return {
    _id: root._id,
    caseId: caseIdOf(root) ?? null,
    bpmnProcessId: root.bpmnProcessId,
    procedure: rootProcedure?.procedure ?? null,
    state: root.state,
    startedAt: time(root.startedAt),
    endedAt: time(root.endedAt),
    openIncidents: views.reduce(
      (n, v) => n + Object.values(v.incidents).filter((i) => i.state === 'OPEN').length,
      0,
    ),
    steps: stepSpans(views, procedures)
      .flatMap((s) =>
        s.endedAt === null
          ? []
          : [
              {
                procedure: s.procedure.procedure,
                bpmnProcessId: s.view.bpmnProcessId,
                elementId: s.elementId,
                activatedAt: s.activatedAt,
                endedAt: s.endedAt,
              },
            ],
      )
      .sort((a, b) => a.activatedAt - b.activatedAt || a.elementId.localeCompare(b.elementId)),
    deadlines: { met, missed },
    excludedFromHistory:
      rootVariable('testCase') === true
        ? 'TEST_CASE'
        : withdrawalVariables.some((name) => rootVariable(name) != null)
          ? 'WITHDRAWN'
          : null,
    basis: views.reduce((n, v) => n + v.revision, 0),
  };
}

/** The stage a step is (null when the registry no longer names it). */
export function stageOf(step: FactStep, procedures: Map<string, Procedure>): StageText | null {
  return procedures.get(step.procedure)?.stages[step.elementId] ?? null;
}

/** `<bpmnProcessId>:<elementId>`: the same step in every case of the model. */
export const stepKey = (s: FactStep) => `${s.bpmnProcessId}:${s.elementId}`;
