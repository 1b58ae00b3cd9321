import { caseIdParam } from '../components.js';
import {
  closedObject,
  createdOnce,
  dateTime,
  json,
  jsonBody,
  listOf,
  pathParam,
  problems,
  ref,
  str,
  uuid,
  type Paths,
  type Schema,
} from '../helpers.js';

const tags = ['grants'];
const role: Schema = { enum: ['agent', 'employer'] };
const grantee: Schema = {
  type: 'string',
  pattern: '^[A-Za-z0-9._@-]{1,100}$',
  description: "The agent's account (sub) or the employer's organisation number",
};

export const grantSchemas: Record<string, Schema> = {
  Grant: closedObject(['grantId', 'role', 'grantee', 'grantedAt'], {
    grantId: str,
    role,
    grantee: str,
    grantedAt: dateTime,
  }),
  StandingGrant: closedObject(
    ['grantId', 'grantorKind', 'grantor', 'role', 'grantee', 'grantedAt'],
    {
      grantId: str,
      grantorKind: { enum: ['organisation', 'person'] },
      grantor: { ...str, description: "The organisation number, or the person's account" },
      role,
      grantee: str,
      grantedAt: dateTime,
    },
  ),
  // Whom to grant: a case grant and a standing grant are asked for alike.
  GrantRequest: closedObject(['role', 'grantee'], { role, grantee }),
};

/** A case's grants: the applicant lets others see and act on one case. */
const caseGrantPaths: Paths = {
  '/api/v1/cases/{caseId}/grants': {
    post: {
      operationId: 'grant-access',
      tags,
      summary:
        'The applicant lets an agent (account) or employer (organisation) see and act on the case',
      parameters: [caseIdParam],
      requestBody: jsonBody(ref('GrantRequest')),
      responses: {
        ...createdOnce(ref('Grant'), 'Granted', 'Granted before'),
        ...problems('400', '401', '403', '404', '413', '415', '429', '503'),
      },
    },
    get: {
      operationId: 'list-grants',
      tags,
      summary: 'Who else may see the case',
      parameters: [caseIdParam],
      responses: {
        '200': json(listOf('grants', ref('Grant')), 'The grants'),
        ...problems('401', '403', '404', '429', '503'),
      },
    },
  },
  '/api/v1/cases/{caseId}/grants/{grantId}': {
    delete: {
      operationId: 'revoke-grant',
      tags,
      summary: 'The applicant takes a grant back',
      parameters: [caseIdParam, pathParam('grantId', { type: 'string', maxLength: 200 })],
      responses: {
        '204': { description: 'Revoked' },
        ...problems('401', '403', '404', '429', '503'),
      },
    },
  },
};

/** Standing grants: an organisation or a person lets a party act in their name on any case. */
const standingGrantPaths: Paths = {
  '/api/v1/grants': {
    post: {
      operationId: 'grant-standing',
      tags,
      summary: 'An organisation or a person lets an agent (or an employer) act in their name',
      description:
        'An employer grants for its organisation, to agents only: the agent may then start cases naming that organisation (`employer.employerId`). An applicant grants for themselves, to an agent (account) or an employer (organisation): that party may then name their account (`applicant.applicantId`; agents need this) and its application fills their once-only profile.',
      requestBody: jsonBody(ref('GrantRequest')),
      responses: {
        ...createdOnce(ref('StandingGrant'), 'Granted', 'Granted before'),
        ...problems('400', '401', '403', '413', '415', '429', '503'),
      },
    },
    get: {
      operationId: 'list-standing-grants',
      tags,
      summary: 'Employers and applicants: the grants they gave; agents: the grants they hold',
      responses: {
        '200': json(listOf('grants', ref('StandingGrant')), 'The grants'),
        ...problems('401', '403', '429', '503'),
      },
    },
  },
  '/api/v1/grants/{grantId}': {
    delete: {
      operationId: 'revoke-standing-grant',
      tags,
      summary: 'The organisation or person takes a grant back (cases already started stay)',
      parameters: [pathParam('grantId', uuid)],
      responses: {
        '204': { description: 'Revoked' },
        ...problems('401', '403', '404', '429', '503'),
      },
    },
  },
};

export const grantPaths: Paths = { ...caseGrantPaths, ...standingGrantPaths };
