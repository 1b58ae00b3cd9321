import { groupAuthority, worksGroup } from '../../common/candidate-groups.js';
import {
  procedureForProcess,
  statutoryDeadlineOf,
  type DeadlineEffect,
  type Procedure,
  type StageText,
} from '../../processes/registry.js';
import type { InstanceView } from '../../read-model/instance-view.js';
import type { NoticeSummary } from '../../common/notices.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import {
  openSubscriptions,
  pickVariables,
  projectionNow,
  type ProjectionReader,
} from '../data/projection-reader.js';
import { visibleCase } from './visible-case.js';
import { minimiseStatus, readableInstances } from '../data-minimisation.js';
import { Problem } from '../problem.js';
import { own } from '../../common/own.js';
import {
  expectDecision,
  MIN_COMPARABLE,
  type HistoryCase,
  type NoPrediction,
  type NoPredictionReason,
  type Prediction,
} from '../../monitoring/expected-decision.js';

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
  /**
   * What is due, and by when: the statutory deadlines that apply to the case (`kind`: what
   * passing it does), the procedure's own timers a person should know of, and the due date of
   * each authority's open task (service targets). Internal timers (escalations) are not shown.
   */
  deadlines: StatusDeadline[];
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
  /** Why there is no expected decision date (null when there is one). */
  expectedDecisionUnavailable: (NoPrediction & { text: string }) | null;
  history: {
    at: string;
    elementId: string;
    label: string;
    event: 'started' | 'completed' | 'cancelled';
  }[];
}

export type DeadlineKind = DeadlineEffect | 'service-target';

export interface StatusDeadline {
  elementId: string;
  label: string;
  dueAt: string;
  /**
   * `legal-effect`: the law decides when it passes (deemed approval, §36 (2) BeschV);
   * `overdue`: statutory, the case is overdue then but no decision follows (§6 BQFG, §31a
   * AufenthV); `service-target`: the platform's or an authority's own promise, not law.
   */
  kind: DeadlineKind;
  /** The legal basis of a statutory deadline; null for a service target. */
  basis: string | null;
  /** The authority that must meet it (null: none, e.g. a period for the applicant). */
  authority: string | null;
}

/** Names of the authorities, as the status labels use them. */
export const AUTHORITY_NAMES: Record<string, LocalizedName> = {
  ABH: { de: 'Ausländerbehörde', en: 'immigration office' },
  BA: { de: 'Bundesagentur für Arbeit', en: 'Federal Employment Agency' },
  BVA: { de: 'Bundesverwaltungsamt', en: 'Federal Office of Administration' },
  MISSION: { de: 'Auslandsvertretung', en: 'mission abroad' },
  RECOGNITION: { de: 'Anerkennungsstelle', en: 'recognition body' },
  AZR: { de: 'Ausländerzentralregister', en: 'Central Register of Foreigners' },
};
export type LocalizedName = Record<Language, string>;

const NO_PREDICTION_TEXT: Record<NoPredictionReason, LocalizedName> = {
  CASE_STARTING: {
    de: 'Der Antrag wird angelegt.',
    en: 'The application is being created.',
  },
  CASE_ENDED: {
    de: 'Das Verfahren ist abgeschlossen.',
    en: 'The procedure has ended.',
  },
  TOO_FEW_COMPARABLE_CASES: {
    de: 'Noch zu wenige abgeschlossene vergleichbare Verfahren für eine Schätzung.',
    en: 'Too few comparable completed cases yet for an estimate.',
  },
  NOT_PREDICTED_HERE: {
    de: 'Hier wird kein Entscheidungszeitpunkt geschätzt.',
    en: 'No decision date is estimated here.',
  },
};

function noPrediction(n: NoPrediction, lang: Language): NoPrediction & { text: string } {
  return { ...n, text: NO_PREDICTION_TEXT[n.reason][lang] };
}

/** The text for an element the procedure names no stage for: never its raw element id. */
const UNNAMED_STEP: LocalizedName = { de: 'Schritt im Verfahren', en: 'Step in the procedure' };

/** The label of an open task's due date: whose date it is, and for what. */
export function taskDueLabel(
  stage: StageText | undefined,
  authorities: string[],
  lang: Language,
): string {
  const names = [...new Set(authorities.map(groupAuthority))]
    .map((a) => AUTHORITY_NAMES[a]?.[lang])
    .filter(Boolean);
  const whose = names.length > 0 ? names.join(', ') : null;
  const what = stage?.[lang] ?? UNNAMED_STEP[lang];
  if (lang === 'de') return whose ? `Frist der Behörde (${whose}): ${what}` : `Frist: ${what}`;
  return whose ? `Due date of the authority (${whose}): ${what}` : `Due date: ${what}`;
}

const EVENT: Record<string, 'started' | 'completed' | 'cancelled'> = {
  ELEMENT_ACTIVATED: 'started',
  ELEMENT_COMPLETED: 'completed',
  ELEMENT_TERMINATED: 'cancelled',
};

function label(stages: Record<string, StageText>, elementId: string, lang: Language): string {
  return own(stages, elementId)?.[lang] ?? UNNAMED_STEP[lang];
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
  const pik = record.processInstanceKey;
  // The case's root instance first, then the instances its call activities started.
  const views = pik ? await deps.projection.caseInstances(pik) : [];
  // An authority sees the case once it takes part, and then only its part (the instances of
  // its own steps): otherwise the case is not revealed.
  const seen = readableInstances(principal, views, procedure, deps.procedures);
  if (!seen) throw Problem.notFound(`No case ${caseId}`);
  const status = minimiseStatus(
    principal,
    caseStatusFromViews({
      caseId,
      procedure,
      processInstanceKey: pik,
      subject: record.subject ?? null,
      linkedCaseId: record.linkedCaseId ?? null,
      views,
      seen,
      procedures: deps.procedures,
      lang,
      history: deps.history?.completed(),
    }),
  );
  if (principal.office === undefined) return status;
  // A caseworker bound to an office is not shown another office's tasks.
  const groups = new Map(
    views.flatMap((v) =>
      Object.values(v.userTasks ?? {}).map((t) => [t.userTaskKey, t.candidateGroups] as const),
    ),
  );
  return {
    ...status,
    openTasks: status.openTasks.filter((t) =>
      (groups.get(t.taskKey) ?? []).some((g) => worksGroup(principal, g)),
    ),
  };
}

/**
 * The whole status of a case from its instance views (root first), before data minimisation:
 * every label in the caller's language, never a raw element id.
 */
export function caseStatusFromViews(input: {
  caseId: string;
  procedure: Procedure;
  processInstanceKey: string | null;
  /** Whom the case is about, and the case it belongs to (from the case record). */
  subject?: CaseStatus['subject'];
  linkedCaseId?: string | null;
  views: InstanceView[];
  /** The instances the caller may read (an authority: its part); all of them when left out. */
  seen?: InstanceView[];
  procedures: Map<string, Procedure>;
  lang: Language;
  /** Completed cases to predict from (undefined: predictions are not served here). */
  history?: HistoryCase[];
}): CaseStatus {
  const { caseId, procedure, views, lang } = input;
  const seen = input.seen ?? views;
  const base = {
    caseId,
    procedure: procedure.procedure,
    title: procedure.title[lang],
    subject: input.subject ?? null,
    linkedCaseId: input.linkedCaseId ?? null,
    processInstanceKey: input.processInstanceKey,
  };
  const root = views[0];
  if (!root) {
    return {
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
      expectedDecisionUnavailable: noPrediction(
        { reason: 'CASE_STARTING', comparableCases: 0, required: MIN_COMPARABLE },
        lang,
      ),
      history: [],
    };
  }
  const procedureOf = (view: InstanceView) =>
    procedureForProcess(input.procedures, view.bpmnProcessId);
  const stagesOf = (view: InstanceView) => procedureOf(view)?.stages ?? {};
  // Only the steps a person cares about: those the procedure gives a name.
  const stage = (view: InstanceView, elementId: string): StageText | undefined =>
    own(stagesOf(view), elementId);

  const currentStages = seen.flatMap((view) =>
    Object.values(view.elements)
      .filter((e) => e.state === 'ACTIVE' && stage(view, e.elementId))
      .map((e) => ({
        elementId: e.elementId,
        label: label(stagesOf(view), e.elementId, lang),
        awaiting: stage(view, e.elementId)?.awaiting ?? null,
        since: e.activatedAt?.toISOString() ?? null,
      })),
  );
  const history = seen
    .flatMap((view) =>
      view.history
        .filter((e) => own(EVENT, e.intent) !== undefined && stage(view, e.elementId))
        .map((e) => ({ view, e })),
    )
    .sort((a, b) => (a.e.position < b.e.position ? -1 : 1));
  // The end the case reached: the last named end event of the root once it has ended (a
  // sub-process's end while the case runs, e.g. "overdue recorded", is no final stage).
  const ended =
    root.state === 'ACTIVE' || !seen.includes(root)
      ? undefined
      : root.history
          .filter(
            (e) =>
              e.type === 'END_EVENT' &&
              e.intent === 'ELEMENT_COMPLETED' &&
              stage(root, e.elementId) !== undefined,
          )
          .at(-1);
  const outcome = Object.assign(
    {},
    ...seen
      .toReversed()
      .map((view) => pickVariables(view, procedureOf(view)?.statusVariables ?? [])),
  );
  const openTasks = seen.flatMap((view) =>
    Object.values(view.userTasks ?? {})
      .filter((t) => t.state === 'OPEN')
      .map((t) => ({ view, t })),
  );
  const timerDeadlines: StatusDeadline[] = seen.flatMap((view) =>
    Object.values(view.timers)
      .filter((t) => t.state === 'ACTIVE')
      .flatMap((t) => {
        const statutory = statutoryDeadlineOf(procedureOf(view), t.elementId, view.variables);
        // A timer the procedure names neither as a deadline nor as a stage is internal (an
        // escalation to a team lead): the authority's due date stands for it.
        if (!statutory && !stage(view, t.elementId)) return [];
        return [
          {
            elementId: t.elementId,
            label: label(stagesOf(view), t.elementId, lang),
            dueAt: t.dueDate.toISOString(),
            kind: statutory?.effect ?? 'service-target',
            basis: statutory?.basis ?? null,
            authority: statutory?.authority ?? null,
          },
        ];
      }),
  );
  const taskDeadlines: StatusDeadline[] = openTasks.flatMap(({ view, t }) =>
    t.dueDate
      ? [
          {
            elementId: t.elementId,
            label: taskDueLabel(stage(view, t.elementId), t.candidateGroups, lang),
            dueAt: t.dueDate.toISOString(),
            kind: 'service-target' as const,
            basis: null,
            authority:
              t.candidateGroups[0] === undefined ? null : groupAuthority(t.candidateGroups[0]),
          },
        ]
      : [],
  );
  const expected = input.history
    ? expectDecision(views, input.history, input.procedures, projectionNow(views))
    : {
        unavailable: {
          reason:
            root.state === 'ACTIVE' ? ('NOT_PREDICTED_HERE' as const) : ('CASE_ENDED' as const),
          comparableCases: 0,
          required: MIN_COMPARABLE,
        },
      };
  return {
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
        seen.flatMap((view) =>
          openSubscriptions(view, caseId)
            .map((s) => s.messageName)
            .filter((name) => !own(procedureOf(view)?.messages ?? {}, name)?.standing),
        ),
      ),
    ],
    openTasks: openTasks.map(({ view, t }) => ({
      taskKey: t.userTaskKey,
      elementId: t.elementId,
      label: label(stagesOf(view), t.elementId, lang),
      authorities: [...new Set(t.candidateGroups.map(groupAuthority))],
      assignee: t.assignee,
      dueAt: t.dueDate?.toISOString() ?? null,
      form: own(procedureOf(view)?.tasks ?? {}, t.elementId)?.form ?? null,
    })),
    deadlines: [...timerDeadlines, ...taskDeadlines].sort((a, b) =>
      a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0,
    ),
    notices: views
      .flatMap((view) => {
        const issued = view.variables.find((v) => v.name === 'issuedNotices')?.value;
        return Array.isArray(issued) ? (issued as NoticeSummary[]) : [];
      })
      .sort((a, b) => (a.issuedAt < b.issuedAt ? -1 : a.issuedAt > b.issuedAt ? 1 : 0))
      .map((n) => ({ ...n, href: `/api/v1/cases/${caseId}/notices/${n.noticeId}` })),
    outcome,
    delayedByTechnicalProblem: seen.some((view) =>
      Object.values(view.incidents).some((i) => i.state === 'OPEN'),
    ),
    expectedDecision: 'prediction' in expected ? expected.prediction : null,
    expectedDecisionUnavailable:
      'unavailable' in expected ? noPrediction(expected.unavailable, lang) : null,
    history: history.map(({ view, e }) => ({
      at: e.at.toISOString(),
      elementId: e.elementId,
      label: label(stagesOf(view), e.elementId, lang),
      event: own(EVENT, e.intent)!,
    })),
  };
}
