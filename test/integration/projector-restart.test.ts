import { expect } from 'chai';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { findView } from '../../read-model/view-store.js';
import { CaseClient } from '../support/case-client.js';
import { getHarness, eventually, type Harness } from '../support/harness.js';
import { EMPLOYER, zustimmungApplication } from '../support/fixtures.js';

/**
 * The projection survives a projector crash and restart, and the outbox feed loses nothing:
 * events written while the projector was down are applied afterwards; events read again (a
 * cursor moved back, as after restoring an older backup of the read model) leave no
 * duplicates and move no state backwards; and a transaction that commits late — after
 * transactions that started after it — is still applied (the (txid, seq) cursor waits for
 * it instead of skipping it, as a plain `seq > last` cursor would).
 */
describe('projector restart and the outbox feed', function () {
  this.timeout(90_000);
  let h: Harness;
  let cases: CaseClient;

  before(async () => {
    h = await getHarness();
    cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
  });

  const instanceOf = async (caseId: string) =>
    (
      await h.pool.query<{ process_instance_key: string }>(
        'select process_instance_key from read_model.case_instances where case_id = $1',
        [caseId],
      )
    ).rows[0]!.process_instance_key;

  it('loses nothing while stopped and duplicates nothing when events are read again', async () => {
    await h.stopProjector();
    let caseId: string;
    try {
      // The case runs to its end while the projector is down.
      caseId = await cases.start('ba-approval', zustimmungApplication());
      const key = await instanceOf(caseId);
      await eventually(
        async () =>
          (await h.engine.correlate(
            'ba-zustimmung-decision',
            { businessKey: caseId },
            {
              baDecision: { outcome: 'APPROVED', baReference: 'BA-1' },
            },
          ))
            ? true
            : undefined,
        'the decision correlated (the BA request went out)',
      );
      await eventually(async () => {
        const { rowCount } = await h.pool.query(
          `select 1 from engine_events where process_instance_id = $1
             and type = 'HistoricProcessInstanceEventEntity:end'`,
          [key],
        );
        return rowCount ? true : undefined;
      }, 'the completion in the outbox');
      expect((await findView(h.pool, key)) === null, 'nothing projected yet').to.equal(true);
    } finally {
      await h.restartProjector();
    }
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ZustimmungGranted');
    const key = await instanceOf(caseId);
    const view = (await findView(h.pool, key))!;
    const entries = view.history.map((e) => `${e.elementInstanceKey}:${e.intent}`);
    expect(new Set(entries).size, 'no event applied twice').to.equal(entries.length);

    // The cursor moves back to before this case (an older backup of the read model): every
    // event of it is read again, and nothing changes.
    await h.stopProjector();
    try {
      await h.pool.query(
        `update read_model.outbox_cursors set (txid, seq) = (
           select txid, seq - 1 from engine_events where process_instance_id = $1
            order by engine_events.txid, seq limit 1)
          where consumer = 'wsa-read-model'`,
        [key],
      );
    } finally {
      await h.restartProjector();
    }
    await eventually(async () => {
      const { rows } = await h.pool.query<{ behind: boolean }>(
        `select exists (select 1 from engine_events e, read_model.outbox_cursors c
          where c.consumer = 'wsa-read-model' and (e.txid, e.seq) > (c.txid, c.seq)
            and e.process_instance_id = $1) as behind`,
        [key],
      );
      return rows[0]!.behind ? undefined : true;
    }, 'the replay applied');
    const again = (await findView(h.pool, key))!;
    expect(again.history).to.deep.equal(view.history);
    expect(again.state).to.equal('COMPLETED');
    expect(again.revision, 'the replay wrote nothing').to.equal(view.revision);
  });

  it('applies a transaction that commits after later ones instead of skipping it', async () => {
    // A transaction holds an outbox row uncommitted (as a slow engine transaction would) while
    // the engine commits newer ones: the projector must wait for it, not skip it.
    const late = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await late.connect();
    const lateInstance = `late-${randomUUID()}`;
    try {
      await late.query('begin');
      await late.query(
        `insert into engine_events (type, process_instance_id, payload)
         values ('HistoricProcessInstanceEventEntity:start', $1, $2)`,
        [
          lateInstance,
          {
            processInstanceId: lateInstance,
            processDefinitionKey: 'late-probe',
            processDefinitionId: 'late-probe:1:x',
            state: 'ACTIVE',
            startTime: new Date().toISOString(),
          },
        ],
      );
      // Newer engine transactions commit meanwhile; they are not applied past the open one.
      const caseId = await cases.start('ba-approval', zustimmungApplication());
      await new Promise((r) => setTimeout(r, 1500));
      expect(await findView(h.pool, await instanceOf(caseId)), 'held back').to.equal(null);
      await late.query('commit');
      await cases.at(caseId, 'AwaitBaDecision');
      const probe = await eventually(
        async () => (await findView(h.pool, lateInstance)) ?? undefined,
        'the late row applied',
      );
      expect(probe.bpmnProcessId).to.equal('late-probe');
    } finally {
      await late.query('rollback').catch(() => undefined);
      await late.end();
      await h.pool.query('delete from read_model.process_instances where id = $1', [lateInstance]);
    }
  });
});
