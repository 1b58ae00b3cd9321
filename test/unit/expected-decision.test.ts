import { expect } from 'chai';
import { loadProcedures } from '../../processes/registry.js';
import type { InstanceView } from '../../read-model/instance-view.js';
import { caseFacts } from '../../read-model/case-facts.js';
import {
  expectDecision,
  historyCaseOf,
  MIN_COMPARABLE,
  predictDecision,
  type HistoryCase,
} from '../../monitoring/expected-decision.js';
import { generateHistory, snapshotAt } from '../../monitoring/history-generator.js';

/** The expected decision date, worked out by hand on a small history. */
const procedures = loadProcedures();
const DAY = 86_400_000;
const T0 = Date.parse('2027-05-03T00:00:00Z');
const d = (days: number) => new Date(T0 + days * DAY).toISOString();

// Five BA approvals: the BA took 1, 3, 4, 6, 10 days; each case ended a day after.
const history: HistoryCase[] = [1, 3, 4, 6, 10].map((days, i) => ({
  procedure: 'ba-approval',
  startedAt: T0 - 100 * DAY + i,
  endedAt: T0 - 100 * DAY + i + (days + 1) * DAY,
  steps: [
    {
      step: 'ba-approval:AwaitBaDecision',
      activatedAt: T0 - 100 * DAY + i,
      endedAt: T0 - 100 * DAY + i + days * DAY,
    },
  ],
}));

function openCase(elementId: string): InstanceView[] {
  return [
    {
      _id: 'open',
      bpmnProcessId: 'ba-approval',
      version: 1,
      processDefinitionKey: '1',
      parentProcessInstanceKey: '-1',
      state: 'ACTIVE',
      startedAt: new Date(T0),
      elements: { e1: { elementId, type: 'TASK', state: 'ACTIVE', activatedAt: new Date(T0) } },
      history: [],
      timers: {
        t1: {
          elementId: 'DeemedApprovalPeriodElapsed',
          elementInstanceKey: 'w1',
          dueDate: new Date(T0 + 5 * DAY),
          state: 'ACTIVE',
        },
      },
      subscriptions: {},
      incidents: {},
      children: {},
      variables: [],
      watermarks: {},
      revision: 1,
    },
  ];
}

describe('expected decision date', () => {
  it('predicts from comparable cases at the same step, bounded by the running deadline with legal effect', () => {
    // Now: 2 days at the BA. Only 4 cases stayed ≥ 2 days (< 5), so all 5 count. Leaving the
    // step: max(now, T0 + days) capped at the deemed approval (day 5): 2, 3, 4, 5, 5; plus the
    // day after: 3, 4, 5, 6, 6 → median 5, 10th percentile 3.4, 90th 6.
    const p = predictDecision(openCase('AwaitBaDecision'), history, procedures, T0 + 2 * DAY);
    expect(p).to.deep.equal({
      expectedAt: d(5),
      earliest: d(3.4),
      latest: d(6),
      basis: 'step',
      step: 'ba-approval:AwaitBaDecision',
      comparableCases: 5,
      runningDeadlines: [
        {
          elementId: 'DeemedApprovalPeriodElapsed',
          basis: '§36 (2) BeschV',
          effect: 'legal-effect',
          dueAt: d(5),
        },
      ],
    });
  });

  it('falls back to the lead times from the start when no case went through the step', () => {
    // Lead times 2, 4, 5, 7, 11 days from T0; now T0 + 2 → median 5, p10 2.8, p90 9.4.
    const p = predictDecision(
      openCase('AwaitEmployerInformation'),
      history,
      procedures,
      T0 + 2 * DAY,
    );
    expect(p).to.include({
      expectedAt: d(5),
      earliest: d(2.8),
      latest: d(9.4),
      basis: 'procedure',
    });
    expect(p!.step).to.equal(null);
  });

  it('says nothing without enough history, and nothing for an ended case', () => {
    expect(
      predictDecision(openCase('AwaitBaDecision'), history.slice(0, 4), procedures, T0),
    ).to.equal(null);
    const ended = generateHistory(1, 7, T0)[0]!;
    expect(predictDecision(ended, history, procedures, T0 + 400 * DAY)).to.equal(null);
  });

  it('generates reproducible history and snapshots cases as they were', () => {
    const [a, b] = [generateHistory(20, 42, T0), generateHistory(20, 42, T0)];
    expect(JSON.stringify(a)).to.equal(JSON.stringify(b));
    const c = a[0]![0]!;
    const mid = (new Date(c.startedAt!).getTime() + new Date(c.endedAt!).getTime()) / 2;
    const snap = snapshotAt(a[0]!, mid)[0]!;
    expect(snap.state).to.equal('ACTIVE');
    expect(Object.values(snap.elements).filter((e) => e.state === 'ACTIVE')).to.have.length(1);
  });
});

describe('expected decision date: credible or explained', () => {
  function visaCase(opts: {
    state: 'ACTIVE' | 'COMPLETED';
    variables: Record<string, unknown>;
  }): InstanceView[] {
    const ended = opts.state === 'COMPLETED';
    return [
      {
        _id: 'visa-open',
        bpmnProcessId: 'visa',
        version: 1,
        processDefinitionKey: '1',
        parentProcessInstanceKey: '-1',
        state: opts.state,
        startedAt: new Date(T0),
        ...(ended ? { endedAt: new Date(T0 + 1000) } : {}),
        elements: {
          e1: {
            elementId: 'AwaitApplicationLodged',
            type: 'TASK',
            state: ended ? 'COMPLETED' : 'ACTIVE',
            activatedAt: new Date(T0),
            ...(ended ? { endedAt: new Date(T0 + 1000) } : {}),
          },
        },
        history: [],
        timers: {},
        subscriptions: {},
        incidents: {},
        children: {},
        variables: Object.entries(opts.variables).map(([name, value]) => ({ name, value })),
        watermarks: {},
        revision: 1,
      },
    ];
  }
  // Five visas: lodged a day after the appointment was booked, decided 10 days later.
  const visas: HistoryCase[] = [0, 1, 2, 3, 4].map((i) => ({
    procedure: 'visa',
    startedAt: T0 - 100 * DAY + i,
    endedAt: T0 - 89 * DAY + i,
    steps: [
      {
        step: 'visa:AwaitApplicationLodged',
        activatedAt: T0 - 100 * DAY + i,
        endedAt: T0 - 99 * DAY + i,
      },
    ],
  }));

  it('never predicts a decision before the earliest possible legal outcome', () => {
    // The appointment is in 30 days: the application cannot be lodged before it, so the
    // decision comes 10 days after it at the earliest, whatever faster cases did.
    const open = visaCase({ state: 'ACTIVE', variables: { appointmentAt: d(30) } });
    const p = predictDecision(open, visas, procedures, T0 + 1000)!;
    expect(p.basis).to.equal('step');
    expect(Date.parse(p.earliest)).to.be.at.least(T0 + 40 * DAY - 10);
    expect(Date.parse(p.expectedAt)).to.be.at.least(T0 + 40 * DAY - 10);
  });

  it('learns nothing from withdrawn cases or test cases', () => {
    const completed = (variables: Record<string, unknown>) =>
      caseFacts(visaCase({ state: 'COMPLETED', variables }), procedures);
    expect(completed({}).excludedFromHistory).to.equal(null);
    expect(historyCaseOf(completed({}), procedures)).not.to.equal(null);
    const withdrawn = completed({ withdrawal: { reason: 'changed my mind' } });
    expect(withdrawn.excludedFromHistory).to.equal('WITHDRAWN');
    expect(historyCaseOf(withdrawn, procedures)).to.equal(null);
    const test = completed({ testCase: true });
    expect(test.excludedFromHistory).to.equal('TEST_CASE');
    expect(historyCaseOf(test, procedures)).to.equal(null);
  });

  it('says why when there is no prediction', () => {
    expect(expectDecision([], history, procedures, T0)).to.deep.equal({
      unavailable: { reason: 'CASE_STARTING', comparableCases: 0, required: MIN_COMPARABLE },
    });
    expect(
      expectDecision(openCase('AwaitBaDecision'), history.slice(0, 3), procedures, T0),
    ).to.deep.equal({
      unavailable: {
        reason: 'TOO_FEW_COMPARABLE_CASES',
        comparableCases: 3,
        required: MIN_COMPARABLE,
      },
    });
    const ended = generateHistory(1, 7, T0)[0]!;
    expect(expectDecision(ended, history, procedures, T0 + 400 * DAY)).to.deep.include({
      unavailable: { reason: 'CASE_ENDED', comparableCases: 0, required: MIN_COMPARABLE },
    });
  });
});
