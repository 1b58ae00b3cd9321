import type { Logger } from '../../common/logger.js';
import type { ZeebeGrpcClient } from '../../common/zeebe.js';
import { messageContract, type Procedure } from '../../processes/registry.js';
import { maySend } from '../access.js';
import type { Principal } from '../auth.js';
import type { CasesStore, MessageDelivery } from '../data/cases-store.js';
import { openSubscriptions, type ProjectionReader } from '../data/projection-reader.js';
import { Problem } from '../problem.js';
import { visibleCase } from './visible-case.js';
import { assertValid } from '../validation.js';
import { requestHash } from './start-case.js';

export interface CorrelateResult {
  caseId: string;
  messageName: string;
  replayed: boolean;
}

/**
 * Delivers a message (a partner's decision, an applicant's answer) to a case. Only a case
 * that is waiting for that message accepts it: anything else is a 409, never silence.
 */
export async function correlateMessage(
  deps: {
    cases: CasesStore;
    projection: ProjectionReader;
    zeebe: ZeebeGrpcClient;
    procedures: Map<string, Procedure>;
    log: Logger;
  },
  principal: Principal,
  caseId: string,
  messageName: string,
  key: string | undefined,
  body: unknown,
): Promise<CorrelateResult> {
  const { record, procedure } = await visibleCase(deps, principal, caseId);
  const contract = messageContract(deps.procedures, procedure, messageName);
  if (!contract)
    throw Problem.notFound(`The ${procedure.procedure} procedure has no message "${messageName}"`);
  if (!maySend(principal, contract.senders))
    throw Problem.forbidden(`Role ${principal.role} may not send ${messageName}`);
  assertValid(contract.schema, body, `The message ${messageName}`);

  const deliveryId = key ? `${caseId}:${messageName}:${key}` : undefined;
  const hash = requestHash(body);
  const replayOf = (earlier: MessageDelivery | undefined): CorrelateResult => {
    if (earlier && earlier.requestHash !== hash)
      throw new Problem(
        422,
        'idempotency-key-reused',
        'Idempotency key reused with a different message',
        'This Idempotency-Key was already used for a different message.',
      );
    return { caseId, messageName, replayed: true };
  };

  // First whether the case waits for it (a read of the cached views): a message sent too
  // early — a partner system retrying until the case gets there — costs no store write.
  // Any instance of the case may wait: the root or a called procedure.
  const views = record.processInstanceKey
    ? await deps.projection.caseInstances(record.processInstanceKey)
    : [];
  const waiting = views.some((view) =>
    openSubscriptions(view, caseId).some((s) => s.messageName === messageName),
  );
  if (!waiting) {
    // Not waiting any more because this very message was delivered before: a replay.
    const earlier = deliveryId ? await deps.cases.delivery(deliveryId) : null;
    if (earlier) return replayOf(earlier);
    throw Problem.conflict(
      'not-waiting-for-message',
      `Case ${caseId} is not waiting for "${messageName}" at this stage`,
    );
  }
  if (deliveryId) {
    const recorded = await deps.cases.recordDelivery({
      _id: deliveryId,
      caseId,
      messageName,
      sentBy: principal.subject,
      requestHash: hash,
      at: new Date(),
    });
    if (!recorded.first) return replayOf(recorded.existing);
  }
  try {
    await deps.zeebe.publishMessage({
      name: messageName,
      correlationKey: caseId,
      variables: { [contract.variable]: body } as never,
      timeToLive: 0,
      ...(deliveryId ? { messageId: deliveryId } : {}),
    });
  } catch (err) {
    // Nothing was delivered: free the key so the caller can retry with it.
    if (deliveryId) await deps.cases.forgetDelivery(deliveryId);
    deps.log.error('engine did not take the message', {
      caseId,
      messageName,
      error: (err as Error).message,
    });
    throw Problem.unavailable(
      'The process engine is not reachable; retry with the same Idempotency-Key.',
      5,
    );
  }
  deps.log.info('message delivered', {
    caseId,
    messageName,
    processInstanceKey: record.processInstanceKey,
  });
  return { caseId, messageName, replayed: false };
}
