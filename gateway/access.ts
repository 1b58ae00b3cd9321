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
