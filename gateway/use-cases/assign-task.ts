import { groupAuthority } from '../../common/candidate-groups.js';
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
 * themselves (a task someone already has is a 409). Handing a task to someone else is for
 * its current holder or a team lead (`lead` in the token) of the task's authority, and only
 * to a member of one of the task's candidate groups (a caseworker account of that authority
 * the gateway has seen: `data/staff-store.ts`); a lead may also take a task over. Only the
 * holder or a lead gives a task back. The engine is the judge of concurrent claims.
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
  const lead = principal.lead === true;
  // Claiming an unassigned task for oneself: the engine refuses it if someone was first.
  const claim = who === principal.subject && !lead;
  if (!claim) {
    // The assignee as the engine has it now (the read model may be a moment behind).
    const holder = await engineCall(deps, 'assignment', () => deps.engine.taskAssignee(taskKey));
    if (holder === 'gone') throw Problem.conflict('task-not-open', `Task ${taskKey} is done`);
    if (!lead && holder !== principal.subject)
      throw Problem.forbidden(
        'Only the caseworker who has the task, or a team lead, hands it to someone else',
      );
    if (!(await deps.cases.staff.isMember(who, task.candidateGroups.map(groupAuthority))))
      throw Problem.badRequest(`${who} cannot take task ${taskKey}`, [
        {
          field: '/assignee',
          reason: `is not a member of the task's group (${task.candidateGroups.join(', ')})`,
        },
      ]);
  }
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
  if (task.assignee !== principal.subject && principal.lead !== true)
    throw Problem.forbidden('Only the caseworker who has the task, or a team lead, gives it back');
  if (!(await engineCall(deps, 'unassignment', () => deps.engine.unassignTask(taskKey))))
    throw Problem.conflict('task-not-open', `Task ${taskKey} is done`);
}
