import { expect } from 'chai';
import { Redis } from 'ioredis';
import request from 'supertest';
import { findView } from '../../projector/view-store.js';
import { PROJECTED_VALUE_TYPES } from '../../projector/instance-view.js';
import { parseRecord, sortablePosition } from '../../projector/records.js';
import { getHarness, eventually, type Harness } from '../support/harness.js';
import { EMPLOYER, zustimmungApplication, newKey } from '../support/fixtures.js';

/**
 * The projection survives a projector crash and restart: records exported while it was
 * down are projected afterwards (nothing lost), entries it had read but not acknowledged
 * are replayed, and records delivered twice (as the exporter does after a broker restart)
 * leave no duplicates and move no state backwards.
 */
describe('projector restart', function () {
  this.timeout(90_000);
  let h: Harness;
  let redis: Redis;

  before(async () => {
    h = await getHarness();
    redis = new Redis(h.redisUrl);
  });
  after(() => redis.disconnect());

  /** Raw stream entries that belong to one process instance. */
  async function entriesOf(processInstanceKey: string) {
    const out: {
      stream: string;
      fields: string[];
      position: string;
      intent: string;
      valueType: string;
    }[] = [];
    for (const type of PROJECTED_VALUE_TYPES) {
      const stream = `zeebe:${type}`;
      for (const [, fields] of await redis.xrange(stream, '-', '+')) {
        const rec = parseRecord(fields[1]!);
        if (String(rec.value.processInstanceKey) === processInstanceKey) {
          out.push({
            stream,
            fields,
            position: sortablePosition(rec.partitionId, rec.position),
            intent: rec.intent,
            valueType: rec.valueType,
          });
        }
      }
    }
    return out;
  }

  it('loses nothing and duplicates nothing across a crash, a restart and redelivered records', async () => {
    await h.stopProjector();

    // The case runs to its end while the projector is down (decision sent straight to the engine).
    const token = await h.token(EMPLOYER);
    const started = await request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${token}`)
      .set('idempotency-key', newKey())
      .send(zustimmungApplication());
    expect(started.status).to.equal(201);
    const { caseId, processInstanceKey } = started.body as {
      caseId: string;
      processInstanceKey: string;
    };
    await eventually(
      async () =>
        (await entriesOf(processInstanceKey)).some(
          (e) => e.intent === 'ELEMENT_ACTIVATED' && e.fields[1]!.includes('"EVENT_BASED_GATEWAY"'),
        )
          ? true
          : undefined,
      'waiting state exported',
    );
    await h.zeebe.publishMessage({
      name: 'ba-zustimmung-decision',
      correlationKey: caseId,
      variables: { baDecision: { outcome: 'APPROVED', baReference: 'BA-1' } },
      timeToLive: 0,
    });
    const processCompleted = (e: { intent: string; fields: string[] }) =>
      e.intent === 'ELEMENT_COMPLETED' && e.fields[1]!.includes('"bpmnElementType":"PROCESS"');
    const original = await eventually(async () => {
      const entries = await entriesOf(processInstanceKey);
      return entries.some(processCompleted) ? entries : undefined;
    }, 'process completion exported');
    expect(
      (
        await h.pool.query('select 1 from read_model.process_instances where id = $1', [
          processInstanceKey,
        ])
      ).rowCount,
    ).to.equal(0);

    // A crash after reading: some entries are read by the projector's consumer but never acknowledged.
    const readButNotAcked = (await redis.call(
      'XREADGROUP',
      'GROUP',
      'wsa-projection',
      'projector-1',
      'COUNT',
      3,
      'STREAMS',
      'zeebe:PROCESS_INSTANCE',
      '>',
    )) as [string, [string, string[]][]][] | null;
    expect(readButNotAcked?.[0]?.[1].length ?? 0).to.be.greaterThan(0);

    // Redelivery: every record of this instance is in the streams a second time.
    for (const e of original) await redis.xadd(e.stream, '*', ...e.fields);

    await h.restartProjector();

    const expectedEvents = new Set(
      original
        .filter(
          (e) =>
            e.valueType === 'PROCESS_INSTANCE' &&
            [
              'ELEMENT_ACTIVATED',
              'ELEMENT_COMPLETED',
              'ELEMENT_TERMINATED',
              'SEQUENCE_FLOW_TAKEN',
            ].includes(e.intent),
        )
        .map((e) => e.position),
    );
    // Wait until every entry, the pending ones included, is acknowledged and removed.
    await eventually(async () => {
      const pending = (await redis.xpending('zeebe:PROCESS_INSTANCE', 'wsa-projection')) as [
        number,
        ...unknown[],
      ];
      return pending[0] === 0 && (await entriesOf(processInstanceKey)).length === 0
        ? true
        : undefined;
    }, 'all entries projected and acknowledged');

    // Nothing lost, nothing twice.
    const view = (await findView(h.pool, processInstanceKey))!;
    expect(view.history.map((e) => e.position).sort()).to.deep.equal([...expectedEvents].sort());

    // Older duplicates did not move any state backwards.
    expect(view.state).to.equal('COMPLETED');
    expect(Object.values(view.elements).filter((e) => e.state === 'ACTIVE')).to.deep.equal([]);
    const elementKeys = new Set(
      view.history
        .filter((e) => e.intent !== 'SEQUENCE_FLOW_TAKEN')
        .map((e) => e.elementInstanceKey),
    );
    expect(Object.keys(view.elements).sort()).to.deep.equal([...elementKeys].sort());
    expect(view.variables.find((v) => v.name === 'zustimmungOutcome')?.value).to.equal('APPROVED');

    const status = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}`)
      .set('authorization', `Bearer ${token}`);
    expect(status.body.state).to.equal('COMPLETED');
    expect(status.body.finalStage.elementId).to.equal('ZustimmungGranted');
  });
});

describe('projector: linking a case the gateway could not link', function () {
  this.timeout(30_000);

  it('links the case from the instance variable caseId when the gateway crashed after starting it', async () => {
    const h = await getHarness();
    const { CasesStore } = await import('../../gateway/data/cases-store.js');
    const { randomUUID } = await import('node:crypto');
    const cases = new CasesStore(h.pool);
    const caseId = randomUUID();
    // What the gateway had done before the crash: case saved, engine started, link not written.
    await cases.saveCase({
      _id: caseId,
      procedure: 'ba-approval',
      createdBy: EMPLOYER.subject,
      createdByRole: 'employer',
      employerId: EMPLOYER.organisation!,
      createdAt: new Date(),
    });
    const started = await h.zeebe.createProcessInstance({
      bpmnProcessId: 'ba-approval',
      variables: { ...zustimmungApplication(), caseId } as never,
    });
    const linked = await eventually(
      async () => (await cases.instanceOf(caseId)) ?? undefined,
      'case linked by the projector',
    );
    expect(linked).to.equal(started.processInstanceKey);
    const token = await h.token(EMPLOYER);
    const status = await eventually(async () => {
      const res = await request(h.gatewayUrl)
        .get(`/api/v1/cases/${caseId}`)
        .set('authorization', `Bearer ${token}`);
      return res.body.state === 'ACTIVE' ? res.body : undefined;
    }, 'status of the linked case');
    expect(status.processInstanceKey).to.equal(started.processInstanceKey);
  });
});
