import type { Procedure } from '../../processes/registry.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import { grantId, type Grant } from '../data/grants-store.js';
import { Problem } from '../problem.js';
import { visibleCase } from './visible-case.js';

/**
 * The applicant decides who else may see and act on their case: an agent (their account)
 * or an employer (an organisation). Only the applicant grants and revokes; grants are listed
 * to the parties.
 */
type Deps = { cases: CasesStore; procedures: Map<string, Procedure> };

export interface GrantView {
  grantId: string;
  role: 'agent' | 'employer';
  grantee: string;
  grantedAt: string;
}

const view = (g: Grant): GrantView => ({
  grantId: g._id,
  role: g.role,
  grantee: g.grantee,
  grantedAt: g.grantedAt.toISOString(),
});

async function ownCase(deps: Deps, principal: Principal, caseId: string) {
  const { record } = await visibleCase(deps, principal, caseId);
  if (principal.role !== 'applicant' || record.applicantId !== principal.subject)
    throw Problem.forbidden('Only the applicant grants or revokes access to their case');
}

export async function grantAccess(
  deps: Deps,
  principal: Principal,
  caseId: string,
  body: { role: 'agent' | 'employer'; grantee: string },
): Promise<{ grant: GrantView; created: boolean }> {
  await ownCase(deps, principal, caseId);
  const { grant, created } = await deps.cases.grants.grant({
    caseId,
    role: body.role,
    grantee: body.grantee,
    grantedBy: principal.subject,
    grantedAt: new Date(),
  });
  return { grant: view(grant), created };
}

export async function listGrants(deps: Deps, principal: Principal, caseId: string) {
  await visibleCase(deps, principal, caseId);
  if (!['applicant', 'employer', 'agent'].includes(principal.role))
    throw Problem.forbidden('Grants are shown to the parties of the case');
  return (await deps.cases.grants.list(caseId)).map(view);
}

export async function revokeGrant(
  deps: Deps,
  principal: Principal,
  caseId: string,
  id: string,
): Promise<void> {
  await ownCase(deps, principal, caseId);
  const [grantCase, role, ...rest] = id.split(':');
  if (grantCase !== caseId || id !== grantId(caseId, String(role), rest.join(':')))
    throw Problem.notFound(`No grant ${id}`);
  if (!(await deps.cases.grants.revoke(id))) throw Problem.notFound(`No grant ${id}`);
}
