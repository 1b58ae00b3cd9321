import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { DOCUMENT_TYPE_AUDIENCES, DOCUMENT_TYPES } from '../../gateway/data-minimisation.js';
import { loadProcedures, PROCESSES_DIR } from '../../processes/registry.js';
import { DOCUMENT_TYPES as UI_DOCUMENT_TYPES } from '../../ui-shared/texts.js';

/**
 * One list of document types: what can be uploaded, what an application lists (power of
 * attorney included), what intake asks for, what the apps can name, and who reads each.
 */
describe('contract: document types agree everywhere', () => {
  const startSchema = loadProcedures().get('wsa-application')!.startSchema as {
    properties: { documents: { items: { properties: { type: { enum: string[] } } } } };
  };

  it('an application lists documents of exactly the types that can be uploaded', () => {
    expect(startSchema.properties.documents.items.properties.type.enum).to.have.members([
      ...DOCUMENT_TYPES,
    ]);
  });

  it('intake asks only for types that can be uploaded', () => {
    const dmn = readFileSync(`${PROCESSES_DIR}/wsa-application/intake.dmn`, 'utf8');
    const asked = [...dmn.matchAll(/"([A-Z_]+)"/g)]
      .map((m) => m[1]!)
      .filter((t) => t.endsWith('_CERTIFICATE') || /PASSPORT|CONTRACT|TRANSCRIPT/.test(t));
    expect(asked).to.have.length.greaterThan(0);
    for (const type of asked) expect(DOCUMENT_TYPES, type).to.include(type);
  });

  it('gives every type its audiences and its names in German and English', () => {
    for (const type of DOCUMENT_TYPES) {
      expect(DOCUMENT_TYPE_AUDIENCES[type], type).to.include('applicant');
      expect(UI_DOCUMENT_TYPES.de, type).to.have.property(type);
      expect(UI_DOCUMENT_TYPES.en, type).to.have.property(type);
    }
  });
});
