import type { Procedure, StageText } from '../../processes/registry.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import {
  openSubscriptions,
  pickVariables,
  type ProjectionReader,
} from '../data/projection-reader.js';
import { visibleCase } from './visible-case.js';

export type Language = 'de' | 'en';

export interface CaseStatus {
  caseId: string;
  procedure: string;
  title: string;
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
  deadlines: { elementId: string; label: string; dueAt: string }[];
  outcome: Record<string, unknown>;
  /** True while an operator must fix a technical problem; the case is not lost. */
  delayedByTechnicalProblem: boolean;
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
  deps: { cases: CasesStore; projection: ProjectionReader; procedures: Map<string, Procedure> },
  principal: Principal,
  caseId: string,
  lang: Language,
): Promise<CaseStatus> {
  const { record, procedure } = await visibleCase(deps, principal, caseId);

  const base = {
    caseId,
    procedure: procedure.procedure,
    title: procedure.title[lang],
    processInstanceKey: record.processInstanceKey,
  };
  const pik = record.processInstanceKey;
  const instance = pik ? await deps.projection.instance(pik) : null;
  if (!pik || !instance) {
    return {
      ...base,
      state: 'STARTING',
      startedAt: null,
      endedAt: null,
      currentStages: [],
      finalStage: null,
      awaitedMessages: [],
      deadlines: [],
      outcome: {},
      delayedByTechnicalProblem: false,
      history: [],
    };
  }
  const elements = Object.values(instance.elements);
  const active = elements.filter((e) => e.state === 'ACTIVE');
  const events = instance.history.filter((e) => EVENT[e.intent] !== undefined);
  const timers = Object.values(instance.timers).filter((t) => t.state === 'ACTIVE');
  const incidents = Object.values(instance.incidents).filter((i) => i.state === 'OPEN');
  const subscriptions = openSubscriptions(instance, caseId);
  const outcome = pickVariables(instance, procedure.statusVariables);
  // Only the steps a person cares about: those the procedure gives a name.
  const named = (elementId: string) => procedure.stages[elementId] !== undefined;
  const ended = events
    .filter((e) => e.type === 'END_EVENT' && e.intent === 'ELEMENT_COMPLETED')
    .at(-1);
  return {
    ...base,
    state: instance.state,
    startedAt: instance.startedAt?.toISOString() ?? null,
    endedAt: instance.endedAt?.toISOString() ?? null,
    currentStages: active
      .filter((e) => named(e.elementId))
      .map((e) => ({
        elementId: e.elementId,
        label: label(procedure.stages, e.elementId, lang),
        awaiting: procedure.stages[e.elementId]?.awaiting ?? null,
        since: e.activatedAt?.toISOString() ?? null,
      })),
    finalStage: ended
      ? { elementId: ended.elementId, label: label(procedure.stages, ended.elementId, lang) }
      : null,
    awaitedMessages: [...new Set(subscriptions.map((s) => s.messageName))],
    deadlines: timers.map((t) => ({
      elementId: t.elementId,
      label: label(procedure.stages, t.elementId, lang),
      dueAt: t.dueDate.toISOString(),
    })),
    outcome,
    delayedByTechnicalProblem: incidents.length > 0,
    history: events
      .filter((e) => named(e.elementId))
      .map((e) => ({
        at: e.at.toISOString(),
        elementId: e.elementId,
        label: label(procedure.stages, e.elementId, lang),
        event: EVENT[e.intent] ?? 'started',
      })),
  };
}
