import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allResourcePaths, PROCESSES_DIR, type Procedure } from '../../processes/registry.js';
import { existsSync } from 'node:fs';
import { diffBpmn, type ModelDiff } from '../../processes/model-checks/diff.js';
import type { DefinitionsStore, DeployedDefinition } from '../data/definitions.js';
import { EngineError } from '../../common/engine.js';
import { isRefusal, type DecisionTryOut, type Engine } from '../data/engine.js';
import type { Principal } from '../auth.js';
import type { ProjectionReader } from '../data/projection-reader.js';
import { Problem } from '../problem.js';
import type { ModelDraftsStore } from '../data/model-drafts-store.js';

/**
 * The models as a process owner sees them: each resource as it stands in the repository,
 * every deployed version (from the engine's deployment records), which running cases use a
 * version, the difference between two versions, and migrating a running instance.
 */
type Deps = {
  definitions: DefinitionsStore;
  modelDrafts: Pick<ModelDraftsStore, 'notes'>;
  projection: ProjectionReader;
  procedures: Map<string, Procedure>;
  engine: Engine;
};

export function requireProcessOwner(p: Principal, alsoOperators = true): void {
  if (p.role === 'process-owner' || (alsoOperators && p.role === 'operator')) return;
  throw Problem.forbidden('Models are for process owners');
}

export interface RepositoryModel {
  name: string;
  kind: 'bpmn' | 'dmn' | 'form';
  /** bpmnProcessId, decision requirements id or form id */
  id: string;
  procedure: string | null;
  /** Where it lives in the repository (`processes/…`, `forms/…`): what a patch names. */
  path: string;
}

/** A file's path from the repository's root, with forward slashes. */
const repositoryPath = (file: string) =>
  path.relative(path.dirname(PROCESSES_DIR), file).split(path.sep).join('/');

function idOf(file: string, content: string): string {
  if (file.endsWith('.form')) return String((JSON.parse(content) as { id: string }).id);
  if (file.endsWith('.dmn')) return /<definitions\s[^>]*\bid="([^"]+)"/.exec(content)?.[1] ?? '';
  return /<(?:\w+:)?process\s[^>]*\bid="([^"]+)"/.exec(content)?.[1] ?? '';
}

export function repositoryModels(procedures: Map<string, Procedure>): RepositoryModel[] {
  const procedureOf = (file: string) =>
    [...procedures.values()].find((p) => p.resourcePaths.includes(file))?.procedure ?? null;
  return allResourcePaths().map((file) => {
    const name = path.basename(file);
    const kind = file.endsWith('.bpmn') ? 'bpmn' : file.endsWith('.dmn') ? 'dmn' : 'form';
    return {
      name,
      kind,
      id: idOf(file, readFileSync(file, 'utf8')),
      procedure: procedureOf(file),
      path: repositoryPath(file),
    };
  });
}

/** A model's file; a form comes with its English texts (`<id>.en.json`, null without). */
export function repositoryModel(name: string): {
  name: string;
  path: string;
  content: string;
  translation: { path: string; content: string | null } | null;
} {
  const file = allResourcePaths().find((f) => path.basename(f) === name);
  if (!file) throw Problem.notFound(`No model ${name} in the repository`);
  const english = file.replace(/\.form$/, '.en.json');
  return {
    name,
    path: repositoryPath(file),
    content: readFileSync(file, 'utf8'),
    translation: file.endsWith('.form')
      ? {
          path: repositoryPath(english),
          content: existsSync(english) ? readFileSync(english, 'utf8') : null,
        }
      : null,
  };
}

export async function versionsOf(
  deps: Deps,
  kind: DeployedDefinition['kind'],
  id: string,
): Promise<
  (Omit<DeployedDefinition, 'xml' | '_id' | 'deployedAt' | 'deploymentId'> & {
    key: string;
    deployedAt: string;
    /** The change note it was deployed with, and by whom; null when deployed otherwise. */
    note: string | null;
    deployedBy: string | null;
    runningInstances: {
      processInstanceKey: string;
      caseId: string | null;
      activeElementIds: string[];
    }[];
  })[]
> {
  const versions = await deps.definitions.versions(kind, id);
  const notes = await deps.modelDrafts.notes([...new Set(versions.map((v) => v.deploymentId))]);
  return Promise.all(
    versions.map(async ({ _id, deployedAt, deploymentId, ...v }) => ({
      ...v,
      deployedAt: deployedAt.toISOString(),
      key: _id,
      note: notes.get(deploymentId)?.note ?? null,
      deployedBy: notes.get(deploymentId)?.deployedBy ?? null,
      runningInstances: kind === 'process' ? await deps.projection.activeInstancesOf(_id, 200) : [],
    })),
  );
}

export async function deployedModel(deps: Deps, key: string): Promise<DeployedDefinition> {
  const d = await deps.definitions.get(key);
  if (!d) throw Problem.notFound(`No deployed model with key ${key}`);
  return d;
}

export async function diffVersions(deps: Deps, fromKey: string, toKey: string): Promise<ModelDiff> {
  const [from, to] = await Promise.all([deployedModel(deps, fromKey), deployedModel(deps, toKey)]);
  if (from.kind !== 'process' || to.kind !== 'process' || from.id !== to.id)
    throw Problem.badRequest('Compare two versions of one process', [
      {
        field: '/to',
        reason: `${from.kind} ${from.id} and ${to.kind} ${to.id} are not versions of one process`,
      },
    ]);
  return diffBpmn(from.xml, to.xml);
}

/**
 * Moves a running instance to another version of its process, with an explicit mapping of
 * the active elements (the engine checks the plan and refuses what it cannot do).
 */
export async function migrateInstance(
  deps: Deps,
  principal: Principal,
  request: {
    processInstanceKey: string;
    targetProcessDefinitionKey: string;
    mappings: { sourceElementId: string; targetElementId: string }[];
  },
): Promise<{ processInstanceKey: string; targetProcessDefinitionKey: string; version: number }> {
  requireProcessOwner(principal, false);
  const target = await deployedModel(deps, request.targetProcessDefinitionKey);
  if (target.kind !== 'process')
    throw Problem.badRequest('The target is not a process', [
      { field: '/targetProcessDefinitionKey', reason: `${target.id} is a decision model` },
    ]);
  const instance = await deps.projection.instance(request.processInstanceKey);
  if (!instance || instance.state !== 'ACTIVE')
    throw Problem.notFound(`No running process instance ${request.processInstanceKey}`);
  try {
    await deps.engine.migrate(
      request.processInstanceKey,
      instance.processDefinitionKey,
      request.targetProcessDefinitionKey,
      request.mappings,
    );
  } catch (err) {
    if (isRefusal(err))
      throw new Problem(422, 'migration-refused', 'The engine refused the migration', err.message);
    throw err;
  }
  return {
    processInstanceKey: request.processInstanceKey,
    targetProcessDefinitionKey: request.targetProcessDefinitionKey,
    version: target.version,
  };
}

/**
 * The modeler's "try it": evaluates a decision of a DMN document that is not deployed, with
 * the engine host's own DMN engine (process owners only). What the engine cannot read or
 * evaluate is a 400 naming the field (`/xml`, `/decisionKey`, `/variables`).
 */
export async function tryDecision(
  deps: Deps,
  principal: Principal,
  request: { xml: string; decisionKey?: string; variables?: Record<string, unknown> },
): Promise<DecisionTryOut> {
  requireProcessOwner(principal, false);
  try {
    return await deps.engine.tryDecision(request.xml, request.decisionKey, request.variables ?? {});
  } catch (err) {
    if (err instanceof EngineError && err.status === 400 && err.type.startsWith('field:')) {
      const field = err.type.slice('field:'.length);
      const reason = err.message.replace(/^engine 400 field:\w+: /, '');
      throw Problem.badRequest(`The engine could not evaluate the decision: ${reason}`, [
        { field: `/${field}`, reason },
      ]);
    }
    throw err;
  }
}
