import { expect } from 'chai';
import * as esbuild from 'esbuild';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { allFormPaths } from '../../processes/registry.js';
import { formFor } from '../../forms/forms.js';
import { ROOT_DIR } from '../../scripts/stack/versions.js';
import { launchBrowser } from '../support/browser.js';

/**
 * Every form, German and English, imports into the real form-js viewer (the one the tasklist
 * renders with) without errors or warnings, and asks for its required fields when submitted
 * empty. (form-js's JSON Schema package is not published on the registries this project
 * installs from; the viewer's own import is the check of what the tasklist will show.)
 */
describe('browser: every form imports into form-js', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    const { outputFiles } = await esbuild.build({
      stdin: {
        contents: `
          import { Form } from '@bpmn-io/form-js-viewer';
          window.importForm = async (schema) => {
            const container = document.createElement('div');
            document.body.append(container);
            const form = new Form({ container });
            try {
              const { warnings } = await form.importSchema(schema, {});
              const { errors } = form.submit();
              return { warnings: warnings.map((w) => String(w.message ?? w)), invalid: Object.keys(errors).length };
            } catch (err) {
              return { error: String(err.message ?? err) };
            } finally {
              form.destroy();
              container.remove();
            }
          };`,
        resolveDir: ROOT_DIR,
        loader: 'js',
      },
      bundle: true,
      write: false,
      format: 'iife',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: outputFiles[0]!.text });
  });
  after(async () => browser?.close());

  it('tells a broken form apart (the check can fail)', async () => {
    const result = (await page.evaluate(
      (s) => (globalThis as unknown as { importForm(s: unknown): Promise<unknown> }).importForm(s),
      { type: 'default', id: 'broken', components: [{ type: 'no-such-field', id: 'X' }] },
    )) as { warnings?: string[]; error?: string };
    expect(`${result.error ?? ''}${(result.warnings ?? []).join()}`).to.match(/no-such-field/);
  });

  for (const file of allFormPaths()) {
    const id = path.basename(file, '.form');
    for (const lang of ['de', 'en'] as const)
      it(`imports ${id} (${lang})`, async () => {
        const schema = formFor(id, lang)!;
        const result = (await page.evaluate(
          (s) =>
            (globalThis as unknown as { importForm(s: unknown): Promise<unknown> }).importForm(s),
          schema,
        )) as { warnings?: string[]; invalid?: number; error?: string };
        expect(result.error, `import error of ${id}`).to.equal(undefined);
        expect(result.warnings, `import warnings of ${id}`).to.deep.equal([]);
        expect(result.invalid, `${id} submitted empty has invalid fields`).to.be.greaterThan(0);
      });
  }
});
