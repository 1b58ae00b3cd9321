import type { Procedure } from '../../processes/registry.js';
import type { DefinitionsStore } from '../data/definitions.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import type { ProjectionReader } from '../data/projection-reader.js';
import { mayReadVariable, mayWriteVariable } from '../data-minimisation.js';
import { Problem } from '../problem.js';
import type { Engine } from '../data/engine.js';
import type { Logger } from '../../common/logger.js';
import type { InstanceView } from '../../read-model/instance-view.js';
import { engineCall } from './engine-call.js';
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
  /** The decision tables evaluated in the instance: which version, which rules, what inputs. */
  decisions: ExploredDecision[];
}

/** A decision as an operator sees it: inputs and outputs of personal data only named. */
export interface ExploredDecision {
  elementId: string;
  decision: string;
  name: string | null;
  version: number | null;
  evaluatedAt: string;
  rules: string[];
  inputs: { name: string; value?: unknown; hidden: boolean }[];
  outputs: { name: string; value?: unknown; hidden: boolean }[];
}

/** The variable a DMN input reads: the leading name of its expression (`jobOffer.salary`). */
function inputVariables(dmnXml: string): Map<string, string> {
  const found = new Map<string, string>();
  const input = /<(?:\w+:)?input\b[^>]*\bid="([^"]+)"[^>]*>([\s\S]*?)<\/(?:\w+:)?input>/g;
  for (const [, id, body] of dmnXml.matchAll(input)) {
    const text = /<(?:\w+:)?text>([\s\S]*?)<\/(?:\w+:)?text>/.exec(body!)?.[1]?.trim() ?? '';
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text)?.[0];
    if (name) found.set(id!, name);
  }
  return found;
}

/**
 * The decisions of one instance from the engine's history; a value is shown only where the
 * variable it comes from (input) or goes to (output) is one operators may see.
 */
async function decisionsOf(
  engine: Engine,
  processInstanceKey: string,
  mayRead: (name: string) => boolean,
): Promise<ExploredDecision[]> {
  const evaluated = await engine.decisionsOfInstance(processInstanceKey);
  const definitions = new Map<
    string,
    Promise<{ version: number | null; inputs: Map<string, string> }>
  >();
  const definition = (id: string) => {
    let d = definitions.get(id);
    if (!d) {
      d = Promise.all([engine.decisionDefinition(id), engine.decisionXml(id)]).then(
        ([def, xml]) => ({ version: def?.version ?? null, inputs: inputVariables(xml) }),
      );
      definitions.set(id, d);
    }
    return d;
  };
  return Promise.all(
    evaluated.map(async (e): Promise<ExploredDecision> => {
      const def = await definition(e.decisionDefinitionId);
      const shown = (name: string, variable: string | undefined, value: unknown) =>
        variable && mayRead(variable) ? { name, value, hidden: false } : { name, hidden: true };
      return {
        elementId: e.activityId,
        decision: e.decisionDefinitionKey,
        name: e.decisionDefinitionName,
        version: def.version,
        evaluatedAt: e.evaluationTime,
        rules: [...new Set(e.outputs.map((o) => o.ruleId))],
        inputs: e.inputs.map((i) =>
          shown(i.clauseName ?? i.clauseId, def.inputs.get(i.clauseId), i.value),
        ),
        outputs: e.outputs.map((o) => shown(o.variableName, o.variableName, o.value)),
      };
    }),
  );
}

type ExploreDeps = { definitions: DefinitionsStore; engine: Engine; log: Logger };

/**
 * One instance for an operator: the deployed model, which elements are active, completed or
 * stuck, the variables operators may see (the others only named) and the decisions taken.
 */
export async function exploreInstance(
  deps: ExploreDeps,
  principal: Principal,
  view: InstanceView,
): Promise<ExploredInstance> {
  requireOperator(principal);
  // What the operator may see, and the technical variables they may correct.
  const mayReadInExplorer = (name: string) =>
    mayReadVariable(principal, name) || mayWriteVariable(principal, name);
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
    decisions: await engineCall(deps, 'decision history', () =>
      decisionsOf(deps.engine, view._id, mayReadInExplorer),
    ),
  };
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
    engine: Engine;
    log: Logger;
  },
  principal: Principal,
  caseId: string,
  lang: Language,
): Promise<{ status: CaseStatus; instances: ExploredInstance[] }> {
  requireOperator(principal);
  const status = await getCaseStatus(deps, principal, caseId, lang);
  if (!status.processInstanceKey) throw Problem.notFound(`Case ${caseId} has not started yet`);
  const views = await deps.projection.caseInstances(status.processInstanceKey);
  const instances = await Promise.all(views.map((view) => exploreInstance(deps, principal, view)));
  return { status, instances };
}
