import { expect } from 'chai';
import { loadProcedures } from '../../processes/registry.js';
import type { InstanceView, TimerView } from '../../read-model/instance-view.js';
import { caseFacts } from '../../read-model/case-facts.js';
import { predictDecision, type HistoryCase } from '../../monitoring/expected-decision.js';

/**
 * Which timers count as statutory deadlines (domain.md, "Deadlines"): the visa's decision
 * deadline is §31a AufenthV only in the accelerated procedure; outside it the same timer is the
 * platform's service target and counts neither in the KPIs nor as §31a in predictions. Only a
 * deadline with legal effect (deemed approval) bounds a prediction.
 */
const procedures = loadProcedures();
const DAY = 86_400_000;
const T0 = Date.parse('2027-05-03T00:00:00Z');
const d = (days: number) => new Date(T0 + days * DAY).toISOString();

function view(
  bpmnProcessId: string,
  step: string,
  timer: { elementId: string; dueDay: number; state: TimerView['state'] },
  variables: Record<string, unknown>,
  ended: boolean,
): InstanceView {
  return {
    _id: `${bpmnProcessId}-1`,
    bpmnProcessId,
    version: 1,
    processDefinitionKey: '1',
    parentProcessInstanceKey: '-1',
    state: ended ? 'COMPLETED' : 'ACTIVE',
    startedAt: new Date(T0),
    ...(ended ? { endedAt: new Date(T0 + 50 * DAY) } : {}),
    elements: {
      e1: {
        elementId: step,
        type: 'TASK',
        state: ended ? 'COMPLETED' : 'ACTIVE',
        activatedAt: new Date(T0),
        ...(ended ? { endedAt: new Date(T0 + 50 * DAY) } : {}),
      },
    },
    history: [],
    timers: {
      t1: {
        elementId: timer.elementId,
        elementInstanceKey: 'w1',
        dueDate: new Date(T0 + timer.dueDay * DAY),
        state: timer.state,
      },
    },
    subscriptions: {},
    incidents: {},
    children: {},
    variables: Object.entries(variables).map(([name, value]) => ({ name, value })),
    watermarks: {},
    revision: 1,
  };
}

describe('statutory deadlines: legal effect, overdue only, service target', () => {
  it('declares for every deadline what passing it does', () => {
    const effect = (procedure: string, elementId: string) =>
      procedures.get(procedure)!.statutoryDeadlines[elementId]!.effect;
    expect(effect('ba-approval', 'DeemedApprovalPeriodElapsed')).to.equal('legal-effect');
    expect(effect('recognition', 'DecisionPeriodElapsed')).to.equal('overdue');
    expect(effect('visa', 'DecisionDeadlineElapsed')).to.equal('overdue');
  });

  it('counts the visa decision deadline as §31a only in the accelerated procedure', () => {
    const visa = (accelerated: boolean) =>
      caseFacts(
        [
          view(
            'visa',
            'AwaitVisaDecision',
            { elementId: 'DecisionDeadlineElapsed', dueDay: 42, state: 'TRIGGERED' },
            { accelerated },
            true,
          ),
        ],
        procedures,
      ).deadlines;
    expect(visa(true)).to.deep.equal({ met: 0, missed: 1 });
    // The standard procedure's 42 days are a service target, not §31a AufenthV.
    expect(visa(false)).to.deep.equal({ met: 0, missed: 0 });
  });

  it('bounds a prediction only by a deadline with legal effect', () => {
    // Five recognitions whose decision took 100 days (past the 3-month §6 BQFG period, which
    // only marks the case overdue): an open one 10 days in is expected at day 100, not at the
    // period's end.
    const history: HistoryCase[] = [0, 1, 2, 3, 4].map((i) => ({
      procedure: 'recognition',
      startedAt: T0 - 300 * DAY + i,
      endedAt: T0 - 200 * DAY + i,
      steps: [
        {
          step: 'recognition:AwaitRecognitionDecision',
          activatedAt: T0 - 300 * DAY + i,
          endedAt: T0 - 200 * DAY + i,
        },
      ],
    }));
    const open = view(
      'recognition',
      'AwaitRecognitionDecision',
      { elementId: 'DecisionPeriodElapsed', dueDay: 90, state: 'ACTIVE' },
      { accelerated: false },
      false,
    );
    const p = predictDecision([open], history, procedures, T0 + 10 * DAY)!;
    expect(p.basis).to.equal('step');
    expect(p.expectedAt).to.equal(d(100));
    // The running period is still shown, with what passing it does.
    expect(p.runningDeadlines).to.deep.equal([
      {
        elementId: 'DecisionPeriodElapsed',
        basis: '§6 BQFG',
        effect: 'overdue',
        dueAt: d(90),
      },
    ]);
  });

  it('shows no §31a deadline running for a visa in the standard procedure', () => {
    const history: HistoryCase[] = [0, 1, 2, 3, 4].map((i) => ({
      procedure: 'visa',
      startedAt: T0 - 300 * DAY + i,
      endedAt: T0 - 250 * DAY + i,
      steps: [
        {
          step: 'visa:AwaitVisaDecision',
          activatedAt: T0 - 300 * DAY + i,
          endedAt: T0 - 250 * DAY + i,
        },
      ],
    }));
    const open = (accelerated: boolean) =>
      view(
        'visa',
        'AwaitVisaDecision',
        { elementId: 'DecisionDeadlineElapsed', dueDay: 42, state: 'ACTIVE' },
        { accelerated },
        false,
      );
    expect(
      predictDecision([open(false)], history, procedures, T0 + DAY)!.runningDeadlines,
    ).to.deep.equal([]);
    expect(
      predictDecision([open(true)], history, procedures, T0 + DAY)!.runningDeadlines,
    ).to.deep.equal([
      {
        elementId: 'DecisionDeadlineElapsed',
        basis: '§31a AufenthV',
        effect: 'overdue',
        dueAt: d(42),
      },
    ]);
  });
});
