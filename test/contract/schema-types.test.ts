import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { schemaDeclarations } from '../../scripts/schema-types.js';

/**
 * The workers' types come from the procedures' JSON Schemas through the declaration beside
 * each (`*.schema.d.json.ts`): one per schema, and each as the schema says today.
 */
describe('contract: the JSON Schemas’ type declarations', () => {
  const declarations = schemaDeclarations();

  it('exist beside every schema under processes/', () => {
    expect(declarations.length).to.be.greaterThan(20);
    const missing = declarations.filter((d) => !existsSync(d.file)).map((d) => d.file);
    expect(missing, 'run `npm run schema-types`').to.deep.equal([]);
  });

  it('are current (run `npm run schema-types` after changing a schema)', () => {
    const stale = declarations
      .filter((d) => existsSync(d.file) && readFileSync(d.file, 'utf8') !== d.text)
      .map((d) => d.file);
    expect(stale).to.deep.equal([]);
  });

  it('give a schema’s exact literal type', () => {
    const person = declarations.find((d) => d.file.endsWith('shared/person.schema.d.json.ts'));
    expect(person?.text).to.contain(
      'readonly "$id": "https://wsa.example/schemas/shared/person.json";',
    );
    expect(person?.text).to.contain('readonly "nationality": {');
    expect(person?.text).to.match(/export = schema;\n$/);
  });
});
