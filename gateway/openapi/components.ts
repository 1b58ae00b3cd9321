import { ENGINE_ID } from './ids.js';
import { caseStatusSchemas } from './case-status.js';
import { matching, pathParam, str, uuid, type Schema } from './helpers.js';

/**
 * What many operations share: the problem body, the answers to a start, a message and a task,
 * the case's status, the parameters most paths take, and how callers authenticate.
 */
export const sharedSchemas: Record<string, Schema> = {
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
      caseId: uuid,
      procedure: str,
      processInstanceKey: matching(ENGINE_ID),
      status: str,
    },
  },
  MessageAccepted: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'messageName', 'replayed', 'status'],
    properties: { caseId: uuid, messageName: str, replayed: { type: 'boolean' }, status: str },
  },
  TaskCompleted: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'taskKey', 'elementId', 'status'],
    properties: { caseId: uuid, taskKey: matching(ENGINE_ID), elementId: str, status: str },
  },
  ...caseStatusSchemas,
};

export const caseIdParam = pathParam(
  'caseId',
  matching(ENGINE_ID),
  'The case id: a lowercase UUID (anything else is a 400 naming `path:caseId`)',
);

export const idempotencyKey = (required: boolean) => ({
  name: 'Idempotency-Key',
  in: 'header',
  required,
  description: 'Client key: the same key with the same body is answered from the first result',
  schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
});
export const testCase = {
  name: 'Test-Case',
  in: 'header',
  required: false,
  description:
    'true: a test case (a partner trying its integration, a demo). It runs like any other but is no history for the expected decision dates of real cases',
  schema: { enum: ['true', 'false'] },
};
export const acceptLanguage = {
  name: 'Accept-Language',
  in: 'header',
  required: false,
  description: 'de or en (default en); anything else means en',
  schema: { type: 'string' },
};

export const securitySchemes = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'OIDC-compatible access token: sub, role (applicant, employer, agent, caseworker, partner, process-owner, operator), authority (caseworker, partner), org (employer), lead (true for a caseworker who leads a team). `exp` is required and a token lives at most 12 hours (exp − iat, or exp − now without iat); an iat more than 60 s in the future is refused (401).',
  },
};
