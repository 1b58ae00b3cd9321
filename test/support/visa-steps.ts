import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { CaseClient } from './case-client.js';
import { visaValidity, type EngineClock } from './engine-clock.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Drives a visa procedure (a case's own, or the one a family case calls) to the mission's
 * decision, as the mission and the BVA would: lodged, no security concerns, decided. A granted
 * visa holds for a year from the engine's now, or for `validForDays`.
 */
export async function throughVisa(
  cases: CaseClient,
  /** `abh`: the immigration office consents where the visa asks it to (§31 AufenthV). */
  tokens: { mission: string; bva: string; abh?: string },
  clock: EngineClock,
  caseId: string,
  outcome: 'GRANTED' | 'REFUSED',
  validForDays?: number,
): Promise<void> {
  const send = async (token: string, message: string, payload: object) => {
    const res = await cases.send(token, caseId, message, payload);
    expect(res.status, `${message}: ${JSON.stringify(res.body)}`).to.equal(202);
  };
  await cases.at(caseId, 'AwaitApplicationLodged');
  await send(tokens.mission, 'visa-application-lodged', {
    missionReference: `NDL-${randomUUID().slice(0, 6)}`,
    biometricsCaptured: true,
  });
  await cases.at(caseId, 'AwaitSecurityResult');
  await send(tokens.bva, 'bva-security-result', {
    result: 'NO_CONCERNS',
    bvaReference: `BVA-${randomUUID().slice(0, 6)}`,
  });
  if (tokens.abh) {
    const next = await cases.until(caseId, 'the visa decision or the consent', (s) =>
      s.currentStages.some(
        (c) => c.elementId === 'AwaitVisaDecision' || c.elementId === 'DecideVisaConsent',
      ),
    );
    if (next.currentStages.some((c) => c.elementId === 'DecideVisaConsent'))
      await cases.decide(tokens.abh, caseId, 'DecideVisaConsent', {
        outcome: 'GRANTED',
        abhReference: `ABH-${randomUUID().slice(0, 6)}`,
      });
  }
  await cases.at(caseId, 'AwaitVisaDecision');
  const validity = await visaValidity(clock);
  if (validForDays !== undefined)
    validity.validUntil = new Date((await clock.now()) + validForDays * DAY)
      .toISOString()
      .slice(0, 10);
  await send(tokens.mission, 'visa-decision', {
    outcome,
    missionReference: `NDL-${randomUUID().slice(0, 6)}`,
    ...(outcome === 'GRANTED' ? validity : {}),
  });
}
