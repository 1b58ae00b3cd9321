import { expect } from 'chai';
import { allFormPaths } from '../../processes/registry.js';
import path from 'node:path';
import {
  localiseForm,
  readForm,
  readTranslation,
  translationOf,
  withTextsOf,
} from '../../forms/forms.js';

/**
 * The modeler edits a form's English texts by showing the form with them and taking them out
 * again: for every form of the repository, that round trip gives back the English file exactly
 * (same texts, same order of keys: an unchanged form makes no patch), and the German form keeps
 * its own texts.
 */
describe('forms: English texts taken out of a localised form', () => {
  const ids = allFormPaths().map((f) => path.basename(f, '.form'));

  it('gives back each form’s English file and German form unchanged', () => {
    expect(ids.length).to.be.greaterThan(3);
    for (const id of ids) {
      const german = readForm(id)!;
      const english = readTranslation(id, 'en')!;
      const shown = localiseForm(german, english);
      expect(JSON.stringify(translationOf(id, 'en', shown, english)), id).to.equal(
        JSON.stringify(english),
      );
      expect(withTextsOf(shown, german), id).to.deep.equal(german);
    }
  });

  it('takes an edited English text, and keeps the German one', () => {
    const german = readForm('decide-residence-permit')!;
    const english = readTranslation('decide-residence-permit', 'en')!;
    const shown = localiseForm(german, english);
    const edited = JSON.parse(
      JSON.stringify(shown).replace('"Immigration office reference"', '"Reference of the office"'),
    ) as typeof shown;
    const taken = translationOf('decide-residence-permit', 'en', edited, english);
    expect(taken.components.AbhReference).to.deep.equal({ label: 'Reference of the office' });
    expect(JSON.stringify(withTextsOf(edited, german))).to.contain(
      'Aktenzeichen der Ausländerbehörde',
    );
  });
});
