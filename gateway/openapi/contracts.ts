import { loadSharedSchemas, type Procedure } from '../../processes/registry.js';
import type { Schema } from './helpers.js';

/**
 * The procedures' own contracts (start, message and task schemas) as components, so one
 * procedure's start endpoint documents and validates exactly that procedure's data.
 *
 * Procedure schemas reference each other by `$id` URL; here every such reference is
 * rewritten to a local `#/components/schemas/...` pointer, so no tool ever fetches a URL.
 */
export interface ProcedureContracts {
  /** The procedures by name, so paths and components come out in a stable order. */
  procedures: Procedure[];
  /** Every contract schema, also those only referenced by another. */
  schemas: Record<string, Schema>;
}

/** Component name of a procedure schema: "<procedure>.start", "<procedure>.message.<name>", ... */
export function componentName(schema: object): string {
  const id = String((schema as { $id?: string }).$id);
  const m = /^https:\/\/wsa\.example\/schemas\/(.+)\.json$/.exec(id);
  if (!m) throw new Error(`unexpected schema $id ${id}`);
  return m[1]!.replaceAll('/', '.');
}

/** Rewrites `$ref`s to other procedure schemas into local pointers and drops `$id`/`$schema`. */
function localise(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(localise);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$id' || k === '$schema') continue;
    if (k === '$ref' && typeof v === 'string' && v.startsWith('https://')) {
      const [url, pointer = ''] = v.split('#');
      out.$ref = `#/components/schemas/${componentName({ $id: url })}${pointer}`;
    } else out[k] = localise(v);
  }
  return out;
}

export function procedureContracts(byName: Map<string, Procedure>): ProcedureContracts {
  const procedures = [...byName.values()].sort((a, b) => a.procedure.localeCompare(b.procedure));
  const schemas: Record<string, Schema> = {};
  for (const schema of loadSharedSchemas())
    schemas[componentName(schema)] = localise(schema) as Schema;
  for (const p of procedures)
    for (const schema of [
      p.startSchema,
      ...Object.values(p.messages).map((m) => m.schema),
      ...Object.values(p.tasks).map((t) => t.schema),
    ])
      schemas[componentName(schema)] = localise(schema) as Schema;
  return { procedures, schemas };
}
