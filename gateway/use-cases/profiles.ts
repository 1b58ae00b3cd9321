import type { Procedure } from '../../processes/registry.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import type { Profile } from '../data/profiles-store.js';
import { Problem } from '../problem.js';
import { actsForPerson } from './standing-grants.js';

/** An applicant's once-only profile, as GET /api/v1/profile answers it. */
export interface ProfileView {
  person: Person;
  travelDocument: NonNullable<Profile['travelDocument']> | null;
  fromCaseId: string;
  since: string;
}

type Person = Profile['person'];

/** The caller's profile: only an applicant has one (403), kept from their first application (404 before). */
export async function getProfile(
  deps: { cases: CasesStore },
  principal: Principal,
): Promise<ProfileView> {
  if (principal.role !== 'applicant') throw Problem.forbidden('Only an applicant has a profile');
  const profile = await deps.cases.profiles.get(principal.subject);
  if (!profile) throw Problem.notFound('No profile yet: it is kept from the first application');
  return {
    person: profile.person,
    travelDocument: profile.travelDocument ?? null,
    fromCaseId: profile.fromCaseId,
    since: profile.since.toISOString(),
  };
}

/**
 * The person's data under their account, the first time an application gives it: only from
 * the person's own application or one of a party they granted (never from an employer or
 * agent that merely names their account).
 */
export async function rememberProfile(
  cases: CasesStore,
  caseId: string,
  principal: Principal,
  body: Record<string, unknown>,
): Promise<void> {
  const applicant = body.applicant as (Partial<Person> & { applicantId?: string }) | undefined;
  const account = principal.role === 'applicant' ? principal.subject : applicant?.applicantId;
  if (!account || !applicant?.givenName || !applicant.familyName) return;
  if (!(await actsForPerson(cases, principal, account))) return;
  const { givenName, familyName, dateOfBirth, nationality } = applicant as Person;
  const travelDocument = body.travelDocument as { number: string; expiresOn: string } | undefined;
  await cases.profiles.remember({
    _id: account,
    person: { givenName, familyName, dateOfBirth, nationality },
    ...(travelDocument ? { travelDocument } : {}),
    fromCaseId: caseId,
    since: new Date(),
  });
}

/**
 * Once-only for an applicant with a profile: an application may leave out `applicant` (and
 * `travelDocument`, where the procedure has one); they are filled in from the profile
 * before the application is checked.
 */
export async function completeFromProfile(
  cases: CasesStore,
  principal: Principal,
  procedure: Procedure,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const properties = (procedure.startSchema as { properties?: Record<string, unknown> }).properties;
  // Only a procedure that asks for the applicant (not, say, a correction request).
  if (principal.role !== 'applicant' || body.applicant !== undefined || !properties?.applicant)
    return body;
  const profile = await cases.profiles.get(principal.subject);
  if (!profile) return body;
  return {
    ...body,
    applicant: { applicantId: principal.subject, ...profile.person },
    ...(properties?.travelDocument && body.travelDocument === undefined && profile.travelDocument
      ? { travelDocument: profile.travelDocument }
      : {}),
  };
}
