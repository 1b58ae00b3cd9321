import type { Logger } from '../../common/logger.js';
import type { Procedure } from '../../processes/registry.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import type { ProjectionReader } from '../data/projection-reader.js';
import { Problem } from '../problem.js';
import { caseworkersTask } from './complete-task.js';
import type { Engine } from '../data/engine.js';
import { engineCall } from './engine-call.js';

/**
 * Claiming, assigning and giving back a user task. A caseworker claims an unassigned task for
 * themselves (a task someone already has is a 409); naming a colleague assigns it to them;
 * only the current assignee gives a task back. The engine is the judge of concurrent claims.
 */
type Deps = {
  cases: CasesStore;
  projection: ProjectionReader;
  procedures: Map<string, Procedure>;
  engine: Engine;
  log: Logger;
};

export async function assignTask(
  deps: Deps,
  principal: Principal,
  caseId: string,
  taskKey: string,
  assignee: string | undefined,
): Promise<{ taskKey: string; assignee: string }> {
  if (principal.role !== 'caseworker') throw Problem.forbidden('Only caseworkers take tasks');
  const { task } = await caseworkersTask(deps, principal, caseId, taskKey);
  if (task.state !== 'OPEN')
    throw Problem.conflict('task-not-open', `Task ${taskKey} is ${task.state.toLowerCase()}`);
  const who = assignee ?? principal.subject;
  const claim = who === principal.subject;
  const result = await engineCall(deps, 'assignment', () =>
    deps.engine.assignTask(taskKey, who, claim),
  );
  if (result === 'taken')
    throw Problem.conflict('task-taken', `Task ${taskKey} is already assigned to someone else`);
  if (result === 'gone') throw Problem.conflict('task-not-open', `Task ${taskKey} is done`);
  return { taskKey, assignee: who };
}

export async function unassignTask(
  deps: Deps,
  principal: Principal,
  caseId: string,
  taskKey: string,
): Promise<void> {
  if (principal.role !== 'caseworker') throw Problem.forbidden('Only caseworkers give tasks back');
  const { task } = await caseworkersTask(deps, principal, caseId, taskKey);
  if (task.assignee !== principal.subject)
    throw Problem.forbidden('Only the caseworker who has the task gives it back');
  if (!(await engineCall(deps, 'unassignment', () => deps.engine.unassignTask(taskKey))))
    throw Problem.conflict('task-not-open', `Task ${taskKey} is done`);
}
