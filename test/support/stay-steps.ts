import { expect } from 'chai';
import rpExample from '../../processes/residence-permit/examples/application.json' with { type: 'json' };
import type { CaseClient } from './case-client.js';

/**
 * A first residence title on record for this person: the residence-permit procedure through
 * to the grant (BVA asked, the immigration office decides), which records RESIDENCE_TITLE in
 * the once-only evidence. The extension and the settlement permit build on it.
 */
export async function grantFirstTitle(
  cases: CaseClient,
  tokens: { bva: string; abh: string },
  applicant: object,
  route: 'BLUE_CARD_18G' | 'SKILLED_WORKER_DEGREE_18B',
  validUntil: string,
): Promise<string> {
  const caseId = await cases.start('residence-permit', { ...rpExample, applicant, route });
  await cases.at(caseId, 'AwaitSecurityResult');
  const res = await cases.send(tokens.bva, caseId, 'bva-security-result', {
    result: 'NO_CONCERNS',
    bvaReference: `BVA-${caseId.slice(0, 8)}`,
  });
  expect(res.status, JSON.stringify(res.body)).to.equal(202);
  await cases.decide(tokens.abh, caseId, 'DecideResidencePermit', {
    outcome: 'GRANTED',
    abhReference: `ABH-FIRST-${caseId.slice(0, 8)}`,
    validUntil,
  });
  expect((await cases.finished(caseId)).finalStage?.elementId).to.equal('PermitGranted');
  return caseId;
}

/** The day `days` after the engine's now (epoch ms), as an ISO date. */
export const dayAfter = (now: number, days: number) =>
  new Date(now + days * 86_400_000).toISOString().slice(0, 10);

/** The ISO date `months` calendar months after this one, the last day of a shorter month kept (as FEEL adds a period). */
export function monthsAfter(isoDate: string, months: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString().slice(0, 10);
}
