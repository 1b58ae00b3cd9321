import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { expectAccessible, launchBrowser } from '../support/browser.js';

/**
 * The accessibility check of the browser tests (axe-core, WCAG 2.1 AA) tells a broken page
 * apart: the apps' views pass it in their own tests (tasklist, portal, modeler, operations).
 */
describe('browser: the accessibility check', function () {
  this.timeout(30_000);
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('fails on a page with an unlabelled field and no language, naming rule, impact and element', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<!doctype html><html><head><title>t</title></head><body><main><input id="nameless"></main></body></html>',
    );
    const failure = await expectAccessible(page, 'a broken page').then(
      () => undefined,
      (err: Error) => err.message,
    );
    expect(failure).to.match(/accessibility of a broken page/);
    expect(failure).to.match(/- label \(critical\): .*\n\s+"#nameless"/);
    expect(failure).to.match(/- html-has-lang \(serious\)/);
  });

  it('passes the same page once the field is labelled and the language set', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>t</title></head><body><main><label>Name <input id="named"></label></main></body></html>',
    );
    await expectAccessible(page, 'a fixed page');
  });
});
