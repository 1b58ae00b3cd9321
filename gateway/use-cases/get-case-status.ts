import { procedureForProcess, type Procedure, type StageText } from '../../processes/registry.js';
import type { InstanceView } from '../../projector/instance-view.js';
import type { NoticeSummary } from '../../common/notices.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import {
  openSubscriptions,
  pickVariables,
  type ProjectionReader,
} from '../data/projection-reader.js';
import { visibleCase } from './visible-case.js';
import { minimiseStatus } from '../data-minimisation.js';
import {
  predictDecision,
  type HistoryCase,
  type Prediction,
} from '../../monitoring/expected-decision.js';

/**
 * "Now" for a prediction: the wall clock, or the engine's time of the case's last event if
 * that is later (a test environment may run the engine's clock ahead).
 */
function projectionNow(views: InstanceView[]): number {
  let latest = Date.now();
  for (const v of views)
    for (const e of Object.values(v.elements))
      for (const t of [e.activatedAt, e.endedAt])
        if (t) latest = Math.max(latest, new Date(t).getTime());
  return latest;
}

export type Language = 'de' | 'en';

export interface CaseStatus {
  caseId: string;
  procedure: string;
  title: string;
  /** Whom the case is about (the applicant, or the family member): for those who may see it. */
  subject: { givenName: string; familyName: string } | null;
  /** The case this one belongs to (a family case: the skilled worker's), for those who may see it. */
  linkedCaseId: string | null;
  /** STARTING until the engine has the case; then the process instance state. */
  state: 'STARTING' | 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  processInstanceKey: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Where the case is now, in plain language, and who it waits for. */
  currentStages: {
    elementId: string;
    label: string;
    awaiting: string | null;
    since: string | null;
  }[];
  /** The last stage reached when the case has ended. */
  finalStage: { elementId: string; label: string } | null;
  awaitedMessages: string[];
  /** User tasks waiting for a caseworker: which authority, until when, with which form. */
  openTasks: {
    taskKey: string;
    elementId: string;
    label: string;
    authorities: string[];
    assignee: string | null;
    dueAt: string | null;
    form: string | null;
  }[];
  deadlines: { elementId: string; label: string; dueAt: string }[];
  /** Notices (Bescheide) issued to the applicant, oldest first; the text at `href`. */
  notices: (NoticeSummary & { href: string })[];
  outcome: Record<string, unknown>;
  /** True while an operator must fix a technical problem; the case is not lost. */
  delayedByTechnicalProblem: boolean;
  /**
   * When the case is expected to be decided, with a range, from comparable cases and the
   * statutory deadlines still running (monitoring/expected-decision.ts); null when the case
   * has ended or there is not enough history yet.
   */
  expectedDecision: Prediction | null;
  history: {
    at: string;
    elementId: string;
    label: string;
    event: 'started' | 'completed' | 'cancelled';
  }[];
}

const EVENT: Record<string, 'started' | 'completed' | 'cancelled'> = {
  ELEMENT_ACTIVATED: 'started',
  ELEMENT_COMPLETED: 'completed',
  ELEMENT_TERMINATED: 'cancelled',
};

function label(stages: Record<string, StageText>, elementId: string, lang: Language): string {
  return stages[elementId]?.[lang] ?? elementId;
}

export async function getCaseStatus(
  deps: {
    cases: CasesStore;
    projection: ProjectionReader;
    procedures: Map<string, Procedure>;
    history?: { completed(): HistoryCase[] };
  },
  principal: Principal,
  caseId: string,
  lang: Language,
): Promise<CaseStatus> {
  const { record, procedure } = await visibleCase(deps, principal, caseId);

  const base = {
    caseId,
    procedure: procedure.procedure,
    title: procedure.title[lang],
    subject: record.subject ?? null,
    linkedCaseId: record.linkedCaseId ?? null,
    processInstanceKey: record.processInstanceKey,
  };
  const pik = record.processInstanceKey;
  // The case's root instance first, then the instances its call activities started.
  const views = pik ? await deps.projection.caseInstances(pik) : [];
  const root = views[0];
  if (!root) {
    return minimiseStatus<CaseStatus>(principal, {
      ...base,
      state: 'STARTING',
      startedAt: null,
      endedAt: null,
      currentStages: [],
      finalStage: null,
      awaitedMessages: [],
      openTasks: [],
      deadlines: [],
      notices: [],
      outcome: {},
      delayedByTechnicalProblem: false,
      expectedDecision: null,
      history: [],
    });
  }
  const procedureOf = (view: InstanceView) =>
    procedureForProcess(deps.procedures, view.bpmnProcessId);
  const stagesOf = (view: InstanceView) => procedureOf(view)?.stages ?? {};
  // Only the steps a person cares about: those the procedure gives a name.
  const stage = (view: InstanceView, elementId: string) => stagesOf(view)[elementId];

  const currentStages = views.flatMap((view) =>
    Object.values(view.elements)
      .filter((e) => e.state === 'ACTIVE' && stage(view, e.elementId))
      .map((e) => ({
        elementId: e.elementId,
        label: label(stagesOf(view), e.elementId, lang),
        awaiting: stage(view, e.elementId)?.awaiting ?? null,
        since: e.activatedAt?.toISOString() ?? null,
      })),
  );
  const history = views
    .flatMap((view) =>
      view.history
        .filter((e) => EVENT[e.intent] !== undefined && stage(view, e.elementId))
        .map((e) => ({ view, e })),
    )
    .sort((a, b) => (a.e.position < b.e.position ? -1 : 1));
  const ended = root.history
    .filter((e) => e.type === 'END_EVENT' && e.intent === 'ELEMENT_COMPLETED')
    .at(-1);
  const outcome = Object.assign(
    {},
    ...views
      .toReversed()
      .map((view) => pickVariables(view, procedureOf(view)?.statusVariables ?? [])),
  );
  return minimiseStatus(principal, {
    ...base,
    state: root.state,
    startedAt: root.startedAt?.toISOString() ?? null,
    endedAt: root.endedAt?.toISOString() ?? null,
    currentStages,
    finalStage: ended
      ? { elementId: ended.elementId, label: label(stagesOf(root), ended.elementId, lang) }
      : null,
    awaitedMessages: [
      ...new Set(
        views.flatMap((view) =>
          openSubscriptions(view, caseId)
            .map((s) => s.messageName)
            .filter((name) => !procedureOf(view)?.messages[name]?.standing),
        ),
      ),
    ],
    openTasks: views.flatMap((view) =>
      Object.values(view.userTasks ?? {})
        .filter((t) => t.state === 'OPEN')
        .map((t) => ({
          taskKey: t.userTaskKey,
          elementId: t.elementId,
          label: label(stagesOf(view), t.elementId, lang),
          authorities: t.candidateGroups,
          assignee: t.assignee,
          dueAt: t.dueDate?.toISOString() ?? null,
          form: procedureOf(view)?.tasks[t.elementId]?.form ?? null,
        })),
    ),
    deadlines: views.flatMap((view) =>
      Object.values(view.timers)
        .filter((t) => t.state === 'ACTIVE')
        .map((t) => ({
          elementId: t.elementId,
          label: label(stagesOf(view), t.elementId, lang),
          dueAt: t.dueDate.toISOString(),
        })),
    ),
    notices: views
      .flatMap((view) => {
        const issued = view.variables.find((v) => v.name === 'issuedNotices')?.value;
        return Array.isArray(issued) ? (issued as NoticeSummary[]) : [];
      })
      .sort((a, b) => (a.issuedAt < b.issuedAt ? -1 : a.issuedAt > b.issuedAt ? 1 : 0))
      .map((n) => ({ ...n, href: `/api/v1/cases/${caseId}/notices/${n.noticeId}` })),
    outcome,
    delayedByTechnicalProblem: views.some((view) =>
      Object.values(view.incidents).some((i) => i.state === 'OPEN'),
    ),
    expectedDecision: deps.history
      ? predictDecision(views, deps.history.completed(), deps.procedures, projectionNow(views))
      : null,
    history: history.map(({ view, e }) => ({
      at: e.at.toISOString(),
      elementId: e.elementId,
      label: label(stagesOf(view), e.elementId, lang),
      event: EVENT[e.intent]!,
    })),
  });
}
