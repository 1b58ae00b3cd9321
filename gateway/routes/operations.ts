import { Router } from 'express';
import { principalOf } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import { Problem } from '../problem.js';
import { kpisAsCsv } from '../../monitoring/kpis.js';
import { getCaseStatus } from '../use-cases/get-case-status.js';
import { kpis, listIncidents, retryIncidents, searchCases } from '../use-cases/operations.js';
import { exploreCase } from '../use-cases/explore-case.js';
import {
  exploreProcess,
  exploreProcessInstance,
  listProcesses,
} from '../use-cases/explore-processes.js';
import {
  cancelCase,
  moveInstance,
  setInstanceVariables,
} from '../use-cases/instance-operations.js';
import { caseIdParam, language } from './params.js';
import type { Answer, Body, Query } from './api.js';

/**
 * Operators: incidents (list, detail with case context, retry, bulk retry), the case explorer,
 * correcting an instance's variables, moving its token (instance modification), cancelling a
 * case, and the KPIs.
 */
export function operationsRouter(deps: GatewayDeps): Router {
  const router = Router();
  router.get('/incidents', async (req, res) => {
    const q = req.query as Query<'list-incidents'>;
    res.json({
      incidents: await listIncidents(deps, principalOf(res.locals), {
        ...(q.procedure ? { procedure: q.procedure } : {}),
        ...(q.errorType ? { errorType: q.errorType } : {}),
        ...(q.minAgeMinutes !== undefined ? { minAgeMinutes: q.minAgeMinutes } : {}),
      }),
    } satisfies Answer<'list-incidents'>);
  });
  router.get('/incidents/:incidentKey', async (req, res) => {
    const principal = principalOf(res.locals);
    const incident = (await listIncidents(deps, principal, {})).find(
      (i) => i.incidentKey === req.params.incidentKey,
    );
    if (!incident) throw Problem.notFound(`No open incident ${req.params.incidentKey}`);
    // The case as an operator sees it: where it is and its history, no personal results.
    const status = incident.caseId
      ? await getCaseStatus(deps, principal, incident.caseId, language(req))
      : null;
    res.json({
      ...incident,
      case: status && {
        caseId: status.caseId,
        procedure: status.procedure,
        state: status.state,
        currentStages: status.currentStages,
        history: status.history,
      },
    });
  });
  router.post('/incidents/:incidentKey/retry', async (req, res) => {
    const key = String(req.params.incidentKey);
    const [{ open, ...result }] = (await retryIncidents(deps, principalOf(res.locals), [key])) as [
      Awaited<ReturnType<typeof retryIncidents>>[number],
    ];
    if (!open) throw Problem.notFound(`No open incident ${key}`);
    if (!result.retried)
      throw new Problem(409, 'retry-refused', 'The engine refused the retry', result.reason);
    res.json(result);
  });
  router.post('/incidents/retry', async (req, res) => {
    const keys = (req.body as Body<'retry-incidents'>).incidentKeys;
    const results = await retryIncidents(deps, principalOf(res.locals), keys);
    res.json({ results: results.map(({ open: _open, ...r }) => r) });
  });
  router.get('/operations/cases', async (req, res) => {
    const q = req.query as Query<'search-cases'>;
    res.json({
      cases: await searchCases(deps, principalOf(res.locals), {
        ...(q.caseId ? { caseId: q.caseId } : {}),
        ...(q.applicantId ? { applicantId: q.applicantId } : {}),
        ...(q.state ? { state: q.state } : {}),
        ...(q.procedure ? { procedure: q.procedure } : {}),
        limit: q.limit ?? 50,
      }),
    } satisfies Answer<'search-cases'>);
  });
  router.get('/operations/cases/:caseId', async (req, res) => {
    res.json(await exploreCase(deps, principalOf(res.locals), caseIdParam(req), language(req)));
  });
  router.get('/operations/processes', async (_req, res) => {
    res.json({
      processes: await listProcesses(deps, principalOf(res.locals)),
    } satisfies Answer<'list-processes'>);
  });
  router.get('/operations/processes/:processId', async (req, res) => {
    const q = req.query as Query<'explore-process'>;
    res.json(
      (await exploreProcess(deps, principalOf(res.locals), String(req.params.processId), {
        ...(q.state ? { state: q.state } : {}),
        limit: q.limit ?? 50,
      })) satisfies Answer<'explore-process'>,
    );
  });
  router.get('/operations/process-instances/:processInstanceKey', async (req, res) => {
    res.json(
      await exploreProcessInstance(
        deps,
        principalOf(res.locals),
        String(req.params.processInstanceKey),
      ),
    );
  });
  router.put('/operations/cases/:caseId/variables', async (req, res) => {
    res.json(await setInstanceVariables(deps, principalOf(res.locals), caseIdParam(req), req.body));
  });
  router.post('/operations/cases/:caseId/modification', async (req, res) => {
    const body = req.body as Body<'move-instance'>;
    res.json(
      (await moveInstance(
        deps,
        principalOf(res.locals),
        caseIdParam(req),
        body,
      )) satisfies Answer<'move-instance'>,
    );
  });
  router.post('/operations/cases/:caseId/cancellation', async (req, res) => {
    const { reason } = req.body as Body<'cancel-case'>;
    res.json(await cancelCase(deps, principalOf(res.locals), caseIdParam(req), reason));
  });
  router.get('/kpis', async (req, res) => {
    const report = await kpis(deps, principalOf(res.locals));
    if (req.query.format === 'csv')
      return void res
        .type('text/csv')
        .set('content-disposition', 'attachment; filename="wsa-kpis.csv"')
        .send(kpisAsCsv(report));
    res.json(report);
  });
  return router;
}
