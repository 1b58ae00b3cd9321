import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import rpExample from '../../processes/residence-permit/examples/application.json' with { type: 'json' };
import jobChangeExample from '../../processes/job-change/examples/application.json' with { type: 'json' };
import { getHarness, eventually, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { autoAnswer } from '../support/simulators.js';
import { APPLICANT, EMPLOYER } from '../support/fixtures.js';
import {
  collectPageErrors,
  expectAccessible,
  expectVisibleFocus,
  launchBrowser,
  screenshot,
} from '../support/browser.js';

/**
 * A caseworker of the immigration office works a residence permit decision in the tasklist:
 * signs in, finds the task, claims it, tries to complete the empty form (refused), fills it,
 * completes it, and sees the case move on. Screenshots in test-artifacts/screenshots/.
 */
describe('browser: tasklist — a caseworker decides a residence permit', function () {
  this.timeout(120_000);
  let h: Harness;
  let browser: Browser;

  before(async () => {
    h = await getHarness();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await autoAnswer(h.simulatorsUrl, ['bva'], { enabled: false });
  });

  it('claims the task, fills the form, completes it and sees the case move on', async () => {
    await autoAnswer(h.simulatorsUrl, ['bva'], { enabled: true, delayMs: 0, outcome: null });
    const applicant = await h.token(APPLICANT);
    const cases = new CaseClient(h.gatewayUrl, applicant);
    const familyName = `Tasklist-${randomUUID().slice(0, 6)}`;
    const caseId = await cases.start('residence-permit', {
      ...structuredClone(rpExample),
      applicant: { ...rpExample.applicant, applicantId: APPLICANT.subject, familyName },
    });
    await cases.at(caseId, 'DecideResidencePermit');

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = collectPageErrors(page);
    await page.goto(`${h.gatewayUrl}/tasklist/`);
    await page.locator('[data-user="abh-caseworker"]').waitFor();
    await expectAccessible(page, 'tasklist sign-in');
    await expectVisibleFocus(page, 'tasklist-0-focus-sign-in');
    await page.click('[data-user="abh-caseworker"]');
    await page.getByRole('button', { name: 'DE', exact: true }).click();
    await page.getByRole('heading', { name: 'Aufgaben' }).waitFor();
    await expectAccessible(page, 'tasklist inbox (German)');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();

    // The inbox catches up with the engine within a second or two: refresh (r) until listed.
    const row = page.locator(`[data-case="${caseId}"]`);
    await eventually(async () => {
      await page.keyboard.press('r');
      return (await row.count()) > 0 ? true : undefined;
    }, 'the task in the inbox');
    await expectAccessible(page, 'tasklist inbox');
    await row.click();
    await page.getByRole('heading', { name: /decides on the residence permit/ }).waitFor();
    const caseFile = page.getByTestId('case-file');
    await expect(await caseFile.textContent()).to.contain(familyName);
    await screenshot(page, 'tasklist-1-task-detail');
    await expectAccessible(page, 'tasklist task detail with form');

    // Not claimed yet: completing is not offered. Claim with the keyboard (c).
    expect(await page.locator('#complete').isDisabled()).to.equal(true);
    await page.locator('#task-title').focus();
    await page.keyboard.press('c');
    await eventually(
      async () =>
        (await page.getByTestId('assignee').textContent())?.includes('demo-abh-caseworker')
          ? true
          : undefined,
      'claimed',
    );

    // An empty form is refused in the browser, with the fields marked.
    await page.locator('#complete').click();
    await page.getByText('Please check the marked fields.').waitFor();
    await screenshot(page, 'tasklist-2-form-errors');
    await expectAccessible(page, 'tasklist form with errors');

    await page.getByLabel('Grant').check();
    await page.getByLabel('Immigration office reference').fill('ABH-DD-UI-1');
    const validUntil = page.getByLabel('Valid until');
    await validUntil.fill('12/31/2030');
    await validUntil.press('Enter');
    await screenshot(page, 'tasklist-3-form-filled');
    await page.locator('#complete').click();

    await page.getByRole('heading', { name: 'Task completed' }).waitFor();
    const movedOn = page.getByTestId('moved-on').locator('li');
    await movedOn.first().waitFor();
    expect(await movedOn.first().textContent()).to.not.match(/decides on the residence permit/);
    await screenshot(page, 'tasklist-4-completed');
    await expectAccessible(page, 'tasklist task completed');

    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('PermitGranted');
    expect(done.outcome.permitDecision).to.deep.include({
      outcome: 'GRANTED',
      abhReference: 'ABH-DD-UI-1',
      validUntil: '2030-12-31',
    });
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('shows a task that came while the page was hidden as soon as it is shown again', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = collectPageErrors(page);
    // The page's timers stand still (the event stream's reload never ticks): only coming back
    // refreshes.
    await page.clock.install();
    await page.goto(`${h.gatewayUrl}/tasklist/`);
    await page.click('[data-user="abh-caseworker"]');
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    // As the browser reports a tab put away and brought back (a string: it runs in the page).
    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate(`(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' });
        document.dispatchEvent(new Event('visibilitychange'));
      })()`);
    await setVisibility('hidden');

    // Meanwhile a task arrives for the immigration office.
    const employer = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    const caseId = await employer.start('job-change', {
      ...structuredClone(jobChangeExample),
      employer: { ...jobChangeExample.employer, employerId: EMPLOYER.organisation! },
      employmentConditionsChanged: false,
    });
    const abh = await h.token({ subject: 'abh-idle', role: 'caseworker', authority: 'ABH' });
    await eventually(async () => {
      const res = await request(h.gatewayUrl)
        .get(`/api/v1/tasks?caseId=${caseId}`)
        .set('authorization', `Bearer ${abh}`);
      return res.body.total === 1 ? true : undefined;
    }, 'the task in the inbox');

    await setVisibility('visible');
    await page.locator(`[data-case="${caseId}"]`).waitFor({ timeout: 5_000 });
    expect(errors, 'errors in the page').to.deep.equal([]);
  });
});
