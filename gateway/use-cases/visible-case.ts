import type { Procedure } from '../../processes/registry.js';
import { mayView } from '../access.js';
import type { Principal } from '../auth.js';
import type { CaseRecord, CasesStore } from '../data/cases-store.js';
import { Problem } from '../problem.js';
import type { ProjectionReader } from '../data/projection-reader.js';
import { readableInstances } from '../data-minimisation.js';

/** The case and its procedure, if the caller may see it; otherwise 404 (existence is not revealed). */
export async function visibleCase(
  deps: { cases: CasesStore; procedures: Map<string, Procedure> },
  principal: Principal,
  caseId: string,
): Promise<{ record: CaseRecord; procedure: Procedure }> {
  const record = await deps.cases.get(caseId);
  const procedure = record ? deps.procedures.get(record.procedure) : undefined;
  if (!record || !procedure) throw Problem.notFound(`No case ${caseId}`);
  if (mayView(principal, record, procedure) || (await granted(deps.cases, principal, caseId)))
    return { record, procedure };
  throw Problem.notFound(`No case ${caseId}`);
}

/** An agent (by account) or employer (by organisation) the applicant granted access to. */
function granted(cases: CasesStore, p: Principal, caseId: string): Promise<boolean> {
  if (p.role === 'agent') return cases.grants.has(caseId, 'agent', p.subject);
  if (p.role === 'employer') return cases.grants.has(caseId, 'employer', p.organisation);
  return Promise.resolve(false);
}

/**
 * As `visibleCase`, for reading what the case holds (status, notices, documents): an
 * authority must also take part in it already (`casePart` in data-minimisation.ts).
 */
export async function readableCase(
  deps: {
    cases: CasesStore;
    procedures: Map<string, Procedure>;
    projection: Pick<ProjectionReader, 'caseInstances'>;
  },
  principal: Principal,
  caseId: string,
): Promise<{ record: CaseRecord; procedure: Procedure }> {
  const found = await visibleCase(deps, principal, caseId);
  // Parties and operators read the whole case; only an authority's part needs the instances.
  if (principal.role !== 'caseworker' && principal.role !== 'partner') return found;
  const pik = found.record.processInstanceKey;
  const views = pik ? await deps.projection.caseInstances(pik) : [];
  if (!readableInstances(principal, views, found.procedure, deps.procedures))
    throw Problem.notFound(`No case ${caseId}`);
  return found;
}
