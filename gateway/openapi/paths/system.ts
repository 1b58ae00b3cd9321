import {
  dateTime,
  closedObject,
  json,
  nullable,
  problems,
  str,
  uuid,
  type Paths,
} from '../helpers.js';

/** `{ "status": "<status>" }`: how health and readiness answer. */
const status = (value: string) => ({
  type: 'object',
  required: ['status'],
  properties: { status: { const: value } },
});

/** The caller's once-only profile, then what probes and Prometheus read (no token). */
export const systemPaths: Paths = {
  '/api/v1/profile': {
    get: {
      operationId: 'get-profile',
      tags: ['cases'],
      summary: 'What the platform keeps of the caller (an applicant) from their first application',
      description:
        'Once-only: an applicant with a profile may leave out `applicant` (and `travelDocument`) when starting a case; they are filled in from here.',
      responses: {
        '200': json(
          closedObject(['person', 'travelDocument', 'fromCaseId', 'since'], {
            person: {
              type: 'object',
              required: ['givenName', 'familyName', 'dateOfBirth', 'nationality'],
              properties: { givenName: str, familyName: str, dateOfBirth: str, nationality: str },
            },
            travelDocument: nullable({ type: 'object' }),
            fromCaseId: uuid,
            since: dateTime,
          }),
          'The profile',
        ),
        ...problems('401', '403', '404', '429', '503'),
      },
    },
  },
  '/health': {
    get: {
      operationId: 'health',
      tags: ['operations'],
      security: [],
      summary: 'Liveness',
      responses: { '200': json(status('ok'), 'Alive') },
    },
  },
  '/metrics': {
    get: {
      operationId: 'metrics',
      tags: ['operations'],
      security: [],
      summary: 'Prometheus metrics (text exposition format)',
      responses: {
        '200': { description: 'Metrics', content: { 'text/plain': { schema: str } } },
      },
    },
  },
  '/ready': {
    get: {
      operationId: 'ready',
      tags: ['operations'],
      security: [],
      summary: 'Readiness: the store and the engine answer',
      responses: {
        '200': json(status('ready'), 'Ready'),
        '503': json(status('not ready'), 'Not ready'),
      },
    },
  },
};
