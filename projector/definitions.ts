import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../common/mongo.js';
import { keyOf, type ZeebeRecord } from './records.js';

/**
 * Every deployed version of every model, from the engine's deployment records: the process
 * definitions (PROCESS) and the decision requirements graphs (DECISION_REQUIREMENTS), each with
 * its XML as deployed. The modeler opens, compares and migrates between these versions; the
 * engine itself offers no listing without Operate. Written once per key: replays are no-ops.
 */
export const DEFINITION_VALUE_TYPES = ['PROCESS', 'DECISION_REQUIREMENTS'] as const;

export interface DeployedDefinition {
  /** processDefinitionKey or decisionRequirementsKey */
  _id: string;
  kind: 'process' | 'decisions';
  /** bpmnProcessId or decisionRequirementsId */
  id: string;
  version: number;
  resourceName: string;
  xml: string;
  deployedAt: Date;
}

/** The definition a deployment record describes, or none (another record). */
export function definitionOf(r: ZeebeRecord): DeployedDefinition | undefined {
  if (r.recordType !== 'EVENT' || r.intent !== 'CREATED') return undefined;
  const v = r.value;
  if (v.duplicate === true) return undefined; // an unchanged redeployment: no new version
  const resource =
    typeof v.resource === 'string' ? Buffer.from(v.resource, 'base64').toString('utf8') : '';
  // The deploy script names resources by their path; the file name is what people know.
  const resourceName = String(v.resourceName).split('/').pop() ?? '';
  if (r.valueType === 'PROCESS')
    return {
      _id: keyOf(v, 'processDefinitionKey'),
      kind: 'process',
      id: String(v.bpmnProcessId),
      version: Number(v.version),
      resourceName,
      xml: resource,
      deployedAt: new Date(r.timestamp),
    };
  if (r.valueType === 'DECISION_REQUIREMENTS')
    return {
      _id: keyOf(v, 'decisionRequirementsKey'),
      kind: 'decisions',
      id: String(v.decisionRequirementsId),
      version: Number(v.decisionRequirementsVersion ?? v.version),
      resourceName,
      xml: resource,
      deployedAt: new Date(r.timestamp),
    };
  return undefined;
}

export class DefinitionsStore {
  private readonly definitions: Collection<DeployedDefinition>;

  constructor(db: Db) {
    this.definitions = db.collection<DeployedDefinition>('deployed_definitions');
  }

  async put(d: DeployedDefinition): Promise<void> {
    try {
      await this.definitions.insertOne(d);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  /** The versions of one model, newest first (without their XML). */
  versions(
    kind: DeployedDefinition['kind'],
    id: string,
  ): Promise<Omit<DeployedDefinition, 'xml'>[]> {
    return this.definitions
      .find({ kind, id }, { projection: { xml: 0 } })
      .sort({ version: -1 })
      .toArray();
  }

  get(key: string): Promise<DeployedDefinition | null> {
    return this.definitions.findOne({ _id: key });
  }

  /** The newest version of every model (without XML). */
  async latest(): Promise<Omit<DeployedDefinition, 'xml'>[]> {
    const all = await this.definitions.find({}, { projection: { xml: 0 } }).toArray();
    const newest = new Map<string, Omit<DeployedDefinition, 'xml'>>();
    for (const d of all) {
      const k = `${d.kind}:${d.id}`;
      if ((newest.get(k)?.version ?? 0) < d.version) newest.set(k, d);
    }
    return [...newest.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
}
