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
    // Durations carry their unit; nothing under a day shows as "0 d".
    const durations = await kpis.locator('td.duration').allTextContents();
    expect(durations.length).to.be.greaterThan(0);
    for (const d of durations) expect(d).to.match(/^(–|[\d.,]+ (min|h|days?))$/);
    // Every table has column headers.
    for (const table of await page.locator('table').all())
      expect(await table.locator('th').count(), 'a table without headers').to.be.greaterThan(0);
    // The charts are drawn by the charting library on canvases that say what they show.
    for (const id of [
      'chart-lead-time',
      'chart-deadlines',
      'chart-weekly',
      'chart-deadlines-weekly',
    ]) {
      const canvas = page.getByTestId(id).locator('canvas[role="img"]');
      await canvas.waitFor();
      const label = await canvas.getAttribute('aria-label');
      if (id === 'chart-weekly') expect(label).to.match(/^Completed per week\./);
      else if (id === 'chart-deadlines-weekly')
        expect(label).to.match(/^Share of statutory deadlines met per week\./);
      else expect(label, id).to.contain('ba-approval');
      expect((await canvas.boundingBox())!.height, id).to.be.greaterThan(100);
    }
    await screenshot(page, 'operations-1-dashboard');
    await expectAccessible(page, 'operations dashboard');

    await page.click('[data-tab="incidents"]');
    const list = page.getByTestId('incidents');
    await list.waitFor();
    for (const c of stuck) expect(await list.textContent()).to.contain(c);
    expect(await list.locator('thead th').allTextContents()).to.include.members([
      'Procedure',
      'Error',
      'Age',
      'Case',
    ]);
    // The age of a fresh incident in minutes, with its unit.
    expect(await list.locator('td.num').first().textContent()).to.match(/^\d+ min$/);
    await screenshot(page, 'operations-2-incidents');
    await expectAccessible(page, 'operations incidents');
    await baConfig({ failureRate: 0 }); // the partner is back

    // The first case's id leads to the explorer: a variable corrected, then its incident retried.
    await page.click(`[data-case-link="${stuck[0]}"]`);
    await page.getByTestId('explored-case').filter({ hasText: stuck[0]! }).waitFor();
    const edit = page.getByTestId('edit-variables').first();
    await edit.locator('[data-variable-name]').fill('givenName');
    await edit.locator('[data-variable-value]').fill('"Eve"');
    await edit.getByRole('button').click();
    await edit.getByRole('alert').waitFor(); // personal data: refused, and said so
    await edit.locator('[data-variable-name]').fill('reminderSent');
    await edit.locator('[data-variable-value]').fill('false');
    await edit.getByRole('button').click();
    await edit.getByText('Variable set: reminderSent.').waitFor();
    await screenshot(page, 'operations-2b-variables-corrected');
    await expectAccessible(page, 'operations variables corrected');
    await page.click('#retry-case');
    await page.getByText('Retried: 1 incident(s); the case goes on.').waitFor();
    await cases.at(stuck[0]!, 'AwaitBaDecision');

    // The list no longer shows the retried case's incident; the other one is retried with all.
    await eventually(async () => {
      await page.click('[data-tab="incidents"]');
      await page.getByTestId('incidents').waitFor();
      return (await page.getByTestId('incidents').textContent())!.includes(stuck[0]!)
        ? undefined
        : true;
    }, 'the retried incident gone from the list');
    await page.click('#retry-all');
    await page.getByText('Retried: 1 incident(s); the case goes on.').waitFor();
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
    // Zoom controls on the diagram, named for the keyboard and screen readers.
    await page.getByRole('button', { name: 'Zoom in' }).first().click();
    await page.getByRole('button', { name: 'Fit the diagram to the window' }).first().click();
    // Which decision-table version decided, with the rule and the inputs operators may see.
    const decisions = page.getByTestId('decisions').first();
    await decisions.waitFor();
    const row = decisions.locator('tr', { hasText: 'DetermineDeemedApprovalPeriod' });
    expect(await row.textContent()).to.match(/v\d+/);
    expect(await row.textContent()).to.contain('Rule_');
    // Whether the procedure is accelerated is the applicant's (personal): named, not shown.
    expect(await row.textContent()).to.contain('Accelerated procedure (§81a AufenthG): hidden');
    await screenshot(page, 'operations-3-case-explorer');
    await expectAccessible(page, 'operations case explorer');

    // Instance modification: the token moves from the BA's gateway to the employer's.
    const move = page.getByTestId('move-instance').first();
    await move.locator('[data-move-from]').selectOption('AwaitBaDecision');
    await move.locator('[data-move-to]').selectOption('AwaitEmployerInformation');
    await move.locator('[data-move-reason]').fill('the BA asked the employer by phone');
    await move.getByRole('button').click();
    await page.getByText('Moved to AwaitEmployerInformation.').waitFor();
    await page
      .locator('.diagram .djs-element.active[data-element-id="AwaitEmployerInformation"]')
      .waitFor();
    expect(
      await page.locator('.diagram .djs-element.active[data-element-id="AwaitBaDecision"]').count(),
    ).to.equal(0);
    await screenshot(page, 'operations-3b-moved');
    await expectAccessible(page, 'operations instance moved');

    // The second stuck case was a duplicate: the operator cancels it, with a reason.
    await page.fill('#q-case', stuck[1]!);
    await page.click('#search');
    await page.getByTestId('explored-case').filter({ hasText: stuck[1]! }).waitFor();
    await page.fill('#cancel-reason', 'duplicate of an earlier application');
    await page.click('#cancel-case');
    await page.getByText('The case was cancelled.').waitFor();
    await page.getByText('ba-approval v1 · cancelled').waitFor();
    expect(await page.getByTestId('cancel-case').count(), 'no cancel on an ended case').to.equal(0);
    expect((await cases.status(stuck[1]!)).state).to.equal('TERMINATED');
    await screenshot(page, 'operations-4-cancelled');
    await expectAccessible(page, 'operations cancelled case');

    // Live updates: a case started elsewhere shows on the dashboard without a reload.
    await page.click('[data-tab="dashboard"]');
    const started = () =>
      page
        .getByTestId('kpi-procedures')
        .locator('tr', { hasText: 'ba-approval' })
        .locator('td')
        .nth(1);
    await started().waitFor();
    const before = Number(await started().textContent());
    await cases.start('ba-approval', zustimmungApplication());
    await page
      .getByTestId('kpi-procedures')
      .locator('tr', { hasText: 'ba-approval' })
      .locator('td', { hasText: new RegExp(`^${before + 1}$`) })
      .first()
      .waitFor({ timeout: 10_000 });
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('speaks German throughout in DE: tables, charts, durations and the explorer', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = collectPageErrors(page);
    await page.goto(`${h.gatewayUrl}/operations/`);
    await page.click('[data-user="operator"]');
    await page.getByRole('button', { name: 'DE', exact: true }).click();
    const kpis = page.getByTestId('kpi-procedures');
    await kpis.waitFor();
    expect(await kpis.locator('th').allTextContents()).to.include.members([
      'Verfahren',
      'Durchlaufzeit (Median)',
      'Fristen eingehalten',
    ]);
    const lead = page.getByTestId('chart-lead-time').locator('canvas');
    expect(await lead.getAttribute('aria-label')).to.match(/^Durchlaufzeit je Verfahren/);
    const weekly = page.getByTestId('chart-deadlines-weekly').locator('canvas');
    expect(await weekly.getAttribute('aria-label')).to.match(/^Anteil eingehaltener/);
    await screenshot(page, 'operations-5-dashboard-de');
    await expectAccessible(page, 'operations dashboard (DE)');
    await page.click('[data-tab="explorer"]');
    await page.getByRole('button', { name: 'Suchen' }).waitFor();
    expect(await page.locator('label').first().textContent()).to.equal('Vorgangsnummer');
    expect(await page.locator('#q-state option').allTextContents()).to.deep.equal([
      'alle',
      'läuft',
      'Störung',
      'abgeschlossen',
      'abgebrochen',
    ]);
    expect(errors, 'errors in the page').to.deep.equal([]);
  });
});
