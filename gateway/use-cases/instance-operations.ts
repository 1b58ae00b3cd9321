import type { Logger } from '../../common/logger.js';
import type { Procedure } from '../../processes/registry.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import type { Engine } from '../data/engine.js';
import type { ProjectionReader } from '../data/projection-reader.js';
import type { InstanceView } from '../../read-model/instance-view.js';
import { mayWriteVariable } from '../data-minimisation.js';
import { Problem } from '../problem.js';
import { engineCall } from './engine-call.js';
import { requireOperator } from './operations.js';

/**
 * What an operator may do to a stuck case besides retrying an incident: correct a variable
 * the engine tripped over, or cancel the case. Only running instances of the case, only the
 * technical variables of OPERATOR_WRITABLE_VARIABLES (no personal data, no decision: those
 * are the authorities' to correct); every call is in the audit log like every other.
 */
type Deps = {
  cases: CasesStore;
  projection: ProjectionReader;
  engine: Engine;
  procedures: Map<string, Procedure>;
  log: Logger;
};

async function runningInstanceOfCase(
  deps: Deps,
  caseId: string,
  processInstanceKey: string,
): Promise<InstanceView> {
  const record = await deps.cases.get(caseId);
  if (!record?.processInstanceKey) throw Problem.notFound(`No case ${caseId}`);
  const views = await deps.projection.caseInstances(record.processInstanceKey);
  const view = views.find((v) => v._id === processInstanceKey);
  if (!view)
    throw Problem.badRequest('The instance is not one of the case', [
      {
        field: '/processInstanceKey',
        reason: `no instance ${processInstanceKey} in case ${caseId}`,
      },
    ]);
  if (view.state !== 'ACTIVE')
    throw Problem.conflict('instance-not-running', `Instance ${processInstanceKey} has ended`);
  return view;
}

export async function setInstanceVariables(
  deps: Deps,
  principal: Principal,
  caseId: string,
  request: { processInstanceKey: string; variables: Record<string, unknown> },
): Promise<{ caseId: string; processInstanceKey: string; variables: string[] }> {
  requireOperator(principal);
  const names = Object.keys(request.variables);
  const refused = names.filter((n) => !mayWriteVariable(principal, n));
  if (refused.length > 0)
    throw Problem.badRequest(
      'Operators correct only technical variables (periods, due dates, flags)',
      refused.map((n) => ({ field: `/variables/${n}`, reason: 'not an operator’s variable' })),
    );
  await runningInstanceOfCase(deps, caseId, request.processInstanceKey);
  await engineCall(deps, 'variables', () =>
    deps.engine.setVariables(request.processInstanceKey, request.variables),
  );
  deps.log.info('instance variables set by an operator', {
    caseId,
    processInstanceKey: request.processInstanceKey,
    variables: names,
    by: principal.subject,
  });
  return { caseId, processInstanceKey: request.processInstanceKey, variables: names.sort() };
}

export async function cancelCase(
  deps: Deps,
  principal: Principal,
  caseId: string,
  reason: string,
): Promise<{ caseId: string; cancelled: true }> {
  requireOperator(principal);
  const record = await deps.cases.get(caseId);
  if (!record?.processInstanceKey) throw Problem.notFound(`No case ${caseId}`);
  const root = await deps.projection.instance(record.processInstanceKey);
  if (root && root.state !== 'ACTIVE')
    throw Problem.conflict('case-not-running', `Case ${caseId} has ended`);
  const cancelled = await engineCall(deps, 'cancellation', () =>
    deps.engine.cancelInstance(record.processInstanceKey!, `cancelled by operator: ${reason}`),
  );
  if (!cancelled) throw Problem.conflict('case-not-running', `Case ${caseId} has ended`);
  deps.log.info('case cancelled by an operator', { caseId, reason, by: principal.subject });
  return { caseId, cancelled: true };
}

/**
 * Instance modification: the token at an active element of a running instance of the case
 * moves to another element of the same model (a step to repeat after a repair, a step to
 * skip). The engine checks the target exists; what it refuses is a 400 naming the field.
 */
export async function moveInstance(
  deps: Deps,
  principal: Principal,
  caseId: string,
  request: { processInstanceKey: string; from: string; to: string; reason: string },
): Promise<{ caseId: string; processInstanceKey: string; from: string; to: string }> {
  requireOperator(principal);
  const view = await runningInstanceOfCase(deps, caseId, request.processInstanceKey);
  const active = new Set(
    Object.values(view.elements)
      .filter((e) => e.state === 'ACTIVE' && e.type !== 'PROCESS')
      .map((e) => e.elementId),
  );
  if (!active.has(request.from))
    throw Problem.badRequest('Nothing of the instance is at this element', [
      { field: '/from', reason: `not active; active: ${[...active].sort().join(', ') || 'none'}` },
    ]);
  const result = await engineCall(deps, 'instance modification', () =>
    deps.engine.moveToken(
      request.processInstanceKey,
      request.from,
      request.to,
      `moved by operator: ${request.reason}`,
    ),
  );
  if (!result.moved)
    throw Problem.badRequest('The engine refused the move', [
      { field: '/to', reason: result.reason },
    ]);
  deps.log.info('instance moved by an operator', {
    caseId,
    processInstanceKey: request.processInstanceKey,
    from: request.from,
    to: request.to,
    reason: request.reason,
    by: principal.subject,
  });
  return {
    caseId,
    processInstanceKey: request.processInstanceKey,
    from: request.from,
    to: request.to,
  };
}
