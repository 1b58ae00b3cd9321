import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import type { StandingGrant } from '../data/grants-store.js';
import { Problem } from '../problem.js';

/**
 * Standing grants, beyond one case: an organisation (any of its employer accounts) lets an
 * agent act in its name; a person (their applicant account) lets an agent or an employer act
 * for them. An agent starts a case only in the name of organisations and persons that granted
 * it; a person's once-only profile is written only by them or a party they granted.
 */
type Deps = { cases: CasesStore };

export interface StandingGrantView {
  grantId: string;
  grantorKind: 'organisation' | 'person';
  grantor: string;
  role: 'agent' | 'employer';
  grantee: string;
  grantedAt: string;
}

const view = (g: StandingGrant): StandingGrantView => ({
  grantId: g._id,
  grantorKind: g.grantorKind,
  grantor: g.grantor,
  role: g.role,
  grantee: g.grantee,
  grantedAt: g.grantedAt.toISOString(),
});

/** Whose grants the caller gives: an employer its organisation's, an applicant their own. */
function grantorOf(p: Principal): { grantorKind: StandingGrant['grantorKind']; grantor: string } {
  if (p.role === 'employer' && p.organisation)
    return { grantorKind: 'organisation', grantor: p.organisation };
  if (p.role === 'applicant') return { grantorKind: 'person', grantor: p.subject };
  throw Problem.forbidden('Only an employer (for its organisation) or an applicant grants');
}

export async function grantStanding(
  deps: Deps,
  principal: Principal,
  body: { role: 'agent' | 'employer'; grantee: string },
): Promise<{ grant: StandingGrantView; created: boolean }> {
  const grantor = grantorOf(principal);
  if (grantor.grantorKind === 'organisation' && body.role !== 'agent')
    throw Problem.badRequest('An organisation grants agents only', [
      { field: '/role', reason: 'must be agent for an organisation' },
    ]);
  const { grant, created } = await deps.cases.standingGrants.grant({
    _id: randomUUID(),
    ...grantor,
    role: body.role,
    grantee: body.grantee,
    grantedBy: principal.subject,
    grantedAt: new Date(),
  });
  return { grant: view(grant), created };
}

/** Employers and applicants: the grants they gave; agents: the grants they hold. */
export async function listStanding(deps: Deps, principal: Principal) {
  const grants =
    principal.role === 'agent'
      ? await deps.cases.standingGrants.list({ asGrantee: principal.subject })
      : await deps.cases.standingGrants.list(grantorOf(principal));
  return grants.map(view);
}

export async function revokeStanding(deps: Deps, principal: Principal, id: string) {
  const { grantorKind, grantor } = grantorOf(principal);
  if (!(await deps.cases.standingGrants.revoke(id, grantorKind, grantor)))
    throw Problem.notFound(`No grant ${id}`);
}

/** Whether the caller may act in the name of this organisation (employer number). */
export function actsForOrganisation(
  cases: CasesStore,
  p: Principal,
  organisation: string,
): Promise<boolean> {
  if (p.role === 'employer') return Promise.resolve(p.organisation === organisation);
  if (p.role === 'agent')
    return cases.standingGrants.has('organisation', organisation, 'agent', p.subject);
  return Promise.resolve(false);
}

/** Whether the caller is this person (account), or an agent or employer the person granted. */
export function actsForPerson(cases: CasesStore, p: Principal, person: string): Promise<boolean> {
  if (p.role === 'applicant') return Promise.resolve(p.subject === person);
  if (p.role === 'agent') return cases.standingGrants.has('person', person, 'agent', p.subject);
  if (p.role === 'employer')
    return cases.standingGrants.has('person', person, 'employer', p.organisation);
  return Promise.resolve(false);
}
