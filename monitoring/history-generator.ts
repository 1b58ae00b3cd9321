import type { ElementView, InstanceView, TimerView } from '../read-model/instance-view.js';
import { DAY_MS } from './statistics.js';

/**
 * Generated history for back-testing predictions: many cases of two procedures with
 * durations drawn from log-normal distributions (the shape waiting times have: most cases
 * quick, a long tail), arrivals spread over a year, and the statutory deadlines acting as
 * they do in the models. Seeded, so a run is reproducible. Realistic orders of magnitude:
 *   ba-approval   BA decides in a median 5 days (deemed approved after 14: §36 (2) BeschV);
 *                 in 25 % of cases the BA asks the employer first (median 6 days to answer)
 *   recognition   completeness check median 10 days; in 40 % documents are requested
 *                 (applicant median 20 days); decision median 40 days, 3-month deadline
 *                 (§6 BQFG) after which the case is marked overdue but still waits
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0; // mulberry32
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A log-normal draw with the given median (days) and spread (sigma of the log). */
function logNormal(random: () => number, medianDays: number, sigma: number): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return medianDays * Math.exp(sigma * normal) * DAY_MS;
}

interface Step {
  elementId: string;
  ms: number;
}

function caseView(
  key: string,
  bpmnProcessId: string,
  start: number,
  steps: Step[],
  deadline: { elementId: string; dueAt: number; firedAt: number | null; endedAt: number } | null,
): InstanceView {
  const elements: Record<string, ElementView> = {};
  let t = start;
  steps.forEach((s, i) => {
    elements[`${key}-${i}`] = {
      elementId: s.elementId,
      type: 'TASK',
      state: 'COMPLETED',
      activatedAt: new Date(t),
      endedAt: new Date(t + s.ms),
    };
    t += s.ms;
  });
  const timers: Record<string, TimerView> = {};
  if (deadline)
    timers[`${key}-t`] = {
      elementId: deadline.elementId,
      elementInstanceKey: `${key}-d`,
      dueDate: new Date(deadline.dueAt),
      state: deadline.firedAt !== null ? 'TRIGGERED' : 'CANCELED',
    };
  return {
    _id: key,
    bpmnProcessId,
    version: 1,
    processDefinitionKey: '1',
    parentProcessInstanceKey: '-1',
    state: 'COMPLETED',
    startedAt: new Date(start),
    endedAt: new Date(t),
    elements,
    history: [],
    timers,
    subscriptions: {},
    incidents: {},
    children: {},
    variables: [],
    watermarks: {},
    revision: 1,
  };
}

export function generateHistory(count: number, seed: number, from: number): InstanceView[][] {
  const random = seededRandom(seed);
  const cases: InstanceView[][] = [];
  for (let i = 0; i < count; i++) {
    const start = from + random() * 365 * DAY_MS;
    const key = `gen-${seed}-${i}`;
    if (random() < 0.5) {
      const steps: Step[] = [
        { elementId: 'SubmitZustimmungRequest', ms: logNormal(random, 0.02, 0.5) },
      ];
      if (random() < 0.25) {
        steps.push({ elementId: 'AwaitBaDecision', ms: logNormal(random, 2, 0.6) });
        steps.push({ elementId: 'AwaitEmployerInformation', ms: logNormal(random, 6, 0.7) });
        steps.push({ elementId: 'SubmitAdditionalInformation', ms: logNormal(random, 0.02, 0.5) });
      }
      const periodStart = start + steps.reduce((a, s) => a + s.ms, 0);
      const decision = logNormal(random, 5, 0.8);
      const fired = decision > 14 * DAY_MS;
      steps.push({ elementId: 'AwaitBaDecision', ms: fired ? 14 * DAY_MS : decision });
      const endedAt = periodStart + Math.min(decision, 14 * DAY_MS);
      cases.push([
        caseView(key, 'ba-approval', start, steps, {
          elementId: 'DeemedApprovalPeriodElapsed',
          dueAt: periodStart + 14 * DAY_MS,
          firedAt: fired ? periodStart + 14 * DAY_MS : null,
          endedAt,
        }),
      ]);
    } else {
      const steps: Step[] = [
        { elementId: 'SubmitRecognitionApplication', ms: logNormal(random, 0.02, 0.5) },
        { elementId: 'AwaitCompletenessCheck', ms: logNormal(random, 10, 0.6) },
      ];
      if (random() < 0.4) {
        steps.push({ elementId: 'AwaitApplicantDocuments', ms: logNormal(random, 20, 0.7) });
        steps.push({ elementId: 'ForwardDocuments', ms: logNormal(random, 0.02, 0.5) });
      }
      const assessmentStart = start + steps.reduce((a, s) => a + s.ms, 0);
      const decision = logNormal(random, 40, 0.5);
      steps.push({ elementId: 'AwaitRecognitionDecision', ms: decision });
      cases.push([
        caseView(key, 'recognition', start, steps, {
          elementId: 'DecisionPeriodElapsed',
          dueAt: assessmentStart + 90 * DAY_MS,
          firedAt: decision > 90 * DAY_MS ? assessmentStart + 90 * DAY_MS : null,
          endedAt: assessmentStart + decision,
        }),
      ]);
    }
  }
  return cases;
}

/**
 * The case as it looked at `at`: steps started by then, the running one without an end,
 * later ones gone; the statutory timer running unless it fired or was cancelled by then.
 */
export function snapshotAt(views: InstanceView[], at: number): InstanceView[] {
  return views.map((v) => {
    const ended = v.endedAt ? new Date(v.endedAt).getTime() : Infinity;
    const elements: Record<string, ElementView> = {};
    for (const [k, e] of Object.entries(v.elements)) {
      const started = e.activatedAt ? new Date(e.activatedAt).getTime() : Infinity;
      if (started > at) continue;
      const end = e.endedAt ? new Date(e.endedAt).getTime() : Infinity;
      elements[k] =
        end <= at
          ? e
          : { elementId: e.elementId, type: e.type, state: 'ACTIVE', activatedAt: e.activatedAt! };
    }
    const timers: Record<string, TimerView> = {};
    for (const [k, t] of Object.entries(v.timers)) {
      const due = new Date(t.dueDate).getTime();
      const settledAt = t.state === 'TRIGGERED' ? due : ended;
      timers[k] = settledAt <= at ? t : { ...t, state: 'ACTIVE' };
    }
    const open = ended > at;
    return {
      ...v,
      state: open ? 'ACTIVE' : v.state,
      ...(open ? { endedAt: undefined } : {}),
      elements,
      timers,
    } as InstanceView;
  });
}
