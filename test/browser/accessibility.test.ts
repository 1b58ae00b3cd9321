import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import {
  expectAccessible,
  expectFocusVisibleThroughout,
  launchBrowser,
} from '../support/browser.js';

/**
 * The accessibility check of the browser tests (axe-core, WCAG 2.1 AA) tells a broken page
 * apart: the apps' views pass it in their own tests (tasklist, portal, modeler, operations).
 */
/** The message a check fails with, or undefined when it passes. */
const failureOf = (check: Promise<void>): Promise<string | undefined> =>
  check.then(
    () => undefined,
    (err: Error) => err.message,
  );

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
    const failure = await failureOf(expectAccessible(page, 'a broken page'));
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

  it('fails on a control whose focus is not shown, naming it', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>t</title><style>#hidden:focus { outline: none }</style></head><body><main><button id="shown">Shown</button><button id="hidden">Hidden</button></main></body></html>',
    );
    const failure = await failureOf(expectFocusVisibleThroughout(page, 'a page without focus'));
    expect(failure).to.match(/button#hidden "Hidden"/);
    expect(failure).to.not.match(/button#shown/);
  });
});
