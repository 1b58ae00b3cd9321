import type { Queryable } from '../common/db.js';
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

type DefinitionRow = {
  key: string;
  kind: DeployedDefinition['kind'];
  id: string;
  version: number;
  resource_name: string;
  xml?: string;
  deployed_at: Date;
};

const COLUMNS = 'key, kind, id, version, resource_name, deployed_at';

function fromRow(r: DefinitionRow): Omit<DeployedDefinition, 'xml'> & { xml?: string } {
  return {
    _id: r.key,
    kind: r.kind,
    id: r.id,
    version: r.version,
    resourceName: r.resource_name,
    ...(r.xml !== undefined ? { xml: r.xml } : {}),
    deployedAt: r.deployed_at,
  };
}

/** `read_model.deployed_definitions`: written by the projector, read by the gateway. */
export class DefinitionsStore {
  constructor(private readonly db: Queryable) {}

  /** Stores a version once (inside the projector's transaction: pass its connection). */
  static async put(q: Queryable, d: DeployedDefinition): Promise<void> {
    await q.query(
      `insert into read_model.deployed_definitions (key, kind, id, version, resource_name, xml, deployed_at)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (key) do nothing`,
      [d._id, d.kind, d.id, d.version, d.resourceName, d.xml, d.deployedAt],
    );
  }

  /** The versions of one model, newest first (without their XML). */
  async versions(
    kind: DeployedDefinition['kind'],
    id: string,
  ): Promise<Omit<DeployedDefinition, 'xml'>[]> {
    const { rows } = await this.db.query<DefinitionRow>(
      `select ${COLUMNS} from read_model.deployed_definitions
       where kind = $1 and id = $2 order by version desc`,
      [kind, id],
    );
    return rows.map(fromRow);
  }

  async get(key: string): Promise<DeployedDefinition | null> {
    const { rows } = await this.db.query<DefinitionRow>(
      `select ${COLUMNS}, xml from read_model.deployed_definitions where key = $1`,
      [key],
    );
    return rows[0] ? (fromRow(rows[0]) as DeployedDefinition) : null;
  }

  /** The newest version of every model (without XML). */
  async latest(): Promise<Omit<DeployedDefinition, 'xml'>[]> {
    const { rows } = await this.db.query<DefinitionRow>(
      `select distinct on (kind, id) ${COLUMNS} from read_model.deployed_definitions
       order by kind, id, version desc`,
    );
    return rows.map(fromRow).sort((a, b) => a.id.localeCompare(b.id));
  }
}
