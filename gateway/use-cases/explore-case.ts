import type { Procedure } from '../../processes/registry.js';
import type { DefinitionsStore } from '../data/definitions.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import type { ProjectionReader } from '../data/projection-reader.js';
import { mayReadVariable, mayWriteVariable } from '../data-minimisation.js';
import { Problem } from '../problem.js';
import { getCaseStatus, type CaseStatus, type Language } from './get-case-status.js';
import { requireOperator } from './operations.js';

export interface ExploredInstance {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  state: string;
  /** The model as deployed in this version, for the diagram. */
  xml: string | null;
  active: string[];
  completed: string[];
  incidents: { elementId: string; errorType: string; errorMessage: string }[];
  /** The variables an operator may see, and the names of those hidden from operators. */
  variables: Record<string, unknown>;
  hiddenVariables: string[];
}

/**
 * One case for an operator: its status (minimised for operators: steps and deadlines, no
 * personal results) and each of its instances with the deployed model and which elements are
 * active, completed or stuck, for the diagram.
 */
export async function exploreCase(
  deps: {
    cases: CasesStore;
    projection: ProjectionReader;
    procedures: Map<string, Procedure>;
    definitions: DefinitionsStore;
  },
  principal: Principal,
  caseId: string,
  lang: Language,
): Promise<{ status: CaseStatus; instances: ExploredInstance[] }> {
  requireOperator(principal);
  // What the operator may see, and the technical variables they may correct.
  const mayReadInExplorer = (name: string) =>
    mayReadVariable(principal, name) || mayWriteVariable(principal, name);
  const status = await getCaseStatus(deps, principal, caseId, lang);
  if (!status.processInstanceKey) throw Problem.notFound(`Case ${caseId} has not started yet`);
  const views = await deps.projection.caseInstances(status.processInstanceKey);
  const instances = await Promise.all(
    views.map(async (view): Promise<ExploredInstance> => {
      const elements = Object.values(view.elements).filter((e) => e.type !== 'PROCESS');
      const names = view.variables.map((v) => v.name);
      return {
        processInstanceKey: view._id,
        bpmnProcessId: view.bpmnProcessId,
        version: view.version,
        state: view.state,
        xml: (await deps.definitions.get(view.processDefinitionKey))?.xml ?? null,
        active: [...new Set(elements.filter((e) => e.state === 'ACTIVE').map((e) => e.elementId))],
        completed: [
          ...new Set(elements.filter((e) => e.state === 'COMPLETED').map((e) => e.elementId)),
        ],
        incidents: Object.values(view.incidents)
          .filter((i) => i.state === 'OPEN')
          .map((i) => ({
            elementId: i.elementId,
            errorType: i.errorType,
            errorMessage: i.errorMessage,
          })),
        variables: Object.fromEntries(
          view.variables.filter((v) => mayReadInExplorer(v.name)).map((v) => [v.name, v.value]),
        ),
        hiddenVariables: names.filter((n) => !mayReadInExplorer(n)).sort(),
      };
    }),
  );
  return { status, instances };
}
