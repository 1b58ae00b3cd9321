import type { Logger } from '../../common/logger.js';
import type { Procedure } from '../../processes/registry.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import type { Engine } from '../data/engine.js';
import type { ProjectionReader } from '../data/projection-reader.js';
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
): Promise<void> {
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
