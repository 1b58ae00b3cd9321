import { caseIdParam } from '../components.js';
import {
  closedObject,
  dateTime,
  nullable,
  problems,
  queryParam,
  ref,
  str,
  type Paths,
  type Schema,
} from '../helpers.js';

const tags = ['personal data'];
const obj: Schema = { type: 'object' };
const list = (items: Schema): Schema => ({ type: 'array', items });

export const personalDataSchemas: Record<string, Schema> = {
  PersonalDataCopy: closedObject(
    [
      'caseId',
      'procedure',
      'exportedAt',
      'exportedFor',
      'status',
      'documents',
      'notices',
      'transfers',
      'accesses',
      'retention',
      'profile',
    ],
    {
      caseId: str,
      procedure: str,
      exportedAt: dateTime,
      exportedFor: closedObject(['role', 'authority'], { role: str, authority: nullable(str) }),
      status: { ...obj, description: 'The case status as GET /api/v1/cases/{caseId} gives it' },
      documents: list(obj),
      notices: list(obj),
      transfers: list(
        closedObject(['recipient', 'endpoint', 'fields', 'at'], {
          recipient: { ...str, description: 'The authority (partner system) that received data' },
          endpoint: str,
          fields: { ...list(str), description: 'The field names sent (not their values)' },
          at: dateTime,
        }),
      ),
      accesses: list(
        closedObject(['at', 'role', 'authority', 'organisation', 'action', 'status'], {
          at: str,
          role: str,
          authority: nullable(str),
          organisation: nullable(str),
          action: str,
          status: { type: 'integer' },
        }),
      ),
      retention: closedObject(['plan', 'holds'], {
        plan: nullable(
          closedObject(['outcome', 'endedAt', 'due', 'basis', 'erased'], {
            outcome: { enum: ['granted', 'refused', 'withdrawn'] },
            endedAt: dateTime,
            due: { ...obj, description: 'When each data class is erased' },
            basis: { ...obj, description: 'The period and legal basis of each data class' },
            erased: { ...obj, description: 'When each data class was erased' },
          }),
        ),
        holds: list(closedObject(['reason', 'placedAt'], { reason: str, placedAt: dateTime })),
      }),
      profile: nullable(obj),
    },
  ),
};

export const personalDataPaths: Paths = {
  '/api/v1/cases/{caseId}/personal-data': {
    get: {
      operationId: 'get-personal-data-copy',
      tags,
      summary:
        'A copy of everything the platform holds about a case (Art. 15 GDPR): for the applicant, their agent with a grant, or a caseworker of an authority taking part (its part)',
      parameters: [
        caseIdParam,
        queryParam(
          'format',
          { enum: ['json', 'html'] },
          { description: 'html: the same copy as a page for people to read' },
        ),
      ],
      responses: {
        '200': {
          description: 'The copy',
          content: {
            'application/json': { schema: ref('PersonalDataCopy') },
            'text/html': { schema: str },
          },
        },
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
  },
};
