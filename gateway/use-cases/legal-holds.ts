import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import type { LegalHold, PersonalDataStore } from '../data/personal-data-store.js';
import { Problem } from '../problem.js';
import { readableCase } from './visible-case.js';

/**
 * Legal holds: a caseworker of an authority taking part in a case stops its erasure (a
 * running appeal, a court order) and releases it again; the person, their agent and the
 * authorities of the case see the holds. Erasure resumes at the next run after the last
 * hold is released (privacy/erasure.ts).
 */
type Deps = GatewayDeps & { personalData: PersonalDataStore };

function caseworkerAuthority(principal: Principal): string {
  if (principal.role !== 'caseworker' || !principal.authority)
    throw Problem.forbidden(
      'Only a caseworker of an authority taking part places or releases a hold',
    );
  return principal.authority;
}

export async function placeLegalHold(
  deps: Deps,
  principal: Principal,
  caseId: string,
  reason: string,
): Promise<LegalHold> {
  const authority = caseworkerAuthority(principal);
  await readableCase(deps, principal, caseId);
  return deps.personalData.placeHold({
    id: randomUUID(),
    caseId,
    reason,
    authority,
    placedBy: principal.subject,
  });
}

export async function listLegalHolds(
  deps: Deps,
  principal: Principal,
  caseId: string,
): Promise<LegalHold[]> {
  if (!['applicant', 'agent', 'caseworker'].includes(principal.role))
    throw Problem.forbidden('Holds are shown to the person, their agent and the authorities');
  await readableCase(deps, principal, caseId);
  return deps.personalData.legalHolds(caseId);
}

export async function releaseLegalHold(
  deps: Deps,
  principal: Principal,
  caseId: string,
  holdId: string,
): Promise<LegalHold> {
  const authority = caseworkerAuthority(principal);
  await readableCase(deps, principal, caseId);
  const hold = (await deps.personalData.legalHolds(caseId)).find((h) => h.holdId === holdId);
  if (!hold) throw Problem.notFound(`No legal hold ${holdId} in case ${caseId}`);
  if (hold.authority !== authority)
    throw Problem.forbidden(`The hold was placed by ${hold.authority}: only it releases it`);
  return (await deps.personalData.releaseHold(caseId, holdId, principal.subject))!;
}
