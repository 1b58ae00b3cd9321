import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { discardDemoOwnerDrafts } from '../support/model-drafts.js';
import { getHarness, type Harness } from '../support/harness.js';
import {
  collectPageErrors,
  expectAccessible,
  launchBrowser,
  screenshot,
} from '../support/browser.js';

/**
 * German throughout the modeller in DE (issue 18): bpmn-js (palette, context pad), the
 * properties panel, dmn-js (decision table, its context menu) through their `translate`
 * module, and the form-js editor's palette and properties panel; in EN the libraries' English.
 * Screenshots in test-artifacts/screenshots/modeler-german-*.png.
 */
describe('browser: modeler — the modelling libraries speak German in DE', function () {
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

  async function signIn(page: Page, language: 'DE' | 'EN'): Promise<void> {
    await page.goto(`${h.gatewayUrl}/modeler/`);
    await page.locator('[data-user="process-owner"]').waitFor();
    await page.click('[data-user="process-owner"]');
    await page.getByRole('button', { name: language, exact: true }).click();
    await page.locator('[data-model="ba-approval.bpmn"]').waitFor();
  }

  it('BPMN: palette, context pad and properties panel in German', async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    const errors = collectPageErrors(page);
    await signIn(page, 'DE');
    await page.click('[data-model="ba-approval.bpmn"]');
    const startEvent = page.locator('.djs-palette [data-action="create.start-event"]');
    await startEvent.waitFor();
    expect(await startEvent.getAttribute('aria-label')).to.equal('Startereignis anlegen');
    expect(
      await page.locator('.djs-palette [data-action="hand-tool"]').getAttribute('aria-label'),
    ).to.equal('Hand-Werkzeug aktivieren');
    await page.locator('[data-element-id="SubmitZustimmungRequest"]').first().click();
    // Context pad of the selected task.
    const append = page.locator('.djs-context-pad [data-action="append.end-event"]');
    await append.waitFor();
    expect(await append.getAttribute('title')).to.equal('Endereignis anhängen');
    // Properties panel: the group headers.
    const groups = page.locator('.bio-properties-panel-group-header-title');
    await groups.first().waitFor();
    const titles = await groups.allTextContents();
    expect(titles).to.include.members(['Allgemein', 'Implementierung']);
    expect(titles).to.not.include('General');
    await screenshot(page, 'modeler-german-1-bpmn');
    await expectAccessible(page, 'modeler BPMN in German');
    // The deployment checks' reasons in German too.
    const topic = page.locator('#bio-properties-panel-externalTopic');
    if (!(await topic.isVisible()))
      await page
        .locator(
          '[data-group-id="group-CamundaPlatform__Implementation"] .bio-properties-panel-group-header',
        )
        .click();
    await topic.fill('ba.no-such-worker');
    await page.locator('[data-problem-for="SubmitZustimmungRequest"]').waitFor();
    await page.click('#deploy');
    const problems = page.getByTestId('problems');
    await problems.waitFor();
    expect(await problems.textContent()).to.contain(
      '[job-type] SubmitZustimmungRequest: kein Worker bearbeitet den Job-Typ „ba.no-such-worker“',
    );
    expect(
      await page.locator('[data-problem-for="SubmitZustimmungRequest"]').getAttribute('title'),
    ).to.contain('kein Worker bearbeitet');
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('DMN: decision table and its context menu in German', async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    const errors = collectPageErrors(page);
    await signIn(page, 'DE');
    await page.click('[data-model="legal-route.dmn"]');
    const cell = page.locator('td', { hasText: '>= 50700' }).first();
    await cell.waitFor();
    expect(await page.locator('.hit-policy .dms-label').textContent()).to.equal('Hit Policy:');
    expect(await page.locator('.view-drd-button').textContent()).to.equal('DRD anzeigen');
    await expectAccessible(page, 'modeler DMN in German');
    await cell.click({ button: 'right' });
    const menu = page.locator('.context-menu');
    await menu.waitFor();
    const entries = await menu.locator('.context-menu-group-entry').allTextContents();
    expect(entries).to.include.members(['Regel darüber einfügen', 'Regel entfernen']);
    expect(entries).to.not.include('Remove rule');
    await screenshot(page, 'modeler-german-2-dmn-context-menu');
    await page.keyboard.press('Escape');
    // The decision-table tools speak German too.
    await page.getByRole('button', { name: 'Ausprobieren', exact: true }).click();
    await page.getByTestId('try-decision').waitFor();
    expect(await page.locator('#results h3').textContent()).to.match(/^Ausprobieren: .*\(Entwurf/);
    expect(await page.locator('#try-evaluate').textContent()).to.equal('Auswerten');
    await page.locator('[data-variable="qualification.kind"]').fill('VOCATIONAL_TRAINING');
    await page.locator('#try-evaluate').click();
    await page.getByTestId('matched-rules').waitFor();
    expect(await page.getByTestId('matched-rules').textContent()).to.contain(
      'Regel 4 (Rule_Vocational)',
    );
    await page.getByTestId('matched-rules').scrollIntoViewIfNeeded();
    await screenshot(page, 'modeler-german-4-try-it');
    await expectAccessible(page, 'modeler decision try it in German');
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('forms: the form editor’s palette and properties panel in German', async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    const errors = collectPageErrors(page);
    await signIn(page, 'DE');
    await page.locator('[data-model$=".form"]').first().click();
    const palette = page.locator('.fjs-palette-container');
    await palette.waitFor();
    await expectEventually(async () => {
      const entries = await palette.locator('.fjs-palette-field-text').allTextContents();
      expect(entries).to.include.members(['Textfeld', 'Zahl', 'Ankreuzfeld']);
    });
    expect(await palette.locator('.fjs-palette-header').textContent()).to.contain('Komponenten');
    await screenshot(page, 'modeler-german-3-form');
    await expectAccessible(page, 'modeler form editor in German');
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('stays English in EN', async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    await signIn(page, 'EN');
    await page.click('[data-model="ba-approval.bpmn"]');
    const startEvent = page.locator('.djs-palette [data-action="create.start-event"]');
    await startEvent.waitFor();
    expect(await startEvent.getAttribute('aria-label')).to.equal('Create start event');
    await page.locator('[data-model$=".form"]').first().click();
    await page.locator('.fjs-palette-container').waitFor();
    expect(
      await page.locator('.fjs-palette-container .fjs-palette-field-text').allTextContents(),
    ).to.include('Text field');
  });
});

/** Retries an assertion for up to 5 s (the editor translates as it renders). */
async function expectEventually(check: () => Promise<void>): Promise<void> {
  const until = Date.now() + 5000;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
