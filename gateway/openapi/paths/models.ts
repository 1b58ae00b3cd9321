import { DEFINITION_ID, ENGINE_ID } from '../ids.js';
import {
  closedObject,
  dateTime,
  json,
  jsonBody,
  listOf,
  matching,
  nullable,
  pathParam,
  problem,
  problems,
  queryParam,
  ref,
  str,
  type Paths,
  type Schema,
} from '../helpers.js';

/** The models, their deployed versions, migrations between them, deployments (process owners). */
const tags = ['models'];

const MODEL_FILE = '^[A-Za-z0-9._-]{1,100}\\.(bpmn|dmn|form)$';

/** A read of the repository or the engine's versions (process owners, operators). */
const modelRead = (operationId: string, summary: string, parameters: object[], schema: Schema) => ({
  get: {
    operationId,
    tags,
    summary,
    parameters,
    responses: {
      '200': json(schema, summary),
      // A path id that cannot exist is a 404 (like an unknown one).
      ...problems('400', '401', '403', '404', '429', '503'),
    },
  },
});

const definitionMeta: Record<string, Schema> = {
  kind: { enum: ['process', 'decisions'] },
  id: str,
  version: { type: 'integer', minimum: 1 },
  resourceName: str,
  deployedAt: dateTime,
  key: str,
};
/** Every field of a deployed definition is always there. */
const deployedDefinition = (more: Record<string, Schema> = {}): Schema => ({
  type: 'object',
  required: [...Object.keys(definitionMeta), ...Object.keys(more)],
  properties: { ...definitionMeta, ...more },
});
const element = {
  type: 'object',
  required: ['id', 'type', 'name'],
  properties: { id: str, type: str, name: nullable(str) },
};
/** An element the diff names: added and removed ones are the same shape. */
export const modelSchemas: Record<string, Schema> = {
  ModelElement: element,
  /** A reason a deployment is refused, on the element it concerns ('' for the whole resource). */
  ModelProblem: closedObject(['resource', 'elementId', 'check', 'message'], {
    resource: str,
    elementId: str,
    check: str,
    message: str,
  }),
};
const runningInstance = {
  type: 'object',
  required: ['processInstanceKey', 'caseId', 'activeElementIds'],
  properties: {
    processInstanceKey: str,
    caseId: nullable(str),
    activeElementIds: { type: 'array', items: str },
  },
};
const DRAFT_FIELDS = ['name', 'baseKey', 'updatedAt'];
const draftSummary = closedObject(DRAFT_FIELDS, {
  name: str,
  baseKey: nullable(str),
  updatedAt: dateTime,
});
const draftName = pathParam('name', matching(MODEL_FILE));
const elementTemplate = {
  type: 'object',
  required: ['name', 'id', 'version', 'appliesTo', 'elementType', 'properties'],
  properties: {
    name: str,
    id: str,
    version: { type: 'integer' },
    appliesTo: { type: 'array', items: str },
    elementType: { type: 'object' },
    properties: { type: 'array', items: { type: 'object' } },
  },
};

export const modelPaths: Paths = {
  '/api/v1/element-templates': {
    get: {
      operationId: 'element-templates',
      tags,
      summary: 'Element templates for the modeler, one per worker (process owners)',
      responses: {
        '200': json({ type: 'array', items: elementTemplate }, 'Camunda 7 element templates'),
        ...problems('401', '403', '429'),
      },
    },
  },
  '/api/v1/models': modelRead(
    'list-models',
    'The models in the repository and the newest deployed version of each (process owners, operators)',
    [],
    {
      type: 'object',
      required: ['repository', 'deployed'],
      properties: {
        repository: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'kind', 'id', 'procedure', 'path'],
            properties: {
              name: str,
              kind: { enum: ['bpmn', 'dmn', 'form'] },
              id: str,
              procedure: nullable(str),
              path: {
                ...str,
                description: 'Its path in the repository (`processes/…`, `forms/…`)',
              },
            },
          },
        },
        deployed: { type: 'array', items: deployedDefinition() },
      },
    },
  ),
  '/api/v1/models/repository/{name}': modelRead(
    'get-repository-model',
    'One model as it stands in the repository',
    [pathParam('name', matching(MODEL_FILE))],
    {
      type: 'object',
      required: ['name', 'path', 'content', 'translation'],
      properties: {
        name: str,
        path: str,
        content: str,
        translation: {
          ...nullable(closedObject(['path', 'content'], { path: str, content: nullable(str) })),
          description: "A form's English texts (`forms/<id>.en.json`); null for BPMN and DMN",
        },
      },
    },
  ),
  '/api/v1/models/deployed/{kind}/{id}/versions': modelRead(
    'list-model-versions',
    'Every deployed version of a model, newest first, with the running instances of each',
    [
      pathParam('kind', matching('^(process|decisions)$')),
      pathParam('id', matching('^[A-Za-z0-9._-]{1,100}$')),
    ],
    {
      type: 'object',
      required: ['versions'],
      properties: {
        versions: {
          type: 'array',
          items: deployedDefinition({
            runningInstances: { type: 'array', items: runningInstance },
            note: {
              ...nullable(str),
              description:
                'The change note it was deployed with; null when deployed otherwise (the deploy script)',
            },
            deployedBy: nullable(str),
          }),
        },
      },
    },
  ),
  '/api/v1/models/deployed/{key}': modelRead(
    'get-deployed-model',
    'One deployed version with its XML',
    [pathParam('key', matching(DEFINITION_ID))],
    {
      type: 'object',
      required: ['key', 'kind', 'id', 'version', 'xml'],
      properties: { ...definitionMeta, xml: str },
    },
  ),
  '/api/v1/models/diff': modelRead(
    'diff-model-versions',
    'What changed between two deployed versions of a process: added, removed, changed elements',
    [
      queryParam('from', matching(DEFINITION_ID), { required: true }),
      queryParam('to', matching(DEFINITION_ID), { required: true }),
    ],
    {
      type: 'object',
      required: ['added', 'removed', 'changed', 'layoutChanged'],
      properties: {
        added: { type: 'array', items: ref('ModelElement') },
        removed: { type: 'array', items: ref('ModelElement') },
        changed: {
          type: 'array',
          items: {
            ...element,
            required: [...element.required, 'changes'],
            properties: { ...element.properties, changes: { type: 'array', items: str } },
          },
        },
        layoutChanged: { type: 'array', items: str },
      },
    },
  ),
  '/api/v1/models/decisions/evaluate': {
    post: {
      operationId: 'try-decision',
      tags,
      summary: 'Evaluate a decision table before deploying it, with sample inputs (process owners)',
      description:
        'The modeler\'s "try it": the DMN document (as edited, not deployed) is evaluated by ' +
        "the engine host's own DMN engine with the given variables. Nothing is deployed or " +
        'recorded. The answer names the rules that matched (id and position) and their outputs. ' +
        'A document the engine cannot read, an unknown decision or inputs it cannot evaluate ' +
        'are a 400 naming the field (`/xml`, `/decisionKey`, `/variables`).',
      requestBody: jsonBody(
        closedObject(['xml'], {
          xml: { type: 'string', minLength: 1, maxLength: 1000000 },
          decisionKey: matching('^[A-Za-z_][A-Za-z0-9._-]{0,99}$'),
          variables: { type: 'object', maxProperties: 100 },
        }),
      ),
      responses: {
        '200': json(
          closedObject(['decisionKey', 'decisionName', 'result', 'decisions'], {
            decisionKey: str,
            decisionName: nullable(str),
            result: { type: 'array', items: { type: 'object' } },
            decisions: {
              type: 'array',
              items: closedObject(['decisionKey', 'decisionName', 'inputs', 'matchedRules'], {
                decisionKey: str,
                decisionName: nullable(str),
                inputs: {
                  type: 'array',
                  items: closedObject(['id', 'name', 'value'], {
                    id: str,
                    name: nullable(str),
                    value: {},
                  }),
                },
                matchedRules: {
                  type: 'array',
                  items: closedObject(['ruleId', 'ruleIndex', 'outputs'], {
                    ruleId: str,
                    ruleIndex: { type: 'integer', minimum: 0 },
                    outputs: { type: 'object' },
                  }),
                },
              }),
            },
          }),
          'The decision evaluated: its result, the rules that matched',
        ),
        ...problems('400', '401', '403', '413', '429', '503'),
      },
    },
  },
  '/api/v1/models/drafts': {
    get: {
      operationId: 'list-model-drafts',
      tags,
      summary:
        "The caller's drafts (unsaved edits kept on the server), newest first (process owners)",
      responses: {
        '200': json(listOf('drafts', draftSummary), 'The drafts, without their content'),
        ...problems('401', '403', '429', '503'),
      },
    },
  },
  '/api/v1/models/drafts/{name}': {
    get: {
      operationId: 'get-model-draft',
      tags,
      summary: "The caller's draft of one model",
      parameters: [draftName],
      responses: {
        '200': json(
          closedObject([...DRAFT_FIELDS, 'content', 'translation'], {
            ...(draftSummary.properties as Record<string, Schema>),
            content: str,
            translation: nullable(str),
          }),
          'The draft',
        ),
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
    put: {
      operationId: 'save-model-draft',
      tags,
      summary: "Keep the caller's unsaved edits of a model (one draft per owner and model)",
      description:
        '`baseKey` is the deployed version the edits started from (null when they did not start ' +
        'from the live version); the modeler asks before a deploy that would undo a newer live ' +
        "version. `translation` is a form's English texts (`forms/<id>.en.json`), forms only.",
      parameters: [draftName],
      requestBody: jsonBody(
        closedObject(['content', 'baseKey'], {
          content: { type: 'string', minLength: 1, maxLength: 1000000 },
          translation: nullable({ type: 'string', minLength: 1, maxLength: 200000 }),
          baseKey: nullable(matching(DEFINITION_ID)),
        }),
      ),
      responses: {
        '200': json(draftSummary, 'Saved'),
        ...problems('400', '401', '403', '413', '415', '429', '503'),
      },
    },
    delete: {
      operationId: 'delete-model-draft',
      tags,
      summary: "Discard the caller's draft of a model (after a deploy, or on request)",
      parameters: [draftName],
      responses: {
        '204': { description: 'Discarded' },
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
  },
  '/api/v1/migrations': {
    post: {
      operationId: 'migrate-instance',
      tags,
      summary: 'Move a running instance to another version of its process (process owners)',
      description:
        'With an explicit mapping from each active element to its counterpart in the target ' +
        'version. The engine checks the plan; what it refuses is a 422 with its reason.',
      requestBody: jsonBody(
        closedObject(['processInstanceKey', 'targetProcessDefinitionKey', 'mappings'], {
          processInstanceKey: matching(ENGINE_ID),
          targetProcessDefinitionKey: matching(DEFINITION_ID),
          mappings: {
            type: 'array',
            maxItems: 200,
            items: closedObject(['sourceElementId', 'targetElementId'], {
              sourceElementId: { type: 'string', minLength: 1, maxLength: 200 },
              targetElementId: { type: 'string', minLength: 1, maxLength: 200 },
            }),
          },
        }),
      ),
      responses: {
        '200': json(
          closedObject(['processInstanceKey', 'targetProcessDefinitionKey', 'version'], {
            processInstanceKey: str,
            targetProcessDefinitionKey: str,
            version: { type: 'integer' },
          }),
          'Migrated',
        ),
        '422': problem('The engine refused the migration plan'),
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
  },
};

const deployed = closedObject(['resource', 'kind', 'id', 'version', 'key'], {
  resource: str,
  kind: { enum: ['process', 'decision', 'form'] },
  id: str,
  version: { type: 'integer', minimum: 1 },
  key: str,
});

export const deploymentPaths: Paths = {
  '/api/v1/deployments': {
    post: {
      operationId: 'deploy-models',
      tags,
      summary: 'Check and deploy models (BPMN, DMN, forms): process owners',
      description:
        'Every resource is checked first: bpmnlint with the Camunda 8.5 rules, job types that a ' +
        'worker implements, forms and decisions that exist, called processes that exist and get ' +
        'every variable their start requires. Any problem refuses the whole deployment (422, ' +
        'each reason in `errors` and `problems`). `dryRun` only checks. A deployment needs a ' +
        'change `note` (400 naming `/note` without one).',
      requestBody: jsonBody(
        closedObject(['resources'], {
          resources: {
            type: 'array',
            minItems: 1,
            maxItems: 50,
            items: closedObject(['name', 'content'], {
              name: matching(MODEL_FILE),
              content: { type: 'string', minLength: 1, maxLength: 1000000 },
            }),
          },
          dryRun: { type: 'boolean' },
          note: {
            type: 'string',
            maxLength: 500,
            description:
              'What changed and why ("Blue Card thresholds 2027"): required unless `dryRun`; ' +
              'shown in the version list',
          },
        }),
      ),
      responses: {
        '200': json(
          closedObject(['checked', 'deployed'], {
            checked: { const: true },
            deployed: { type: 'array', maxItems: 0 },
          }),
          'Dry run: every check passed, nothing deployed',
        ),
        '201': json(
          closedObject(['checked', 'deploymentKey', 'deployed'], {
            checked: { const: true },
            deploymentKey: str,
            deployed: { type: 'array', items: deployed },
          }),
          'Deployed; unchanged resources keep their version',
        ),
        '422': {
          description: 'A check failed: nothing was deployed; every reason is listed',
          content: {
            'application/problem+json': {
              schema: {
                allOf: [
                  ref('Problem'),
                  {
                    type: 'object',
                    required: ['problems'],
                    properties: { problems: { type: 'array', items: ref('ModelProblem') } },
                  },
                ],
              },
            },
          },
        },
        ...problems('400', '401', '403', '413', '415', '429', '503'),
      },
    },
  },
};
