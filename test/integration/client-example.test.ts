import { expect } from 'chai';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { BA_PARTNER, EMPLOYER, zustimmungApplication } from '../support/fixtures.js';
import { employerIntegration } from '../../client/examples/employer-integration.js';
import { wsaClient, WsaApiError, type StartBody } from '../../client/index.js';
import { WebhookDispatcher } from '../../gateway/events/dispatcher.js';
import { CasesStore } from '../../gateway/data/cases-store.js';
import { ProjectionReader } from '../../gateway/data/projection-reader.js';
import { loadProcedures } from '../../processes/registry.js';
import { createLogger } from '../../common/logger.js';

/**
 * The typed client's example integration (client/examples/employer-integration.ts) run as an
 * employer's system would run it, against the real stack: webhooks received and verified, a
 * BA approval started, the BA's question answered when its event arrives, the decision. This
 * test plays the BA (the partner system answering through the API).
 */
describe('typed client: the employer example integration against the real stack', function () {
  this.timeout(180_000);
  let h: Harness;
  let dispatcher: WebhookDispatcher;

  before(async () => {
    h = await getHarness();
    // The harness's gateway sends no webhooks (WEBHOOK_DISPATCHER=off): this test runs one.
    dispatcher = new WebhookDispatcher(
      h.pool,
      {
        cases: new CasesStore(h.pool),
        procedures: loadProcedures(),
        projection: new ProjectionReader(h.pool),
      },
      createLogger('test-dispatcher'),
      {
        pollMs: 50,
        retryBaseMs: 200,
        retryMaxMs: 1000,
        maxAttempts: 6,
        timeoutMs: 2000,
        batchSize: 20,
      },
    );
    dispatcher.start();
  });
  after(async () => {
    await dispatcher?.stop();
  });

  it('starts a case, answers the BA through its webhook event, and ends with the decision', async () => {
    const ba = wsaClient({ baseUrl: h.gatewayUrl, token: () => h.token(BA_PARTNER) });
    const questions = ['Bitte Tarifbindung angeben'];
    // The BA's side: once the case waits for it, ask; once the employer answered, approve.
    const playBa = async (caseId: string) => {
      await eventually(async () => {
        const s = await ba.status(caseId);
        return s.awaitedMessages.includes('ba-zustimmung-decision') ? true : undefined;
      }, 'the BA waited for');
      await ba.sendMessage(caseId, 'ba-information-request', { baReference: 'BA-EX-1', questions });
      // The employer's answer reached the BA (its simulator's ledger has it): then decide.
      await eventually(
        async () =>
          [...h.simulators.ba.effects.values()].some(
            (e) =>
              (e.body as { caseId: string }).caseId === caseId && e.path.endsWith('/information'),
          )
            ? true
            : undefined,
        'the employer answered',
      );
      await ba.sendMessage(caseId, 'ba-zustimmung-decision', {
        outcome: 'APPROVED',
        baReference: 'BA-EX-1',
      });
    };
    let baDone: Promise<void> | undefined;

    const result = await employerIntegration({
      baseUrl: h.gatewayUrl,
      token: () => h.token(EMPLOYER),
      application: zustimmungApplication(),
      answer: (asked) => asked.map((q) => `Antwort auf: ${q}`),
      onStarted: (caseId) => {
        baDone = playBa(caseId);
      },
      timeoutMs: 120_000,
    });
    await baDone;

    expect(result.outcome).to.equal('APPROVED');
    expect(result.refusedDeliveries).to.equal(0);
    const types = result.events.filter((e) => e.subject === result.caseId).map((e) => e.type);
    expect(types).to.include.members([
      'de.wsa.case.started',
      'de.wsa.case.document-requested',
      'de.wsa.case.decision',
    ]);
    // The answer reached the BA simulator as the employer wrote it.
    const sent = [...h.simulators.ba.effects.values()].find(
      (e) =>
        (e.body as { caseId: string }).caseId === result.caseId && e.path.endsWith('/information'),
    );
    expect((sent?.body as { answers: string[] }).answers).to.deep.equal([
      'Antwort auf: Bitte Tarifbindung angeben',
    ]);
  });

  it('turns a refused request into an error that names the field', async () => {
    const employer = wsaClient({ baseUrl: h.gatewayUrl, token: () => h.token(EMPLOYER) });
    const bad = {
      ...zustimmungApplication(),
      employmentPurpose: 'TOURISM',
    } as unknown as StartBody<'ba-approval'>;
    const error = await employer.startCase('ba-approval', bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(WsaApiError);
    expect((error as WsaApiError).problem.status).to.equal(400);
    expect((error as WsaApiError).problem.errors?.map((e) => e.field)).to.include(
      '/employmentPurpose',
    );
  });
});
