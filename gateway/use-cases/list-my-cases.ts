import type { Procedure } from '../../processes/registry.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import { Problem } from '../problem.js';
import type { Language } from './get-case-status.js';

export interface MyCase {
  caseId: string;
  procedure: string;
  title: string;
  createdAt: string;
  linkedCaseId: string | null;
  /** Whom the case is about (the caller is a party: it may see the name). */
  subject: { givenName: string; familyName: string } | null;
  status: string;
}

/**
 * The cases of the calling party (the portal's start page): an applicant's own, an
 * employer's organisation's, an agent's, and those granted to them. Authorities find cases
 * through their task lists, operators through the case explorer.
 */
export async function listMyCases(
  deps: { cases: CasesStore; procedures: Map<string, Procedure> },
  principal: Principal,
  lang: Language,
): Promise<MyCase[]> {
  const { role, subject, organisation } = principal;
  if (role !== 'applicant' && role !== 'employer' && role !== 'agent')
    throw Problem.forbidden('Case lists are for applicants, employers and agents');
  const granted =
    role === 'applicant'
      ? []
      : await deps.cases.grants.casesOf(role, role === 'agent' ? subject : (organisation ?? ''));
  const docs = await deps.cases.listFor(
    {
      createdBy: subject,
      ...(role === 'applicant' ? { applicantId: subject } : {}),
      ...(role === 'employer' && organisation ? { employerId: organisation } : {}),
    },
    granted,
    200,
  );
  return docs.map((d) => ({
    caseId: d._id,
    procedure: d.procedure,
    title: deps.procedures.get(d.procedure)?.title[lang] ?? d.procedure,
    createdAt: d.createdAt.toISOString(),
    linkedCaseId: d.linkedCaseId ?? null,
    subject: d.subject ?? null,
    status: `/api/v1/cases/${d._id}`,
  }));
}
