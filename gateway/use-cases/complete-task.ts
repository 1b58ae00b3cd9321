import { worksGroup } from '../../common/candidate-groups.js';
import type { Logger } from '../../common/logger.js';
import { taskContract, type Procedure } from '../../processes/registry.js';
import { own } from '../../common/own.js';
import type { UserTaskView } from '../../read-model/instance-view.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import type { ProjectionReader } from '../data/projection-reader.js';
import { Problem } from '../problem.js';
import { assertValid } from '../validation.js';
import { visibleCase } from './visible-case.js';
import type { Engine } from '../data/engine.js';

export interface CompleteTaskResult {
  caseId: string;
  taskKey: string;
  elementId: string;
}

/**
 * A caseworker completes a user task of a case with the result of its form. Only a
 * caseworker of the task's authority (its candidate group) may; the result must match the
 * task's schema; a task that is no longer open (completed by a colleague, cancelled by a
 * deadline) is a 409. The engine decides which completion wins: two caseworkers never
 * both complete one task.
 */
export async function completeTask(
  deps: {
    cases: CasesStore;
    projection: ProjectionReader;
    procedures: Map<string, Procedure>;
    engine: Engine;
    log: Logger;
  },
  principal: Principal,
  caseId: string,
  taskKey: string,
  body: unknown,
): Promise<CompleteTaskResult> {
  if (principal.role !== 'caseworker') throw Problem.forbidden('Only caseworkers complete tasks');
  const { task, bpmnProcessId } = await caseworkersTask(deps, principal, caseId, taskKey);
  const contract = taskContract(deps.procedures, bpmnProcessId, task.elementId);
  if (!contract) throw new Error(`no task contract for ${bpmnProcessId}/${task.elementId}`);
  if (task.state !== 'OPEN')
    throw Problem.conflict('task-not-open', `Task ${taskKey} is ${task.state.toLowerCase()}`);
  // A task someone has claimed is theirs to finish (unclaimed tasks may be completed directly;
  // the engine is asked again right before completing).
  if (task.assignee !== null && task.assignee !== principal.subject)
    throw Problem.conflict('task-taken', `Task ${taskKey} is assigned to ${task.assignee}`);
  assertValid(contract.schema, body, `The result of task ${task.elementId}`);

  let completed: 'done' | 'taken' | 'gone';
  try {
    completed = await deps.engine.completeTaskAs(taskKey, principal.subject, {
      [contract.variable]: body,
    });
  } catch (err) {
    deps.log.error('engine did not take the task completion', {
      caseId,
      taskKey,
      error: (err as Error).message,
    });
    throw Problem.unavailable('The process engine is not reachable; try again.', 5);
  }
  if (completed === 'taken')
    throw Problem.conflict('task-taken', `Task ${taskKey} is assigned to a colleague`);
  if (completed === 'gone')
    throw Problem.conflict('task-not-open', `Task ${taskKey} was already completed or cancelled`);
  deps.log.info('task completed', {
    caseId,
    taskKey,
    elementId: task.elementId,
    by: principal.subject,
  });
  return { caseId, taskKey, elementId: task.elementId };
}

/** A user task of the case that the caller's authority works; others are not revealed (404). */
export async function caseworkersTask(
  deps: { cases: CasesStore; projection: ProjectionReader; procedures: Map<string, Procedure> },
  principal: Principal,
  caseId: string,
  taskKey: string,
): Promise<{ task: UserTaskView; bpmnProcessId: string }> {
  const { record } = await visibleCase(deps, principal, caseId);
  const views = record.processInstanceKey
    ? await deps.projection.caseInstances(record.processInstanceKey)
    : [];
  for (const view of views) {
    const task = own(view.userTasks ?? {}, taskKey);
    if (task && task.candidateGroups.some((g) => worksGroup(principal, g)))
      return { task, bpmnProcessId: view.bpmnProcessId };
  }
  throw Problem.notFound(`No task ${taskKey} in case ${caseId}`);
}
