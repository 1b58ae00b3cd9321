import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import jobChangeExample from '../../processes/job-change/examples/application.json' with { type: 'json' };
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { partnerFaults } from '../support/simulators.js';
import { EMPLOYER, zustimmungApplication } from '../support/fixtures.js';
import { versionedModel } from '../support/versioned-model.js';
import {
  collectPageErrors,
  expectAccessible,
  launchBrowser,
  screenshot,
} from '../support/browser.js';

/**
 * Operations, the rest of issue 18: the three charts (lead time distribution, weekly
 * throughput, deadlines met over time), every deployed process opened in the explorer — one
 * deployed by hand, outside the registry — and incidents arriving and leaving live.
 */
describe('browser: operations — charts, every deployed process, live incidents', function () {
  this.timeout(150_000);
  let h: Harness;
  let browser: Browser;
  let employer: CaseClient;

  before(async () => {
    h = await getHarness();
    browser = await launchBrowser();
    employer = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
  });
  after(async () => {
    await partnerFaults(h.simulatorsUrl, 'ba', { failureRate: 0 });
    await browser?.close();
  });

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${h.gatewayUrl}/operations/`);
    await page.click('[data-user="operator"]');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
  }

  it('draws the lead time distribution, the weekly throughput and the deadlines met over time', async () => {
    // A completed case: a job change the immigration office confirms.
    const caseId = await employer.start('job-change', {
      ...structuredClone(jobChangeExample),
      employer: { ...jobChangeExample.employer, employerId: EMPLOYER.organisation! },
      employmentConditionsChanged: false,
    });
    await employer.at(caseId, 'ConfirmJobChange');
    const abh = await h.token({ subject: 'abh-charts', role: 'caseworker', authority: 'ABH' });
    await employer.decide(abh, caseId, 'ConfirmJobChange', { abhReference: 'ABH-CH-1' });
    await employer.finished(caseId);
    const operator = await h.token({ subject: 'ops-charts', role: 'operator' });
    const kpis = await eventually(async () => {
      const res = await request(h.gatewayUrl)
        .get('/api/v1/kpis')
        .set('authorization', `Bearer ${operator}`);
      const jc = (
        res.body.leadTimeDistribution as { procedure: string; bins: { count: number }[] }[]
      ).find((d) => d.procedure === 'job-change');
      return jc && jc.bins.some((b) => b.count > 0) ? res.body : undefined;
    }, 'the completed case counted');
    const completed = (kpis.procedures as { procedure: string; completed: number }[]).find(
      (p) => p.procedure === 'job-change',
    )!.completed;

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = collectPageErrors(page);
    await signIn(page);
    const histogram = page.getByTestId('chart-lead-time-distribution').locator('canvas');
    await histogram.waitFor();
    const label =
      (await histogram.getAttribute('role')) === 'img'
        ? await histogram.getAttribute('aria-label')
        : null;
    expect(label).to.match(/^Lead time distribution of completed cases per procedure\./);
    // The bins in words, with the job change's cases counted in them (all of them, in sum).
    expect(label).to.contain('under 10 min');
    expect(label).to.contain('180 days or more');
    const jobChange = /job-change: ([^;]*)/.exec(label!)![1]!;
    const counted = [...jobChange.matchAll(/(\d+) cases?/g)].reduce((a, m) => a + Number(m[1]), 0);
    expect(counted).to.equal(completed);
    expect((await histogram.boundingBox())!.height).to.be.greaterThan(100);
    for (const [id, title] of [
      ['chart-weekly', /^Completed per week\./],
      ['chart-deadlines-weekly', /^Share of statutory deadlines met per week\./],
    ] as const) {
      const canvas = page.getByTestId(id).locator('canvas[role="img"]');
      expect(await canvas.getAttribute('aria-label')).to.match(title);
      expect((await canvas.boundingBox())!.height, id).to.be.greaterThan(100);
    }
    // The week of the completed case is on the throughput series, and no week is left out
    // between the first and the last (a time series: weeks without cases count 0).
    const weekly = (await page
      .getByTestId('chart-weekly')
      .locator('canvas')
      .getAttribute('aria-label'))!;
    expect(weekly).to.match(/job-change: .*\d{4}-W\d{2} [1-9]/);
    const weeks = [...new Set(/job-change: ([^;]*)/.exec(weekly)![1]!.match(/\d{4}-W\d{2}/g))];
    expect(weeks).to.include.members((kpis.weekly as { week: string }[]).map((w) => w.week));
    for (let i = 1; i < weeks.length; i++) {
      const [y0, w0] = weeks[i - 1]!.split('-W').map(Number) as [number, number];
      const [y1, w1] = weeks[i]!.split('-W').map(Number) as [number, number];
      expect(y1 === y0 ? w1 - w0 : w1, `${weeks[i - 1]} → ${weeks[i]}`).to.equal(1);
    }
    await page.getByTestId('chart-lead-time-distribution').scrollIntoViewIfNeeded();
    await screenshot(page, 'operations-6-lead-time-distribution');
    await expectAccessible(page, 'operations dashboard with the distribution');

    await page.getByRole('button', { name: 'DE', exact: true }).click();
    const de = page.getByTestId('chart-lead-time-distribution').locator('canvas');
    await eventually(
      async () =>
        /^Verteilung der Durchlaufzeit/.test((await de.getAttribute('aria-label')) ?? '')
          ? true
          : undefined,
      'the chart in German',
    );
    expect(await de.getAttribute('aria-label')).to.match(/unter 10 min.*ab 180 Tage/);
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('opens a process deployed by hand, its instances and an instance on its diagram', async () => {
    const id = `by-hand-${randomUUID().slice(0, 8)}`;
    await h.engine.deploy([{ name: `${id}.bpmn`, content: versionedModel(id, 'Review', false) }]);
    const key = await h.engine.startInstance(id, `explorer-${id}`, { batch: 3 });
    await eventually(async () => {
      const res = await request(h.gatewayUrl)
        .get(`/api/v1/operations/processes/${id}`)
        .set('authorization', `Bearer ${await h.token({ subject: 'o', role: 'operator' })}`);
      return res.body.instances?.length === 1 ? true : undefined;
    }, 'the instance in the read model');

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = collectPageErrors(page);
    await signIn(page);
    await page.click('[data-tab="processes"]');
    const table = page.getByTestId('processes');
    await table.waitFor();
    const row = table.locator('tr', { hasText: id });
    expect(await row.textContent()).to.contain('no registered procedure');
    // Registered procedures are there too.
    expect(await table.locator('tr', { hasText: 'ba-approval' }).count()).to.be.greaterThan(0);
    await expectAccessible(page, 'operations processes');

    await page.getByRole('button', { name: `Open process ${id}` }).click();
    await page.getByTestId('explored-process').filter({ hasText: id }).waitFor();
    await page
      .locator(`.diagram[data-process="${id}"] .djs-element[data-element-id="Review"]`)
      .waitFor();
    const instances = page.getByTestId('process-instances');
    expect(await instances.textContent()).to.contain(key);
    await page.getByRole('button', { name: `Open instance ${key}` }).click();
    await page.getByTestId('explored-instance').waitFor();
    await page.getByText('This instance belongs to no case.').waitFor();
    await page.locator(`#instance-detail .djs-element.active[data-element-id="Review"]`).waitFor();
    expect(
      await page
        .locator(`#instance-detail .djs-element.completed[data-element-id="Start"]`)
        .count(),
    ).to.equal(1);
    expect(await page.locator('#instance-detail').textContent()).to.contain('batch');
    await screenshot(page, 'operations-7-process-by-hand');
    await expectAccessible(page, 'operations process instance');

    // Filtered by state: none completed yet.
    await page.selectOption('#q-process-state', 'COMPLETED');
    await page.getByText('No instances.').waitFor();
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('says in German what went wrong and what to do, naming the refused field', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = collectPageErrors(page);
    await page.goto(`${h.gatewayUrl}/operations/`);
    await page.click('[data-user="operator"]');
    await page.getByRole('button', { name: 'DE', exact: true }).click();
    await page.click('[data-tab="explorer"]');
    await page.fill('#q-case', 'kein-vorgang');
    await page.click('#search');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.equal(
      'Nicht angenommen: Vorgangsnummer. Bitte prüfen und korrigieren Sie die Angaben.',
    );
    await screenshot(page, 'operations-9-error-de');
    await expectAccessible(page, 'operations error (DE)');
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('shows a new incident and its repair in the incident list as they happen', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = collectPageErrors(page);
    await signIn(page);
    await page.click('[data-tab="incidents"]');
    await page.locator('#panel').locator('table, p.muted').first().waitFor();

    // A partner outage while the page is open: the case's BA call fails past its retries.
    await partnerFaults(h.simulatorsUrl, 'ba', { failureRate: 1 });
    const caseId = await employer.start('ba-approval', zustimmungApplication());
    await eventually(async () => {
      await h.engineClock.advance(60_000);
      return (await employer.status(caseId)).delayedByTechnicalProblem ? true : undefined;
    }, 'the case stuck');
    // No click, no reload: the incident event brings it.
    const entry = page.locator(`[data-case-link="${caseId}"]`);
    await entry.waitFor({ timeout: 10_000 });
    await screenshot(page, 'operations-8-incident-live');

    // Repaired elsewhere (the API): the list drops it by itself.
    await partnerFaults(h.simulatorsUrl, 'ba', { failureRate: 0 });
    const operator = await h.token({ subject: 'ops-live', role: 'operator' });
    const open = await request(h.gatewayUrl)
      .get('/api/v1/incidents')
      .set('authorization', `Bearer ${operator}`);
    const keys = (open.body.incidents as { incidentKey: string; caseId: string }[])
      .filter((i) => i.caseId === caseId)
      .map((i) => i.incidentKey);
    const retried = await request(h.gatewayUrl)
      .post('/api/v1/incidents/retry')
      .set('authorization', `Bearer ${operator}`)
      .send({ incidentKeys: keys });
    expect(retried.status).to.equal(200);
    await entry.waitFor({ state: 'detached', timeout: 10_000 });
    await employer.at(caseId, 'AwaitBaDecision');
    expect(errors, 'errors in the page').to.deep.equal([]);
  });
});
