import type { Logger } from '../../common/logger.js';
import type { Engine } from '../data/engine.js';
import { procedureForProcess, type Procedure } from '../../processes/registry.js';
import type { InstanceView } from '../../read-model/instance-view.js';
import { caseIdOf } from '../../read-model/instance-view.js';
import type { KpiReport } from '../../monitoring/kpis.js';
import type { Principal } from '../auth.js';
import { projectionNow, type ProjectionReader } from '../data/projection-reader.js';
import type { CaseFactsReader } from '../data/case-facts-reader.js';
import type { CasesStore } from '../data/cases-store.js';
import { Problem } from '../problem.js';

/**
 * What operators do: see incidents (a job that failed past its retries, an expression that
 * could not be evaluated), with the case context an operator may see (steps, not personal
 * data), and retry after the cause is fixed — one or many at once. A partner outage shows
 * up here as incidents on the jobs that called it; the case waits, it is not lost.
 */
type Deps = {
  projection: ProjectionReader;
  procedures: Map<string, Procedure>;
  engine: Engine;
  facts: CaseFactsReader;
  log: Logger;
};

export function requireOperator(p: Principal, alsoProcessOwners = false): void {
  if (p.role === 'operator' || (alsoProcessOwners && p.role === 'process-owner')) return;
  throw Problem.forbidden('For operators');
}

export interface IncidentItem {
  incidentKey: string;
  caseId: string | null;
  processInstanceKey: string;
  procedure: string | null;
  elementId: string;
  step: string;
  errorType: string;
  errorMessage: string;
  jobKey: string | null;
  createdAt: string | null;
  ageMinutes: number | null;
}

function items(
  views: InstanceView[],
  procedures: Map<string, Procedure>,
  now: number,
): (IncidentItem & { engineIncidentType: string })[] {
  return views.flatMap((view) => {
    const procedure = procedureForProcess(procedures, view.bpmnProcessId);
    return Object.entries(view.incidents)
      .filter(([, i]) => i.state === 'OPEN')
      .map(([key, i]) => ({
        incidentKey: key,
        caseId: caseIdOf(view) ?? null,
        processInstanceKey: view._id,
        procedure: procedure?.procedure ?? null,
        elementId: i.elementId,
        step: procedure?.stages[i.elementId]?.en ?? i.elementId,
        errorType: i.errorType,
        errorMessage: i.errorMessage,
        jobKey: i.jobKey === '-1' ? null : i.jobKey,
        engineIncidentType: i.engineIncidentType ?? '',
        createdAt: i.createdAt ? new Date(i.createdAt).toISOString() : null,
        // Against the engine's time where it runs ahead of the wall clock (a moved test
        // clock): an incident is never younger than 0 minutes.
        ageMinutes: i.createdAt
          ? Math.max(
              0,
              Math.floor(
                (Math.max(now, projectionNow([view])) - new Date(i.createdAt).getTime()) / 60_000,
              ),
            )
          : null,
      }));
  });
}

export async function listIncidents(
  deps: Deps,
  principal: Principal,
  filter: { procedure?: string; errorType?: string; minAgeMinutes?: number },
  now = Date.now(),
): Promise<IncidentItem[]> {
  requireOperator(principal);
  return items(await deps.projection.withOpenIncidents(), deps.procedures, now)
    .map(({ engineIncidentType: _, ...item }) => item)
    .filter(
      (i) =>
        (filter.procedure === undefined || i.procedure === filter.procedure) &&
        (filter.errorType === undefined || i.errorType === filter.errorType) &&
        (filter.minAgeMinutes === undefined || (i.ageMinutes ?? 0) >= filter.minAgeMinutes),
    )
    .sort((a, b) => ((a.createdAt ?? '') < (b.createdAt ?? '') ? -1 : 1));
}

/**
 * Retries incidents: the failed external task (or job) gets its retries back, which resolves
 * the incident and lets the engine run it again; an incident without one cannot be retried
 * this way and is reported as not retried. One result per key, in order; an unknown or
 * already resolved key is reported as not retried. The open incidents are read once.
 */
export async function retryIncidents(
  deps: Deps,
  principal: Principal,
  incidentKeys: string[],
  retries = 3,
): Promise<{ incidentKey: string; open: boolean; retried: boolean; reason?: string }[]> {
  requireOperator(principal);
  const open = new Map(
    items(await deps.projection.withOpenIncidents(), deps.procedures, Date.now()).map((i) => [
      i.incidentKey,
      i,
    ]),
  );
  const results = [];
  for (const incidentKey of incidentKeys) {
    const incident = open.get(incidentKey);
    if (!incident) {
      results.push({
        incidentKey,
        open: false,
        retried: false,
        reason: `No open incident ${incidentKey}`,
      });
      continue;
    }
    try {
      // Giving the failed external task (or job) its retries back resolves the incident; an
      // incident without one (none in our models today) cannot be retried this way.
      if (!incident.jobKey) throw new Error('the incident has no task or job to run again');
      await deps.engine.retryIncident(incident.engineIncidentType, incident.jobKey, retries);
    } catch (err) {
      const reason = (err as Error).message;
      deps.log.warn('incident retry refused by the engine', { incidentKey, reason });
      results.push({ incidentKey, open: true, retried: false, reason });
      continue;
    }
    deps.log.info('incident retried', {
      incidentKey,
      by: principal.subject,
      caseId: incident.caseId,
    });
    results.push({ incidentKey, open: true, retried: true });
  }
  return results;
}

/**
 * The KPI report, aggregated by the database from the cases' facts (definitions in
 * monitoring/kpis.ts).
 */
export async function kpis(deps: Deps, principal: Principal): Promise<KpiReport> {
  requireOperator(principal, true);
  return deps.facts.kpis(deps.procedures);
}

export interface ExplorerHit {
  caseId: string;
  procedure: string | null;
  state: string;
  startedAt: string | null;
  endedAt: string | null;
  openIncidents: number;
}

/**
 * The case explorer's search: by case id, by the applicant's account reference, by state
 * (ACTIVE, COMPLETED, TERMINATED, or INCIDENT for cases with an open incident), by
 * procedure. From the cases' facts (an indexed query), newest first.
 */
export async function searchCases(
  deps: Deps & { cases: CasesStore },
  principal: Principal,
  q: { caseId?: string; applicantId?: string; state?: string; procedure?: string; limit: number },
): Promise<ExplorerHit[]> {
  requireOperator(principal);
  const hits = await deps.facts.search({
    ...(q.caseId ? { caseId: q.caseId } : {}),
    ...(q.applicantId ? { caseIds: await deps.cases.idsOfApplicant(q.applicantId) } : {}),
    ...(q.state ? { state: q.state } : {}),
    ...(q.procedure ? { procedure: q.procedure } : {}),
    limit: q.limit,
  });
  const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : null);
  return hits.map((h) => ({ ...h, startedAt: iso(h.startedAt), endedAt: iso(h.endedAt) }));
}
