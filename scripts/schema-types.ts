import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROCESSES_DIR } from '../processes/registry.js';

/**
 * The procedures' JSON Schemas stay JSON (the gateway and the workers read them at run time,
 * ajv checks against them); TypeScript sees each one's exact literal type through a
 * declaration beside it, `<name>.schema.d.json.ts` (`allowArbitraryExtensions`), so that
 * json-schema-to-ts (`FromSchema`) derives the workers' input and output types from them.
 * `npm run schema-types` writes them; test/contract/schema-types.test.ts checks they are current.
 */

/** Every `*.schema.json` under processes/, with the declaration that belongs beside it. */
export function schemaDeclarations(root = PROCESSES_DIR): { file: string; text: string }[] {
  return schemaFiles(root).map((schemaFile) => ({
    file: schemaFile.replace(/\.json$/, '.d.json.ts'),
    text: declaration(path.basename(schemaFile), JSON.parse(readFileSync(schemaFile, 'utf8'))),
  }));
}

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.isDirectory()
        ? schemaFiles(path.join(dir, e.name))
        : e.name.endsWith('.schema.json')
          ? [path.join(dir, e.name)]
          : [],
    );
}

function declaration(name: string, schema: unknown): string {
  return (
    `// Generated from ${name} by \`npm run schema-types\`: its literal type. Do not edit.\n` +
    `declare const schema: ${literal(schema, '')};\nexport = schema;\n`
  );
}

/** A JSON value as the TypeScript type of that exact value (read-only). */
function literal(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value))
    return value.length === 0
      ? 'readonly []'
      : `readonly [\n${value.map((v) => `${inner}${literal(v, inner)},\n`).join('')}${indent}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries
      .map(([k, v]) => `${inner}readonly ${JSON.stringify(k)}: ${literal(v, inner)};\n`)
      .join('')}${indent}}`;
  }
  return JSON.stringify(value);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const written = schemaDeclarations();
  for (const { file, text } of written) writeFileSync(file, text);
  console.error(
    `wrote ${written.length} schema declarations (*.schema.d.json.ts) under processes/`,
  );
}
