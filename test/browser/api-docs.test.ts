import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { getHarness, type Harness } from '../support/harness.js';
import { collectPageErrors, launchBrowser, screenshot } from '../support/browser.js';

/**
 * The API document's page under its Content-Security-Policy: Swagger UI still renders every
 * operation, and the browser reports no refused script, style or request.
 */
describe('browser: /api/docs renders under its Content-Security-Policy', function () {
  this.timeout(60_000);
  let h: Harness;
  let browser: Browser;

  before(async () => {
    h = await getHarness();
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('shows the operations with nothing refused by the policy', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = collectPageErrors(page);
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
    });
    const response = await page.goto(`${h.gatewayUrl}/api/docs`);
    expect(response?.headers()['content-security-policy']).to.match(/frame-ancestors 'none'/);
    await page.locator('.opblock-summary').first().waitFor();
    expect(await page.locator('.opblock-summary').count()).to.be.greaterThan(20);
    // Open an operation: its parameters, schemas and example render too.
    await page.locator('.opblock-summary').first().click();
    await page.locator('.opblock-body').first().waitFor();
    await screenshot(page, 'api-docs');
    expect(violations).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });
});
