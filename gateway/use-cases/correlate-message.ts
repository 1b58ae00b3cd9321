import type { Logger } from '../../common/logger.js';
import { messageContract, procedureForProcess, type Procedure } from '../../processes/registry.js';
import { maySend } from '../access.js';
import type { Principal } from '../auth.js';
import type { CasesStore, MessageDelivery } from '../data/cases-store.js';
import type { DocumentsStore } from '../data/documents-store.js';
import type { Engine } from '../data/engine.js';
import type { ProjectionReader } from '../data/projection-reader.js';
import { Problem } from '../problem.js';
import { visibleCase } from './visible-case.js';
import { ownAuthorities } from '../data-minimisation.js';
import { assertValid } from '../validation.js';
import { requestHash } from './start-case.js';
import { caseErrors, hasCaseChecks } from './message-checks.js';

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
    engine: Engine;
    procedures: Map<string, Procedure>;
    documents: DocumentsStore;
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
  const referenced = await referencedDocuments(deps.documents, caseId, body);
  if (hasCaseChecks(messageName) && record.processInstanceKey) {
    const views = await deps.projection.caseInstances(record.processInstanceKey);
    const errors = caseErrors(messageName, body as Record<string, unknown>, views);
    if (errors.length > 0)
      throw Problem.badRequest(`The message ${messageName} does not fit the case`, errors);
  }

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

  if (deliveryId) {
    const recorded = await deps.cases.recordDelivery({
      _id: deliveryId,
      caseId,
      messageName,
      sentBy: principal.subject,
      requestHash: hash,
      at: new Date(),
    });
    if (!recorded.first && recorded.existing) {
      const earlier = recorded.existing;
      if (earlier.deliveredAt || earlier.requestHash !== hash) return replayOf(earlier);
      // Claimed but never confirmed: another attempt is under way right now — or one was cut
      // off (the gateway died, the database went away), and then this one delivers it.
      const cutOffBefore = new Date(Date.now() - DELIVERY_RETRY_AFTER_MS);
      if (!(await deps.cases.reclaimDelivery(deliveryId, cutOffBefore)))
        throw Problem.conflict(
          'delivery-in-progress',
          'This message is being delivered with this Idempotency-Key; retry shortly.',
          { 'retry-after': String(Math.ceil(DELIVERY_RETRY_AFTER_MS / 1000)) },
        );
    }
  }
  // The engine decides whether the case waits for it (the read model may be a moment
  // behind): every instance of the case — the root or a called procedure, all carrying the
  // case id as business key — that waits for this message receives it.
  let delivered: boolean;
  try {
    delivered = await deps.engine.correlate(
      messageName,
      contract.standing && record.processInstanceKey
        ? { processInstanceId: record.processInstanceKey }
        : { businessKey: caseId },
      { [contract.variable]: body },
    );
  } catch (err) {
    // Not delivered (as far as we know): free the key so the caller can retry with it. If
    // even that fails, the claim stays unconfirmed and a retry takes it over later.
    if (deliveryId) await deps.cases.forgetDelivery(deliveryId).catch(() => undefined);
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
  if (!delivered) {
    if (deliveryId) await deps.cases.forgetDelivery(deliveryId);
    // An authority that takes no part in the case (yet) learns nothing of it from "nothing
    // waits": the same 404 as for a case it may not see.
    if (!(await takesPart(deps, principal, caseId))) throw Problem.notFound(`No case ${caseId}`);
    throw Problem.conflict(
      'not-waiting-for-message',
      `Case ${caseId} is not waiting for "${messageName}" at this stage`,
    );
  }
  // The authority that asked for these documents may read them from now on. The message is
  // delivered whatever happens here: a share that fails is logged, not answered as an error.
  for (const audience of contract.sharesDocumentsWith ?? [])
    await deps.documents.share(caseId, referenced, audience, new Date()).catch((err: unknown) =>
      deps.log.error('documents delivered but not shared with the authority that asked', {
        caseId,
        messageName,
        audience,
        error: (err as Error).message,
      }),
    );
  if (deliveryId)
    await deps.cases.confirmDelivery(deliveryId).catch((err: unknown) =>
      // Delivered, but not confirmed: a retry with this key would deliver it again, and the
      // engine then answers that the case no longer waits for it (409).
      deps.log.error('message delivered but its key not confirmed', {
        caseId,
        messageName,
        error: (err as Error).message,
      }),
    );
  deps.log.info('message delivered', {
    caseId,
    messageName,
    processInstanceKey: record.processInstanceKey,
  });
  return { caseId, messageName, replayed: false };
}

/**
 * Whether the caller's authority takes part in the case: an instance of one of its
 * procedures exists in the engine. Asked of the engine, not the projection: a partner's
 * answer often comes a moment after its request, before the projection shows that part (a
 * 404 then would make it give up; a 409 makes it retry). Parties and operators always do.
 */
async function takesPart(
  deps: { engine: Engine; procedures: Map<string, Procedure> },
  principal: Principal,
  caseId: string,
): Promise<boolean> {
  if (principal.role !== 'caseworker' && principal.role !== 'partner') return true;
  // The engine away: "nothing waits" (409) lets a partner retry; it tells no more than before.
  const keys = await deps.engine.processKeysForBusinessKey(caseId).catch(() => null);
  if (keys === null) return true;
  return keys.some((key) => {
    const procedure = procedureForProcess(deps.procedures, key);
    return !!procedure && ownAuthorities(procedure).has(principal.authority ?? '');
  });
}

/**
 * How long an unconfirmed delivery claim counts as under way: longer than the engine call
 * may take (10 s), so a retry never delivers a message twice while the first still runs.
 */
const DELIVERY_RETRY_AFTER_MS = 15_000;

/**
 * The documents a message references (`documents[].documentId`): each must be a document of
 * this case (400 naming the field otherwise). Returns their ids.
 */
async function referencedDocuments(
  documents: DocumentsStore,
  caseId: string,
  body: unknown,
): Promise<string[]> {
  const list = (body as { documents?: unknown }).documents;
  if (!Array.isArray(list)) return [];
  const ids = list.map((d) => (d as { documentId?: unknown }).documentId);
  if (!ids.some((id) => typeof id === 'string')) return [];
  const known = new Set((await documents.list(caseId)).map((d) => d._id));
  const errors = ids.flatMap((id, i) =>
    typeof id === 'string' && !known.has(id)
      ? [{ field: `/documents/${i}/documentId`, reason: 'is not a document of this case' }]
      : [],
  );
  if (errors.length > 0)
    throw Problem.badRequest('The message references documents this case does not have', errors);
  return ids.filter((id): id is string => typeof id === 'string');
}
