import type { Logger } from '../../common/logger.js';
import type { Procedure } from '../../processes/registry.js';
import type { Principal } from '../auth.js';
import type { DefinitionsStore } from '../data/definitions.js';
import type { Engine } from '../data/engine.js';
import type { ProcessInstanceRow, ProjectionReader } from '../data/projection-reader.js';
import { Problem } from '../problem.js';
import { engineCall } from './engine-call.js';
import { exploreInstance, type ExploredInstance } from './explore-case.js';
import { requireOperator } from './operations.js';

/**
 * The explorer of every deployed process (issue 18): not only the registered procedures but
 * whatever the engine holds — a model deployed from the modeler or by hand. The processes come
 * from the engine's repository (its process definitions), their instances from the read
 * model (which projects every instance the engine runs), each instance shown as in the case
 * explorer: the model as deployed, where the tokens are, what operators may see.
 */
type Deps = {
  projection: ProjectionReader;
  procedures: Map<string, Procedure>;
  definitions: DefinitionsStore;
  engine: Engine;
  log: Logger;
};

export interface DeployedProcess {
  processId: string;
  name: string | null;
  /** The newest version and its definition id. */
  version: number;
  definitionKey: string;
  /** The registered procedure it belongs to; null: deployed outside the registry. */
  procedure: string | null;
}

function procedureOf(procedures: Map<string, Procedure>, processId: string): string | null {
  for (const p of procedures.values()) if (p.bpmnProcessId === processId) return p.procedure;
  return null;
}

/** Every deployed process (its newest version), ordered by id. */
export async function listProcesses(deps: Deps, principal: Principal): Promise<DeployedProcess[]> {
  requireOperator(principal);
  const found = await engineCall(deps, 'process definitions', () =>
    deps.engine.processDefinitions({ latestOnly: true }),
  );
  return found
    .map((d) => ({
      processId: d.key,
      name: d.name ?? null,
      version: d.version,
      definitionKey: d.id,
      procedure: procedureOf(deps.procedures, d.key),
    }))
    .sort((a, b) => a.processId.localeCompare(b.processId));
}

/** One deployed process: its newest version's diagram and its instances, most recent first. */
export async function exploreProcess(
  deps: Deps,
  principal: Principal,
  processId: string,
  q: { state?: string; limit: number },
): Promise<
  DeployedProcess & { deployedAt: string | null; xml: string; instances: ProcessInstanceRow[] }
> {
  requireOperator(principal);
  const [newest] = await engineCall(deps, 'process definitions', () =>
    deps.engine.processDefinitions({ key: processId, latestOnly: true }),
  );
  if (!newest) throw Problem.notFound(`No deployed process ${processId}`);
  const definition = await engineCall(deps, 'process definition', () =>
    deps.definitions.get(newest.id),
  );
  return {
    processId,
    name: newest.name ?? null,
    version: newest.version,
    definitionKey: newest.id,
    deployedAt: definition?.deployedAt.toISOString() ?? null,
    procedure: procedureOf(deps.procedures, processId),
    xml: definition?.xml ?? '',
    instances: await deps.projection.instancesOfProcess(processId, q),
  };
}

/** One instance of any process, with its case (if it belongs to one). */
export async function exploreProcessInstance(
  deps: Deps,
  principal: Principal,
  processInstanceKey: string,
): Promise<ExploredInstance & { caseId: string | null; calledBy: string | null }> {
  requireOperator(principal);
  const view = await deps.projection.instance(processInstanceKey);
  if (!view) throw Problem.notFound(`No process instance ${processInstanceKey}`);
  const caseId = view.variables.find((v) => v.name === 'caseId')?.value;
  return {
    ...(await exploreInstance(deps, principal, view)),
    caseId: typeof caseId === 'string' ? caseId : null,
    calledBy: view.parentProcessInstanceKey === '-1' ? null : view.parentProcessInstanceKey,
  };
}
