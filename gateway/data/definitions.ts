import type { Engine } from './engine.js';

/**
 * Every deployed version of every model, as the engine's repository holds it: process
 * definitions and decision definitions, each with its XML as deployed. The modeler opens,
 * compares and migrates between these versions; the case explorer draws the version an
 * instance runs. (Deployments are not case data: they are read from the engine's REST API,
 * not from the read model. A deployed version never changes, so its XML is kept in memory.)
 */
export interface DeployedDefinition {
  /** The engine's definition id (`<id>:<version>:<engine id>`). */
  _id: string;
  kind: 'process' | 'decisions';
  /** The process id, or the DMN file's definitions id (one DMN may hold several decisions). */
  id: string;
  version: number;
  resourceName: string;
  /** The engine's deployment the version came with (its change note is kept by it). */
  deploymentId: string;
  xml: string;
  deployedAt: Date;
}

type Dto = { id: string; key: string; version: number; resource: string; deploymentId: string };

const XML_CACHE_SIZE = 500;

export class DefinitionsStore {
  private readonly xml = new Map<string, string>();
  private readonly deployedAt = new Map<string, Date>();

  constructor(private readonly engine: Engine) {}

  /** The versions of one model, newest first (without their XML). */
  async versions(
    kind: DeployedDefinition['kind'],
    id: string,
  ): Promise<Omit<DeployedDefinition, 'xml'>[]> {
    if (kind === 'decisions')
      return (await this.decisionFiles()).filter((d) => d.id === id).map(({ xml: _, ...d }) => d);
    const found = await this.engine.processDefinitions({ key: id });
    return Promise.all(found.map((d) => this.describe(kind, d)));
  }

  /** One version with its XML, or null. */
  async get(definitionId: string): Promise<DeployedDefinition | null> {
    const process = await this.engine.processDefinition(definitionId);
    if (process) return this.withXml('process', process);
    return (await this.decisionFiles()).find((d) => d._id === definitionId) ?? null;
  }

  /** The newest version of every model (without XML), ordered by id. */
  async latest(): Promise<Omit<DeployedDefinition, 'xml'>[]> {
    const processes = await this.engine.processDefinitions({ latestOnly: true });
    const newest = new Map<string, Omit<DeployedDefinition, 'xml'>>();
    for (const { xml: _, ...d } of await this.decisionFiles())
      if ((newest.get(d.id)?.version ?? 0) < d.version) newest.set(d.id, d);
    const all = [
      ...(await Promise.all(processes.map((d) => this.describe('process', d)))),
      ...newest.values(),
    ];
    return all.sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * Every deployed version of every DMN file, newest first: the engine lists decisions, and a
   * file deployed once gives one decision definition per decision in it. Grouped by
   * deployment and file; the file's first decision stands for it (its id is the version's
   * key), and the model id is the file's `<definitions id>`, as in the repository.
   */
  private async decisionFiles(): Promise<DeployedDefinition[]> {
    const files = new Map<string, Dto>();
    for (const d of await this.engine.decisionDefinitions())
      if (!files.has(`${d.deploymentId}/${d.resource}`))
        files.set(`${d.deploymentId}/${d.resource}`, d);
    const found = await Promise.all([...files.values()].map((d) => this.withXml('decisions', d)));
    return found.sort((a, b) => b.version - a.version);
  }

  private async describe(
    kind: DeployedDefinition['kind'],
    d: Dto,
  ): Promise<Omit<DeployedDefinition, 'xml'>> {
    return {
      _id: d.id,
      kind,
      id: d.key,
      version: d.version,
      // The deploy script names resources by their path; the file name is what people know.
      resourceName: d.resource.split('/').pop() ?? d.resource,
      deploymentId: d.deploymentId,
      deployedAt: await this.deploymentTime(d.deploymentId),
    };
  }

  private async withXml(kind: DeployedDefinition['kind'], d: Dto): Promise<DeployedDefinition> {
    let xml = this.xml.get(d.id);
    if (xml === undefined) {
      xml =
        kind === 'process'
          ? await this.engine.processXml(d.id)
          : await this.engine.decisionXml(d.id);
      if (this.xml.size >= XML_CACHE_SIZE) this.xml.delete(this.xml.keys().next().value!);
      this.xml.set(d.id, xml);
    }
    const described = await this.describe(kind, d);
    // A DMN file is known by its definitions id (what the repository and the modeler use).
    const definitionsId =
      kind === 'decisions'
        ? /<(?:\w+:)?definitions\s[^>]*\bid="([^"]+)"/.exec(xml)?.[1]
        : undefined;
    return { ...described, ...(definitionsId ? { id: definitionsId } : {}), xml };
  }

  private async deploymentTime(deploymentId: string): Promise<Date> {
    let at = this.deployedAt.get(deploymentId);
    if (!at) {
      const d = await this.engine.client.request<{ deploymentTime: string }>(
        'GET',
        `/deployment/${encodeURIComponent(deploymentId)}`,
      );
      at = new Date(d.deploymentTime);
      this.deployedAt.set(deploymentId, at);
    }
    return at;
  }
}
