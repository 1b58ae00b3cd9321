import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApi } from '../gateway/openapi/build.js';
import { OPENAPI_FILE } from '../gateway/openapi/document.js';
import { OPENAPI_OPTIONS } from '../gateway/openapi/options.js';
import { loadProcedures } from '../processes/registry.js';

/** Writes gateway/openapi/openapi.json from the code and the procedures' contracts. */
const doc = buildOpenApi(loadProcedures(), OPENAPI_OPTIONS);
writeFileSync(OPENAPI_FILE, `${JSON.stringify(doc, null, 2)}\n`);
console.error(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
