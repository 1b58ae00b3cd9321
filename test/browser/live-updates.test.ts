import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import rpExample from '../../processes/residence-permit/examples/application.json' with { type: 'json' };
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import { DEMO_USERS } from '../../gateway/dev/demo-users.js';
import { getHarness, eventually, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { APPLICANT, EMPLOYER } from '../support/fixtures.js';
import { autoAnswer } from '../support/simulators.js';
import {
  collectPageErrors,
  expectAccessible,
  launchBrowser,
  screenshot,
} from '../support/browser.js';

/**
 * Issue 18, tasklist and portal: live updates from the event stream (no polling, no key
 * pressed), the tasklist's history with each step once, its help as a dialog, and the portal's
 * case picker that survives a reload.
 */
describe('browser: live updates in the tasklist and the portal', function () {
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

  it('tasklist: a new task shows by itself; history lists each step once; help is a dialog', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = collectPageErrors(page);
    const streamOpen = page.waitForResponse((r) => r.url().endsWith('/api/v1/events'));
    await page.goto(`${h.gatewayUrl}/tasklist/`);
    await page.click('[data-user="abh-caseworker"]');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    expect((await streamOpen).headers()['content-type']).to.match(/^text\/event-stream/);

    // A residence permit: the immigration office's decision comes after the BVA's steps, so the
    // case has a history of steps begun and ended.
    await autoAnswer(h.simulatorsUrl, ['bva'], { enabled: true, delayMs: 0, outcome: null });
    const cases = new CaseClient(h.gatewayUrl, await h.token(APPLICANT));
    const caseId = await cases.start('residence-permit', {
      ...structuredClone(rpExample),
      applicant: { ...rpExample.applicant, applicantId: APPLICANT.subject },
    });
    const abh = await h.token({ subject: 'abh-live', role: 'caseworker', authority: 'ABH' });
    await eventually(async () => {
      const res = await request(h.gatewayUrl)
        .get(`/api/v1/tasks?caseId=${caseId}`)
        .set('authorization', `Bearer ${abh}`);
      return res.body.total === 1 ? true : undefined;
    }, 'the task in the API');
    const listed = Date.now();
    // No key pressed, no reload: the event stream brings it (the old polling took up to 10 s).
    const row = page.locator(`[data-case="${caseId}"]`);
    await row.waitFor({ timeout: 3_000 });
    console.log(`      task shown ${Date.now() - listed} ms after the API listed it`);

    // The entry says whom the case is about and the procedure.
    await row.filter({ hasText: 'Priya Sharma · Residence permit after entry' }).waitFor();

    // Filters: procedure and due; saved as a view, which survives a reload.
    await page.locator('#filter-procedure').selectOption('residence-permit');
    await page.locator('#filter-due').selectOption('');
    await row.waitFor();
    expect(
      await page
        .locator('[data-case]')
        .evaluateAll((xs) => xs.every((x) => x.textContent?.includes('Residence permit'))),
      'only residence permits listed',
    ).to.equal(true);
    await page.locator('#view-name').fill('Residence permits');
    await page.locator('#save-view').click();
    await page.locator('[data-saved-view="Residence permits"]').waitFor();
    await page.locator('#filter-procedure').selectOption('');
    await page.locator('#filter-assignee').selectOption('me');
    await page.getByText('No tasks.').waitFor();
    await page.reload();
    await page.locator('[data-saved-view="Residence permits"]').click();
    await row.waitFor();
    expect(await page.locator('#filter-procedure').inputValue()).to.equal('residence-permit');
    expect(await page.locator('#filter-assignee').inputValue()).to.equal('');
    await screenshot(page, 'live-0-tasklist-filters');
    await expectAccessible(page, 'tasklist filters and saved views');

    await row.click();
    const history = page.getByTestId('history').locator('li');
    await history.first().waitFor();
    const status = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}`)
      .set('authorization', `Bearer ${abh}`);
    const rows = status.body.history as { elementId: string; event: string }[];
    const steps = new Set(rows.map((r) => r.elementId));
    expect(rows.length, 'the API gives start and end rows').to.be.greaterThan(steps.size);
    expect(await history.count(), 'each step once').to.equal(steps.size);
    const texts = await history.allTextContents();
    expect(texts.filter((x) => / · completed$/.test(x)).length).to.be.greaterThan(0);
    // The case file reads as sections with labels, no raw keys.
    const file = page.getByTestId('case-file');
    const fileText = (await file.textContent()) ?? '';
    expect(fileText).to.not.match(/givenName|familyName|dateOfBirth|: /);
    await file.locator('[data-part="applicant"] h4', { hasText: 'Applicant' }).waitFor();
    expect(await file.locator('[data-part="applicant"]').textContent()).to.match(
      /Given name\s*Priya.*Date of birth\s*12 Mar 1994/,
    );
    await screenshot(page, 'live-1-tasklist-history');

    await page.locator('#task-title').focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.locator('li').count()).to.equal(7);
    await screenshot(page, 'live-2-tasklist-help');
    await expectAccessible(page, 'tasklist help dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // German throughout: labels, days and outcomes.
    await page.getByRole('button', { name: 'DE', exact: true }).click();
    const applicantDe = page.getByTestId('case-file').locator('[data-part="applicant"]');
    await applicantDe.getByText('Vorname').waitFor();
    expect(await applicantDe.textContent()).to.match(/Geburtsdatum\s*12\. März 1994/);
    expect((await history.allTextContents()).join('\n')).to.contain(' · abgeschlossen');
    await row
      .filter({ hasText: 'Priya Sharma · Aufenthaltserlaubnis nach der Einreise' })
      .waitFor();
    await screenshot(page, 'live-2b-tasklist-german');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('portal: a new case shows by itself, and the chosen case survives a reload', async () => {
    const employer = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    const applicantId = DEMO_USERS.find((u) => u.name === 'applicant')!.principal.subject;
    const startFor = async () => {
      const application = structuredClone(wsaExample);
      application.employer.employerId = EMPLOYER.organisation!;
      application.applicant.applicantId = applicantId;
      application.documents = [];
      return employer.start('wsa-application', application);
    };
    const first = await startFor();
    await employer.at(first, 'AwaitMissingDocuments');

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = collectPageErrors(page);
    const streamOpen = page.waitForResponse((r) => r.url().endsWith('/api/v1/events'));
    await page.goto(`${h.gatewayUrl}/portal/`);
    await page.click('[data-user="applicant"]');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.locator(`#case option[value="${first}"]`).waitFor({ state: 'attached' });
    await streamOpen;

    const second = await startFor();
    const started = Date.now();
    await page.locator(`#case option[value="${second}"]`).waitFor({
      state: 'attached',
      timeout: 5_000,
    });
    console.log(`      new case in the picker ${Date.now() - started} ms after its start`);

    await page.locator('#case').selectOption(first);
    await page.getByTestId('case-id').filter({ hasText: first }).waitFor();
    await page.reload();
    await page.getByTestId('case-id').filter({ hasText: first }).waitFor();
    expect(await page.locator('#case').inputValue()).to.equal(first);
    await screenshot(page, 'live-3-portal-after-reload');

    // The Nachforderung: a file per missing document, replaced and removed before sending; a
    // wrong file is refused with a short German text that says what to do.
    const missing = (await employer.at(first, 'AwaitMissingDocuments')).outcome
      .missingDocuments as string[];
    const type = missing[0]!;
    const pdf = (name: string) => ({
      name,
      mimeType: 'application/pdf',
      buffer: Buffer.from(`%PDF-1.7\n${name}\n%%EOF`),
    });
    const line = page.locator(`[data-document-type="${type}"]`);
    await page.locator(`[data-upload="${type}"]`).setInputFiles(pdf('first.pdf'));
    await line.getByText('✓ first.pdf').waitFor();
    await page.locator(`[data-upload="${type}"]`).setInputFiles(pdf('second.pdf'));
    await line.getByText('✓ second.pdf').waitFor();
    expect(await line.textContent()).to.not.contain('first.pdf');
    await screenshot(page, 'live-4-portal-chosen');
    await expectAccessible(page, 'portal files chosen');
    await line.locator(`[data-remove="${type}"]`).click();
    await line.locator(`[data-upload="${type}"]`).waitFor();
    expect(await line.textContent()).to.not.contain('second.pdf');
    expect(await page.locator('#send-documents').isDisabled()).to.equal(true);
    await page.getByRole('button', { name: 'DE', exact: true }).click();
    await page.locator(`[data-upload="${type}"]`).setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a scan'),
    });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.equal(
      '„notes.txt“ ist keine PDF-, PNG- oder JPEG-Datei. Bitte wählen Sie eine solche Datei.',
    );
    await screenshot(page, 'live-5-portal-error-de');
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('portal: a notice names its authority and date in words, and shows as it is issued', async () => {
    await autoAnswer(h.simulatorsUrl, ['bva'], { enabled: true, delayMs: 0, outcome: null });
    const demo = DEMO_USERS.find((u) => u.name === 'applicant')!.principal;
    const applicantId = demo.subject;
    const cases = new CaseClient(h.gatewayUrl, await h.token(demo));
    const caseId = await cases.start('residence-permit', {
      ...structuredClone(rpExample),
      applicant: { ...rpExample.applicant, applicantId },
    });
    await cases.at(caseId, 'DecideResidencePermit');

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = collectPageErrors(page);
    await page.goto(`${h.gatewayUrl}/portal/`);
    await page.click('[data-user="applicant"]');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.locator('#case').selectOption(caseId);
    await page.getByTestId('case-id').filter({ hasText: caseId }).waitFor();
    const decision = page.getByTestId('notices').getByText(/^Residence permit decision/);
    expect(await decision.count(), 'no decision yet').to.equal(0);

    // The immigration office decides (through the API); the notice appears without a reload.
    const abh = await h.token({ subject: 'abh-notice', role: 'caseworker', authority: 'ABH' });
    const api = request(h.gatewayUrl);
    const task = await eventually(async () => {
      const res = await api
        .get(`/api/v1/tasks?caseId=${caseId}`)
        .set('authorization', `Bearer ${abh}`);
      return res.body.tasks?.[0] as { taskKey: string } | undefined;
    }, 'the decision task');
    const base = `/api/v1/cases/${caseId}/tasks/${task.taskKey}`;
    await api.post(`${base}/assignment`).set('authorization', `Bearer ${abh}`).send({}).expect(200);
    await api
      .post(`${base}/completion`)
      .set('authorization', `Bearer ${abh}`)
      .send({ outcome: 'GRANTED', abhReference: 'ABH-UI-NOTICE', validUntil: '2030-12-31' })
      .expect((r) => expect(r.status, JSON.stringify(r.body)).to.be.lessThan(300));
    await decision.waitFor({ timeout: 15_000 });
    const notices = page.getByTestId('notices');
    const today = new Date().toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'Europe/Berlin',
    });
    expect(await decision.textContent()).to.equal(
      `Residence permit decision (Immigration office) — ${today}`,
    );
    expect(await notices.textContent()).to.not.match(/\(ABH\)/);
    // Saved as a PDF the library generated, under the notice's own name.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      notices.getByTestId('notice-pdf').last().click(),
    ]);
    expect(download.suggestedFilename()).to.equal('residence_permit_decision-ABH-UI-NOTICE.pdf');
    const saved = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(saved).subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    await screenshot(page, 'live-6-portal-notice');
    await expectAccessible(page, 'portal notice');
    expect(errors, 'errors in the page').to.deep.equal([]);
  });
});
