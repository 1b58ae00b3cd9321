import { componentName, type ProcedureContracts } from '../contracts.js';
import { acceptLanguage, caseIdParam } from '../components.js';
import { ENGINE_ID } from '../ids.js';
import {
  closedObject,
  dateTime,
  filterText,
  json,
  jsonBody,
  matching,
  nullable,
  pathParam,
  pageLimit,
  queryCount,
  queryFlag,
  problems,
  queryParam,
  ref,
  str,
  uuid,
  type Paths,
  type Schema,
} from '../helpers.js';

const tags = ['tasks'];

/** An open user task as the task list and the task itself show it: one component. */
export const taskSchemas: Record<string, Schema> = {
  Task: closedObject(
    [
      'taskKey',
      'caseId',
      'procedure',
      'elementId',
      'label',
      'form',
      'assignee',
      'dueAt',
      'followUpAt',
      'createdAt',
      'overdue',
      'escalatesAt',
      'escalatedAt',
      'candidateGroups',
    ],
    {
      taskKey: matching(ENGINE_ID),
      caseId: nullable(uuid),
      procedure: nullable(str),
      elementId: str,
      label: str,
      form: nullable(str),
      assignee: nullable(str),
      dueAt: nullable(dateTime),
      followUpAt: nullable(dateTime),
      createdAt: dateTime,
      overdue: { type: 'boolean' },
      escalatesAt: nullable(dateTime),
      escalatedAt: nullable(dateTime),
      candidateGroups: {
        type: 'array',
        items: str,
        description:
          'Who may work it: an authority (`ABH`), or one office of it (`ABH/DE-SN-DRESDEN`)',
      },
    },
  ),
};

const taskKeyParam = pathParam('taskKey', matching(ENGINE_ID));

export const taskListPaths: Paths = {
  '/api/v1/tasks': {
    get: {
      operationId: 'list-tasks',
      tags,
      summary: "The open user tasks of the caller's authority (caseworkers)",
      parameters: [
        queryParam('procedure', filterText),
        queryParam('caseId', uuid),
        queryParam('candidateGroup', filterText, {
          description:
            'Only tasks of this candidate group: the authority (`ABH`) or one of its offices (`ABH/DE-SN-DRESDEN`)',
        }),
        queryParam('assignee', filterText, {
          description: "'me', 'unassigned', or a caseworker's account",
        }),
        queryParam('overdue', queryFlag),
        queryParam('escalated', queryFlag, {
          description: 'Only tasks that went to the team lead (true) or did not (false)',
        }),
        queryParam('sort', { enum: ['dueDate', 'createdAt'] }),
        queryParam('limit', pageLimit),
        queryParam('offset', queryCount),
        acceptLanguage,
      ],
      responses: {
        '200': json(
          closedObject(['tasks', 'total'], {
            total: { type: 'integer', minimum: 0 },
            tasks: { type: 'array', items: ref('Task') },
          }),
          'The tasks, due first',
        ),
        ...problems('400', '401', '403', '429', '503'),
      },
    },
  },
};

/** One task, its completion and its assignment. */
export function taskPaths({ procedures }: ProcedureContracts): Paths {
  const taskSchemas = procedures.flatMap((p) =>
    Object.values(p.tasks).map((t) => ref(componentName(t.schema))),
  );
  return {
    '/api/v1/tasks/{taskKey}': {
      get: {
        operationId: 'get-task',
        tags,
        summary: "One open task of the caller's authority, with its form and the case file",
        description:
          "The form (form-js) in the caller's language and the application's data as far as the " +
          'authority needs it. Status, history, notices and documents: the case endpoints.',
        parameters: [taskKeyParam, acceptLanguage],
        responses: {
          '200': json(
            closedObject(['task', 'variable', 'form', 'caseFile'], {
              task: ref('Task'),
              variable: str,
              form: {
                type: 'object',
                required: ['id', 'components'],
                properties: { id: str, components: { type: 'array' } },
              },
              caseFile: { type: 'object' },
            }),
            'The task, its form and the case file',
          ),
          ...problems('401', '403', '404', '429', '503'),
        },
      },
    },
    '/api/v1/cases/{caseId}/tasks/{taskKey}/completion': {
      post: {
        operationId: 'complete-task',
        tags,
        summary: "Complete a caseworker's user task with the result of its form",
        parameters: [caseIdParam, taskKeyParam],
        // Checked against the schema of the task named in the path only, so a refusal
        // names the errors against that schema and none of the other tasks' schemas.
        requestBody: jsonBody({
          type: 'object',
          description:
            "The result of the task's form, checked against that task's own schema (one of `x-task-schemas`; its form: GET /api/v1/tasks/{taskKey})",
          'x-task-schemas': taskSchemas,
        }),
        responses: {
          '200': json(ref('TaskCompleted'), 'Completed'),
          ...problems('400', '401', '403', '404', '409', '413', '415', '429', '503'),
        },
      },
    },
    '/api/v1/cases/{caseId}/tasks/{taskKey}/assignment': {
      post: {
        operationId: 'assign-task',
        tags,
        summary:
          'Claim a task (no assignee: yourself; 409 if someone has it) or assign it to a colleague',
        description:
          'Handing a task to someone else is for its current holder or a team lead (token claim `lead`) of its authority (403 otherwise), and only to a member of one of its candidate groups: a caseworker account of that authority that has signed in (400 naming `/assignee` otherwise). A lead may also take over a task someone has.',
        parameters: [caseIdParam, taskKeyParam],
        requestBody: jsonBody(
          {
            type: 'object',
            additionalProperties: false,
            properties: { assignee: { type: 'string', pattern: '^[A-Za-z0-9._@-]{1,100}$' } },
          },
          false,
        ),
        responses: {
          '200': json(
            closedObject(['taskKey', 'assignee'], { taskKey: str, assignee: str }),
            'Assigned',
          ),
          ...problems('400', '401', '403', '404', '409', '413', '415', '429', '503'),
        },
      },
      delete: {
        operationId: 'unassign-task',
        tags,
        summary: 'Give a task back (its assignee or a team lead only)',
        parameters: [caseIdParam, taskKeyParam],
        responses: {
          '204': { description: 'Unassigned' },
          ...problems('401', '403', '404', '409', '429', '503'),
        },
      },
    },
  };
}
