import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import visaExample from '../../processes/visa/examples/application.json' with { type: 'json' };
import { AuditLog } from '../../common/audit-log.js';
import { EngineClient } from '../../common/engine.js';
import type { Principal } from '../../gateway/auth.js';
import { runErasure, type ErasureDeps } from '../../privacy/erasure.js';
import { ROOT_DIR } from '../../scripts/stack/versions.js';
import { CaseClient } from '../support/case-client.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { findEverywhere } from '../support/personal-data.js';

const DAY = 24 * 60 * 60 * 1000;

/** A person of their own: an account, a name and a passport number found nowhere else. */
function newPerson() {
  const letters = [...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join('');
  return {
    principal: { subject: `applicant-${randomUUID()}`, role: 'applicant' } as Principal,
    familyName: `Erasmus${letters}`,
    passport: `P${randomBytes(5).toString('hex').toUpperCase()}`,
  };
}
type Person = ReturnType<typeof newPerson>;

/**
 * Retention and erasure (issue 21, items 1–3): an ended case's personal data is erased when
 * its period in the decision table wsa-retention has passed — engine history, read model,
 * documents, notices, outbox, profile — and then nothing of the person is left in any table
 * of any schema; the anonymised case facts stay; the audit chain still verifies and still
 * finds a changed entry; a legal hold stops the erasure.
 */
describe('personal data: retention periods from the decision table, erasure, audit chain', function () {
  this.timeout(180_000);
  let h: Harness;
  let deps: ErasureDeps;

  before(async () => {
    h = await getHarness();
    deps = {
      pool: h.pool,
      engine: new EngineClient(
        {
          restUrl: `${process.env.ENGINE_URL}/engine-rest`,
          user: process.env.ENGINE_USER!,
          password: process.env.ENGINE_PASSWORD!,
        },
        60_000,
      ),
    };
  });

  const engineNow = async () => new Date(await h.engineClock.now());

  /** The person applies for a visa, gives a document, reads the status, then withdraws. */
  async function withdrawnCase(person: Person): Promise<string> {
    const token = await h.token(person.principal);
    const cases = new CaseClient(h.gatewayUrl, token);
    const visa = structuredClone(visaExample);
    visa.applicant = {
      ...visa.applicant,
      applicantId: person.principal.subject,
      familyName: person.familyName,
    };
    visa.travelDocument = { ...visa.travelDocument, number: person.passport };
    const caseId = await cases.start('visa', visa);
    await cases.at(caseId, 'AwaitApplicationLodged');
    const upload = await request(h.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/documents?type=PASSPORT&name=${person.familyName}.pdf`)
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/pdf')
      .send(Buffer.from(`%PDF-1.7\npassport of ${person.familyName} ${person.passport}\n%%EOF`));
    expect(upload.status, JSON.stringify(upload.body)).to.equal(201);
    await cases.status(caseId);
    const withdrawn = await request(h.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/messages/application-withdrawn`)
      .set('authorization', `Bearer ${token}`)
      .send({ reason: `${person.familyName} moves to Lisbon` });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).to.equal(202);
    const done = await cases.finished(caseId);
    expect(done.notices.map((n) => n.outcome)).to.deep.equal(['WITHDRAWN']);
    // The projector has derived the case's facts with its end.
    await eventually(async () => {
      const { rows } = await h.pool.query(
        'select 1 from read_model.case_facts where case_id = $1 and ended_at is not null',
        [caseId],
      );
      return rows.length > 0 ? true : undefined;
    }, 'the ended case in case_facts');
    return caseId;
  }

  const traces = async (person: Person) => ({
    name: await findEverywhere(h.pool, person.familyName),
    subject: await findEverywhere(h.pool, person.principal.subject),
    passport: await findEverywhere(h.pool, person.passport),
  });

  const verifyCommand = () =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
      cwd: ROOT_DIR,
      env: { ...process.env, AUDIT_LOG: 'api' },
      encoding: 'utf8',
    });

  it('erases everything of a withdrawn case past its period, keeps anonymised facts, and the audit chain verifies', async () => {
    const alice = newPerson();
    const bob = newPerson();
    const caseId = await withdrawnCase(alice);
    const heldCaseId = await withdrawnCase(bob);
    // Alice asked for a correction of her case, which the immigration office refused: the
    // request lives no longer than the case's data.
    const aliceCases = new CaseClient(h.gatewayUrl, await h.token(alice.principal));
    const correctionId = await aliceCases.start('data-correction', {
      caseId,
      correctionRequest: {
        field: 'applicant.familyName',
        correctedValue: `${alice.familyName}-Smith`,
        reason: `My name is ${alice.familyName}-Smith since my marriage.`,
      },
    });
    await aliceCases.decide(
      await h.token({ subject: 'abh-cw-1', role: 'caseworker', authority: 'ABH' }),
      correctionId,
      'DecideCorrection',
      { outcome: 'REFUSED', note: 'No marriage certificate.' },
    );
    await aliceCases.finished(correctionId);
    await eventually(async () => {
      const { rows } = await h.pool.query(
        'select 1 from read_model.case_facts where case_id = $1 and ended_at is not null',
        [correctionId],
      );
      return rows.length > 0 ? true : undefined;
    }, 'the ended correction in case_facts');
    // The mission's caseworker stops the erasure of Bob's case (his appeal runs); only an
    // authority's caseworker may.
    const missionCw = await h.token({
      subject: 'mission-cw-1',
      role: 'caseworker',
      authority: 'MISSION',
    });
    const holds = `/api/v1/cases/${heldCaseId}/legal-holds`;
    const byBob = await request(h.gatewayUrl)
      .post(holds)
      .set('authorization', `Bearer ${await h.token(bob.principal)}`)
      .send({ reason: 'mine' });
    expect(byBob.status).to.equal(403);
    const noReason = await request(h.gatewayUrl)
      .post(holds)
      .set('authorization', `Bearer ${missionCw}`)
      .send({});
    expect(noReason.status).to.equal(400);
    expect(noReason.body.errors[0].field).to.equal('/reason');
    const placed = await request(h.gatewayUrl)
      .post(holds)
      .set('authorization', `Bearer ${missionCw}`)
      .send({ reason: 'Remonstration of 2 March pending' });
    expect(placed.status, JSON.stringify(placed.body)).to.equal(201);
    expect(placed.body).to.include({ authority: 'MISSION', releasedAt: null });

    // The search finds the person where the case left them: engine history, outbox, read
    // model, document bytes; the audit log names the person only by a pseudonym.
    const before = await traces(alice);
    expect(Object.keys(before.name)).to.include.members([
      'public.engine_events',
      'read_model.cases',
      'read_model.profiles',
      'read_model.documents',
      'read_model.document_files',
      'read_model.notices',
      'read_model.process_instances',
    ]);
    expect(
      Object.keys(before.name).some((t) => t.startsWith('public.act_')),
      JSON.stringify(before),
    ).to.equal(true);
    expect(Object.keys(before.passport)).to.include('read_model.profiles');
    expect(Object.keys(before.subject)).to.include('read_model.cases');
    expect(before.subject, 'the audit log holds no account id').to.not.have.property(
      'read_model.audit_log',
    );
    const auditEntries = async () =>
      (
        await h.pool.query<{ n: string }>(
          `select count(*) as n from read_model.audit_log where log = 'api' and case_id = $1`,
          [caseId],
        )
      ).rows[0]!.n;
    const entriesBefore = await auditEntries();
    expect(Number(entriesBefore)).to.be.greaterThan(2);
    const { rows: root } = await h.pool.query<{ process_instance_key: string }>(
      'select process_instance_key from read_model.case_instances where case_id = $1',
      [caseId],
    );
    const rootKey = root[0]!.process_instance_key;

    // Planned from the table: withdrawn, documents and logs 90 days, the rest 180.
    const first = await runErasure(deps, await engineNow());
    expect(first.ran).to.equal(true);
    expect(first.planned).to.include.members([caseId, heldCaseId, correctionId]);
    expect(first.erased.map((e) => e.caseId)).to.not.include(caseId);
    const { rows: plan } = await h.pool.query(
      'select * from read_model.erasure_cases where case_id = $1',
      [caseId],
    );
    expect(plan[0]).to.include({ procedure: 'visa', outcome: 'withdrawn' });
    const ended = new Date(plan[0].ended_at).getTime();
    expect(new Date(plan[0].due.documents).getTime() - ended).to.equal(90 * DAY);
    expect(new Date(plan[0].due.caseData).getTime() - ended).to.equal(180 * DAY);
    expect(plan[0].basis.caseData.legalBasis).to.include('Art. 17');
    expect(plan[0].erased).to.deep.equal({});
    // The engine's own history cleanup would remove the case's history on the same day.
    await eventually(async () => {
      const { rows } = await h.pool.query<{ removal: Date | null }>(
        `select i.removal_time_ as removal from act_hi_procinst i where i.business_key_ = $1`,
        [caseId],
      );
      return rows.length > 0 &&
        rows.every((r) => r.removal?.getTime() === new Date(plan[0].due.caseData).getTime())
        ? true
        : undefined;
    }, 'the removal time of the case history set to the case data due date');
    // Running again plans nothing twice.
    expect((await runErasure(deps, await engineNow())).planned).to.not.include(caseId);

    // After 100 days: the documents and technical logs are gone, the case data is not.
    await h.engineClock.advance(100 * DAY);
    const partly = await runErasure(deps, await engineNow());
    expect(partly.erased).to.deep.include({
      caseId,
      classes: ['documents', 'technicalLogs'],
    });
    const middle = await traces(alice);
    expect(middle.name).to.not.have.property('read_model.document_files');
    expect(middle.name).to.not.have.property('public.engine_events');
    expect(middle.name).to.have.property('read_model.cases');

    // Past the case data's period: nothing of the person is left anywhere.
    await h.engineClock.advance(90 * DAY);
    const audit = new AuditLog(h.pool, 'api');
    expect((await audit.verify()).ok, 'chain before the erasure').to.equal(true);
    const last = await runErasure(deps, await engineNow());
    expect(last.erased).to.deep.include({ caseId, classes: ['notices', 'caseData'] });
    // The refused correction request (one year on its own) went with the case's data.
    expect(last.erased.map((e) => e.caseId)).to.include(correctionId);
    expect(last.held).to.include(heldCaseId);
    const after = await traces(alice);
    expect(after).to.deep.equal({ name: {}, subject: {}, passport: {} });
    // The case id is a random pseudonym: only the audit chain and the erasure record keep it.
    expect(Object.keys(await findEverywhere(h.pool, caseId)).sort()).to.deep.equal([
      'read_model.audit_log',
      'read_model.erasure_cases',
    ]);
    const { rows: facts } = await h.pool.query(
      'select case_id, procedure, ended_at, facts from read_model.case_facts where root_key = $1',
      [rootKey],
    );
    expect(facts, 'the anonymised facts stay for KPIs and predictions').to.have.length(1);
    expect(facts[0]).to.include({ case_id: null, procedure: 'visa' });
    expect(facts[0].facts.steps).to.be.an('array');
    expect(facts[0].facts.steps.length).to.be.greaterThan(0);

    // The audit chain outlives the data: intact, the same entries, and a change is still found.
    expect(await auditEntries()).to.equal(entriesBefore);
    expect((await audit.verify()).ok, 'chain after the erasure').to.equal(true);
    const intact = verifyCommand();
    expect(intact.status, intact.stderr).to.equal(0);
    const { rows: entry } = await h.pool.query<{ chain: string; seq: string; status: number }>(
      `select chain, seq, (event->>'status')::int as status from read_model.audit_log
        where log = 'api' and case_id = $1 order by chain, seq limit 1`,
      [caseId],
    );
    const setStatus = (status: number) =>
      h.pool.query(
        `update read_model.audit_log set event = jsonb_set(event, '{status}', $3::jsonb)
          where log = 'api' and chain = $1 and seq = $2`,
        [entry[0]!.chain, entry[0]!.seq, JSON.stringify(status)],
      );
    await setStatus(entry[0]!.status === 200 ? 299 : 200);
    try {
      expect(await audit.verify()).to.include({ ok: false, reason: 'entry changed' });
      const broken = verifyCommand();
      expect(broken.status).to.equal(1);
      expect(broken.stderr).to.include('BROKEN');
    } finally {
      await setStatus(entry[0]!.status);
    }
    expect((await audit.verify()).ok).to.equal(true);

    // The held case keeps everything until the hold is released; then it goes too.
    expect(Object.keys((await traces(bob)).name)).to.include('read_model.cases');
    const bvaCw = await h.token({ subject: 'bva-cw-1', role: 'caseworker', authority: 'BVA' });
    const release = (token: string) =>
      request(h.gatewayUrl)
        .post(`${holds}/${placed.body.holdId}/release`)
        .set('authorization', `Bearer ${token}`);
    expect((await release(bvaCw)).status, 'not its hold, nor its case').to.be.oneOf([403, 404]);
    const releasedHold = await release(missionCw);
    expect(releasedHold.status, JSON.stringify(releasedHold.body)).to.equal(200);
    expect(releasedHold.body.releasedAt).to.be.a('string');
    const released = await runErasure(deps, await engineNow());
    expect(released.erased.map((e) => e.caseId)).to.include(heldCaseId);
    expect(await traces(bob)).to.deep.equal({ name: {}, subject: {}, passport: {} });
    // Idempotent: another run finds nothing more to do for them.
    const again = await runErasure(deps, await engineNow());
    expect(again.erased.map((e) => e.caseId)).to.not.include(caseId);
    expect(again.erased.map((e) => e.caseId)).to.not.include(heldCaseId);
  });

  it('plans a case whose engine history is already gone, instead of stopping the whole plan', async () => {
    const person = newPerson();
    const caseId = await withdrawnCase(person);
    // The engine's history of the case is removed behind the plan's back (its own cleanup or
    // an operator); the read model still names the instances. The plan once stopped here
    // ("historicProcessInstances is empty") and planned no case at all.
    const { rows } = await h.pool.query<{ id: string }>(
      'select id from read_model.process_instances where case_id = $1',
      [caseId],
    );
    expect(rows.length).to.be.greaterThan(0);
    for (const { id } of rows)
      await deps.engine.request('DELETE', `/history/process-instance/${id}`).catch(() => undefined);
    const history = await deps.engine.request<unknown[]>(
      'GET',
      `/history/process-instance?processInstanceBusinessKey=${encodeURIComponent(caseId)}`,
    );
    expect(history).to.deep.equal([]);
    const run = await runErasure(deps, await engineNow());
    expect(run.planned).to.include(caseId);
  });
});
