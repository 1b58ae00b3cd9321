import { Router, type Request } from 'express';
import { principalOf } from '../auth.js';
import { language } from './params.js';
import type { GatewayDeps } from '../deps.js';
import { listTasks } from '../use-cases/list-tasks.js';
import { getTask } from '../use-cases/get-task.js';
import type { Answer, Query } from './api.js';

/** The caseworker's task list (the query is checked against the API document first). */
export function tasksRouter(deps: GatewayDeps): Router {
  const router = Router();
  router.get('/tasks', async (req: Request, res) => {
    const q = req.query as Query<'list-tasks'>;
    const lang = language(req);
    const result = await listTasks(
      deps,
      principalOf(res.locals),
      {
        ...(q.procedure ? { procedure: q.procedure } : {}),
        ...(q.caseId ? { caseId: q.caseId } : {}),
        ...(q.candidateGroup ? { candidateGroup: q.candidateGroup } : {}),
        ...(q.assignee ? { assignee: q.assignee } : {}),
        ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
        ...(q.escalated !== undefined ? { escalated: q.escalated } : {}),
        sort: q.sort ?? 'dueDate',
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      },
      lang,
    );
    res.set('content-language', lang).json(result satisfies Answer<'list-tasks'>);
  });
  router.get('/tasks/:taskKey', async (req: Request, res) => {
    const lang = language(req);
    const detail = await getTask(deps, principalOf(res.locals), String(req.params.taskKey), lang);
    res.set('content-language', lang).json(detail satisfies Answer<'get-task'>);
  });
  return router;
}
