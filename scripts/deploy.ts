import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../gateway/data/engine.js';
import { allResourcePaths, PROCESSES_DIR } from '../processes/registry.js';

/**
 * Deploys every form under forms/ and every BPMN and DMN under processes/ as one deployment
 * (forms travel with the processes that link them). The engine filters duplicates: unchanged
 * resources keep their version, so deploying the same files again creates nothing new.
 */
export async function deployAll(
  engine: Engine,
  log: (msg: string) => void = console.error,
): Promise<void> {
  const root = path.resolve(PROCESSES_DIR, '..');
  const resources = allResourcePaths().map((file) => ({
    // Paths relative to the repository: two procedures may not share a file name by accident.
    name: path.relative(root, file),
    content: readFileSync(file, 'utf8'),
  }));
  const deployment = await engine.deploy('wsa-orchestrator', resources);
  const versions = [
    ...deployment.processes.map((p) => `${p.key} v${p.version}`),
    ...deployment.decisions.map((d) => `${d.key} v${d.version}`),
  ];
  log(
    versions.length > 0
      ? `deployed ${versions.join(', ')}`
      : `deployed nothing new (${resources.length} resources unchanged)`,
  );
}
