import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { getHarness, type Harness } from '../support/harness.js';
import { launchBrowser } from '../support/browser.js';

/**
 * What the browser gets of the apps (issue 18, "bundles"): each page's script and stylesheets
 * arrive compressed (brotli or gzip, as Chromium asks) with cache headers — revalidated by
 * ETag on the test stack, where they are bundled on request (the build's hashed files are
 * cached for good: test/unit/web-assets.test.ts) — and a revalidation costs no body.
 */
describe('browser: the apps’ bundles arrive compressed and cacheable', function () {
  this.timeout(90_000);
  let h: Harness;
  let browser: Browser;

  before(async () => {
    h = await getHarness();
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  for (const app of ['tasklist', 'portal', 'operations'] as const)
    it(`${app}: script and styles compressed, with cache headers`, async () => {
      const page = await browser.newPage();
      const seen: { url: string; headers: Record<string, string> }[] = [];
      page.on('response', (r) => {
        if (/\.(js|css)$/.test(new URL(r.url()).pathname))
          seen.push({ url: new URL(r.url()).pathname, headers: r.headers() });
      });
      const main = await page.goto(`${h.gatewayUrl}/${app}/`);
      expect(main!.headers()['cache-control']).to.equal('no-cache');
      await page.locator('[data-user]').first().waitFor();
      const script = seen.find((s) => s.url === `/${app}/app.js`);
      expect(script, `${app}/app.js loaded`).to.not.equal(undefined);
      expect(seen.filter((s) => s.url.endsWith('.css')).length).to.be.greaterThan(0);
      for (const { url, headers } of seen) {
        expect(headers['content-encoding'], url).to.be.oneOf(['br', 'gzip']);
        expect(headers['cache-control'], url).to.match(/no-cache|immutable/);
        expect(headers.etag, url).to.be.a('string');
        expect(headers.vary, url).to.match(/accept-encoding/i);
      }
      // Revalidated: nothing changed, no body.
      const again = await request(h.gatewayUrl)
        .get(`/${app}/app.js`)
        .set('accept-encoding', 'br')
        .set('if-none-match', script!.headers.etag!);
      expect(again.status).to.equal(304);
      await page.close();
    });
});
