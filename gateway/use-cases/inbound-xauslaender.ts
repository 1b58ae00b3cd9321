import { worksGroup } from '../../common/candidate-groups.js';
import { own } from '../../common/own.js';
import {
  readAbhEntscheidung,
  XAuslaenderError,
  type AbhDecision,
} from '../../common/xauslaender.js';
import type { Principal } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import { Problem } from '../problem.js';
import { completeTask } from './complete-task.js';
import { requestHash } from './start-case.js';
import { visibleCase } from './visible-case.js';

export interface InboundResult {
  messageId: string;
  caseId: string;
  elementId: string;
  replayed: boolean;
}

/** What an `abh.entscheidung` decides (`vorgang/anlass`) → the ABH task it completes. */
const TASK_OF_SUBJECT: Record<string, string> = { aufenthaltserlaubnis: 'DecideResidencePermit' };

const AT = '/abh.entscheidung/nachrichteninhalt';
/** The task result's fields → the message's elements (a refusal names the element). */
const ELEMENT_OF_FIELD: Record<string, string> = {
  '/outcome': `${AT}/entscheidung/ergebnis`,
  '/abhReference': `${AT}/entscheidung/aktenzeichenEntscheidung`,
  '/validUntil': `${AT}/entscheidung/gueltigBis`,
  '/reason': `${AT}/entscheidung/begruendung`,
};
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * An immigration office's decision sent from its own case-management system as an
 * XAusländer-shaped `abh.entscheidung` (common/xauslaender.ts), instead of the tasklist: read,
 * checked, and mapped onto the case's open ABH task of that kind — the same completion, with the
 * same schema, authority and office checks, as a caseworker's form. Once per message UUID: a
 * repeat answers the first result (`replayed`), the same UUID with another decision 422.
 */
export async function receiveXauslaender(
  deps: GatewayDeps,
  principal: Principal,
  xml: string,
): Promise<InboundResult> {
  if (principal.role !== 'caseworker' || principal.authority !== 'ABH')
    throw Problem.forbidden('Only an immigration office (ABH) sends an abh.entscheidung');
  let messageId: string;
  let decision: AbhDecision;
  try {
    ({ messageId, decision } = readAbhEntscheidung(xml));
  } catch (err) {
    if (!(err instanceof XAuslaenderError)) throw err;
    throw Problem.badRequest('The XAusländer message is not valid', [
      { field: err.field, reason: err.reason },
    ]);
  }
  const elementId = own(TASK_OF_SUBJECT, decision.subject);
  if (!elementId)
    throw Problem.badRequest('The XAusländer message decides nothing the platform asks', [
      {
        field: `${AT}/vorgang/anlass`,
        reason: `one of ${Object.keys(TASK_OF_SUBJECT).join(', ')}`,
      },
    ]);
  const caseId = decision.caseId;
  if (!CASE_ID.test(caseId))
    throw Problem.badRequest('The XAusländer message names no case of the platform', [
      { field: `${AT}/vorgang/aktenzeichen`, reason: 'not a case id of the platform' },
    ]);
  const { record } = await visibleCase(deps, principal, caseId);

  const result = {
    outcome: decision.outcome,
    abhReference: decision.abhReference,
    ...(decision.validUntil ? { validUntil: decision.validUntil } : {}),
    ...(decision.reason ? { reason: decision.reason } : {}),
  };
  const deliveryId = `${caseId}:xauslaender:${messageId}`;
  const hash = requestHash(result);
  const recorded = await deps.cases.recordDelivery({
    _id: deliveryId,
    caseId,
    messageName: 'xauslaender:abh.entscheidung',
    sentBy: principal.subject,
    requestHash: hash,
    at: new Date(),
  });
  if (!recorded.first && recorded.existing) {
    if (recorded.existing.requestHash !== hash)
      throw new Problem(
        422,
        'idempotency-key-reused',
        'Message UUID reused with a different decision',
        `The message ${messageId} was already received with another decision.`,
      );
    if (recorded.existing.deliveredAt) return { messageId, caseId, elementId, replayed: true };
    throw Problem.conflict(
      'delivery-in-progress',
      'This message is being received; retry shortly.',
      { 'retry-after': '5' },
    );
  }

  try {
    const views = record.processInstanceKey
      ? await deps.projection.caseInstances(record.processInstanceKey)
      : [];
    const task = views
      .flatMap((v) => Object.values(v.userTasks ?? {}))
      .find(
        (t) =>
          t.elementId === elementId &&
          t.state === 'OPEN' &&
          t.candidateGroups.some((g) => worksGroup(principal, g)),
      );
    if (!task)
      throw Problem.conflict(
        'not-waiting',
        `Case ${caseId} has no open ${elementId} for this office: nothing to decide`,
      );
    try {
      await completeTask(deps, principal, caseId, task.userTaskKey, result);
    } catch (err) {
      if (err instanceof Problem && err.errors)
        throw new Problem(
          err.status,
          err.code,
          err.title,
          err.detail,
          err.errors.map((e) => ({ ...e, field: ELEMENT_OF_FIELD[e.field] ?? e.field })),
        );
      throw err;
    }
  } catch (err) {
    await deps.cases.forgetDelivery(deliveryId).catch(() => undefined);
    throw err;
  }
  await deps.cases.confirmDelivery(deliveryId);
  deps.log.info('XAusländer decision received', { caseId, messageId, elementId });
  return { messageId, caseId, elementId, replayed: false };
}
