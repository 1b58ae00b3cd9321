import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { getHarness, type Harness } from '../support/harness.js';
import {
  collectPageErrors,
  expectAccessible,
  launchBrowser,
  screenshot,
} from '../support/browser.js';

/**
 * The record of processing activities (Art. 30 GDPR) in the operations app: one section per
 * procedure, generated from the procedures (as docs/processing-activities.md), for operators
 * and process owners only.
 */
describe('browser: operations — record of processing activities', function () {
  this.timeout(120_000);
  let h: Harness;
  let browser: Browser;

  before(async () => {
    h = await getHarness();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('answers operators and process owners only', async () => {
    const get = async (principal: Parameters<Harness['token']>[0]) =>
      request(h.gatewayUrl)
        .get('/api/v1/operations/processing-activities')
        .set('authorization', `Bearer ${await h.token(principal)}`);
    const owner = await get({ subject: 'po-1', role: 'process-owner' });
    expect(owner.status).to.equal(200);
    const visa = owner.body.activities.find((a: { procedure: string }) => a.procedure === 'visa');
    expect(visa.recipients.partnerSystems).to.include('MISSION');
    expect(visa.retention).to.deep.include({
      outcome: 'withdrawn',
      dataClass: 'caseData',
      period: 'P180D',
      legalBasis: 'Art. 5 (1) (e), Art. 17 (1) (a) GDPR',
    });
    expect((await get({ subject: 'a-1', role: 'applicant' })).status).to.equal(403);
  });

  it('shows each procedure with purpose, recipients and retention periods', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = collectPageErrors(page);
    await page.goto(`${h.gatewayUrl}/operations/`);
    await page.click('[data-user="operator"]');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.click('[data-tab="processing"]');
    const section = page.locator('section[data-procedure="wsa-application"]');
    await section.waitFor();
    const text = (await section.textContent()) ?? '';
    expect(text).to.contain('Purpose');
    expect(text).to.contain('§ 195 BGB');
    expect(text).to.contain('applicant.familyName');
    expect(await page.locator('section.ropa').count()).to.be.greaterThan(5);
    await screenshot(page, 'operations-4-processing-activities');
    await expectAccessible(page, 'operations processing activities');
    expect(errors).to.deep.equal([]);
    await page.close();
  });
});
