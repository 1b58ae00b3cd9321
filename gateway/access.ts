import type { Procedure, MessageSender } from '../processes/registry.js';
import type { CaseRecord } from './data/cases-store.js';
import type { Principal } from './auth.js';

/**
 * Who may do what with a case, in one place. Denials of visibility answer 404 (a caller
 * must not learn that a case they may not see exists); denials of an action on a visible
 * case answer 403.
 */
export function mayStart(p: Principal, procedure: Procedure): boolean {
  return procedure.startRoles.includes(p.role);
}

/** Whom an application names: its employer and applicant account, and the case it joins. */
export interface StartParties {
  employerId: string | undefined;
  applicantId: string | undefined;
  /** The linked case (e.g. the skilled worker's case a family member joins), one the caller may see. */
  linked: Pick<CaseRecord, 'employerId'> | null;
}

/** The caller's standing grants (`use-cases/standing-grants.ts`), asked only when needed. */
export interface StartGrants {
  actsForOrganisation(organisation: string): Promise<boolean>;
  actsForPerson(person: string): Promise<boolean>;
}

/**
 * Whether the caller, who may start the procedure (`mayStart`), may apply for the parties the
 * application names: the reason if not (403), and the organisation an employer arranges a
 * linked case for.
 */
export async function mayStartFor(
  p: Principal,
  parties: StartParties,
  grants: StartGrants,
): Promise<{ refusal?: string; arrangedBy?: string }> {
  const { employerId, applicantId, linked } = parties;
  // An employer arranges a linked case (the family of its skilled worker) for its own
  // organisation's case; the linked case then belongs to the organisation too.
  const arrangedBy =
    p.role === 'employer' &&
    employerId === undefined &&
    linked?.employerId !== undefined &&
    linked.employerId === p.organisation
      ? linked.employerId
      : undefined;
  if (p.role === 'employer' && employerId !== p.organisation && arrangedBy === undefined)
    return {
      refusal:
        'An employer may only apply for positions of its own organisation (employer.employerId)',
    };
  // An agent acts only in the name of an organisation that granted it.
  if (
    p.role === 'agent' &&
    employerId !== undefined &&
    !(await grants.actsForOrganisation(employerId))
  )
    return {
      refusal:
        'An agent may only apply for an organisation that granted it (employer.employerId; POST /api/v1/grants)',
    };
  if (p.role === 'agent' && applicantId !== undefined && !(await grants.actsForPerson(applicantId)))
    return {
      refusal:
        'An agent may only name the account of a person who granted it (applicant.applicantId; POST /api/v1/grants)',
    };
  // A portal account applies for itself or for a person without an account (a spouse or
  // child); it never names another account.
  if (p.role === 'applicant' && applicantId !== undefined && applicantId !== p.subject)
    return {
      refusal:
        'An applicant may only apply for themselves or for a person without a portal account (applicant.applicantId)',
    };
  return arrangedBy === undefined ? {} : { arrangedBy };
}

export function mayView(p: Principal, c: CaseRecord, procedure: Procedure): boolean {
  switch (p.role) {
    case 'applicant':
      return c.applicantId !== undefined && c.applicantId === p.subject;
    case 'employer':
      return (
        c.createdBy === p.subject || (c.employerId !== undefined && c.employerId === p.organisation)
      );
    case 'agent':
      return c.createdBy === p.subject;
    case 'caseworker':
    case 'partner':
      return p.authority !== undefined && procedure.authorities.includes(p.authority);
    case 'operator':
      return true;
    default:
      return false;
  }
}

export function maySend(p: Principal, senders: MessageSender[]): boolean {
  return senders.some(
    (s) => s.role === p.role && (s.authority === undefined || s.authority === p.authority),
  );
}
