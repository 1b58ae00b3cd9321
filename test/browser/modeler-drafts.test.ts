import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { PROCESSES_DIR } from '../../processes/registry.js';
import { DEMO_OWNER, discardDemoOwnerDrafts } from '../support/model-drafts.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import {
  collectPageErrors,
  expectAccessible,
  launchBrowser,
  screenshot,
} from '../support/browser.js';

/**
 * The modeler keeps a process owner's work and says where it stands: which version is live
 * and whether the editor differs from it; edits autosaved as a draft on the server, offered
 * again, guarded when switching model or language; a deploy needs a change note (shown in the
 * version list) and asks before it replaces a live version the edits do not start from;
 * deployed versions are read-only (DMN cells included); a changed model leaves the browser
 * as a file or as a patch that `git apply` takes in a clean checkout; a form's English texts
 * are edited too. Screenshots in test-artifacts/screenshots/modeler-drafts-*.png.
 */
const ROOT = path.dirname(PROCESSES_DIR);
const correctionFile = `${PROCESSES_DIR}/data-correction/data-correction.bpmn`;

describe('browser: modeler — live version, drafts, change notes, read-only versions, export', function () {
  this.timeout(180_000);
  let h: Harness;
  let browser: Browser;
  let owner: string;

  before(async () => {
    h = await getHarness();
    browser = await launchBrowser();
    owner = await h.token(DEMO_OWNER);
  });
  after(async () => browser?.close());
  // Each test starts without drafts (a failed run may leave one).
  beforeEach(() => discardDemoOwnerDrafts(h));

  const api = (method: 'get' | 'delete' | 'post', p: string, token = owner) =>
    request(h.gatewayUrl)[method](p).set('authorization', `Bearer ${token}`);

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${h.gatewayUrl}/modeler/`);
    await page.click('[data-user="process-owner"]');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.locator('[data-model="legal-route.dmn"]').waitFor();
  }
  /** The properties panel's "General" group, opened when the field is not shown. */
  async function openGeneral(page: Page, field: string): Promise<void> {
    if (!(await page.locator(field).isVisible()))
      await page
        .locator('[data-group-id="group-general"] .bio-properties-panel-group-header')
        .click();
    await page.locator(field).waitFor({ state: 'visible' });
  }
  const status = (page: Page) => page.getByTestId('live-status');
  const title = (page: Page) => page.getByTestId('model-title').textContent();
  async function rename(page: Page, elementId: string, name: string): Promise<void> {
    await page.locator(`[data-element-id="${elementId}"]`).first().click();
    await openGeneral(page, '#bio-properties-panel-name');
    await page.locator('#bio-properties-panel-name').fill(name);
  }

  it('shows the live version, keeps edits as a draft, offers it again, and guards switching model and language', async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    const errors = collectPageErrors(page);
    await signIn(page);
    await page.click('[data-model="data-correction.bpmn"]');
    await page.getByTestId('live-version').waitFor();
    expect(await page.getByTestId('live-version').textContent()).to.match(
      /^Live: version \d+, deployed /,
    );
    expect(await page.getByTestId('differs').getAttribute('data-differs')).to.equal('false');
    expect(await page.getByTestId('differs').textContent()).to.equal(
      'The editor matches the live version.',
    );

    await rename(page, 'DecideCorrection', 'Decide on the correction request');
    await page.getByTestId('draft-status').waitFor();
    await page.locator('[data-testid="differs"][data-differs="true"]').waitFor();
    expect(await page.getByTestId('differs').textContent()).to.equal(
      'The editor differs from the live version.',
    );
    const draft = await api('get', '/api/v1/models/drafts/data-correction.bpmn');
    expect(draft.status).to.equal(200);
    expect(draft.body.content).to.contain('name="Decide on the correction request"');
    expect(draft.body.baseKey).to.match(/^data-correction:\d+:/);
    await screenshot(page, 'modeler-drafts-1-differs-draft-saved');
    await expectAccessible(page, 'modeler: live version, draft saved');

    // Another model: asked first; "stay" keeps the editor as it is.
    await page.click('[data-model="job-change.bpmn"]');
    const leave = page.locator('#leave-dialog');
    await leave.waitFor();
    expect(await leave.textContent()).to.contain(
      'Your edits of data-correction.bpmn are not deployed',
    );
    await screenshot(page, 'modeler-drafts-2-leave-dialog');
    await expectAccessible(page, 'modeler: leave dialog');
    await page.click('#leave-dialog [data-choice="cancel"]');
    expect(await leave.count()).to.equal(0);
    expect(await title(page)).to.equal('data-correction.bpmn');
    // "Keep the draft and switch": the other model opens; it has no edits, so no question
    // when switching the language there.
    await page.click('[data-model="job-change.bpmn"]');
    await page.click('#leave-dialog [data-choice="keep"]');
    await page.getByTestId('live-version').waitFor();
    expect(await title(page)).to.equal('job-change.bpmn');
    await page.getByRole('button', { name: 'DE', exact: true }).click();
    await page.getByText('Entwurf gespeichert', { exact: false }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Prüfen', exact: true }).waitFor();
    expect(await page.locator('#leave-dialog').count()).to.equal(0);
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('button', { name: 'Check', exact: true }).waitFor();

    // Back to the first model: the draft is offered, and opened.
    await page.click('[data-model="data-correction.bpmn"]');
    const offer = page.locator('#draft-dialog');
    await offer.waitFor();
    expect(await offer.textContent()).to.contain('You have a draft of data-correction.bpmn');
    await screenshot(page, 'modeler-drafts-3-draft-offered');
    await expectAccessible(page, 'modeler: draft offered');
    await page.click('#draft-dialog [data-choice="draft"]');
    await page
      .locator('[data-element-id="DecideCorrection"]', { hasText: 'correction request' })
      .first()
      .waitFor();
    expect(await page.getByTestId('differs').getAttribute('data-differs')).to.equal('true');

    // The language switch with edits: asked; kept, the model opens again in German with them.
    await page.getByRole('button', { name: 'DE', exact: true }).click();
    await leave.waitFor();
    await page.click('#leave-dialog [data-choice="keep"]');
    await page.getByRole('button', { name: 'Bereitstellen', exact: true }).waitFor();
    await page
      .locator('[data-element-id="DecideCorrection"]', { hasText: 'correction request' })
      .first()
      .waitFor();
    expect(await page.locator('#draft-dialog').count(), 'no question: the draft goes on').to.equal(
      0,
    );
    expect(await page.getByTestId('differs').textContent()).to.equal(
      'Der Editor weicht von der Live-Version ab.',
    );
    await expectAccessible(page, 'modeler: draft in German');

    // Discarded when switching: the draft is gone from the server.
    await page.click('[data-model="job-change.bpmn"]');
    await page.click('#leave-dialog [data-choice="discard"]');
    await page.getByTestId('live-version').waitFor();
    expect((await api('get', '/api/v1/models/drafts/data-correction.bpmn')).status).to.equal(404);
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('needs a change note to deploy, asks before replacing a newer live version, and lists the notes', async () => {
    const repository = readFileSync(correctionFile, 'utf8');
    // Another owner deploys a change the repository does not have.
    const other = await api(
      'post',
      '/api/v1/deployments',
      await h.token({ subject: 'po-other', role: 'process-owner' }),
    ).send({
      resources: [{ name: 'data-correction.bpmn', content: `${repository}<!-- po-other -->\n` }],
      note: 'Wording of the correction period',
    });
    expect(other.status, JSON.stringify(other.body)).to.equal(201);
    const otherVersion = other.body.deployed[0].version as number;
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    const errors = collectPageErrors(page);
    try {
      await signIn(page);
      await page.click('[data-model="data-correction.bpmn"]');
      await page.getByTestId('live-version').waitFor();
      expect(await status(page).textContent()).to.contain('“Wording of the correction period”');
      expect(await page.getByTestId('base-older').textContent()).to.equal(
        `Your edits start from the repository file, not from the live version ${otherVersion}.`,
      );
      await rename(page, 'CorrectionDecided', 'Correction done');
      await page.getByTestId('draft-status').waitFor();

      await page.click('#deploy');
      const dialog = page.locator('#deploy-dialog');
      await dialog.waitFor();
      expect(await page.getByTestId('stale-warning').textContent()).to.contain(
        `version ${otherVersion} is live and has changes that are missing here`,
      );
      const confirm = page.locator('#deploy-dialog [data-choice="deploy"]');
      expect(await confirm.textContent()).to.equal(
        `Deploy anyway (replaces version ${otherVersion})`,
      );
      // No note: not deployed, the dialog says why.
      await confirm.click();
      await page.getByText('Please write a change note.').waitFor();
      expect(await dialog.isVisible()).to.equal(true);
      await screenshot(page, 'modeler-drafts-4-deploy-stale-note');
      await expectAccessible(page, 'modeler: deploy dialog');
      await page.fill('#deploy-dialog-note', 'Start event named for the applicant');
      await confirm.click();
      await page.getByTestId('deployed').waitFor();
      expect(await page.getByTestId('differs').textContent()).to.equal(
        'The editor matches the live version.',
      );
      expect(await page.getByTestId('live-version').textContent()).to.contain(
        `version ${otherVersion + 1}`,
      );
      expect((await api('get', '/api/v1/models/drafts/data-correction.bpmn')).status).to.equal(404);

      await page.click('#versions');
      const notes = page.getByTestId('version-note');
      await notes.first().waitFor();
      expect(await notes.nth(0).textContent()).to.equal(
        'Start event named for the applicant (by demo-process-owner)',
      );
      expect(await notes.nth(1).textContent()).to.equal(
        'Wording of the correction period (by po-other)',
      );
      await screenshot(page, 'modeler-drafts-5-version-notes');
      await expectAccessible(page, 'modeler: versions with notes');

      // An older version opens read-only: no palette, no properties, nothing to deploy.
      await page.click(`[data-open-version="${otherVersion}"]`);
      await page.locator('#canvas[data-read-only="true"]').waitFor();
      expect(await page.locator('.djs-palette').count()).to.equal(0);
      expect(await page.locator('#properties').count()).to.equal(0);
      expect(await page.locator('#deploy').isDisabled()).to.equal(true);
      expect(await status(page).textContent()).to.contain(
        `You are looking at version ${otherVersion}; it cannot be changed.`,
      );
      await expectAccessible(page, 'modeler: read-only BPMN version');
      expect(errors, 'errors in the page').to.deep.equal([]);
    } finally {
      await h.engine.deploy([{ name: 'data-correction.bpmn', content: repository }]);
    }
  });

  it('opens an older decision table read-only: typing into a cell changes nothing', async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    const errors = collectPageErrors(page);
    await signIn(page);
    await page.click('[data-model="legal-route.dmn"]');
    await page.getByTestId('live-version').waitFor();
    await page.click('#versions');
    await page.locator('[data-open-version="1"]').click();
    await page.locator('#canvas[data-read-only="true"]').waitFor();
    const cell = page.locator('#canvas td', { hasText: '>= 45934.20' }).first();
    await cell.waitFor();
    await screenshot(page, 'modeler-drafts-6-dmn-read-only');
    const before = await page.locator('#canvas table').first().innerText();
    await cell.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('>= 1');
    await page.keyboard.press('Enter');
    expect(await page.locator('#canvas table').first().innerText()).to.equal(before);
    expect(await page.locator('#canvas td', { hasText: '>= 1' }).count()).to.equal(0);
    expect(await page.locator('#canvas [contenteditable="true"]').count()).to.equal(0);
    expect(await page.locator('#deploy').isDisabled()).to.equal(true);
    await expectAccessible(page, 'modeler: read-only DMN version');
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  /** Applies a patch to a clean checkout of the repository (HEAD); answers the file's new text. */
  function appliedToCheckout(patch: string, file: string): string {
    const checkout = mkdtempSync(path.join(tmpdir(), 'wsa-checkout-'));
    try {
      execFileSync('sh', [
        '-c',
        `git -C "${ROOT}" archive HEAD processes forms | tar -x -C "${checkout}"`,
      ]);
      writeFileSync(path.join(checkout, 'change.patch'), patch);
      execFileSync('git', ['apply', '--check', 'change.patch'], { cwd: checkout });
      execFileSync('git', ['apply', 'change.patch'], { cwd: checkout });
      return readFileSync(path.join(checkout, file), 'utf8');
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  }

  it('exports a changed decision table as a patch against processes/ that applies to a clean checkout', async () => {
    const page = await browser.newPage({
      viewport: { width: 1500, height: 950 },
      acceptDownloads: true,
    });
    const errors = collectPageErrors(page);
    await signIn(page);
    await page.click('[data-model="legal-route.dmn"]');
    const cell = page.locator('#canvas td', { hasText: '>= 45934.20' }).first();
    await cell.waitFor();
    await cell.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('>= 47000');
    await page.getByTestId('model-title').click();
    await page.locator('[data-testid="differs"][data-differs="true"]').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#export-patch'),
    ]);
    expect(download.suggestedFilename()).to.equal('legal-route.patch');
    const patch = readFileSync((await download.path())!, 'utf8');
    expect(patch.split('\n')[0]).to.equal(
      'diff --git a/processes/wsa-application/legal-route.dmn b/processes/wsa-application/legal-route.dmn',
    );
    // Only the changed cell: the file's own layout is kept around it.
    const changed = patch.split('\n').filter((l) => /^[-+][^-+]/.test(l));
    expect(changed, patch).to.have.length(2);
    const applied = appliedToCheckout(patch, 'processes/wsa-application/legal-route.dmn');
    expect(applied).to.contain('&gt;= 47000');
    expect(applied).to.not.contain('45934.20');
    await screenshot(page, 'modeler-drafts-9-dmn-patch');
    await expectAccessible(page, 'modeler: DMN patch exported');
    await api('delete', '/api/v1/models/drafts/legal-route.dmn');
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('edits a form’s English texts and exports the change as a patch that applies to a clean checkout; downloads the file', async () => {
    const page = await browser.newPage({
      viewport: { width: 1500, height: 950 },
      acceptDownloads: true,
    });
    const errors = collectPageErrors(page);
    await signIn(page);
    await page.click('[data-model="decide-residence-permit.form"]');
    await page.locator('[data-text-language="en"]').waitFor();
    expect(await status(page).textContent()).to.contain('Forms are deployed with the processes');
    await page.click('[data-text-language="en"]');
    const field = page.locator('.fjs-editor-container [data-id="AbhReference"]').first();
    await field.waitFor();
    expect(await field.textContent()).to.contain('Immigration office reference');
    await field.click();
    await openGeneral(page, '#bio-properties-panel-label');
    await page.locator('#bio-properties-panel-label').fill('Reference of the immigration office');
    // Autosaved: the draft holds the English text, the German form keeps its own.
    const draft = await eventually(async () => {
      const d = await api('get', '/api/v1/models/drafts/decide-residence-permit.form');
      return d.status === 200 && String(d.body.translation).includes('Reference of the immigration')
        ? d.body
        : undefined;
    }, 'the English text in the draft');
    expect(draft.content).to.contain('"label": "Aktenzeichen der Ausländerbehörde"');
    await page.getByTestId('draft-status').waitFor();
    await screenshot(page, 'modeler-drafts-7-form-english');
    await expectAccessible(page, 'modeler: form in English');

    // Back in German the German label is untouched.
    await page.click('[data-text-language="de"]');
    await page
      .locator('.fjs-editor-container [data-id="AbhReference"]', {
        hasText: 'Aktenzeichen der Ausländerbehörde',
      })
      .first()
      .waitFor();

    const [patchDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#export-patch'),
    ]);
    expect(patchDownload.suggestedFilename()).to.equal('decide-residence-permit.patch');
    const patch = readFileSync((await patchDownload.path())!, 'utf8');
    expect(patch).to.contain('+++ b/forms/decide-residence-permit.en.json');
    expect(patch).to.contain('+      "label": "Reference of the immigration office"');
    // The German form changes at most in what the editor itself writes (its schema version).
    const formPart = patch
      .split('diff --git')
      .find((p) => p.includes('b/forms/decide-residence-permit.form'));
    const changedLines = (formPart ?? '').split('\n').filter((l) => /^[-+] /.test(l));
    expect(
      changedLines.every((l) => l.includes('"schemaVersion"')),
      changedLines.join('\n'),
    ).to.equal(true);
    expect(patch).to.match(
      /- {6}"label": "Immigration office reference"\n\+ {6}"label": "Reference/,
    );
    await page.getByTestId('patch').waitFor();
    await screenshot(page, 'modeler-drafts-8-patch');
    await expectAccessible(page, 'modeler: patch exported');

    // A clean checkout of the repository takes it.
    const english = JSON.parse(
      appliedToCheckout(patch, 'forms/decide-residence-permit.en.json'),
    ) as { components: { AbhReference: { label: string } } };
    expect(english.components.AbhReference.label).to.equal('Reference of the immigration office');
    const german = appliedToCheckout(patch, 'forms/decide-residence-permit.form');
    expect(german).to.contain('"label": "Aktenzeichen der Ausländerbehörde"');
    expect(german).to.not.contain('Reference of the immigration office');

    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(file.suggestedFilename()).to.equal('decide-residence-permit.form');
    const form = JSON.parse(readFileSync((await file.path())!, 'utf8'));
    expect(form.id).to.equal('decide-residence-permit');
    await api('delete', '/api/v1/models/drafts/decide-residence-permit.form');
    expect(errors, 'errors in the page').to.deep.equal([]);
  });
});
