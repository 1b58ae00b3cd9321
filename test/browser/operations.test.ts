import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { partnerFaults } from '../support/simulators.js';
import { EMPLOYER, zustimmungApplication } from '../support/fixtures.js';
import {
  collectPageErrors,
  expectAccessible,
  expectVisibleFocus,
  launchBrowser,
  screenshot,
} from '../support/browser.js';

/**
 * An operator's day: the impact monitoring dashboard, a partner outage's incidents retried
 * from the list, and a case found in the explorer and shown on its diagram.
 * Screenshots in test-artifacts/screenshots/.
 */
describe('browser: operations — dashboard, incidents and case explorer', function () {
  this.timeout(120_000);
  let h: Harness;
  let browser: Browser;
  let cases: CaseClient;

  before(async () => {
    h = await getHarness();
    browser = await launchBrowser();
    cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
  });
  const baConfig = (config: { latencyMs?: number; failureRate?: number }) =>
    partnerFaults(h.simulatorsUrl, 'ba', config);
  after(async () => {
    await baConfig({ failureRate: 0 });
    await browser?.close();
  });

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${h.gatewayUrl}/operations/`);
    await page.locator('[data-user="operator"]').waitFor();
    await expectAccessible(page, 'operations sign-in');
    await expectVisibleFocus(page, 'operations-0-focus-sign-in');
    await page.click('[data-user="operator"]');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
  }

  it('shows the KPIs, retries the incidents of a partner outage, and finds a case on its diagram', async () => {
    // A partner outage: two cases stuck with incidents.
    await baConfig({ failureRate: 1 });
    const stuck = [
      await cases.start('ba-approval', zustimmungApplication()),
      await cases.start('ba-approval', zustimmungApplication()),
    ];
    await eventually(async () => {
      await h.engineClock.advance(60_000);
      const s = await Promise.all(stuck.map((c) => cases.status(c)));
      return s.every((x) => x.delayedByTechnicalProblem) ? true : undefined;
    }, 'both cases stuck');

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = collectPageErrors(page);
    await signIn(page);
    const kpis = page.getByTestId('kpi-procedures');
    await kpis.waitFor();
    expect(await kpis.textContent()).to.contain('ba-approval');
    await screenshot(page, 'operations-1-dashboard');
    await expectAccessible(page, 'operations dashboard');

    await page.click('[data-tab="incidents"]');
    const list = page.getByTestId('incidents');
    await list.waitFor();
    for (const c of stuck) expect(await list.textContent()).to.contain(c);
    await screenshot(page, 'operations-2-incidents');
    await expectAccessible(page, 'operations incidents');
    await baConfig({ failureRate: 0 }); // the partner is back
    await page.click('#retry-all');
    await page.getByText('Retried.').waitFor();
    for (const c of stuck) await cases.at(c, 'AwaitBaDecision');

    await page.click('[data-tab="explorer"]');
    await page.fill('#q-case', stuck[0]!);
    await page.click('#search');
    await page.getByTestId('explored-case').waitFor();
    // The case waits for the BA: that element is marked active on the diagram.
    await page.locator('.diagram .djs-element.active[data-element-id="AwaitBaDecision"]').waitFor();
    expect(
      await page
        .locator('.diagram .djs-element.completed[data-element-id="SubmitZustimmungRequest"]')
        .count(),
    ).to.equal(1);
    await screenshot(page, 'operations-3-case-explorer');
    await expectAccessible(page, 'operations case explorer');

    // The second stuck case was a duplicate: the operator cancels it, with a reason.
    await page.fill('#q-case', stuck[1]!);
    await page.click('#search');
    await page.getByTestId('explored-case').filter({ hasText: stuck[1]! }).waitFor();
    await page.fill('#cancel-reason', 'duplicate of an earlier application');
    await page.click('#cancel-case');
    await page.getByText('The case was cancelled.').waitFor();
    await page.getByText('ba-approval v1 · TERMINATED').waitFor();
    expect(await page.getByTestId('cancel-case').count(), 'no cancel on an ended case').to.equal(0);
    expect((await cases.status(stuck[1]!)).state).to.equal('TERMINATED');
    await screenshot(page, 'operations-4-cancelled');
    await expectAccessible(page, 'operations cancelled case');
    expect(errors, 'errors in the page').to.deep.equal([]);
  });
});
