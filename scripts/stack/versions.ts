import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Parses versions.env (KEY=VALUE lines), the one place that pins every version. */
export function readVersions(file = path.join(ROOT_DIR, 'versions.env')): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) versions[match[1]!] = match[2]!.trim();
  }
  return versions;
}
