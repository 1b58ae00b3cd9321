import { caseIdParam } from '../components.js';
import {
  closedObject,
  dateTime,
  json,
  jsonBody,
  listOf,
  nullable,
  pathParam,
  uuid,
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

const holdId = pathParam('holdId', uuid);

const strings: Schema = { type: 'array', items: str };

export const personalDataSchemas: Record<string, Schema> = {
  PersonCopy: closedObject(
    ['subject', 'exportedAt', 'profile', 'cases', 'standingGrants', 'actions'],
    {
      subject: str,
      exportedAt: dateTime,
      profile: nullable(obj),
      cases: list(
        closedObject(['caseId', 'procedure', 'createdAt', 'linkedCaseId', 'copy'], {
          caseId: str,
          procedure: str,
          createdAt: dateTime,
          linkedCaseId: nullable(str),
          copy: { ...str, description: "The address of the case's own copy" },
        }),
      ),
      standingGrants: list(
        closedObject(['role', 'grantee', 'grantedAt'], {
          role: str,
          grantee: str,
          grantedAt: dateTime,
        }),
      ),
      actions: list(
        closedObject(['at', 'action', 'status'], {
          at: str,
          action: str,
          status: { type: 'integer' },
        }),
      ),
    },
  ),
  ProcessingActivity: closedObject(
    [
      'procedure',
      'title',
      'purpose',
      'legalBasis',
      'dataSubjects',
      'personalData',
      'recipients',
      'retention',
    ],
    {
      procedure: str,
      title: str,
      purpose: str,
      legalBasis: str,
      dataSubjects: strings,
      personalData: { ...strings, description: 'The fields given to the procedure' },
      recipients: closedObject(['authorities', 'partnerSystems'], {
        authorities: strings,
        partnerSystems: strings,
      }),
      retention: list(
        closedObject(['outcome', 'dataClass', 'period', 'legalBasis'], {
          outcome: str,
          dataClass: str,
          period: str,
          legalBasis: str,
        }),
      ),
    },
  ),
  LegalHold: closedObject(['holdId', 'caseId', 'reason', 'authority', 'placedAt', 'releasedAt'], {
    holdId: uuid,
    caseId: uuid,
    reason: str,
    authority: str,
    placedAt: dateTime,
    releasedAt: nullable(dateTime),
  }),
  LegalHoldRequest: closedObject(['reason'], {
    reason: {
      type: 'string',
      minLength: 1,
      maxLength: 500,
      description: 'e.g. the appeal or court file',
    },
  }),
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
      'corrections',
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
      corrections: list(
        closedObject(['caseId', 'state', 'stage', 'request', 'decision'], {
          caseId: str,
          state: str,
          stage: nullable(str),
          request: { description: 'What the person asked to correct, and why' },
          decision: { description: "The authority's decision (null while open)" },
        }),
      ),
      profile: nullable(obj),
    },
  ),
};

export const personalDataPaths: Paths = {
  '/api/v1/personal-data': {
    get: {
      operationId: 'get-person-copy',
      tags,
      summary:
        'Everything held about a person beyond their cases (Art. 15 GDPR): profile, cases (each with the address of its copy), standing grants given, actions through the API; for the person, or an agent they granted standing access',
      parameters: [
        queryParam(
          'person',
          { type: 'string', pattern: '^[A-Za-z0-9._@-]{1,100}$' },
          { description: "The person's account (an agent must name it)" },
        ),
      ],
      responses: {
        '200': json(ref('PersonCopy'), 'The copy'),
        ...problems('400', '401', '403', '429', '503'),
      },
    },
  },
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
  '/api/v1/cases/{caseId}/legal-holds': {
    get: {
      operationId: 'list-legal-holds',
      tags,
      summary:
        'The legal holds of a case (active and released): while one is active, nothing of the case is erased',
      parameters: [caseIdParam],
      responses: {
        '200': json(listOf('legalHolds', ref('LegalHold')), 'The holds'),
        ...problems('401', '403', '404', '429', '503'),
      },
    },
    post: {
      operationId: 'place-legal-hold',
      tags,
      summary:
        'A caseworker of an authority taking part stops the erasure of the case (a running appeal, a court order)',
      parameters: [caseIdParam],
      requestBody: jsonBody(ref('LegalHoldRequest')),
      responses: {
        '201': json(ref('LegalHold'), 'Placed'),
        ...problems('400', '401', '403', '404', '413', '415', '429', '503'),
      },
    },
  },
  '/api/v1/cases/{caseId}/legal-holds/{holdId}/release': {
    post: {
      operationId: 'release-legal-hold',
      tags,
      summary: 'The authority that placed a hold releases it (again: no change)',
      parameters: [caseIdParam, holdId],
      responses: {
        '200': json(ref('LegalHold'), 'Released'),
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
  },
  '/api/v1/operations/processing-activities': {
    get: {
      operationId: 'get-processing-activities',
      tags,
      summary:
        'The record of processing activities (Art. 30 GDPR), generated from the procedures: purposes, data, recipients, retention (operators, process owners)',
      responses: {
        '200': json(
          closedObject(['controller', 'activities'], {
            controller: str,
            activities: list(ref('ProcessingActivity')),
          }),
          'The record',
        ),
        ...problems('401', '403', '429', '503'),
      },
    },
  },
};
