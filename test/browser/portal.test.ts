import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER } from '../support/fixtures.js';
import { DEMO_USERS } from '../../gateway/dev/demo-users.js';
import {
  collectPageErrors,
  expectAccessible,
  expectVisibleFocus,
  launchBrowser,
  screenshot,
} from '../support/browser.js';

/**
 * The applicant answers a Nachforderung in the portal: sees what is missing, uploads each
 * document, sends them, and the case goes on. Screenshots in test-artifacts/screenshots/.
 */
describe('browser: portal — an applicant answers a Nachforderung by uploading documents', function () {
  this.timeout(120_000);
  let h: Harness;
  let browser: Browser;

  before(async () => {
    h = await getHarness();
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('shows the missing documents, uploads them, sends them, and the case moves on', async () => {
    const employer = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    const application = structuredClone(wsaExample);
    application.employer.employerId = EMPLOYER.organisation!;
    // The portal's demo applicant (signed in below) is the person applied for.
    application.applicant.applicantId = DEMO_USERS.find(
      (u) => u.name === 'applicant',
    )!.principal.subject;
    application.documents = [];
    const caseId = await employer.start('wsa-application', application);
    const waiting = await employer.at(caseId, 'AwaitMissingDocuments');
    const missing = waiting.outcome.missingDocuments as string[];
    expect(missing.length).to.be.greaterThan(0);

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = collectPageErrors(page);
    await page.goto(`${h.gatewayUrl}/portal/`);
    await page.locator('[data-user="applicant"]').waitFor();
    await expectAccessible(page, 'portal sign-in');
    await expectVisibleFocus(page, 'portal-0-focus-sign-in');
    await page.click('[data-user="applicant"]');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.locator('#case').selectOption(caseId);
    await page.getByRole('heading', { name: 'Documents are missing (Nachforderung)' }).waitFor();
    expect(await page.getByTestId('stage').textContent()).to.match(/your turn/);
    expect(await page.locator('#send-documents').isDisabled()).to.equal(true);
    await screenshot(page, 'portal-1-nachforderung');
    await expectAccessible(page, 'portal status with Nachforderung');

    // One upload per missing type; the page shows each as received. The same scan given for
    // every type is a document of each type (it used to count for the first type only).
    for (const type of missing) {
      await page.locator(`[data-upload="${type}"]`).setInputFiles({
        name: `${type.toLowerCase()}.pdf`,
        mimeType: 'application/pdf',
        buffer: Buffer.from(`%PDF-1.7\none scan of everything for ${caseId}\n%%EOF`),
      });
      await page.getByText(`✓ ${type.toLowerCase()}.pdf`).waitFor();
    }
    await screenshot(page, 'portal-2-uploaded');
    await expectAccessible(page, 'portal documents uploaded');
    await page.locator('#send-documents').click();
    await page.getByText('Thank you, the documents have arrived.').waitFor();

    const goingOn = await employer.until(
      caseId,
      'past the Nachforderung',
      (s) => !s.currentStages.some((st) => st.elementId === 'AwaitMissingDocuments'),
    );
    expect(goingOn.outcome.missingDocuments).to.deep.equal([]);
    await page.reload();
    await page.locator('#case').selectOption(caseId);
    await page.getByTestId('documents').waitFor();
    expect(await page.getByTestId('documents').textContent()).to.contain(
      `${missing[0]!.toLowerCase()}.pdf`,
    );
    expect(await page.locator('#send-documents').count(), 'nothing missing any more').to.equal(0);
    await screenshot(page, 'portal-3-sent');
    await expectAccessible(page, 'portal status after sending');
    expect(errors, 'errors in the page').to.deep.equal([]);
  });
});
