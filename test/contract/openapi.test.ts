import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { buildOpenApi } from '../../gateway/openapi/build.js';
import { loadOpenApi } from '../../gateway/openapi/document.js';
import { OPENAPI_OPTIONS } from '../../gateway/openapi/options.js';
import { loadProcedures } from '../../processes/registry.js';
import { API_TYPES_FILE, renderApiTypes } from '../../scripts/openapi-types.js';

/**
 * The committed OpenAPI document is what the code builds from the procedures' contracts:
 * change a schema or an endpoint and forget `npm run openapi`, and this fails.
 */
describe('contract: the OpenAPI document', () => {
  const built = buildOpenApi(loadProcedures(), OPENAPI_OPTIONS) as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; responses: object }>>;
  };

  it('is committed as built (run `npm run openapi` after changing a contract)', () => {
    expect(loadOpenApi()).to.deep.equal(JSON.parse(JSON.stringify(built)));
  });

  it('has its generated TypeScript types committed as the document gives them (`npm run openapi`)', async function () {
    this.timeout(30_000);
    const generated = await renderApiTypes(loadOpenApi());
    expect(generated).to.match(/export interface paths \{/);
    // Not deep.equal on 7,000 lines: a stale file names its first differing line.
    const committed = readFileSync(API_TYPES_FILE, 'utf8').split('\n');
    const lines = generated.split('\n');
    const first = lines.findIndex((line, i) => line !== committed[i]);
    expect(
      first === -1 && committed.length === lines.length,
      first === -1
        ? 'gateway/openapi/api-types.ts has extra lines'
        : `gateway/openapi/api-types.ts:${first + 1} is "${committed[first]}", the document gives "${lines[first]}"`,
    ).to.equal(true);
  });

  it('is OpenAPI 3.1 with a unique operationId per operation', () => {
    expect(built.openapi).to.equal('3.1.0');
    const ids = Object.values(built.paths).flatMap((m) =>
      Object.values(m).map((o) => o.operationId),
    );
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('has a start endpoint per procedure and an endpoint per message, with no remote $ref', () => {
    const procedures = loadProcedures();
    for (const p of procedures.values())
      expect(built.paths).to.have.property(`/api/v1/procedures/${p.procedure}/cases`);
    for (const name of new Set([...procedures.values()].flatMap((p) => Object.keys(p.messages))))
      expect(built.paths).to.have.property(`/api/v1/cases/{caseId}/messages/${name}`);
    expect(JSON.stringify(built)).to.not.match(/"\$ref":"https?:/);
  });
});
