import { expect } from 'chai';
import { loadProcedures } from '../../processes/registry.js';
import type { InstanceView } from '../../read-model/instance-view.js';
import { predictDecision, type HistoryCase } from '../../monitoring/expected-decision.js';

/**
 * Predictions cover training-study with nothing procedure-specific coded: the end of the §20
 * job search is a deadline with legal effect (procedure.json), so it bounds the expected date
 * of a case in the job search — worked out by hand on a small history.
 */
const procedures = loadProcedures();
const DAY = 86_400_000;
const T0 = Date.parse('2028-01-10T00:00:00Z');
const d = (days: number) => new Date(T0 + days * DAY).toISOString();
const days = (iso: string) => (Date.parse(iso) - T0) / DAY;

// Five past job searches: an offer came after 100, 300, 400, 500 and 600 days (the last one
// in a case whose period was longer), and each case ended 30 days after its offer.
const history: HistoryCase[] = [100, 300, 400, 500, 600].map((n, i) => ({
  procedure: 'training-study',
  startedAt: T0 - 900 * DAY + i,
  endedAt: T0 - 900 * DAY + i + (n + 30) * DAY,
  steps: [
    {
      step: 'training-study:AwaitSkilledWorkOffer',
      activatedAt: T0 - 900 * DAY + i,
      endedAt: T0 - 900 * DAY + i + n * DAY,
    },
  ],
}));

const searching: InstanceView[] = [
  {
    _id: 'searching',
    bpmnProcessId: 'training-study',
    version: 1,
    processDefinitionKey: '1',
    parentProcessInstanceKey: '-1',
    state: 'ACTIVE',
    startedAt: new Date(T0),
    elements: {
      e1: {
        elementId: 'AwaitSkilledWorkOffer',
        type: 'TASK',
        state: 'ACTIVE',
        activatedAt: new Date(T0),
      },
    },
    history: [],
    timers: {
      t1: {
        elementId: 'JobSearchPeriodEnded',
        elementInstanceKey: 'w1',
        dueDate: new Date(T0 + 548 * DAY),
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

describe('expected decision date of a training-study case in the job search', () => {
  it('is bounded by the end of the §20 job search, a deadline with legal effect', () => {
    // Now: day 10 of the search; all five stayed longer, so all count. Leaving the step:
    // 100, 300, 400, 500 and 548 (600 capped at the end of the period), plus 30 days each:
    // 130, 330, 430, 530, 578 → median 430, 10th percentile 210, 90th 558.8.
    const p = predictDecision(searching, history, procedures, T0 + 10 * DAY)!;
    expect(p).to.include({
      expectedAt: d(430),
      basis: 'step',
      step: 'training-study:AwaitSkilledWorkOffer',
      comparableCases: 5,
    });
    expect(days(p.earliest)).to.be.closeTo(210, 1e-6);
    expect(days(p.latest)).to.be.closeTo(558.8, 1e-6);
    expect(p.runningDeadlines).to.deep.equal([
      {
        elementId: 'JobSearchPeriodEnded',
        basis: '§20 (2) AufenthG',
        effect: 'legal-effect',
        dueAt: d(548),
      },
    ]);
  });
});
