import { componentName, type ProcedureContracts } from '../contracts.js';
import { acceptLanguage, caseIdParam, idempotencyKey, testCase } from '../components.js';
import { NOTICE_ID } from '../ids.js';
import {
  closedObject,
  dateTime,
  json,
  jsonBody,
  listOf,
  nullable,
  pathParam,
  matching,
  problems,
  ref,
  str,
  uuid,
  type Paths,
} from '../helpers.js';

const tags = ['cases'];

/** A start endpoint per procedure: its body is that procedure's own start schema. */
export function caseStartPaths({ procedures }: ProcedureContracts): Paths {
  return Object.fromEntries(
    procedures.map((p) => [
      `/api/v1/procedures/${p.procedure}/cases`,
      {
        post: {
          operationId: `start-${p.procedure}`,
          tags,
          summary: `Start a case: ${p.title.en}`,
          description: `${p.title.de} / ${p.title.en}. May be started by: ${p.startRoles.join(', ')}. An applicant with a profile (GET /api/v1/profile) may leave out \`applicant\` and \`travelDocument\`: they are filled in from it before the application is checked. An agent needs a standing grant (POST /api/v1/grants) from the organisation it names (\`employer.employerId\`) and from the person whose account it names (\`applicant.applicantId\`), otherwise 403. The person's once-only profile is kept only from their own application or one of a party they granted.`,
          parameters: [idempotencyKey(true), testCase],
          requestBody: jsonBody(ref(componentName(p.startSchema))),
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
      },
    ]),
  );
}

/** A case as its parties list it (applicants, employers, agents). */
const myCase = closedObject(
  ['caseId', 'procedure', 'title', 'createdAt', 'linkedCaseId', 'subject', 'status'],
  {
    caseId: uuid,
    procedure: str,
    title: str,
    createdAt: dateTime,
    linkedCaseId: nullable({
      type: 'string',
      format: 'uuid',
      description: "The case this one belongs to: a family case's skilled worker's case",
    }),
    subject: ref('CaseSubject'),
    status: str,
  },
);

export const caseReadPaths: Paths = {
  '/api/v1/cases': {
    get: {
      operationId: 'list-my-cases',
      tags,
      summary: "The caller's cases (applicants, employers, agents), newest first",
      parameters: [acceptLanguage],
      responses: {
        '200': json(listOf('cases', myCase), 'The cases'),
        ...problems('401', '403', '429', '503'),
      },
    },
  },
  '/api/v1/cases/{caseId}': {
    get: {
      operationId: 'get-case-status',
      tags,
      summary: 'The status of a case: stage, what is awaited, deadlines, notices, history',
      parameters: [caseIdParam, acceptLanguage],
      responses: {
        '200': json(ref('CaseStatus'), 'The status, from the projection'),
        ...problems('401', '404', '429', '503'),
      },
    },
  },
};

export const noticePaths: Paths = {
  '/api/v1/cases/{caseId}/notices/{noticeId}': {
    get: {
      operationId: 'get-notice',
      tags: ['notices'],
      summary: 'A notice (Bescheid) of the case, in the requested language',
      parameters: [caseIdParam, pathParam('noticeId', matching(NOTICE_ID)), acceptLanguage],
      responses: {
        '200': json(ref('Notice'), 'The notice'),
        ...problems('401', '404', '429', '503'),
      },
    },
  },
};
