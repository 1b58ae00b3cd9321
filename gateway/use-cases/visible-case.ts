import type { Procedure } from '../../processes/registry.js';
import { mayView } from '../access.js';
import type { Principal } from '../auth.js';
import type { CaseRecord, CasesStore } from '../data/cases-store.js';
import { Problem } from '../problem.js';

/** The case and its procedure, if the caller may see it; otherwise 404 (existence is not revealed). */
export async function visibleCase(
  deps: { cases: CasesStore; procedures: Map<string, Procedure> },
  principal: Principal,
  caseId: string,
): Promise<{ record: CaseRecord; procedure: Procedure }> {
  const record = await deps.cases.get(caseId);
  const procedure = record ? deps.procedures.get(record.procedure) : undefined;
  if (!record || !procedure || !mayView(principal, record, procedure))
    throw Problem.notFound(`No case ${caseId}`);
  return { record, procedure };
}
