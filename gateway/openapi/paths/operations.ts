import { acceptLanguage, caseIdParam } from '../components.js';
import { ELEMENT_ID_PATTERN, ENGINE_ID } from '../ids.js';
import {
  closedObject,
  dateTime,
  filterText,
  json,
  jsonBody,
  listOf,
  matching,
  nullable,
  pageLimit,
  queryCount,
  pathParam,
  problems,
  queryParam,
  ref,
  str,
  uuid,
  type Paths,
  type Schema,
} from '../helpers.js';

/** Incidents, the case explorer and its repairs, KPIs (operators; KPIs process owners too). */
const tags = ['operations'];

const incident = closedObject(
  [
    'incidentKey',
    'caseId',
    'processInstanceKey',
    'procedure',
    'elementId',
    'step',
    'errorType',
    'errorMessage',
    'jobKey',
    'createdAt',
    'ageMinutes',
  ],
  {
    incidentKey: str,
    caseId: nullable(str),
    processInstanceKey: str,
    procedure: nullable(str),
    elementId: str,
    step: str,
    errorType: str,
    errorMessage: str,
    jobKey: nullable(str),
    createdAt: nullable(dateTime),
    ageMinutes: nullable({ type: 'integer' }),
  },
);
/** The incident with the case context an operator may see. */
const incidentInContext = closedObject([...(incident.required as string[]), 'case'], {
  ...(incident.properties as Record<string, Schema>),
  case: nullable({ type: 'object' }),
});
const incidentKeyParam = pathParam('incidentKey', matching(ENGINE_ID));
/** What a retry did: answered for one incident and for each of many. */
export const operationSchemas: Record<string, Schema> = {
  IncidentRetry: closedObject(['incidentKey', 'retried'], {
    incidentKey: str,
    retried: { type: 'boolean' },
    reason: str,
  }),
};

const incidentPaths: Paths = {
  '/api/v1/incidents': {
    get: {
      operationId: 'list-incidents',
      tags,
      summary: 'Open incidents, oldest first (operators)',
      parameters: [
        queryParam('procedure', filterText),
        queryParam('errorType', filterText),
        queryParam('minAgeMinutes', queryCount),
      ],
      responses: {
        '200': json(listOf('incidents', incident), 'The open incidents'),
        ...problems('400', '401', '403', '429', '503'),
      },
    },
  },
  '/api/v1/incidents/{incidentKey}': {
    get: {
      operationId: 'get-incident',
      tags,
      summary: 'One open incident with the case context an operator may see',
      parameters: [incidentKeyParam],
      responses: {
        '200': json(incidentInContext, 'The incident'),
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
  },
  '/api/v1/incidents/{incidentKey}/retry': {
    post: {
      operationId: 'retry-incident',
      tags,
      summary:
        'Retry after fixing the cause: the job gets retries back and the incident is resolved',
      parameters: [incidentKeyParam],
      responses: {
        '200': json(ref('IncidentRetry'), 'Retried'),
        ...problems('400', '401', '403', '404', '409', '429', '503'),
      },
    },
  },
  '/api/v1/incidents/retry': {
    post: {
      operationId: 'retry-incidents',
      tags,
      summary: 'Retry many incidents at once (e.g. after a partner outage); a result per incident',
      requestBody: jsonBody(
        closedObject(['incidentKeys'], {
          incidentKeys: { type: 'array', minItems: 1, maxItems: 500, items: matching(ENGINE_ID) },
        }),
      ),
      responses: {
        '200': json(listOf('results', ref('IncidentRetry')), 'A result per incident'),
        ...problems('400', '401', '403', '415', '429', '503'),
      },
    },
  },
};

const foundCase = closedObject(
  ['caseId', 'procedure', 'state', 'startedAt', 'endedAt', 'openIncidents'],
  {
    caseId: str,
    procedure: nullable(str),
    state: str,
    startedAt: nullable(dateTime),
    endedAt: nullable(dateTime),
    openIncidents: { type: 'integer', minimum: 0 },
  },
);
/** An input or output of an evaluated decision; `value` only when operators may see it. */
const decisionValue = {
  type: 'object',
  required: ['name', 'hidden'],
  properties: { name: str, value: {}, hidden: { type: 'boolean' } },
};
/** A process instance of the case with its deployed model and where it stands. */
const exploredInstance = {
  type: 'object',
  required: [
    'processInstanceKey',
    'bpmnProcessId',
    'version',
    'state',
    'xml',
    'active',
    'completed',
    'incidents',
    'variables',
    'hiddenVariables',
    'decisions',
  ],
  properties: {
    processInstanceKey: str,
    bpmnProcessId: str,
    version: { type: 'integer' },
    state: str,
    xml: nullable(str),
    active: { type: 'array', items: str },
    completed: { type: 'array', items: str },
    incidents: {
      type: 'array',
      items: {
        type: 'object',
        required: ['elementId', 'errorType', 'errorMessage'],
        properties: { elementId: str, errorType: str, errorMessage: str },
      },
    },
    variables: { type: 'object' },
    hiddenVariables: { type: 'array', items: str },
    decisions: {
      description:
        'The decision tables evaluated in the instance: version, matched rules, inputs and outputs (values of personal data left out, hidden: true)',
      type: 'array',
      items: {
        type: 'object',
        required: [
          'elementId',
          'decision',
          'name',
          'version',
          'evaluatedAt',
          'rules',
          'inputs',
          'outputs',
        ],
        properties: {
          elementId: str,
          decision: str,
          name: nullable(str),
          version: nullable({ type: 'integer' }),
          evaluatedAt: str,
          rules: { type: 'array', items: str },
          inputs: { type: 'array', items: decisionValue },
          outputs: { type: 'array', items: decisionValue },
        },
      },
    },
  },
};

const deployedProcessFields: Record<string, Schema> = {
  processId: str,
  name: nullable(str),
  version: { type: 'integer', minimum: 1 },
  definitionKey: str,
  procedure: {
    ...nullable(str),
    description: 'The registered procedure; null for a process deployed outside the registry',
  },
};
const processInstanceRow = closedObject(
  ['processInstanceKey', 'caseId', 'state', 'version', 'startedAt', 'endedAt', 'calledBy'],
  {
    processInstanceKey: str,
    caseId: nullable(str),
    state: { enum: ['ACTIVE', 'COMPLETED', 'TERMINATED', 'INCIDENT'] },
    version: { type: 'integer' },
    startedAt: nullable(dateTime),
    endedAt: nullable(dateTime),
    calledBy: { ...nullable(str), description: 'The instance whose call activity started it' },
  },
);
const processIdParam = pathParam('processId', matching(ELEMENT_ID_PATTERN));

/** Every deployed process, registered or not, with its instances (operators). */
const processExplorerPaths: Paths = {
  '/api/v1/operations/processes': {
    get: {
      operationId: 'list-processes',
      tags,
      summary:
        'Every deployed process (its newest version), also those deployed outside the procedure registry (operators)',
      responses: {
        '200': json(
          listOf(
            'processes',
            closedObject(Object.keys(deployedProcessFields), deployedProcessFields),
          ),
          'The processes, by id',
        ),
        ...problems('401', '403', '429', '503'),
      },
    },
  },
  '/api/v1/operations/processes/{processId}': {
    get: {
      operationId: 'explore-process',
      tags,
      summary:
        "One deployed process: its newest version's diagram and its instances, most recently changed first (operators)",
      parameters: [
        processIdParam,
        queryParam('state', { enum: ['ACTIVE', 'COMPLETED', 'TERMINATED', 'INCIDENT'] }),
        queryParam('limit', pageLimit),
      ],
      responses: {
        '200': json(
          closedObject([...Object.keys(deployedProcessFields), 'deployedAt', 'xml', 'instances'], {
            ...deployedProcessFields,
            deployedAt: nullable(dateTime),
            xml: str,
            instances: { type: 'array', items: processInstanceRow },
          }),
          'The process',
        ),
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
  },
  '/api/v1/operations/process-instances/{processInstanceKey}': {
    get: {
      operationId: 'explore-process-instance',
      tags,
      summary:
        'One instance of any deployed process, as the case explorer shows it: its model, active, completed and stuck elements, variables operators may see, decisions (operators)',
      parameters: [pathParam('processInstanceKey', matching(ENGINE_ID))],
      responses: {
        '200': json(
          {
            ...exploredInstance,
            required: [...exploredInstance.required, 'caseId', 'calledBy'],
            properties: {
              ...exploredInstance.properties,
              caseId: nullable(str),
              calledBy: nullable(str),
            },
          },
          'The instance',
        ),
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
  },
};

const caseExplorerPaths: Paths = {
  '/api/v1/operations/cases': {
    get: {
      operationId: 'search-cases',
      tags,
      summary: 'Case explorer: find cases by id, applicant account, state or procedure (operators)',
      parameters: [
        queryParam('caseId', uuid),
        queryParam('applicantId', filterText),
        queryParam('state', { enum: ['ACTIVE', 'COMPLETED', 'TERMINATED', 'INCIDENT'] }),
        queryParam('procedure', filterText),
        queryParam('limit', pageLimit),
      ],
      responses: {
        '200': json(listOf('cases', foundCase), 'The cases found, newest first'),
        ...problems('400', '401', '403', '429', '503'),
      },
    },
  },
  '/api/v1/operations/cases/{caseId}': {
    get: {
      operationId: 'explore-case',
      tags,
      summary:
        'One case for operators: status, and per instance the deployed model with active, completed and stuck elements',
      parameters: [caseIdParam, acceptLanguage],
      responses: {
        '200': json(
          {
            type: 'object',
            required: ['status', 'instances'],
            properties: {
              status: ref('CaseStatus'),
              instances: { type: 'array', items: exploredInstance },
            },
          },
          'The case',
        ),
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
  },
  '/api/v1/operations/cases/{caseId}/variables': {
    put: {
      operationId: 'set-instance-variables',
      tags,
      summary:
        'Correct technical variables (periods, due dates, flags) of a running instance of the case: operators only; never personal data or a decision',
      parameters: [caseIdParam],
      requestBody: jsonBody(
        closedObject(['processInstanceKey', 'variables'], {
          processInstanceKey: matching(ENGINE_ID),
          variables: {
            type: 'object',
            minProperties: 1,
            maxProperties: 20,
            propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' },
          },
        }),
      ),
      responses: {
        '200': json(
          closedObject(['caseId', 'processInstanceKey', 'variables'], {
            caseId: uuid,
            processInstanceKey: matching(ENGINE_ID),
            variables: { type: 'array', items: str },
          }),
          'The variables were set',
        ),
        ...problems('400', '401', '403', '404', '409', '429', '503'),
      },
    },
  },
  '/api/v1/operations/cases/{caseId}/modification': {
    post: {
      operationId: 'move-instance',
      tags,
      summary:
        'Instance modification (operators): the token at an active element of a running instance of the case moves to another element of its model, with a reason',
      parameters: [caseIdParam],
      requestBody: jsonBody(
        closedObject(['processInstanceKey', 'from', 'to', 'reason'], {
          processInstanceKey: matching(ENGINE_ID),
          from: matching(ELEMENT_ID_PATTERN),
          to: matching(ELEMENT_ID_PATTERN),
          reason: { type: 'string', minLength: 3, maxLength: 500 },
        }),
      ),
      responses: {
        '200': json(
          closedObject(['caseId', 'processInstanceKey', 'from', 'to'], {
            caseId: uuid,
            processInstanceKey: matching(ENGINE_ID),
            from: str,
            to: str,
          }),
          'The token was moved',
        ),
        ...problems('400', '401', '403', '404', '409', '429', '503'),
      },
    },
  },
  '/api/v1/operations/cases/{caseId}/cancellation': {
    post: {
      operationId: 'cancel-case',
      tags,
      summary: 'Cancel a running case and every procedure it called (operators), with a reason',
      parameters: [caseIdParam],
      requestBody: jsonBody(
        closedObject(['reason'], { reason: { type: 'string', minLength: 3, maxLength: 500 } }),
      ),
      responses: {
        '200': json(
          closedObject(['caseId', 'cancelled'], { caseId: uuid, cancelled: { const: true } }),
          'The case was cancelled',
        ),
        ...problems('400', '401', '403', '404', '409', '429', '503'),
      },
    },
  },
};

/** Days a case or step took: how many, median, 90th percentile, mean. */
const durations = {
  type: 'object',
  required: ['count', 'medianDays', 'p90Days', 'meanDays'],
  properties: {
    count: { type: 'integer' },
    medianDays: nullable({ type: 'number' }),
    p90Days: nullable({ type: 'number' }),
    meanDays: nullable({ type: 'number' }),
  },
};
/** A list of rows, each with these fields, all of them always there. */
const rows = (properties: Record<string, Schema>): Schema => ({
  type: 'array',
  items: { type: 'object', required: Object.keys(properties), properties },
});
const count: Schema = { type: 'integer', minimum: 0 };
const days: Schema = { type: 'number' };

const kpiPaths: Paths = {
  '/api/v1/kpis': {
    get: {
      operationId: 'kpis',
      tags,
      summary:
        'Impact monitoring: lead, working and waiting times and their distribution, deadlines met, weekly trend (operators, process owners)',
      parameters: [queryParam('format', { enum: ['json', 'csv'] })],
      responses: {
        '200': {
          description: 'The KPIs (definitions: monitoring/kpis.ts)',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: [
                  'procedures',
                  'steps',
                  'awaited',
                  'authorities',
                  'weekly',
                  'leadTimeDistribution',
                ],
                properties: {
                  procedures: rows({
                    procedure: str,
                    started: count,
                    completed: count,
                    open: count,
                    leadTime: durations,
                    workingTime: durations,
                    waitingTime: durations,
                    deadlines: {
                      type: 'object',
                      required: ['met', 'missed', 'shareMet'],
                      properties: { met: count, missed: count, shareMet: nullable(days) },
                    },
                  }),
                  steps: rows({
                    procedure: str,
                    elementId: str,
                    label: str,
                    awaiting: nullable(str),
                    time: durations,
                  }),
                  awaited: rows({ procedure: str, awaiting: str, totalDays: days, share: days }),
                  authorities: rows({ authority: str, steps: count, time: durations }),
                  weekly: rows({
                    week: str,
                    procedure: str,
                    completed: count,
                    medianLeadTimeDays: nullable(days),
                    deadlinesMet: count,
                    deadlinesMissed: count,
                  }),
                  leadTimeDistribution: {
                    ...rows({
                      procedure: str,
                      bins: rows({ fromDays: days, toDays: nullable(days), count }),
                    }),
                    description:
                      'Per procedure, how many completed cases took how long: bins from `fromDays` (inclusive) to `toDays` (exclusive; null: open), the same bins for every procedure',
                  },
                },
              },
            },
            'text/csv': { schema: str },
          },
        },
        ...problems('400', '401', '403', '429', '503'),
      },
    },
  },
};

export const operationPaths: Paths = {
  ...incidentPaths,
  ...caseExplorerPaths,
  ...processExplorerPaths,
  ...kpiPaths,
};
