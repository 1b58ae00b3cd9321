import { expect } from 'chai';

/**
 * Switches partner simulators' auto-answers over HTTP, as an operator of a test environment
 * would (see simulators/auto-answer.ts): e.g. autoAnswer(url, ['ba', 'bva'], { enabled: true }).
 */
export async function autoAnswer(
  simulatorsUrl: string,
  partners: readonly string[],
  settings: { enabled?: boolean; delayMs?: number; outcome?: string | null },
): Promise<void> {
  for (const name of partners) {
    const res = await fetch(`${simulatorsUrl}/${name}/_sim/auto-answer`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    expect(res.status, `auto-answer settings of ${name}`).to.equal(200);
  }
}

/** Sets a partner simulator's faults (PUT <sim>/_sim/config: latencyMs, failureRate, failNext). */
export async function partnerFaults(
  simulatorsUrl: string,
  partner: string,
  config: { latencyMs?: number; failureRate?: number; failNext?: number },
): Promise<void> {
  const res = await fetch(`${simulatorsUrl}/${partner}/_sim/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(config),
  });
  expect(res.status, `fault settings of ${partner}`).to.equal(200);
}
