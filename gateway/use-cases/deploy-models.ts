import type { Logger } from '../../common/logger.js';
import type { ZeebeGrpcClient } from '../../common/zeebe.js';
import {
  checkDeployment,
  type DeploymentContext,
  type DeploymentResource,
  type ModelProblem,
} from '../../processes/model-checks/check-deployment.js';
import type { Principal } from '../auth.js';
import { Problem } from '../problem.js';

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
 * keep their version. `dryRun` only checks (the modeler's live feedback).
 */
export async function deployModels(
  deps: { zeebe: ZeebeGrpcClient; modelContext: () => DeploymentContext; log: Logger },
  principal: Principal,
  request: { resources: DeploymentResource[]; dryRun?: boolean },
): Promise<DeployResult> {
  if (principal.role !== 'process-owner')
    throw Problem.forbidden('Only process owners deploy models');
  const names = request.resources.map((r) => r.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate)
    throw Problem.badRequest('Each resource once', [
      { field: '/resources', reason: `"${duplicate}" appears twice` },
    ]);
  const problems = await checkDeployment(request.resources, deps.modelContext());
  if (problems.length > 0) return { outcome: 'refused', problems };
  if (request.dryRun) return { outcome: 'checked' };

  let response;
  try {
    response = await deps.zeebe.deployResources(
      request.resources.map((r) => {
        const content = Buffer.from(r.content, 'utf8');
        if (r.name.endsWith('.dmn')) return { name: r.name, decision: content };
        if (r.name.endsWith('.form')) return { name: r.name, form: content };
        return { name: r.name, process: content };
      }),
    );
  } catch (err) {
    // The engine's own validation (e.g. an expression it cannot parse): a reason, not a 5xx.
    const message = (err as Error).message;
    if (/INVALID_ARGUMENT/.test(message))
      return {
        outcome: 'refused',
        problems: [{ resource: '', elementId: '', check: 'engine', message }],
      };
    throw err;
  }
  const deployed = response.deployments.map((d): DeployedResource => {
    const m = d as {
      process?: {
        bpmnProcessId: string;
        version: number;
        processDefinitionKey: string;
        resourceName: string;
      };
      decision?: {
        dmnDecisionId: string;
        version: number;
        decisionKey: string;
        dmnDecisionResourceName?: string;
      };
      decisionRequirements?: {
        decisionRequirementsId: string;
        version: number;
        decisionRequirementsKey: string;
        resourceName: string;
      };
      form?: { formId: string; version: number; formKey: string; resourceName: string };
    };
    if (m.process)
      return {
        resource: m.process.resourceName,
        kind: 'process',
        id: m.process.bpmnProcessId,
        version: m.process.version,
        key: String(m.process.processDefinitionKey),
      };
    if (m.decision)
      return {
        resource: m.decision.dmnDecisionResourceName ?? '',
        kind: 'decision',
        id: m.decision.dmnDecisionId,
        version: m.decision.version,
        key: String(m.decision.decisionKey),
      };
    if (m.form)
      return {
        resource: m.form.resourceName,
        kind: 'form',
        id: m.form.formId,
        version: m.form.version,
        key: String(m.form.formKey),
      };
    return {
      resource: m.decisionRequirements?.resourceName ?? '',
      kind: 'decision',
      id: m.decisionRequirements?.decisionRequirementsId ?? '',
      version: m.decisionRequirements?.version ?? 0,
      key: String(m.decisionRequirements?.decisionRequirementsKey ?? ''),
    };
  });
  deps.log.info('models deployed', {
    by: principal.subject,
    deployed: deployed.map((d) => `${d.kind} ${d.id} v${d.version}`),
  });
  return { outcome: 'deployed', deploymentKey: String(response.key), deployed };
}
