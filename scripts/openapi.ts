import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApi } from '../gateway/openapi/build.js';
import { OPENAPI_FILE } from '../gateway/openapi/document.js';
import { OPENAPI_OPTIONS } from '../gateway/openapi/options.js';
import { loadProcedures } from '../processes/registry.js';
import { API_TYPES_FILE, writeApiTypes } from './openapi-types.js';

/**
 * Writes gateway/openapi/openapi.json from the code and the procedures' contracts, and the
 * TypeScript types generated from it (gateway/openapi/api-types.ts).
 */
const doc = buildOpenApi(loadProcedures(), OPENAPI_OPTIONS);
const json = `${JSON.stringify(doc, null, 2)}\n`;
writeFileSync(OPENAPI_FILE, json);
console.error(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
await writeApiTypes(JSON.parse(json) as Record<string, unknown>);
console.error(`wrote ${path.relative(process.cwd(), API_TYPES_FILE)}`);
