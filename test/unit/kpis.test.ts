import { expect } from 'chai';
import { loadProcedures } from '../../processes/registry.js';
import type { ElementView, InstanceView, TimerView } from '../../read-model/instance-view.js';
import { computeKpis, kpisAsCsv } from '../../monitoring/kpis.js';
import { isoWeek, quantile } from '../../monitoring/statistics.js';

/**
 * The KPIs on a known history: three BA approvals with hand-picked times, every figure
 * worked out by hand (see the comments), so a change in a definition shows up here.
 */
const procedures = loadProcedures();
const DAY = 86_400_000;
const at = (start: string, d: number) => new Date(Date.parse(start) + d * DAY);

function baCase(
  key: string,
  start: string,
  endDay: number | null,
  steps: [elementId: string, from: number, to: number | null][],
  deadline: TimerView['state'],
): InstanceView[] {
  const elements: Record<string, ElementView> = {};
  steps.forEach(([elementId, from, to], i) => {
    elements[`${key}${i}`] = {
      elementId,
      type: 'TASK',
      state: to === null ? 'ACTIVE' : 'COMPLETED',
      activatedAt: at(start, from),
      ...(to === null ? {} : { endedAt: at(start, to) }),
    };
  });
  return [
    {
      _id: key,
      bpmnProcessId: 'ba-approval',
      version: 1,
      processDefinitionKey: '1',
      parentProcessInstanceKey: '-1',
      state: endDay === null ? 'ACTIVE' : 'COMPLETED',
      startedAt: at(start, 0),
      ...(endDay === null ? {} : { endedAt: at(start, endDay) }),
      elements,
      history: [],
      timers: {
        [`${key}t`]: {
          elementId: 'DeemedApprovalPeriodElapsed',
          elementInstanceKey: `${key}w`,
          dueDate: at(start, 14),
          state: deadline,
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

// A: 10 days; system 1 d, BA 4 d, employer 4 d; the BA decided in time (timer cancelled).
// B: 4 days; system 0.5 d, BA 3.5 d; the deemed-approval timer fired (missed).
// C: open, at the BA since day 1; its timer still runs (not counted).
const history = [
  baCase(
    'A',
    '2027-03-01T00:00:00Z',
    10,
    [
      ['SubmitZustimmungRequest', 0, 1],
      ['AwaitBaDecision', 1, 5],
      ['AwaitEmployerInformation', 5, 9],
      ['ZustimmungGranted', 9, 10], // a milestone: no awaited party, counted in neither
    ],
    'CANCELED',
  ),
  baCase(
    'B',
    '2027-03-02T00:00:00Z',
    4,
    [
      ['SubmitZustimmungRequest', 0, 0.5],
      ['AwaitBaDecision', 0.5, 4],
    ],
    'TRIGGERED',
  ),
  baCase(
    'C',
    '2027-03-05T00:00:00Z',
    null,
    [
      ['SubmitZustimmungRequest', 0, 1],
      ['AwaitBaDecision', 1, null],
    ],
    'ACTIVE',
  ),
];

describe('KPIs (impact monitoring) on a known history', () => {
  const r = computeKpis(history, procedures);

  it('computes lead, working and waiting time and the deadlines per procedure', () => {
    expect(r.procedures).to.deep.equal([
      {
        procedure: 'ba-approval',
        started: 3,
        completed: 2,
        open: 1,
        // [10, 4]: median 7, p90 4 + 0.9 × 6 = 9.4
        leadTime: { count: 2, medianDays: 7, p90Days: 9.4, meanDays: 7 },
        // A 1 + 4 = 5, B 0.5 + 3.5 = 4
        workingTime: { count: 2, medianDays: 4.5, p90Days: 4.9, meanDays: 4.5 },
        // A 4 (employer), B 0
        waitingTime: { count: 2, medianDays: 2, p90Days: 3.6, meanDays: 2 },
        deadlines: { met: 1, missed: 1, shareMet: 0.5 },
      },
    ]);
  });

  it('computes each step, the split by who is awaited, and each authority', () => {
    const step = (id: string) => r.steps.find((s) => s.elementId === id)!;
    expect(step('AwaitBaDecision').time).to.deep.equal({
      count: 2, // C's running step is not counted
      medianDays: 3.75,
      p90Days: 3.95,
      meanDays: 3.75,
    });
    expect(step('AwaitBaDecision').awaiting).to.equal('BA');
    expect(step('SubmitZustimmungRequest').time).to.deep.equal({
      count: 3,
      medianDays: 1,
      p90Days: 1,
      meanDays: 0.83,
    });
    // BA 4 + 3.5 = 7.5, employer 4, system 1 + 0.5 + 1 = 2.5; of 14 days
    expect(r.awaited).to.deep.equal([
      { procedure: 'ba-approval', awaiting: 'BA', totalDays: 7.5, share: 0.536 },
      { procedure: 'ba-approval', awaiting: 'employer', totalDays: 4, share: 0.286 },
      { procedure: 'ba-approval', awaiting: 'system', totalDays: 2.5, share: 0.179 },
    ]);
    expect(r.authorities).to.deep.equal([
      {
        authority: 'BA',
        steps: 2,
        time: { count: 2, medianDays: 3.75, p90Days: 3.95, meanDays: 3.75 },
      },
    ]);
  });

  it('groups completed cases by ISO week, and exports CSV', () => {
    // B ended Saturday 6 March 2027 (week 9), A Thursday 11 March 2027 (week 10); B missed
    // its deadline, A met it: the share met over time.
    expect(r.weekly).to.deep.equal([
      {
        week: '2027-W09',
        procedure: 'ba-approval',
        completed: 1,
        medianLeadTimeDays: 4,
        deadlinesMet: 0,
        deadlinesMissed: 1,
      },
      {
        week: '2027-W10',
        procedure: 'ba-approval',
        completed: 1,
        medianLeadTimeDays: 10,
        deadlinesMet: 1,
        deadlinesMissed: 0,
      },
    ]);
    // The lead time distribution: B's 4 days in [1, 7), A's 10 days in [7, 14).
    const [distribution] = r.leadTimeDistribution;
    expect(distribution!.procedure).to.equal('ba-approval');
    expect(distribution!.bins.map((b) => b.count)).to.deep.equal([0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
    expect(distribution!.bins[3]).to.deep.equal({ fromDays: 1, toDays: 7, count: 1 });
    expect(distribution!.bins.at(-1)).to.deep.equal({ fromDays: 180, toDays: null, count: 0 });
    const csv = kpisAsCsv(r);
    expect(csv).to.contain('ba-approval,7,14,1');
    expect(csv).to.contain('ba-approval,3,2,1,2,7,9.4,7,4.5,2,1,1,0.5');
    expect(csv).to.contain('2027-W10,ba-approval,1,10,1,0');
  });

  it('uses the interpolating quantile and ISO weeks across a year boundary', () => {
    expect(quantile([1, 2, 3, 10], 0.5)).to.equal(2.5);
    expect(quantile([], 0.5)).to.equal(null);
    expect(isoWeek(new Date('2027-01-01T12:00:00Z'))).to.equal('2026-W53');
    expect(isoWeek(new Date('2027-01-04T00:00:00Z'))).to.equal('2027-W01');
  });
});
