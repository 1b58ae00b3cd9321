import type { Procedure } from '../../processes/registry.js';
import { DEFINITION_ID, DOCUMENT_ID, ENGINE_ID, NOTICE_ID } from './ids.js';

/**
 * Builds the gateway's OpenAPI 3.1 document from the hand-written parts below and the
 * procedures' own contracts (start, message and task schemas), so one procedure's start
 * endpoint documents and validates exactly that procedure's data. `npm run openapi` writes
 * it to gateway/openapi/openapi.json (kept in the repo, served at /api/openapi.json); a
 * test fails when the committed file differs from what the code builds.
 *
 * Procedure schemas reference each other by `$id` URL; here every such reference is
 * rewritten to a local `#/components/schemas/...` pointer, so no tool ever fetches a URL.
 */
type Schema = Record<string, unknown>;
type Json = unknown;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] });
const dateTime: Schema = { type: 'string', format: 'date-time' };
const str: Schema = { type: 'string' };

/** Component name of a procedure schema: "<procedure>.start", "<procedure>.message.<name>", ... */
function componentName(id: string): string {
  const m = /^https:\/\/wsa\.example\/schemas\/(.+)\.json$/.exec(id);
  if (!m) throw new Error(`unexpected schema $id ${id}`);
  return m[1]!.replaceAll('/', '.');
}

/** Rewrites `$ref`s to other procedure schemas into local pointers and drops `$id`/`$schema`. */
function localise(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(localise);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$id' || k === '$schema') continue;
    if (k === '$ref' && typeof v === 'string' && v.startsWith('https://')) {
      const [url, pointer = ''] = v.split('#');
      out.$ref = `#/components/schemas/${componentName(url!)}${pointer}`;
    } else out[k] = localise(v);
  }
  return out;
}

const PROBLEM_STATUSES: Record<string, string> = {
  '400': 'The request is invalid: `errors` names each field (JSON pointer) and why',
  '401': 'No valid bearer token',
  '403': 'The caller may see the case but not do this',
  '404': 'Unknown, or not visible to the caller',
  '409': 'Conflicts with the current state of the case',
  '413': 'Body too large',
  '415': 'Unsupported content type or encoding',
  '422': 'Idempotency key reused with a different body',
  '429': 'Too many requests; retry after the `Retry-After` seconds',
  '503': 'A dependency is unavailable; retry after the `Retry-After` seconds',
};

/**
 * A path parameter that does not match its pattern (a malformed case id, task key, ...) is a
 * 400 naming `path:<name>`: every operation with path parameters lists it.
 */
function answerMalformedPathParameters(paths: Record<string, unknown>): void {
  for (const methods of Object.values(paths) as Record<string, Record<string, unknown>>[])
    for (const operation of Object.values(methods)) {
      const parameters = (operation.parameters ?? []) as { in: string }[];
      const responses = operation.responses as Record<string, unknown>;
      if (!parameters.some((p) => p.in === 'path') || responses['400']) continue;
      operation.responses = Object.fromEntries(
        Object.entries({ ...responses, ...problems('400') }).sort(([a], [b]) => a.localeCompare(b)),
      );
    }
}

function problems(...statuses: string[]): Record<string, unknown> {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: PROBLEM_STATUSES[s],
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
    ]),
  );
}

const json = (schema: Schema, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const caseIdParam = {
  name: 'caseId',
  in: 'path',
  required: true,
  description: 'The case id: a lowercase UUID (anything else is a 400 naming `path:caseId`)',
  schema: { type: 'string', pattern: ENGINE_ID },
};
const idempotencyKey = (required: boolean) => ({
  name: 'Idempotency-Key',
  in: 'header',
  required,
  description: 'Client key: the same key with the same body is answered from the first result',
  schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
});
const testCase = {
  name: 'Test-Case',
  in: 'header',
  required: false,
  description:
    'true: a test case (a partner trying its integration, a demo). It runs like any other but is no history for the expected decision dates of real cases',
  schema: { enum: ['true', 'false'] },
};
const acceptLanguage = {
  name: 'Accept-Language',
  in: 'header',
  required: false,
  description: 'de or en (default en); anything else means en',
  schema: { type: 'string' },
};

const commonSchemas: Record<string, Schema> = {
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details',
    required: ['type', 'title', 'status'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: str,
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: str,
      instance: str,
      requestId: str,
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['field', 'reason'],
          properties: { field: str, reason: str },
          additionalProperties: false,
        },
      },
    },
  },
  CaseCreated: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'procedure', 'processInstanceKey', 'status'],
    properties: {
      caseId: { type: 'string', format: 'uuid' },
      procedure: str,
      processInstanceKey: { type: 'string', pattern: ENGINE_ID },
      status: str,
    },
  },
  MessageAccepted: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'messageName', 'replayed', 'status'],
    properties: {
      caseId: { type: 'string', format: 'uuid' },
      messageName: str,
      replayed: { type: 'boolean' },
      status: str,
    },
  },
  TaskCompleted: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'taskKey', 'elementId', 'status'],
    properties: {
      caseId: { type: 'string', format: 'uuid' },
      taskKey: { type: 'string', pattern: ENGINE_ID },
      elementId: str,
      status: str,
    },
  },
  NoticeSummary: {
    type: 'object',
    additionalProperties: false,
    required: ['noticeId', 'kind', 'authority', 'outcome', 'issuedAt', 'href'],
    properties: {
      noticeId: str,
      kind: str,
      authority: str,
      outcome: str,
      issuedAt: dateTime,
      href: str,
    },
  },
  Notice: {
    type: 'object',
    additionalProperties: false,
    required: [
      'noticeId',
      'caseId',
      'kind',
      'authority',
      'outcome',
      'reference',
      'issuedAt',
      'validFrom',
      'validUntil',
      'addressee',
      'title',
      'body',
    ],
    properties: {
      noticeId: str,
      caseId: { type: 'string', format: 'uuid' },
      kind: str,
      authority: str,
      outcome: str,
      reference: str,
      issuedAt: dateTime,
      validFrom: nullable({ type: 'string', format: 'date' }),
      validUntil: nullable({ type: 'string', format: 'date' }),
      addressee: {
        type: 'object',
        required: ['givenName', 'familyName', 'dateOfBirth'],
        properties: { givenName: str, familyName: str, dateOfBirth: str },
      },
      title: str,
      body: str,
    },
  },
  CaseSubject: nullable({
    type: 'object',
    description:
      'Whom the case is about (the applicant, or the family member of a family case), as the start named them; null for older cases and for callers who may not see names (operators)',
    additionalProperties: false,
    required: ['givenName', 'familyName'],
    properties: { givenName: str, familyName: str },
  }),
  CaseStatus: {
    type: 'object',
    additionalProperties: false,
    required: [
      'caseId',
      'procedure',
      'title',
      'subject',
      'linkedCaseId',
      'state',
      'processInstanceKey',
      'startedAt',
      'endedAt',
      'currentStages',
      'finalStage',
      'awaitedMessages',
      'openTasks',
      'deadlines',
      'notices',
      'outcome',
      'delayedByTechnicalProblem',
      'expectedDecision',
      'expectedDecisionUnavailable',
      'history',
    ],
    properties: {
      caseId: { type: 'string', format: 'uuid' },
      procedure: str,
      title: str,
      subject: ref('CaseSubject'),
      linkedCaseId: nullable({
        type: 'string',
        format: 'uuid',
        description:
          "The case this one belongs to (a family case: the skilled worker's case); null for callers outside its audience",
      }),
      state: { enum: ['STARTING', 'ACTIVE', 'COMPLETED', 'TERMINATED'] },
      processInstanceKey: nullable({ type: 'string', pattern: ENGINE_ID }),
      startedAt: nullable(dateTime),
      endedAt: nullable(dateTime),
      currentStages: {
        type: 'array',
        description: 'Where the case is now, in plain language, and who it waits for',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['elementId', 'label', 'awaiting', 'since'],
          properties: {
            elementId: str,
            label: str,
            awaiting: nullable(str),
            since: nullable(dateTime),
          },
        },
      },
      finalStage: nullable({
        type: 'object',
        additionalProperties: false,
        required: ['elementId', 'label'],
        properties: { elementId: str, label: str },
      }),
      awaitedMessages: { type: 'array', items: str },
      openTasks: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['taskKey', 'elementId', 'label', 'authorities', 'assignee', 'dueAt', 'form'],
          properties: {
            taskKey: { type: 'string', pattern: ENGINE_ID },
            elementId: str,
            label: str,
            authorities: { type: 'array', items: str },
            assignee: nullable(str),
            dueAt: nullable(dateTime),
            form: nullable(str),
          },
        },
      },
      deadlines: {
        type: 'array',
        description:
          "What is due and by when, earliest first: the statutory deadlines that apply to the case, the procedure's named periods, and the due date of each authority's open task",
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['elementId', 'label', 'dueAt', 'kind', 'basis', 'authority'],
          properties: {
            elementId: str,
            label: str,
            dueAt: dateTime,
            kind: {
              enum: ['legal-effect', 'overdue', 'service-target'],
              description:
                'legal-effect: the law decides when it passes (deemed approval, §36 (2) BeschV); overdue: statutory, the case is then overdue but no decision follows (§6 BQFG, §31a AufenthV); service-target: a promise of the platform or the authority, not law',
            },
            basis: nullable(str),
            authority: nullable(str),
          },
        },
      },
      notices: { type: 'array', items: ref('NoticeSummary') },
      outcome: {
        type: 'object',
        description: "The procedure's result variables the caller may see",
      },
      delayedByTechnicalProblem: { type: 'boolean' },
      expectedDecision: nullable({
        type: 'object',
        description:
          'Expected decision date with a 10–90 % range, from comparable cases; a deadline with legal effect (deemed approval) still running bounds it',
        additionalProperties: false,
        required: [
          'expectedAt',
          'earliest',
          'latest',
          'basis',
          'step',
          'comparableCases',
          'runningDeadlines',
        ],
        properties: {
          expectedAt: dateTime,
          earliest: dateTime,
          latest: dateTime,
          basis: { enum: ['step', 'procedure'] },
          step: nullable(str),
          comparableCases: { type: 'integer', minimum: 0 },
          runningDeadlines: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['elementId', 'basis', 'effect', 'dueAt'],
              properties: {
                elementId: str,
                basis: str,
                effect: { enum: ['legal-effect', 'overdue'] },
                dueAt: dateTime,
              },
            },
          },
        },
      }),
      expectedDecisionUnavailable: nullable({
        type: 'object',
        description:
          'Why there is no expected decision date (null when there is one): CASE_STARTING, CASE_ENDED, TOO_FEW_COMPARABLE_CASES (fewer than `required` completed comparable cases; withdrawn and test cases do not count), NOT_PREDICTED_HERE',
        additionalProperties: false,
        required: ['reason', 'comparableCases', 'required', 'text'],
        properties: {
          reason: {
            enum: ['CASE_STARTING', 'CASE_ENDED', 'TOO_FEW_COMPARABLE_CASES', 'NOT_PREDICTED_HERE'],
          },
          comparableCases: { type: 'integer', minimum: 0 },
          required: { type: 'integer', minimum: 1 },
          text: str,
        },
      }),
      history: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['at', 'elementId', 'label', 'event'],
          properties: {
            at: dateTime,
            elementId: str,
            label: str,
            event: { enum: ['started', 'completed', 'cancelled'] },
          },
        },
      },
    },
  },
};

const documentIdParam = {
  name: 'documentId',
  in: 'path',
  required: true,
  description:
    '`doc-` and 24 hex digits (documents stored before: the case id and the SHA-256 of the content, separated by a colon)',
  schema: { type: 'string', pattern: DOCUMENT_ID },
};

const documentSchemas: Record<string, Schema> = {
  Document: {
    type: 'object',
    additionalProperties: false,
    required: [
      'documentId',
      'type',
      'name',
      'contentType',
      'size',
      'sha256',
      'uploadedAt',
      'uploadedBy',
      'authenticity',
      'href',
    ],
    properties: {
      documentId: str,
      type: str,
      name: str,
      contentType: str,
      size: { type: 'integer', minimum: 1 },
      sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      uploadedAt: dateTime,
      uploadedBy: { type: 'string', description: 'The role that uploaded it' },
      authenticity: {
        type: 'array',
        description: 'Who checked whether the document is authentic, when, how, and the result',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['result', 'method', 'authority', 'checkedBy', 'checkedAt'],
          properties: {
            result: { enum: ['AUTHENTIC', 'NOT_AUTHENTIC', 'INCONCLUSIVE'] },
            method: str,
            authority: str,
            checkedBy: str,
            checkedAt: dateTime,
          },
        },
      },
      href: { type: 'string', description: 'Where to download the file' },
    },
  },
  AuthenticityCheck: {
    type: 'object',
    additionalProperties: false,
    required: ['result', 'method'],
    properties: {
      result: { enum: ['AUTHENTIC', 'NOT_AUTHENTIC', 'INCONCLUSIVE'] },
      method: {
        type: 'string',
        minLength: 3,
        maxLength: 500,
        description: 'How it was checked (e.g. original seen at the mission, issuer register)',
      },
    },
  },
};

function documentPaths(
  documentTypes: readonly string[],
  maxBytes: number,
): Record<string, unknown> {
  const file = { type: 'string', format: 'binary' };
  return {
    '/api/v1/cases/{caseId}/documents': {
      post: {
        operationId: 'upload-document',
        tags: ['documents'],
        summary:
          'Upload a document to a case (the file is the body); the same file twice as the same type is one document, as another type a second document of that type',
        parameters: [
          caseIdParam,
          { name: 'type', in: 'query', required: true, schema: { enum: documentTypes } },
          {
            name: 'name',
            in: 'query',
            required: true,
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        ],
        requestBody: {
          required: true,
          description: `PDF, PNG or JPEG, at most ${maxBytes} bytes`,
          content: {
            'application/pdf': { schema: file },
            'image/png': { schema: file },
            'image/jpeg': { schema: file },
          },
        },
        responses: {
          '201': json(ref('Document'), 'Stored'),
          '200': json(ref('Document'), 'This case already has this file'),
          ...problems('400', '401', '403', '404', '413', '415', '429', '503'),
        },
      },
      get: {
        operationId: 'list-documents',
        tags: ['documents'],
        summary: "The case's documents the caller may see, each with its authenticity checks",
        parameters: [caseIdParam],
        responses: {
          '200': json(
            {
              type: 'object',
              additionalProperties: false,
              required: ['documents'],
              properties: { documents: { type: 'array', items: ref('Document') } },
            },
            'The documents',
          ),
          ...problems('401', '404', '429', '503'),
        },
      },
    },
    '/api/v1/cases/{caseId}/documents/{documentId}/content': {
      get: {
        operationId: 'download-document',
        tags: ['documents'],
        summary: 'Download a document',
        parameters: [caseIdParam, documentIdParam],
        responses: {
          '200': {
            description: 'The file',
            content: {
              'application/pdf': { schema: file },
              'image/png': { schema: file },
              'image/jpeg': { schema: file },
            },
          },
          ...problems('401', '404', '429', '503'),
        },
      },
    },
    '/api/v1/cases/{caseId}/documents/{documentId}/authenticity': {
      post: {
        operationId: 'record-authenticity',
        tags: ['documents'],
        summary: 'An authority records whether a document is authentic (once per authority)',
        parameters: [caseIdParam, documentIdParam],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref('AuthenticityCheck') } },
        },
        responses: {
          '201': json(ref('Document'), 'Recorded'),
          '200': json(ref('Document'), 'This authority had recorded its check already'),
          ...problems('400', '401', '403', '404', '413', '415', '429', '503'),
        },
      },
    },
  };
}

export function buildOpenApi(
  procedures: Map<string, Procedure>,
  options: { documentTypes: readonly string[]; documentMaxBytes: number },
): Record<string, unknown> {
  const schemas: Record<string, unknown> = { ...commonSchemas, ...documentSchemas };
  const add = (schema: object): string => {
    const name = componentName(String((schema as { $id?: string }).$id));
    schemas[name] = localise(schema);
    return name;
  };
  const paths: Record<string, unknown> = {};
  const sorted = [...procedures.values()].sort((a, b) => a.procedure.localeCompare(b.procedure));
  // Every contract schema is a component, also those only referenced by another.
  for (const p of sorted)
    for (const schema of [
      p.startSchema,
      ...Object.values(p.messages).map((m) => m.schema),
      ...Object.values(p.tasks).map((t) => t.schema),
    ])
      add(schema);

  for (const p of sorted) {
    const start = add(p.startSchema);
    paths[`/api/v1/procedures/${p.procedure}/cases`] = {
      post: {
        operationId: `start-${p.procedure}`,
        tags: ['cases'],
        summary: `Start a case: ${p.title.en}`,
        description: `${p.title.de} / ${p.title.en}. May be started by: ${p.startRoles.join(', ')}. An applicant with a profile (GET /api/v1/profile) may leave out \`applicant\` and \`travelDocument\`: they are filled in from it before the application is checked. An agent needs a standing grant (POST /api/v1/grants) from the organisation it names (\`employer.employerId\`) and from the person whose account it names (\`applicant.applicantId\`), otherwise 403. The person's once-only profile is kept only from their own application or one of a party they granted.`,
        parameters: [idempotencyKey(true), testCase],
        requestBody: { required: true, content: { 'application/json': { schema: ref(start) } } },
        responses: {
          '201': {
            ...json(ref('CaseCreated'), 'Case started'),
            links: {
              status: {
                operationId: 'get-case-status',
                parameters: { caseId: '$response.body#/caseId' },
                description: 'The status of the new case',
              },
            },
          },
          '200': json(
            ref('CaseCreated'),
            'Replay of an earlier start with the same key and body; a replay sent while the first start is still under way waits for it (up to 12 s) and answers with its case',
          ),
          ...problems('400', '401', '403', '413', '415', '422', '429', '503'),
          '409': {
            description:
              'start-in-progress: an earlier start with this key is still under way after the wait (the engine is slow); retry with the same key after the `Retry-After` seconds',
            headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } },
            content: { 'application/problem+json': { schema: ref('Problem') } },
          },
        },
      },
    };
  }

  // Messages: one path per message name; a message of a called procedure reaches the case too.
  const messages = new Map<string, { schema: string; procedures: string[]; senders: string[] }>();
  for (const p of sorted) {
    for (const [name, m] of Object.entries(p.messages)) {
      const entry = messages.get(name) ?? {
        schema: add(m.schema),
        procedures: [],
        senders: m.senders.map((s) => (s.authority ? `${s.role} (${s.authority})` : s.role)),
      };
      entry.procedures.push(p.procedure);
      messages.set(name, entry);
    }
  }
  for (const [name, m] of [...messages.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    paths[`/api/v1/cases/{caseId}/messages/${name}`] = {
      post: {
        operationId: `send-${name}`,
        tags: ['messages'],
        summary: `Send ${name} to a case`,
        description: `Accepted by ${m.procedures.join(', ')}. Sent by: ${m.senders.join(', ')}. 409 when the case is not waiting for it.`,
        parameters: [caseIdParam, idempotencyKey(false)],
        requestBody: { required: true, content: { 'application/json': { schema: ref(m.schema) } } },
        responses: {
          '202': json(ref('MessageAccepted'), 'Delivered to the case'),
          ...problems('400', '401', '403', '404', '409', '413', '415', '422', '429', '503'),
        },
      },
    };
  }

  const taskSchemas = sorted.flatMap((p) => Object.values(p.tasks).map((t) => ref(add(t.schema))));
  paths['/api/v1/cases'] = {
    get: {
      operationId: 'list-my-cases',
      tags: ['cases'],
      summary: "The caller's cases (applicants, employers, agents), newest first",
      parameters: [acceptLanguage],
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['cases'],
            properties: {
              cases: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: [
                    'caseId',
                    'procedure',
                    'title',
                    'createdAt',
                    'linkedCaseId',
                    'subject',
                    'status',
                  ],
                  properties: {
                    caseId: { type: 'string', format: 'uuid' },
                    procedure: str,
                    title: str,
                    createdAt: dateTime,
                    linkedCaseId: nullable({
                      type: 'string',
                      format: 'uuid',
                      description:
                        "The case this one belongs to: a family case's skilled worker's case",
                    }),
                    subject: ref('CaseSubject'),
                    status: str,
                  },
                },
              },
            },
          },
          'The cases',
        ),
        ...problems('401', '403', '429', '503'),
      },
    },
  };
  paths['/api/v1/cases/{caseId}'] = {
    get: {
      operationId: 'get-case-status',
      tags: ['cases'],
      summary: 'The status of a case: stage, what is awaited, deadlines, notices, history',
      parameters: [caseIdParam, acceptLanguage],
      responses: {
        '200': json(ref('CaseStatus'), 'The status, from the projection'),
        ...problems('401', '404', '429', '503'),
      },
    },
  };
  const taskItem = {
    type: 'object',
    additionalProperties: false,
    required: [
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
    ],
    properties: {
      taskKey: { type: 'string', pattern: ENGINE_ID },
      caseId: nullable({ type: 'string', format: 'uuid' }),
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
    },
  };
  paths['/api/v1/tasks'] = {
    get: {
      operationId: 'list-tasks',
      tags: ['tasks'],
      summary: "The open user tasks of the caller's authority (caseworkers)",
      parameters: [
        {
          name: 'procedure',
          in: 'query',
          required: false,
          schema: { type: 'string', maxLength: 100 },
        },
        {
          name: 'caseId',
          in: 'query',
          required: false,
          schema: { type: 'string', format: 'uuid' },
        },
        {
          name: 'assignee',
          in: 'query',
          required: false,
          description: "'me', 'unassigned', or a caseworker's account",
          schema: { type: 'string', maxLength: 100 },
        },
        { name: 'overdue', in: 'query', required: false, schema: { enum: ['true', 'false'] } },
        {
          name: 'escalated',
          in: 'query',
          required: false,
          description: 'Only tasks that went to the team lead (true) or did not (false)',
          schema: { enum: ['true', 'false'] },
        },
        { name: 'sort', in: 'query', required: false, schema: { enum: ['dueDate', 'createdAt'] } },
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'string', pattern: '^(?:[1-9][0-9]{0,2}|500)$' },
        },
        {
          name: 'offset',
          in: 'query',
          required: false,
          schema: { type: 'string', pattern: '^[0-9]{1,7}$' },
        },
        acceptLanguage,
      ],
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['tasks', 'total'],
            properties: {
              total: { type: 'integer', minimum: 0 },
              tasks: {
                type: 'array',
                items: taskItem,
              },
            },
          },
          'The tasks, due first',
        ),
        ...problems('400', '401', '403', '429', '503'),
      },
    },
  };
  const deployedItem = {
    type: 'object',
    additionalProperties: false,
    required: ['resource', 'kind', 'id', 'version', 'key'],
    properties: {
      resource: str,
      kind: { enum: ['process', 'decision', 'form'] },
      id: str,
      version: { type: 'integer', minimum: 1 },
      key: str,
    },
  };
  paths['/api/v1/element-templates'] = {
    get: {
      operationId: 'element-templates',
      tags: ['models'],
      summary: 'Element templates for the modeler, one per worker (process owners)',
      responses: {
        '200': json(
          {
            type: 'array',
            items: {
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
            },
          },
          'Camunda 7 element templates',
        ),
        ...problems('401', '403', '429'),
      },
    },
  };
  const ownerGet = (
    operationId: string,
    summary: string,
    parameters: object[],
    schema: Schema,
    extra: string[] = [],
  ) => ({
    get: {
      operationId,
      tags: ['models'],
      summary,
      parameters,
      responses: {
        '200': json(schema, summary),
        // A path id that cannot exist is a 404 (like an unknown one).
        ...problems('400', '401', '403', '404', ...extra, '429', '503'),
      },
    },
  });
  const pathParam = (name: string, pattern: string) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', pattern },
  });
  const definitionMeta = {
    kind: { enum: ['process', 'decisions'] },
    id: str,
    version: { type: 'integer', minimum: 1 },
    resourceName: str,
    deployedAt: dateTime,
    key: str,
  };
  const elementRef = {
    type: 'object',
    required: ['id', 'type', 'name'],
    properties: { id: str, type: str, name: nullable(str) },
  };
  paths['/api/v1/models'] = ownerGet(
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
            required: ['name', 'kind', 'id', 'procedure'],
            properties: {
              name: str,
              kind: { enum: ['bpmn', 'dmn', 'form'] },
              id: str,
              procedure: nullable(str),
            },
          },
        },
        deployed: { type: 'array', items: { type: 'object', properties: definitionMeta } },
      },
    },
  );
  paths['/api/v1/models/repository/{name}'] = ownerGet(
    'get-repository-model',
    'One model as it stands in the repository',
    [pathParam('name', '^[A-Za-z0-9._-]{1,100}\\.(bpmn|dmn|form)$')],
    { type: 'object', required: ['name', 'content'], properties: { name: str, content: str } },
  );
  paths['/api/v1/models/deployed/{kind}/{id}/versions'] = ownerGet(
    'list-model-versions',
    'Every deployed version of a model, newest first, with the running instances of each',
    [pathParam('kind', '^(process|decisions)$'), pathParam('id', '^[A-Za-z0-9._-]{1,100}$')],
    {
      type: 'object',
      required: ['versions'],
      properties: {
        versions: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              ...definitionMeta,
              runningInstances: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['processInstanceKey', 'caseId', 'activeElementIds'],
                  properties: {
                    processInstanceKey: str,
                    caseId: nullable(str),
                    activeElementIds: { type: 'array', items: str },
                  },
                },
              },
            },
          },
        },
      },
    },
  );
  paths['/api/v1/models/deployed/{key}'] = ownerGet(
    'get-deployed-model',
    'One deployed version with its XML',
    [pathParam('key', DEFINITION_ID)],
    {
      type: 'object',
      required: ['key', 'kind', 'id', 'version', 'xml'],
      properties: { ...definitionMeta, xml: str },
    },
  );
  paths['/api/v1/models/diff'] = ownerGet(
    'diff-model-versions',
    'What changed between two deployed versions of a process: added, removed, changed elements',
    [
      {
        name: 'from',
        in: 'query',
        required: true,
        schema: { type: 'string', pattern: DEFINITION_ID },
      },
      {
        name: 'to',
        in: 'query',
        required: true,
        schema: { type: 'string', pattern: DEFINITION_ID },
      },
    ],
    {
      type: 'object',
      required: ['added', 'removed', 'changed', 'layoutChanged'],
      properties: {
        added: { type: 'array', items: elementRef },
        removed: { type: 'array', items: elementRef },
        changed: {
          type: 'array',
          items: {
            ...elementRef,
            properties: { ...elementRef.properties, changes: { type: 'array', items: str } },
          },
        },
        layoutChanged: { type: 'array', items: str },
      },
    },
  );
  paths['/api/v1/migrations'] = {
    post: {
      operationId: 'migrate-instance',
      tags: ['models'],
      summary: 'Move a running instance to another version of its process (process owners)',
      description:
        'With an explicit mapping from each active element to its counterpart in the target ' +
        'version. The engine checks the plan; what it refuses is a 422 with its reason.',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['processInstanceKey', 'targetProcessDefinitionKey', 'mappings'],
              properties: {
                processInstanceKey: { type: 'string', pattern: ENGINE_ID },
                targetProcessDefinitionKey: { type: 'string', pattern: DEFINITION_ID },
                mappings: {
                  type: 'array',
                  maxItems: 200,
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['sourceElementId', 'targetElementId'],
                    properties: {
                      sourceElementId: { type: 'string', minLength: 1, maxLength: 200 },
                      targetElementId: { type: 'string', minLength: 1, maxLength: 200 },
                    },
                  },
                },
              },
            },
          },
        },
      },
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['processInstanceKey', 'targetProcessDefinitionKey', 'version'],
            properties: {
              processInstanceKey: str,
              targetProcessDefinitionKey: str,
              version: { type: 'integer' },
            },
          },
          'Migrated',
        ),
        '422': {
          description: 'The engine refused the migration plan',
          content: { 'application/problem+json': { schema: ref('Problem') } },
        },
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
  };
  const incidentItem = {
    type: 'object',
    additionalProperties: false,
    required: [
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
    properties: {
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
  };
  const incidentKeyParam = {
    name: 'incidentKey',
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: ENGINE_ID },
  };
  const retryResult = {
    type: 'object',
    additionalProperties: false,
    required: ['incidentKey', 'retried'],
    properties: { incidentKey: str, retried: { type: 'boolean' }, reason: str },
  };
  paths['/api/v1/incidents'] = {
    get: {
      operationId: 'list-incidents',
      tags: ['operations'],
      summary: 'Open incidents, oldest first (operators)',
      parameters: [
        {
          name: 'procedure',
          in: 'query',
          required: false,
          schema: { type: 'string', maxLength: 100 },
        },
        {
          name: 'errorType',
          in: 'query',
          required: false,
          schema: { type: 'string', maxLength: 100 },
        },
        {
          name: 'minAgeMinutes',
          in: 'query',
          required: false,
          schema: { type: 'string', pattern: '^[0-9]{1,7}$' },
        },
      ],
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['incidents'],
            properties: { incidents: { type: 'array', items: incidentItem } },
          },
          'The open incidents',
        ),
        ...problems('400', '401', '403', '429', '503'),
      },
    },
  };
  paths['/api/v1/incidents/{incidentKey}'] = {
    get: {
      operationId: 'get-incident',
      tags: ['operations'],
      summary: 'One open incident with the case context an operator may see',
      parameters: [incidentKeyParam],
      responses: {
        '200': json(
          {
            ...incidentItem,
            required: [...incidentItem.required, 'case'],
            properties: { ...incidentItem.properties, case: nullable({ type: 'object' }) },
          },
          'The incident',
        ),
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
  };
  paths['/api/v1/incidents/{incidentKey}/retry'] = {
    post: {
      operationId: 'retry-incident',
      tags: ['operations'],
      summary:
        'Retry after fixing the cause: the job gets retries back and the incident is resolved',
      parameters: [incidentKeyParam],
      responses: {
        '200': json(retryResult, 'Retried'),
        ...problems('400', '401', '403', '404', '409', '429', '503'),
      },
    },
  };
  paths['/api/v1/incidents/retry'] = {
    post: {
      operationId: 'retry-incidents',
      tags: ['operations'],
      summary: 'Retry many incidents at once (e.g. after a partner outage); a result per incident',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['incidentKeys'],
              properties: {
                incidentKeys: {
                  type: 'array',
                  minItems: 1,
                  maxItems: 500,
                  items: { type: 'string', pattern: ENGINE_ID },
                },
              },
            },
          },
        },
      },
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['results'],
            properties: { results: { type: 'array', items: retryResult } },
          },
          'A result per incident',
        ),
        ...problems('400', '401', '403', '415', '429', '503'),
      },
    },
  };
  paths['/api/v1/operations/cases'] = {
    get: {
      operationId: 'search-cases',
      tags: ['operations'],
      summary: 'Case explorer: find cases by id, applicant account, state or procedure (operators)',
      parameters: [
        {
          name: 'caseId',
          in: 'query',
          required: false,
          schema: { type: 'string', format: 'uuid' },
        },
        {
          name: 'applicantId',
          in: 'query',
          required: false,
          schema: { type: 'string', maxLength: 100 },
        },
        {
          name: 'state',
          in: 'query',
          required: false,
          schema: { enum: ['ACTIVE', 'COMPLETED', 'TERMINATED', 'INCIDENT'] },
        },
        {
          name: 'procedure',
          in: 'query',
          required: false,
          schema: { type: 'string', maxLength: 100 },
        },
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'string', pattern: '^(?:[1-9][0-9]{0,2}|500)$' },
        },
      ],
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['cases'],
            properties: {
              cases: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: [
                    'caseId',
                    'procedure',
                    'state',
                    'startedAt',
                    'endedAt',
                    'openIncidents',
                  ],
                  properties: {
                    caseId: str,
                    procedure: nullable(str),
                    state: str,
                    startedAt: nullable(dateTime),
                    endedAt: nullable(dateTime),
                    openIncidents: { type: 'integer', minimum: 0 },
                  },
                },
              },
            },
          },
          'The cases found, newest first',
        ),
        ...problems('400', '401', '403', '429', '503'),
      },
    },
  };
  paths['/api/v1/operations/cases/{caseId}'] = {
    get: {
      operationId: 'explore-case',
      tags: ['operations'],
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
              instances: {
                type: 'array',
                items: {
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
                  ],
                  properties: {
                    processInstanceKey: str,
                    bpmnProcessId: str,
                    version: { type: 'integer' },
                    state: str,
                    xml: nullable(str),
                    active: { type: 'array', items: str },
                    completed: { type: 'array', items: str },
                    incidents: { type: 'array', items: { type: 'object' } },
                    variables: { type: 'object' },
                    hiddenVariables: { type: 'array', items: str },
                  },
                },
              },
            },
          },
          'The case',
        ),
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
  };
  const summarySchema = {
    type: 'object',
    required: ['count', 'medianDays', 'p90Days', 'meanDays'],
    properties: {
      count: { type: 'integer' },
      medianDays: nullable({ type: 'number' }),
      p90Days: nullable({ type: 'number' }),
      meanDays: nullable({ type: 'number' }),
    },
  };
  paths['/api/v1/operations/cases/{caseId}/variables'] = {
    put: {
      operationId: 'set-instance-variables',
      tags: ['operations'],
      summary:
        'Correct technical variables (periods, due dates, flags) of a running instance of the case: operators only; never personal data or a decision',
      parameters: [caseIdParam],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['processInstanceKey', 'variables'],
              properties: {
                processInstanceKey: { type: 'string', pattern: ENGINE_ID },
                variables: {
                  type: 'object',
                  minProperties: 1,
                  maxProperties: 20,
                  propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' },
                },
              },
            },
          },
        },
      },
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['caseId', 'processInstanceKey', 'variables'],
            properties: {
              caseId: { type: 'string', format: 'uuid' },
              processInstanceKey: { type: 'string', pattern: ENGINE_ID },
              variables: { type: 'array', items: str },
            },
          },
          'The variables were set',
        ),
        ...problems('400', '401', '403', '404', '409', '429', '503'),
      },
    },
  };
  paths['/api/v1/operations/cases/{caseId}/cancellation'] = {
    post: {
      operationId: 'cancel-case',
      tags: ['operations'],
      summary: 'Cancel a running case and every procedure it called (operators), with a reason',
      parameters: [caseIdParam],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['reason'],
              properties: { reason: { type: 'string', minLength: 3, maxLength: 500 } },
            },
          },
        },
      },
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['caseId', 'cancelled'],
            properties: {
              caseId: { type: 'string', format: 'uuid' },
              cancelled: { const: true },
            },
          },
          'The case was cancelled',
        ),
        ...problems('400', '401', '403', '404', '409', '429', '503'),
      },
    },
  };
  paths['/api/v1/kpis'] = {
    get: {
      operationId: 'kpis',
      tags: ['operations'],
      summary:
        'Impact monitoring: lead, working and waiting times, deadlines met, weekly trend (operators, process owners)',
      parameters: [
        { name: 'format', in: 'query', required: false, schema: { enum: ['json', 'csv'] } },
      ],
      responses: {
        '200': {
          description: 'The KPIs (definitions: monitoring/kpis.ts)',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['procedures', 'steps', 'awaited', 'authorities', 'weekly'],
                properties: {
                  procedures: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { procedure: str, leadTime: summarySchema },
                    },
                  },
                  steps: { type: 'array', items: { type: 'object' } },
                  awaited: { type: 'array', items: { type: 'object' } },
                  authorities: { type: 'array', items: { type: 'object' } },
                  weekly: { type: 'array', items: { type: 'object' } },
                },
              },
            },
            'text/csv': { schema: { type: 'string' } },
          },
        },
        ...problems('400', '401', '403', '429', '503'),
      },
    },
  };
  paths['/api/v1/deployments'] = {
    post: {
      operationId: 'deploy-models',
      tags: ['models'],
      summary: 'Check and deploy models (BPMN, DMN, forms): process owners',
      description:
        'Every resource is checked first: bpmnlint with the Camunda 8.5 rules, job types that a ' +
        'worker implements, forms and decisions that exist, called processes that exist and get ' +
        'every variable their start requires. Any problem refuses the whole deployment (422, ' +
        'each reason in `errors` and `problems`). `dryRun` only checks.',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['resources'],
              properties: {
                resources: {
                  type: 'array',
                  minItems: 1,
                  maxItems: 50,
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['name', 'content'],
                    properties: {
                      name: {
                        type: 'string',
                        pattern: '^[A-Za-z0-9._-]{1,100}\\.(bpmn|dmn|form)$',
                      },
                      content: { type: 'string', minLength: 1, maxLength: 1000000 },
                    },
                  },
                },
                dryRun: { type: 'boolean' },
              },
            },
          },
        },
      },
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['checked', 'deployed'],
            properties: { checked: { const: true }, deployed: { type: 'array', maxItems: 0 } },
          },
          'Dry run: every check passed, nothing deployed',
        ),
        '201': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['checked', 'deploymentKey', 'deployed'],
            properties: {
              checked: { const: true },
              deploymentKey: str,
              deployed: { type: 'array', items: deployedItem },
            },
          },
          'Deployed; unchanged resources keep their version',
        ),
        '422': {
          description: 'A check failed: nothing was deployed; every reason is listed',
          content: { 'application/problem+json': { schema: ref('Problem') } },
        },
        ...problems('400', '401', '403', '413', '415', '429', '503'),
      },
    },
  };
  paths['/api/v1/tasks/{taskKey}'] = {
    get: {
      operationId: 'get-task',
      tags: ['tasks'],
      summary: "One open task of the caller's authority, with its form and the case file",
      description:
        "The form (form-js) in the caller's language and the application's data as far as the " +
        'authority needs it. Status, history, notices and documents: the case endpoints.',
      parameters: [
        {
          name: 'taskKey',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: ENGINE_ID },
        },
        acceptLanguage,
      ],
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['task', 'variable', 'form', 'caseFile'],
            properties: {
              task: taskItem,
              variable: str,
              form: {
                type: 'object',
                required: ['id', 'components'],
                properties: { id: str, components: { type: 'array' } },
              },
              caseFile: { type: 'object' },
            },
          },
          'The task, its form and the case file',
        ),
        ...problems('401', '403', '404', '429', '503'),
      },
    },
  };
  paths['/api/v1/cases/{caseId}/tasks/{taskKey}/completion'] = {
    post: {
      operationId: 'complete-task',
      tags: ['tasks'],
      summary: "Complete a caseworker's user task with the result of its form",
      parameters: [
        caseIdParam,
        {
          name: 'taskKey',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: ENGINE_ID },
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            // Checked against the schema of the task named in the path only, so a refusal
            // names the errors against that schema and none of the other tasks' schemas.
            schema: {
              type: 'object',
              description:
                "The result of the task's form, checked against that task's own schema (one of `x-task-schemas`; its form: GET /api/v1/tasks/{taskKey})",
              'x-task-schemas': taskSchemas,
            },
          },
        },
      },
      responses: {
        '200': json(ref('TaskCompleted'), 'Completed'),
        ...problems('400', '401', '403', '404', '409', '413', '415', '429', '503'),
      },
    },
  };
  const taskKeyParam = {
    name: 'taskKey',
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: ENGINE_ID },
  };
  paths['/api/v1/cases/{caseId}/tasks/{taskKey}/assignment'] = {
    post: {
      operationId: 'assign-task',
      tags: ['tasks'],
      summary:
        'Claim a task (no assignee: yourself; 409 if someone has it) or assign it to a colleague',
      description:
        'Handing a task to someone else is for its current holder or a team lead (token claim `lead`) of its authority (403 otherwise), and only to a member of one of its candidate groups: a caseworker account of that authority that has signed in (400 naming `/assignee` otherwise). A lead may also take over a task someone has.',
      parameters: [caseIdParam, taskKeyParam],
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              properties: { assignee: { type: 'string', pattern: '^[A-Za-z0-9._@-]{1,100}$' } },
            },
          },
        },
      },
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['taskKey', 'assignee'],
            properties: { taskKey: str, assignee: str },
          },
          'Assigned',
        ),
        ...problems('400', '401', '403', '404', '409', '413', '415', '429', '503'),
      },
    },
    delete: {
      operationId: 'unassign-task',
      tags: ['tasks'],
      summary: 'Give a task back (its assignee or a team lead only)',
      parameters: [caseIdParam, taskKeyParam],
      responses: {
        '204': { description: 'Unassigned' },
        ...problems('401', '403', '404', '409', '429', '503'),
      },
    },
  };
  paths['/api/v1/cases/{caseId}/notices/{noticeId}'] = {
    get: {
      operationId: 'get-notice',
      tags: ['notices'],
      summary: 'A notice (Bescheid) of the case, in the requested language',
      parameters: [
        caseIdParam,
        {
          name: 'noticeId',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: NOTICE_ID },
        },
        acceptLanguage,
      ],
      responses: {
        '200': json(ref('Notice'), 'The notice'),
        ...problems('401', '404', '429', '503'),
      },
    },
  };
  Object.assign(paths, documentPaths(options.documentTypes, options.documentMaxBytes));
  const grant = {
    type: 'object',
    additionalProperties: false,
    required: ['grantId', 'role', 'grantee', 'grantedAt'],
    properties: {
      grantId: str,
      role: { enum: ['agent', 'employer'] },
      grantee: str,
      grantedAt: dateTime,
    },
  };
  schemas.Grant = grant;
  paths['/api/v1/cases/{caseId}/grants'] = {
    post: {
      operationId: 'grant-access',
      tags: ['grants'],
      summary:
        'The applicant lets an agent (account) or employer (organisation) see and act on the case',
      parameters: [caseIdParam],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['role', 'grantee'],
              properties: {
                role: { enum: ['agent', 'employer'] },
                grantee: {
                  type: 'string',
                  pattern: '^[A-Za-z0-9._@-]{1,100}$',
                  description: "The agent's account (sub) or the employer's organisation number",
                },
              },
            },
          },
        },
      },
      responses: {
        '201': json(ref('Grant'), 'Granted'),
        '200': json(ref('Grant'), 'Granted before'),
        ...problems('400', '401', '403', '404', '413', '415', '429', '503'),
      },
    },
    get: {
      operationId: 'list-grants',
      tags: ['grants'],
      summary: 'Who else may see the case',
      parameters: [caseIdParam],
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['grants'],
            properties: { grants: { type: 'array', items: ref('Grant') } },
          },
          'The grants',
        ),
        ...problems('401', '403', '404', '429', '503'),
      },
    },
  };
  paths['/api/v1/cases/{caseId}/grants/{grantId}'] = {
    delete: {
      operationId: 'revoke-grant',
      tags: ['grants'],
      summary: 'The applicant takes a grant back',
      parameters: [
        caseIdParam,
        { name: 'grantId', in: 'path', required: true, schema: { type: 'string', maxLength: 200 } },
      ],
      responses: {
        '204': { description: 'Revoked' },
        ...problems('401', '403', '404', '429', '503'),
      },
    },
  };
  const grantee = {
    type: 'string',
    pattern: '^[A-Za-z0-9._@-]{1,100}$',
    description: "The agent's account (sub) or the employer's organisation number",
  };
  schemas.StandingGrant = {
    type: 'object',
    additionalProperties: false,
    required: ['grantId', 'grantorKind', 'grantor', 'role', 'grantee', 'grantedAt'],
    properties: {
      grantId: str,
      grantorKind: { enum: ['organisation', 'person'] },
      grantor: { ...str, description: "The organisation number, or the person's account" },
      role: { enum: ['agent', 'employer'] },
      grantee: str,
      grantedAt: dateTime,
    },
  };
  paths['/api/v1/grants'] = {
    post: {
      operationId: 'grant-standing',
      tags: ['grants'],
      summary: 'An organisation or a person lets an agent (or an employer) act in their name',
      description:
        'An employer grants for its organisation, to agents only: the agent may then start cases naming that organisation (`employer.employerId`). An applicant grants for themselves, to an agent (account) or an employer (organisation): that party may then name their account (`applicant.applicantId`; agents need this) and its application fills their once-only profile.',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['role', 'grantee'],
              properties: { role: { enum: ['agent', 'employer'] }, grantee },
            },
          },
        },
      },
      responses: {
        '201': json(ref('StandingGrant'), 'Granted'),
        '200': json(ref('StandingGrant'), 'Granted before'),
        ...problems('400', '401', '403', '413', '415', '429', '503'),
      },
    },
    get: {
      operationId: 'list-standing-grants',
      tags: ['grants'],
      summary: 'Employers and applicants: the grants they gave; agents: the grants they hold',
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['grants'],
            properties: { grants: { type: 'array', items: ref('StandingGrant') } },
          },
          'The grants',
        ),
        ...problems('401', '403', '429', '503'),
      },
    },
  };
  paths['/api/v1/grants/{grantId}'] = {
    delete: {
      operationId: 'revoke-standing-grant',
      tags: ['grants'],
      summary: 'The organisation or person takes a grant back (cases already started stay)',
      parameters: [
        { name: 'grantId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      ],
      responses: {
        '204': { description: 'Revoked' },
        ...problems('401', '403', '404', '429', '503'),
      },
    },
  };
  paths['/api/v1/profile'] = {
    get: {
      operationId: 'get-profile',
      tags: ['cases'],
      summary: 'What the platform keeps of the caller (an applicant) from their first application',
      description:
        'Once-only: an applicant with a profile may leave out `applicant` (and `travelDocument`) when starting a case; they are filled in from here.',
      responses: {
        '200': json(
          {
            type: 'object',
            additionalProperties: false,
            required: ['person', 'travelDocument', 'fromCaseId', 'since'],
            properties: {
              person: {
                type: 'object',
                required: ['givenName', 'familyName', 'dateOfBirth', 'nationality'],
                properties: { givenName: str, familyName: str, dateOfBirth: str, nationality: str },
              },
              travelDocument: nullable({ type: 'object' }),
              fromCaseId: { type: 'string', format: 'uuid' },
              since: dateTime,
            },
          },
          'The profile',
        ),
        ...problems('401', '403', '404', '429', '503'),
      },
    },
  };
  paths['/health'] = {
    get: {
      operationId: 'health',
      tags: ['operations'],
      security: [],
      summary: 'Liveness',
      responses: {
        '200': json(
          { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } },
          'Alive',
        ),
      },
    },
  };
  paths['/metrics'] = {
    get: {
      operationId: 'metrics',
      tags: ['operations'],
      security: [],
      summary: 'Prometheus metrics (text exposition format)',
      responses: {
        '200': {
          description: 'Metrics',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
      },
    },
  };
  paths['/ready'] = {
    get: {
      operationId: 'ready',
      tags: ['operations'],
      security: [],
      summary: 'Readiness: the store and the engine answer',
      responses: {
        '200': json(
          { type: 'object', required: ['status'], properties: { status: { const: 'ready' } } },
          'Ready',
        ),
        '503': json(
          { type: 'object', required: ['status'], properties: { status: { const: 'not ready' } } },
          'Not ready',
        ),
      },
    },
  };

  answerMalformedPathParameters(paths);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'WSA Orchestrator platform API',
      version: '1.0.0',
      description:
        'Start and follow skilled-worker immigration cases (Work-and-Stay-Agentur): applications, messages to cases, status in German and English, notices, caseworker tasks. Every request and response is validated against this document.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'cases', description: 'Start a case, read its status' },
      { name: 'messages', description: 'Answers and decisions sent to a waiting case' },
      { name: 'tasks', description: "Caseworkers' user tasks" },
      { name: 'notices', description: 'Notices (Bescheide) issued to the applicant' },
      { name: 'documents', description: 'Documents given once, with their authenticity checks' },
      { name: 'grants', description: "Who else may see and act on an applicant's case" },
      { name: 'operations', description: 'Health and readiness' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'OIDC-compatible access token: sub, role (applicant, employer, agent, caseworker, partner, process-owner, operator), authority (caseworker, partner), org (employer), lead (true for a caseworker who leads a team). `exp` is required and a token lives at most 12 hours (exp − iat, or exp − now without iat); an iat more than 60 s in the future is refused (401).',
        },
      },
      schemas,
    },
  };
}
