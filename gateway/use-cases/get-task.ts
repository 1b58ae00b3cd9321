import { formFor, type FormSchema } from '../../forms/forms.js';
import { taskContract, type Procedure } from '../../processes/registry.js';
import type { TaskInboxStore } from '../../read-model/task-inbox.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import type { ProjectionReader } from '../data/projection-reader.js';
import { caseFileFor } from '../data-minimisation.js';
import { Problem } from '../problem.js';
import type { Language } from './get-case-status.js';
import { toTaskListItem, type TaskListItem } from './list-tasks.js';
import { visibleCase } from './visible-case.js';

export interface TaskDetail {
  task: TaskListItem;
  /** The variable the form's result is completed into (the form groups its fields under it). */
  variable: string;
  /** The task's form (form-js), in the caller's language. */
  form: FormSchema;
  /** The application's data, only the fields the caller's authority needs. */
  caseFile: Record<string, unknown>;
}

/**
 * One open task of the caller's authority with what a caseworker needs to work it: the form
 * and the case file. Tasks of other authorities, or no longer open, are not revealed (404).
 * Status, history, notices and documents of the case come from the case endpoints, each
 * minimised for the caller there.
 */
export async function getTask(
  deps: {
    inboxes: Pick<TaskInboxStore, 'get'>;
    cases: CasesStore;
    projection: ProjectionReader;
    procedures: Map<string, Procedure>;
  },
  principal: Principal,
  taskKey: string,
  lang: Language,
  now = new Date(),
): Promise<TaskDetail> {
  if (principal.role !== 'caseworker' || !principal.authority)
    throw Problem.forbidden('Tasks are for caseworkers of an authority');
  const inboxTask = await deps.inboxes.get(
    { authority: principal.authority, office: principal.office },
    taskKey,
  );
  if (!inboxTask?.caseId) throw Problem.notFound(`No open task ${taskKey} for your authority`);
  const { record } = await visibleCase(deps, principal, inboxTask.caseId);
  const contract = taskContract(deps.procedures, inboxTask.bpmnProcessId, inboxTask.elementId);
  const form = contract ? formFor(contract.form, lang) : undefined;
  if (!contract || !form)
    throw new Error(`no form for ${inboxTask.bpmnProcessId}/${inboxTask.elementId}`);

  // The case's data as the task's own instance has it, over what the case started with.
  const views = record.processInstanceKey
    ? await deps.projection.caseInstances(record.processInstanceKey)
    : [];
  // Variable names are data: no prototype, so a variable named __proto__ is just a name.
  const variables = Object.create(null) as Record<string, unknown>;
  for (const view of [views[0], views.find((v) => v._id === inboxTask.processInstanceKey)])
    for (const v of view?.variables ?? []) variables[v.name] = v.value;

  return {
    task: toTaskListItem(inboxTask, deps.procedures, lang, now),
    variable: contract.variable,
    form,
    caseFile: caseFileFor(principal, variables),
  };
}
