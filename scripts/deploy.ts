import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../gateway/data/engine.js';
import { allResourcePaths } from '../processes/registry.js';

/**
 * Deploys every form under forms/ and every BPMN and DMN under processes/ as one deployment
 * (forms travel with the processes that link them). The engine filters duplicates: unchanged
 * resources keep their version, so deploying the same files again creates nothing new.
 */
export async function deployAll(
  engine: Engine,
  log: (msg: string) => void = console.error,
): Promise<void> {
  const resources = allResourcePaths().map((file) => ({
    // By file name, as the modeler deploys them, so the engine compares a file with its own
    // newest version (so file names must be unique across procedures: checked below).
    name: path.basename(file),
    content: readFileSync(file, 'utf8'),
  }));
  const names = resources.map((r) => r.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`two resources are named ${twice}: file names must be unique`);
  const deployment = await engine.deploy(resources);
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
