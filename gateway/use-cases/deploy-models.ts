import type { Logger } from '../../common/logger.js';
import { isRefusal, type Engine } from '../data/engine.js';
import {
  checkDeployment,
  type DeploymentContext,
  type DeploymentResource,
  type ModelProblem,
} from '../../processes/model-checks/check-deployment.js';
import type { Principal } from '../auth.js';
import { Problem } from '../problem.js';
import type { ModelDraftsStore } from '../data/model-drafts-store.js';

export interface DeployedResource {
  resource: string;
  kind: 'process' | 'decision' | 'form';
  id: string;
  version: number;
  key: string;
}

export type DeployResult =
  | { outcome: 'refused'; problems: ModelProblem[] }
  | { outcome: 'checked' }
  | { outcome: 'deployed'; deploymentKey: string; deployed: DeployedResource[] };

/**
 * A process owner deploys models (BPMN, DMN, forms) through the gateway. Everything is checked
 * first (processes/model-checks); a deployment with any problem is refused whole, with every
 * reason. Otherwise the engine takes all resources in one atomic deployment; unchanged ones
 * keep their version. `dryRun` only checks (the modeler's live feedback). A deployment needs a
 * change note ("Blue Card thresholds 2027"), kept by the engine's deployment id and shown in
 * the modeler's version list.
 */
export async function deployModels(
  deps: {
    engine: Engine;
    modelContext: () => DeploymentContext;
    log: Logger;
    modelDrafts: Pick<ModelDraftsStore, 'recordNote'>;
  },
  principal: Principal,
  request: { resources: DeploymentResource[]; dryRun?: boolean; note?: string },
): Promise<DeployResult> {
  if (principal.role !== 'process-owner')
    throw Problem.forbidden('Only process owners deploy models');
  const names = request.resources.map((r) => r.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate)
    throw Problem.badRequest('Each resource once', [
      { field: '/resources', reason: `"${duplicate}" appears twice` },
    ]);
  const note = request.note?.trim() ?? '';
  if (!request.dryRun && note === '')
    throw Problem.badRequest('A deployment needs a change note', [
      {
        field: '/note',
        reason:
          'say what changed and why (e.g. "Blue Card thresholds 2027"); only a dryRun goes without',
      },
    ]);
  const problems = await checkDeployment(request.resources, deps.modelContext());
  if (problems.length > 0) return { outcome: 'refused', problems };
  if (request.dryRun) return { outcome: 'checked' };

  let deployment;
  try {
    deployment = await deps.engine.deploy(
      request.resources.map((r) => ({ name: r.name, content: r.content })),
    );
  } catch (err) {
    // The engine's own validation (e.g. an expression it cannot parse): a reason, not a 5xx.
    if (isRefusal(err))
      return {
        outcome: 'refused',
        problems: [{ resource: '', elementId: '', check: 'engine', message: err.message }],
      };
    throw err;
  }
  // Forms travel with the deployment (user tasks link them by id); the engine lists no
  // versions of them, so they are reported as deployed with the deployment.
  const deployed: DeployedResource[] = [
    ...deployment.processes.map((p) => ({
      resource: p.resource,
      kind: 'process' as const,
      id: p.key,
      version: p.version,
      key: p.id,
    })),
    ...deployment.decisions.map((d) => ({
      resource: d.resource,
      kind: 'decision' as const,
      id: d.key,
      version: d.version,
      key: d.id,
    })),
  ];
  await deps.modelDrafts.recordNote({
    deploymentId: deployment.id,
    note,
    deployedBy: principal.subject,
  });
  deps.log.info('models deployed', {
    by: principal.subject,
    note,
    deployed: deployed.map((d) => `${d.kind} ${d.id} v${d.version}`),
  });
  return { outcome: 'deployed', deploymentKey: deployment.id, deployed };
}
