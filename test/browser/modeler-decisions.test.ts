import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { PROCESSES_DIR } from '../../processes/registry.js';
import { discardDemoOwnerDrafts } from '../support/model-drafts.js';
import { getHarness, type Harness } from '../support/harness.js';
import {
  collectPageErrors,
  expectAccessible,
  expectVisibleFocus,
  launchBrowser,
  screenshot,
} from '../support/browser.js';

/**
 * Decision tables in the modeler (issue 18): "try it" evaluates the table as edited, by the
 * engine host, before anything is deployed; the rule-by-rule diff shows the draft against the
 * live version and two deployed versions against each other. Screenshots in
 * test-artifacts/screenshots/modeler-decisions-*.png.
 */
const legalRouteFile = `${PROCESSES_DIR}/wsa-application/legal-route.dmn`;

describe('browser: modeler — decision tables: try it, rule-by-rule diff', function () {
  this.timeout(120_000);
  let h: Harness;
  let browser: Browser;

  before(async () => {
    h = await getHarness();
    browser = await launchBrowser();
  });
  after(async () => browser?.close());
  // Drafts are kept per owner: another test's edits would be offered in a dialog here.
  beforeEach(() => discardDemoOwnerDrafts(h));

  async function openLegalRoute(page: Page): Promise<void> {
    await page.goto(`${h.gatewayUrl}/modeler/`);
    await page.locator('[data-user="process-owner"]').waitFor();
    await page.click('[data-user="process-owner"]');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.locator('[data-model="legal-route.dmn"]').waitFor();
    await page.click('[data-model="legal-route.dmn"]');
    await page.locator('td', { hasText: '>= 50700' }).first().waitFor();
  }

  /** Changes the Blue Card's general threshold in the editor (not deployed). */
  async function raiseThreshold(page: Page): Promise<void> {
    await page.locator('td', { hasText: '>= 50700' }).first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('>= 52000');
    await page.locator('[data-testid="model-title"]').click(); // leave the cell
    expect(await page.locator('td', { hasText: '>= 52000' }).count()).to.be.greaterThan(0);
  }

  it('tries the edited table with sample inputs: the engine names the rule that matched', async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    const errors = collectPageErrors(page);
    await openLegalRoute(page);
    await raiseThreshold(page);
    await page.click('#try-it');
    const form = page.getByTestId('try-decision');
    await form.waitFor();
    // One field per variable the input expressions read.
    await page.locator('[data-variable="qualification.kind"]').fill('UNIVERSITY_DEGREE');
    await page.locator('[data-variable="jobOffer.grossAnnualSalaryEur"]').fill('51000');
    await page.locator('[data-variable="shortageOccupation"]').fill('false');
    await page.locator('[data-variable="newEntrant"]').fill('false');
    // An output entry reads it: recognition is required while it is NOT_ASSESSED.
    await page.locator('[data-variable="qualification.recognition"]').fill('NOT_ASSESSED');
    // By keyboard: Enter in a field evaluates; Tab reaches the button with a visible focus.
    await page.locator('[data-variable="qualification.recognition"]').press('Enter');
    const matched = page.getByTestId('matched-rules');
    await matched.waitFor();
    // 51,000 € is below the edited 52,000 € threshold: the §18b rule (3rd), not the Blue Card.
    expect(await matched.locator('li').getAttribute('data-rule')).to.equal('Rule_Degree');
    expect(await matched.textContent()).to.contain('Rule 3 (Rule_Degree)');
    expect(JSON.parse((await page.getByTestId('try-output').textContent())!)).to.deep.equal([
      { route: 'SKILLED_WORKER_DEGREE_18B', baApprovalRequired: true, recognitionRequired: true },
    ]);
    // The matched rule is marked in the table.
    expect(
      await page.locator('td.try-matched[data-row-id="Rule_Degree"]').count(),
    ).to.be.greaterThan(0);
    expect(await page.locator('td.try-matched[data-row-id="Rule_BlueCard"]').count()).to.equal(0);
    await matched.scrollIntoViewIfNeeded();
    await page.locator('[data-variable="qualification.recognition"]').focus();
    await expectVisibleFocus(page, 'modeler-decisions-focus-evaluate');
    expect(await page.evaluate('document.activeElement.id')).to.equal('try-evaluate');
    await screenshot(page, 'modeler-decisions-1-try-it');
    await expectAccessible(page, 'modeler decision try it');

    // The engine's refusal reaches the page naming the field.
    await page.locator('[data-variable="jobOffer.grossAnnualSalaryEur"]').fill('"a lot"');
    await page.click('#try-evaluate');
    const alert = page.getByTestId('try-result').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.match(/^\/variables: /);
    expect(
      errors.filter((e) => !/400/.test(e)),
      'errors in the page',
    ).to.deep.equal([]);
  });

  it('compares the draft with the live version, rule by rule (the one live now)', async () => {
    const original = readFileSync(legalRouteFile, 'utf8');
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    const errors = collectPageErrors(page);
    try {
      await openLegalRoute(page);
      // Someone deploys another threshold after the page was loaded: that one is live now.
      await h.engine.deploy([
        { name: 'legal-route.dmn', content: original.replace('&gt;= 50700', '&gt;= 51500') },
      ]);
      await raiseThreshold(page);
      await page.click('#compare-live');
      const changed = page.getByTestId('rule-changed');
      await changed.waitFor();
      expect(await changed.count()).to.equal(1);
      expect(await changed.getAttribute('data-rule')).to.equal('Rule_BlueCard');
      const row = changed.locator('tr[data-column="Gross annual salary (EUR)"]');
      expect(await row.locator('td.old').textContent()).to.equal('>= 51500');
      expect(await row.locator('td.new').textContent()).to.equal('>= 52000');
      await screenshot(page, 'modeler-decisions-2-draft-diff');
      await expectAccessible(page, 'modeler decision draft diff');
    } finally {
      await h.engine.deploy([{ name: 'legal-route.dmn', content: original }]);
    }
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('compares two deployed versions from the version list', async () => {
    const original = readFileSync(legalRouteFile, 'utf8');
    const changed = original
      .replace('&gt;= 50700', '&gt;= 51500')
      .replace(/<rule id="Rule_Vocational">[\s\S]*?<\/rule>\s*/, '');
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    const errors = collectPageErrors(page);
    try {
      await h.engine.deploy([{ name: 'legal-route.dmn', content: changed }]);
      await h.engine.deploy([{ name: 'legal-route.dmn', content: original }]);
      await openLegalRoute(page);
      await page.click('#versions');
      await page.getByTestId('versions').waitFor();
      // The version before the newest one is the changed table.
      await page.locator('[data-compare-rules]').first().click();
      const diff = page.getByTestId('dmn-diff');
      await diff.waitFor();
      expect(
        await diff.getByTestId('rules-added').locator('li').getAttribute('data-rule'),
      ).to.equal('Rule_Vocational');
      const row = diff.locator(
        '[data-rule="Rule_BlueCard"] tr[data-column="Gross annual salary (EUR)"]',
      );
      expect(await row.locator('td.old').textContent()).to.equal('>= 51500');
      expect(await row.locator('td.new').textContent()).to.equal('>= 50700');
      await row.scrollIntoViewIfNeeded();
      await screenshot(page, 'modeler-decisions-3-versions-diff');
      await expectAccessible(page, 'modeler decision versions diff');
    } finally {
      // The repository's content is the newest version again (it was deployed last).
      await h.engine.deploy([{ name: 'legal-route.dmn', content: original }]);
    }
    expect(errors, 'errors in the page').to.deep.equal([]);
  });
});
