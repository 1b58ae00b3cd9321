import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed OpenAPI document (written by `npm run openapi`, checked by a test). */
export const OPENAPI_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'openapi.json');

export function loadOpenApi(): { paths: Record<string, Record<string, never>> } & Record<
  string,
  unknown
> {
  return JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
}
