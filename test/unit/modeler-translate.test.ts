import { expect } from 'chai';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../scripts/stack/versions.js';
import { DE } from '../../ui-modeler/src/i18n/translate-de.js';
import { setEditorLanguage, translate } from '../../ui-modeler/src/i18n/translate.js';

/**
 * The modelling libraries' German (issue 18): every key is a template the libraries really
 * pass to `translate` (a library update that rewords one shows up here), and the translate
 * service fills placeholders in both languages.
 */
const LIBRARIES = [
  'diagram-js/lib',
  'bpmn-js/lib',
  'bpmn-js-properties-panel/dist/index.esm.js',
  'bpmn-js-element-templates/dist/index.esm.js',
  '@bpmn-io/properties-panel/dist/index.esm.js',
  'dmn-js-decision-table/lib',
  'dmn-js-drd/lib',
  'dmn-js-shared/lib',
  'dmn-js-literal-expression/lib',
  'dmn-js-boxed-expression/lib',
];
/** Templates the libraries compose at run time ('Align elements ' + alignment, …). */
const COMPOSED = /^Align elements \w+$|^Empty pool\/participant \(removes content\)$/;

describe('modeler: the libraries’ translate service in German', () => {
  after(() => setEditorLanguage(() => 'en'));

  it('has a German text only for templates the libraries use', () => {
    let sources = '';
    const read = (p: string): void => {
      if (statSync(p).isDirectory()) for (const f of readdirSync(p)) read(path.join(p, f));
      else if (p.endsWith('.js')) sources += readFileSync(p, 'utf8');
    };
    for (const l of LIBRARIES) read(path.join(ROOT_DIR, 'node_modules', l));
    const unknown = Object.keys(DE).filter((k) => !COMPOSED.test(k) && !sources.includes(k));
    expect(unknown).to.deep.equal([]);
    expect(Object.keys(DE).length).to.be.greaterThan(300);
  });

  it('speaks German in DE and English in EN, filling placeholders', () => {
    setEditorLanguage(() => 'de');
    expect(translate('Create start event')).to.equal('Startereignis anlegen');
    expect(translate('Open {element}', { element: 'Teilprozess' })).to.equal('Teilprozess öffnen');
    expect(translate('Remove rule')).to.equal('Regel entfernen');
    expect(translate('A template nobody translated')).to.equal('A template nobody translated');
    setEditorLanguage(() => 'en');
    expect(translate('Create start event')).to.equal('Create start event');
    expect(translate('Open {element}', { element: 'Sub-process' })).to.equal('Open Sub-process');
  });
});
