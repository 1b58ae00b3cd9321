import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
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
  launchBrowser,
  screenshot,
} from '../support/browser.js';

/**
 * The tasklist with the keyboard alone, and its candidate group filter (issue 18): a
 * caseworker signs in, narrows the inbox to one office (`ABH/DE-SN-DRESDEN`, bound by the
 * decision table abh-competence), opens a residence permit decision, claims it, fills the form
 * and completes it — never touching the mouse; every stop shows its focus.
 */
describe('browser: tasklist — candidate groups and the keyboard alone', function () {
  this.timeout(150_000);
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

  /** Presses Tab until the focused element matches (fails after `max` presses). */
  async function tabTo(page: Page, selector: string, max = 200): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(`!!document.activeElement?.matches(${JSON.stringify(selector)})`))
        return expectFocusShown(page, selector);
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  /** The focused element shows a focus ring (outline or box shadow). */
  async function expectFocusShown(page: Page, what: string): Promise<void> {
    const ring = await page.evaluate(`(() => {
      const s = getComputedStyle(document.activeElement);
      return s.outlineStyle === 'auto' || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
    })()`);
    expect(ring, `visible focus on ${what}`).to.equal(true);
  }

  /** Chooses an option of the focused select with the arrow keys. */
  async function chooseWithArrows(page: Page, value: string): Promise<void> {
    for (let i = 0; i < 20; i++) {
      if ((await page.evaluate('document.activeElement.value')) === value) return;
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`no option ${value}`);
  }

  it('filters by office and completes a task without the mouse', async () => {
    await autoAnswer(h.simulatorsUrl, ['bva'], { enabled: true, delayMs: 0, outcome: null });
    const cases = new CaseClient(h.gatewayUrl, await h.token(APPLICANT));
    const familyName = `Keyboard-${randomUUID().slice(0, 6)}`;
    const rpCase = await cases.start('residence-permit', {
      ...structuredClone(rpExample),
      applicant: { ...rpExample.applicant, applicantId: APPLICANT.subject, familyName },
    });
    // A task of another office (Leipzig): every ABH task goes to the competent office.
    const employer = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    const jobCase = await employer.start('job-change', {
      ...structuredClone(jobChangeExample),
      employer: { ...jobChangeExample.employer, employerId: EMPLOYER.organisation! },
      employmentConditionsChanged: false,
      abhCode: 'DE-SN-LEIPZIG',
    });
    await cases.at(rpCase, 'DecideResidencePermit');
    const abh = await h.token({ subject: 'abh-keys', role: 'caseworker', authority: 'ABH' });
    for (const caseId of [rpCase, jobCase])
      await eventually(async () => {
        const res = await request(h.gatewayUrl)
          .get(`/api/v1/tasks?caseId=${caseId}`)
          .set('authorization', `Bearer ${abh}`);
        return res.body.total === 1 ? true : undefined;
      }, 'the task in the inbox');

    // The API: Dresden's group lists the residence permit decision, not Leipzig's job change.
    const byGroup = async (group: string) =>
      (
        await request(h.gatewayUrl)
          .get(`/api/v1/tasks?candidateGroup=${encodeURIComponent(group)}&limit=200`)
          .set('authorization', `Bearer ${abh}`)
      ).body as { tasks: { caseId: string; candidateGroups: string[] }[] };
    const dresden = await byGroup('ABH/DE-SN-DRESDEN');
    expect(dresden.tasks.map((x) => x.caseId))
      .to.include(rpCase)
      .and.not.include(jobCase);
    expect(dresden.tasks.every((x) => x.candidateGroups.includes('ABH/DE-SN-DRESDEN'))).to.equal(
      true,
    );
    const leipzig = await byGroup('ABH/DE-SN-LEIPZIG');
    expect(leipzig.tasks.map((x) => x.caseId))
      .to.include(jobCase)
      .and.not.include(rpCase);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = collectPageErrors(page);
    await page.goto(`${h.gatewayUrl}/tasklist/`);
    await page.locator('[data-user="abh-caseworker"]').waitFor();
    await tabTo(page, '[data-user="abh-caseworker"]');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    await page.locator(`[data-case="${jobCase}"]`).waitFor();

    // The group filter names the office; chosen with the arrow keys.
    await tabTo(page, '#filter-group');
    const options = await page.locator('#filter-group option').allTextContents();
    expect(options).to.include('Immigration office · office DE-SN-DRESDEN');
    expect(options).to.include('Immigration office (every office)');
    await chooseWithArrows(page, 'ABH/DE-SN-DRESDEN');
    await page.locator(`[data-case="${jobCase}"]`).waitFor({ state: 'detached' });
    const row = page.locator(`[data-case="${rpCase}"]`);
    await row.waitFor();
    await screenshot(page, 'tasklist-keyboard-1-office-filter');
    await expectAccessible(page, 'tasklist filtered by office');

    // Open the task (Enter on its entry), claim it (c).
    await tabTo(page, `[data-case="${rpCase}"]`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /decides on the residence permit/ }).waitFor();
    await page.keyboard.press('c');
    await eventually(
      async () =>
        (await page.getByTestId('assignee').textContent())?.includes('demo-abh-caseworker')
          ? true
          : undefined,
      'claimed',
    );

    // The form: Space on "Grant", then the reference, then the date (typed, Enter).
    await tabTo(page, '#form input[type="radio"]');
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Grant').isChecked()).to.equal(true);
    await tabTo(page, '#form input[type="text"]');
    await page.keyboard.type('ABH-DD-KEY-1');
    await page.keyboard.press('Tab');
    await expectFocusShown(page, 'the date field');
    expect(
      await page.evaluate(`document.activeElement?.closest('.fjs-form-field')?.textContent`),
    ).to.contain('Valid until');
    await page.keyboard.type('12/31/2030');
    await page.keyboard.press('Enter');
    await screenshot(page, 'tasklist-keyboard-2-form-filled');

    // Complete: Ctrl+Enter.
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Task completed' }).waitFor();
    await expectFocusShown(page, 'the completion heading');
    await screenshot(page, 'tasklist-keyboard-3-completed');

    const done = await cases.finished(rpCase);
    expect(done.outcome.permitDecision).to.deep.include({
      outcome: 'GRANTED',
      abhReference: 'ABH-DD-KEY-1',
      validUntil: '2030-12-31',
    });
    expect(errors, 'errors in the page').to.deep.equal([]);
  });
});
