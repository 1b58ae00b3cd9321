import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import rpExample from '../../processes/residence-permit/examples/application.json' with { type: 'json' };
import { abhEntscheidung, type AbhDecision } from '../../common/xauslaender.js';
import { getHarness, type Harness } from '../support/harness.js';
import { ABH_CASEWORKER, APPLICANT, EMPLOYER } from '../support/fixtures.js';
import { CaseClient } from '../support/case-client.js';

/**
 * An immigration office decides in its own case-management system and sends the decision as an
 * XAusländer-shaped abh.entscheidung (common/xauslaender.ts): the gateway completes the case's
 * open ABH task with it, once per message UUID; a broken message is refused naming the element.
 */
describe('XAusländer inbound: the ABH decision from its own system', function () {
  this.timeout(90_000);
  let h: Harness;
  let cases: CaseClient;
  let abh: string;

  before(async () => {
    h = await getHarness();
    cases = new CaseClient(h.gatewayUrl, await h.token(APPLICANT));
    abh = await h.token(ABH_CASEWORKER);
  });

  /** A residence-permit case waiting for the ABH (the security check asked of nobody). */
  const waitingCase = async () => {
    const caseId = await cases.start('residence-permit', {
      ...rpExample,
      applicant: {
        ...rpExample.applicant,
        applicantId: APPLICANT.subject,
        familyName: `Xaus-${randomUUID().slice(0, 8)}`,
      },
    });
    const bva = await h.token({ subject: 'bva', role: 'partner', authority: 'BVA' });
    const waiting = await cases.until(caseId, 'waiting for the BVA or the ABH', (s) =>
      s.currentStages.some((st) =>
        ['AwaitSecurityResult', 'DecideResidencePermit'].includes(st.elementId),
      ),
    );
    if (waiting.currentStages.some((st) => st.elementId === 'AwaitSecurityResult')) {
      const sent = await cases.send(bva, caseId, 'bva-security-result', {
        result: 'NO_CONCERNS',
        bvaReference: 'BVA-X',
      });
      expect(sent.status).to.equal(202);
    }
    await cases.at(caseId, 'DecideResidencePermit');
    return caseId;
  };
  const send = (xml: string, token = abh) =>
    request(h.gatewayUrl)
      .post('/api/v1/xauslaender/messages')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/xml')
      .send(xml);
  const decision = (caseId: string, over: Partial<AbhDecision> = {}): AbhDecision => ({
    caseId,
    subject: 'aufenthaltserlaubnis',
    outcome: 'GRANTED',
    abhReference: 'ABH-FV-1',
    validUntil: '2030-01-31',
    abhCode: 'ABH-DD',
    ...over,
  });

  it('completes the waiting ABH task with the decision, once per message', async () => {
    const caseId = await waitingCase();
    const messageId = randomUUID();
    const xml = abhEntscheidung(decision(caseId), messageId);
    const first = await send(xml);
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(first.body).to.include({
      messageId,
      caseId,
      elementId: 'DecideResidencePermit',
      replayed: false,
    });
    const again = await send(xml);
    expect(again.status, JSON.stringify(again.body)).to.equal(200);
    expect(again.body.replayed).to.equal(true);
    const other = await send(
      abhEntscheidung(decision(caseId, { outcome: 'REFUSED', reason: 'Nein' }), messageId),
    );
    expect(other.status).to.equal(422);

    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).not.to.equal('PermitRefused');
    expect((done.outcome.permitDecision as { abhReference: string }).abhReference).to.equal(
      'ABH-FV-1',
    );
    // The case waits no more: a new message finds nothing to decide.
    const late = await send(abhEntscheidung(decision(caseId), randomUUID()));
    expect(late.status).to.equal(409);
  });

  it('refuses broken messages naming the element, and anyone but the ABH', async () => {
    const caseId = await waitingCase();
    const broken = await send(
      '<abh.entscheidung><nachrichtenkopf><autor>ABH-DD</autor></nachrichtenkopf></abh.entscheidung>',
    );
    expect(broken.status).to.equal(400);
    expect(broken.body.errors[0].field).to.equal(
      '/abh.entscheidung/nachrichtenkopf/identifikation.nachricht',
    );
    const unknown = await send(
      abhEntscheidung(decision(caseId), randomUUID()).replace('>erteilt<', '>vielleicht<'),
    );
    expect(unknown.body.errors).to.deep.equal([
      {
        field: '/abh.entscheidung/nachrichteninhalt/entscheidung/ergebnis',
        reason: 'one of erteilt, abgelehnt',
      },
    ]);
    // A refusal needs its reason: the task's schema, named by the message's element.
    const noReason = await send(
      abhEntscheidung(decision(caseId, { outcome: 'REFUSED' }), randomUUID()),
    );
    expect(noReason.status, JSON.stringify(noReason.body)).to.equal(400);
    expect(JSON.stringify(noReason.body.errors)).to.include(
      '/abh.entscheidung/nachrichteninhalt/entscheidung',
    );
    const employer = await send(
      abhEntscheidung(decision(caseId), randomUUID()),
      await h.token(EMPLOYER),
    );
    expect(employer.status).to.equal(403);
    const nobodysCase = await send(abhEntscheidung(decision(randomUUID()), randomUUID()));
    expect(nobodysCase.status).to.equal(404);
    // Still waiting: none of these decided anything.
    expect((await cases.status(caseId)).currentStages.map((s) => s.elementId)).to.include(
      'DecideResidencePermit',
    );
  });
});
