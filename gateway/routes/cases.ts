import { Router } from 'express';
import { principalOf } from '../auth.js';
import { Problem } from '../problem.js';
import { idempotencyKey } from '../validation.js';
import type { GatewayDeps } from '../deps.js';
import { startCase } from '../use-cases/start-case.js';
import { correlateMessage } from '../use-cases/correlate-message.js';
import { completeTask } from '../use-cases/complete-task.js';
import { getNotice } from '../use-cases/get-notice.js';
import { noticePdf } from '../use-cases/notice-pdf.js';
import { assignTask, unassignTask } from '../use-cases/assign-task.js';
import { getCaseStatus } from '../use-cases/get-case-status.js';
import { listMyCases } from '../use-cases/list-my-cases.js';
import { caseIdParam, language } from './params.js';
import type { Answer, Body } from './api.js';

/** Thin routes: parse the HTTP request, call the use case, shape the HTTP response. */
export function casesRouter(deps: GatewayDeps): Router {
  const router = Router();

  router.post('/procedures/:procedure/cases', async (req, res) => {
    const procedure = deps.procedures.get(String(req.params.procedure));
    if (!procedure) throw Problem.notFound(`No procedure "${req.params.procedure}"`);
    const key = idempotencyKey(req.get('idempotency-key'), true)!;
    const result = await startCase(
      deps,
      principalOf(res.locals),
      procedure,
      key,
      req.body as Record<string, unknown>,
      { testCase: req.get('test-case') === 'true' },
    );
    res.locals.caseId = result.caseId; // for the audit trail
    res
      .status(result.replayed ? 200 : 201)
      .set({
        location: `/api/v1/cases/${result.caseId}`,
        ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
      })
      .json({
        caseId: result.caseId,
        procedure: result.procedure,
        processInstanceKey: result.processInstanceKey,
        status: `/api/v1/cases/${result.caseId}`,
        // Every procedure's start answers the one CaseCreated.
      } satisfies Answer<'start-ba-approval', 201>);
  });

  router.get('/cases', async (req, res) => {
    const lang = language(req);
    const cases = await listMyCases(deps, principalOf(res.locals), lang);
    res.set('content-language', lang).json({ cases } satisfies Answer<'list-my-cases'>);
  });

  router.get('/cases/:caseId', async (req, res) => {
    const lang = language(req);
    const status = await getCaseStatus(deps, principalOf(res.locals), caseIdParam(req), lang);
    res.set('content-language', lang).json(status satisfies Answer<'get-case-status'>);
  });

  router.post('/cases/:caseId/messages/:messageName', async (req, res) => {
    const key = idempotencyKey(req.get('idempotency-key'), false);
    const result = await correlateMessage(
      deps,
      principalOf(res.locals),
      caseIdParam(req),
      String(req.params.messageName),
      key,
      req.body,
    );
    res
      .status(202)
      .set(result.replayed ? { 'idempotent-replayed': 'true' } : {})
      .json({
        ...result,
        status: `/api/v1/cases/${result.caseId}`,
        // Every message answers the one MessageAccepted.
      } satisfies Answer<'send-ba-zustimmung-decision', 202>);
  });

  router.get('/cases/:caseId/notices/:noticeId', async (req, res) => {
    const lang = language(req);
    const notice = await getNotice(
      deps,
      principalOf(res.locals),
      caseIdParam(req),
      String(req.params.noticeId),
      lang,
    );
    res.set('content-language', lang).json(notice satisfies Answer<'get-notice'>);
  });

  router.get('/cases/:caseId/notices/:noticeId/pdf', async (req, res) => {
    const lang = language(req);
    const notice = await getNotice(
      deps,
      principalOf(res.locals),
      caseIdParam(req),
      String(req.params.noticeId),
      lang,
    );
    const file = `${notice.kind.toLowerCase()}-${notice.reference.replace(/[^\w.-]+/g, '_')}.pdf`;
    res
      .set('content-language', lang)
      .set('content-disposition', `attachment; filename="${file}"`)
      .type('application/pdf')
      .send(await noticePdf(notice, lang));
  });

  router.post('/cases/:caseId/tasks/:taskKey/assignment', async (req, res) => {
    const body = (req.body ?? {}) as Body<'assign-task'>;
    res.json(
      await assignTask(
        deps,
        principalOf(res.locals),
        caseIdParam(req),
        String(req.params.taskKey),
        body.assignee,
      ),
    );
  });

  router.delete('/cases/:caseId/tasks/:taskKey/assignment', async (req, res) => {
    await unassignTask(deps, principalOf(res.locals), caseIdParam(req), String(req.params.taskKey));
    res.status(204).end();
  });

  router.post('/cases/:caseId/tasks/:taskKey/completion', async (req, res) => {
    const result = await completeTask(
      deps,
      principalOf(res.locals),
      caseIdParam(req),
      String(req.params.taskKey),
      req.body as Body<'complete-task'>,
    );
    res.status(200).json({
      ...result,
      status: `/api/v1/cases/${result.caseId}`,
    } satisfies Answer<'complete-task'>);
  });

  return router;
}
